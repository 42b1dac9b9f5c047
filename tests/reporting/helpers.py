"""Small helpers shared by the reporting tests."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from tests.web.factories import task

from cchc.reporting import selectors, services
from cchc.tracking import services as tracking


def update(plan, ref, user, **kwargs):
    """Post a task update as ``user`` (progress by default)."""
    found = task(plan, ref)
    kwargs.setdefault("action", "progress")
    return tracking.post_update(found, user, expected_version=found.version, **kwargs)


def evidence(name="bien-ban.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 test")


def cycle(plan, kind="q1"):
    services.ensure_regime(plan)
    return selectors.cycles(plan).get(kind=kind)


def write_report(cycle, agency, user, value=None):
    """Save a complete draft of ``agency``'s report (and a value for the plan's first target)."""
    report = selectors.report_for(cycle, agency)
    target = cycle.plan.targets.first()
    return services.save_report(
        report,
        user,
        results={"institutions": f"{agency.name}: rà soát xong 12 văn bản."},
        shortcomings="Một số văn bản chậm.",
        causes="Thiếu nhân lực.",
        proposals="Bổ sung biên chế.",
        values={target.pk: (Decimal(value), "")} if value is not None else None,
    )
