"""The survey sample: n = N / (1 + N·e²) per stratum (unit × procedure), drawn reproducibly.

Source of the formula: the 2012 SIPAS method (QĐ 1383/QĐ-BNV), e = 5 % there; ``margin``
is a parameter here. n is rounded up (a sample may not be smaller than the formula asks).
The population is the one-stop dossiers whose result was returned in the period: the
people who received a service. Each stratum gets its own random generator seeded by
(seed, unit, procedure), so a stratum's draw does not change when another stratum does.
"""

from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _

from cchc.onestop.models import Dossier, Procedure
from cchc.web.spreadsheets import csv_bytes


def sample_size(population: int, margin) -> int:
    """n = N / (1 + N·e²), rounded up; exact arithmetic (``margin`` as a str or Decimal)."""
    if population <= 0:
        return 0
    e = Fraction(str(margin))
    if not 0 < e < 1:
        raise ValueError(_("The margin of error must be between 0 and 1."))
    return math.ceil(Fraction(population) / (1 + population * e * e))


@dataclass
class Stratum:
    agency_id: int
    agency_name: str
    procedure_id: int | None
    procedure_name: str
    population: int
    size: int
    drawn: list[Dossier]


def draw(
    agencies,
    start: datetime.date,
    end: datetime.date,
    margin="0.05",
    seed: int = 0,
) -> list[Stratum]:
    """The stratified sample of the dossiers of ``agencies`` returned between start and end."""
    names = {a.pk: str(a) for a in agencies}
    dossiers = (
        Dossier.objects.filter(agency_id__in=names, finished__range=(start, end))
        .only("id", "agency_id", "procedure_id", "code", "received", "finished")
        .order_by("agency_id", "procedure_id", "code")
    )
    groups: dict[tuple[int, int | None], list[Dossier]] = {}
    for dossier in dossiers:
        groups.setdefault((dossier.agency_id, dossier.procedure_id), []).append(dossier)
    procedures = dict(
        Procedure.objects.filter(pk__in={p for _a, p in groups if p}).values_list("pk", "name")
    )
    strata = []
    for (agency_id, procedure_id), members in sorted(
        groups.items(), key=lambda g: (g[0][0], g[0][1] or 0)
    ):
        size = sample_size(len(members), margin)
        rng = random.Random(f"{seed}|{agency_id}|{procedure_id}")
        drawn = sorted(rng.sample(members, size), key=lambda d: d.code)
        strata.append(
            Stratum(
                agency_id,
                names[agency_id],
                procedure_id,
                procedures.get(procedure_id, "") or "",
                len(members),
                size,
                drawn,
            )
        )
    return strata


def headers() -> list[str]:
    return [
        _("Unit"),
        _("Procedure"),
        _("Dossier code"),
        _("Date received"),
        _("Date result returned"),
    ]


def rows(strata: list[Stratum]) -> list[list]:
    return [
        [s.agency_name, s.procedure_name, d.code, d.received, d.finished]
        for s in strata
        for d in s.drawn
    ]


def export(strata: list[Stratum], fmt: str) -> bytes:
    """The drawn list for field work, as .xlsx or .csv (formula-safe)."""
    from openpyxl import Workbook

    from cchc.web.spreadsheets import workbook_bytes

    table = [headers(), *rows(strata)]
    if fmt == "csv":
        return csv_bytes(table)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Sample")[:31]
    for row in table:
        sheet.append(row)
    return workbook_bytes(workbook)
