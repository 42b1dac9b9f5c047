"""The public portal: no sign-in, Vietnamese, phone-sized. Issued plans' progress by
area and agency, their tasks and targets, the reform index once a round is closed,
survey results, inspection conclusions and the open-data files.

Everything shown comes from ``cchc.portal.opendata`` (what is public, and from which
selector each figure comes); a draft plan is not found here.
"""

from __future__ import annotations

import json

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cchc.portal import opendata
from cchc.scoring import selectors as scoring
from cchc.tracking import selectors as tracking
from cchc.web.spreadsheets import csv_bytes


@require_GET
def home(request):
    return render(
        request,
        "public/home.html",
        {"rows": opendata.plan_overview(), "provinces": opendata.provinces()},
    )


@require_GET
def plan(request, plan_pk: int):
    found = get_object_or_404(opendata.published_plans(), pk=plan_pk)
    return render(
        request,
        "public/plan.html",
        {"plan": found, "labels": tracking.Status.LABELS, **opendata.plan_page(found)},
    )


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@require_GET
def surveys(request):
    provinces = list(opendata.provinces())
    wanted = _int(request.GET.get("province"), 0)
    province = next((p for p in provinces if p.pk == wanted), provinces[0] if provinces else None)
    years = opendata.survey_years(province) if province else []
    year = _int(request.GET.get("year"), 0)
    if year not in years:
        year = years[0] if years else timezone.localdate().year
    blocks = opendata.survey_results(province, year) if province else []
    return render(
        request,
        "public/surveys.html",
        {
            "provinces": provinces,
            "province": province,
            "years": years,
            "year": year,
            "blocks": blocks,
            "least": opendata.min_responses(),
        },
    )


@require_GET
def index(request):
    """The reform index of a closed round (the newest unless ``?round=`` names another)."""
    rounds = list(opendata.published_rounds())
    wanted = _int(request.GET.get("round"), 0)
    chosen = next((r for r in rounds if r.pk == wanted), rounds[0] if rounds else None)
    found = scoring.with_shown(scoring.results(chosen)) if chosen else None
    return render(
        request, "public/index.html", {"rounds": rounds, "round": chosen, "results": found}
    )


@require_GET
def inspections(request):
    return render(request, "public/inspections.html", {"visits": opendata.inspection_conclusions()})


@require_GET
def data(request):
    """The list of open-data files and their documented schema."""
    return render(request, "public/data.html", {"schema": opendata.schema()})


@require_GET
def schema(request):
    return JsonResponse(opendata.schema(), json_dumps_params={"ensure_ascii": False, "indent": 1})


@require_GET
def dataset(request, name: str, fmt: str):
    found = opendata.DATASETS.get(name)
    if found is None or fmt not in ("csv", "json"):
        raise Http404
    rows = opendata.dataset_rows(found)
    columns = [c.name for c in found.columns]
    if fmt == "json":
        body = {"dataset": name, "columns": columns, "rows": rows}
        response = HttpResponse(
            json.dumps(body, ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
        )
    else:
        table = [columns] + [
            [
                "; ".join(v) if isinstance(v, list) else ("" if v is None else v)
                for v in (row[c] for c in columns)
            ]
            for row in rows
        ]
        response = HttpResponse(csv_bytes(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: readable by any site's script
    return response
