"""Directory pages: the tree, export, import (reform office), delete (refused while referenced)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts import selectors as accounts
from cchc.accounts.models import Role
from cchc.agencies import selectors, services
from cchc.agencies.models import Agency
from cchc.web.permissions import require

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
def directory(request):
    return render(
        request,
        "agencies/list.html",
        {
            # (province, its units, whether the user may change them)
            "trees": [
                (p, selectors.tree(p), request.user.has_perm("agencies.change_agency", p))
                for p in selectors.provinces()
            ],
            "can_change": request.user.has_perm("agencies.change_agency"),
        },
    )


@login_required
def export(request, fmt: str):
    if fmt not in CONTENT_TYPES:
        raise Http404
    # A province's users get their own province: the file they may edit and import back.
    own = None if accounts.role(request.user) == Role.ADMIN else accounts.province(request.user)
    response = HttpResponse(services.export_directory(fmt, own), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="danh-muc-co-quan.{fmt}"'
    return response


@login_required
@require_POST
def import_file(request):
    require(request.user, "agencies.change_agency")
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a directory file (.csv or .xlsx)."))
        return redirect("agencies:list")
    report = services.import_directory(upload.read(), upload.name, request.user)
    if report.ok:
        messages.success(
            request,
            _("Directory imported: %(c)d new units, %(u)d updated.")
            % {"c": report.created, "u": report.updated},
        )
    else:
        messages.error(
            request, _("No file imported because of errors; the directory is unchanged.")
        )
        for row, message in report.errors[:50]:
            messages.error(
                request, _("Row %(row)d: %(message)s") % {"row": row, "message": message}
            )
    return redirect("agencies:list")


@login_required
@require_POST
def delete(request, agency_pk: int):
    agency = get_object_or_404(Agency, pk=agency_pk)
    try:
        services.delete_agency(agency, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Deleted “%(name)s”.") % {"name": agency.name})
    return redirect("agencies:list")
