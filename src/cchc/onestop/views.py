"""One-stop pages: upload → preview (mapping, first rows, errors) → confirm; statistics + .xlsx.

Thin: forms and permission checks here, the work in ``services`` and ``selectors``.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cchc.accounts import selectors as accounts
from cchc.agencies.models import Agency
from cchc.agencies.selectors import in_province, provinces
from cchc.onestop import exports, parsing, selectors, services
from cchc.onestop.forms import MappingForm, PeriodForm, UploadForm
from cchc.onestop.models import Channel, ImportBatch
from cchc.web.permissions import require


def _own_province(user):
    """The user's province; None for an administrator (who may choose any)."""
    return accounts.province(user)


@login_required
def upload(request):
    require(request.user, "onestop.import_dossiers")
    own = _own_province(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, province=own)
    if request.method == "POST" and form.is_valid():
        try:
            batch, _found = services.preview(
                form.cleaned_data["province"], form.cleaned_data["file"], request.user
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("onestop:batch", batch_pk=batch.pk)
    batches = selectors.recent_batches(own.pk if own else None)
    return render(request, "onestop/upload.html", {"form": form, "batches": batches})


@login_required
def batch(request, batch_pk: int):
    """A batch: while awaiting confirmation, its preview and mapping; afterwards, its result."""
    require(request.user, "onestop.import_dossiers")
    own = _own_province(request.user)
    found_batch = get_object_or_404(
        ImportBatch.objects.select_related("province"),
        pk=batch_pk,
        **({"province": own} if own else {}),
    )
    if request.method == "POST" and request.POST.get("action") == "confirm":
        try:  # a batch already confirmed (another tab, a double click) is refused at once
            services.confirm(found_batch, request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The import is queued; this page shows its progress."))
        return redirect("onestop:batch", batch_pk=found_batch.pk)
    if found_batch.status != ImportBatch.Status.PREVIEW:
        busy = found_batch.status in (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING)
        return render(request, "onestop/batch.html", {"batch": found_batch, "busy": busy})
    try:
        header = services.read_header(found_batch)
        form = MappingForm(request.POST or None, header=header, mapping=found_batch.mapping)
        mapping = form.mapping() if request.method == "POST" and form.is_valid() else None
        found = services.remap(found_batch, mapping or found_batch.mapping, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        if request.method == "POST":
            return redirect("onestop:batch", batch_pk=found_batch.pk)
        return redirect("onestop:upload")
    form = MappingForm(header=header, mapping=found.mapping)
    return render(
        request,
        "onestop/preview.html",
        {"batch": found_batch, "found": found, "form": form, **_sample(found)},
    )


def _day(iso: str | None) -> datetime.date | str:
    return datetime.date.fromisoformat(iso) if iso else ""


def _sample(found: services.Checked) -> dict:
    """The first good rows, as the user will recognise them."""
    labels = parsing.field_labels()
    names = dict(
        Agency.objects.filter(pk__in={row[0] for row in found.sample}).values_list("pk", "name")
    )
    shown = []
    for agency_id, code, _proc, channel, level, received, due, finished, post in found.sample:
        shown.append(
            [
                code,
                names.get(agency_id),
                Channel(channel).label,
                level or "",
                _day(received),
                _day(due),
                _day(finished),
                _("yes") if post else "",
            ]
        )
    columns = ["code", "agency", "channel", "online_level", "received", "due", "finished"]
    return {
        "sample_columns": [labels[c] for c in columns] + [labels["returned_by_post"]],
        "sample": shown,
    }


# The period in the export's file name, in Vietnamese without diacritics (tháng, quý, năm).
FILE_KIND = {"month": "thang", "quarter": "quy", "year": "nam"}


@login_required
def statistics(request):
    require(request.user, "onestop.view_statistics")
    province = _own_province(request.user)
    if province is None:  # administrator: any province, chosen in the query string
        wanted = request.GET.get("province", "")
        province = provinces().filter(pk=int(wanted)).first() if wanted.isdigit() else None
        province = province or provinces().first()
    today = datetime.date.today()
    form = PeriodForm(request.GET or {"kind": "quarter", "year": today.year})
    kind, year = "quarter", today.year
    if form.is_valid():
        kind, year = form.cleaned_data["kind"], form.cleaned_data["year"]
    agencies = dict(in_province(province).values_list("pk", "name")) if province else {}
    rows = selectors.rates_table(
        kind, datetime.date(year, 1, 1), datetime.date(year, 12, 31), list(agencies)
    )
    title = _("Administrative procedure dossier statistics for %(y)d — %(p)s") % {
        "y": year,
        "p": province,
    }
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            exports.statistics_workbook(title, rows, agencies),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="thong-ke-ho-so-{year}-theo-{FILE_KIND[kind]}.xlsx"'
        )
        return response
    return render(
        request,
        "onestop/statistics.html",
        {
            "form": form,
            "title": title,
            "province": province,
            "provinces": provinces() if _own_province(request.user) is None else None,
            "rows": [dict(row, agency_name=agencies.get(row["agency_id"])) for row in rows],
        },
    )
