"""Survey pages: the public answer form (no sign-in), paper entry, the sample, the results.

Thin: forms and permission checks here, the work in ``services``, ``sampling`` and ``selectors``.
"""

from __future__ import annotations

import datetime
import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from cchc.accounts import selectors as accounts
from cchc.agencies.models import Agency
from cchc.agencies.selectors import in_province
from cchc.surveys import sampling, selectors, services
from cchc.surveys.forms import AnswerForm, PaperForm
from cchc.surveys.models import Invitation, Kiosk, Questionnaire
from cchc.web.client import client_address
from cchc.web.permissions import require
from cchc.web.spreadsheets import csv_bytes, workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def respond(request, token: str):
    """The public form of a one-time link: no sign-in, one answer, a clear refusal after."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("questionnaire", "agency", "dossier"), token=token
    )
    context = {"invitation": invitation, "questionnaire": invitation.questionnaire}
    if invitation.used_at is not None:
        context["refusal"] = services.already_answered()
        return render(
            request,
            "surveys/respond.html",
            context,
            status=409 if request.method == "POST" else 200,
        )
    form = AnswerForm(
        request.POST or None,
        questionnaire=invitation.questionnaire,
        rate_dossier=invitation.questionnaire.rates_dossier and invitation.dossier_id is not None,
    )
    if request.method == "POST":
        if services.over_rate_limit(client_address(request)):
            context["refusal"] = _(
                "Too many answers from this network; please try again in a minute."
            )
            return render(request, "surveys/respond.html", context, status=429)
        if form.is_valid():
            try:
                services.answer(token, **form.answers())
            except ValidationError as exc:
                context["refusal"] = " ".join(exc.messages)
                return render(request, "surveys/respond.html", context, status=409)
            context["thanks"] = True
            return render(request, "surveys/respond.html", context)
    context["form"] = form
    return render(request, "surveys/respond.html", context)


def _units(user):
    province = accounts.province(user)
    units = in_province(province) if province else Agency.objects.all()
    return units.order_by("name")


@login_required
def paper(request, questionnaire_pk: int):
    questionnaire = get_object_or_404(Questionnaire, pk=questionnaire_pk, active=True)
    require(request.user, "surveys.enter_responses")
    form = PaperForm(
        request.POST or None,
        questionnaire=questionnaire,
        rate_dossier=questionnaire.rates_dossier,
        units=_units(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.enter_paper(
                request.user,
                questionnaire,
                data["agency"],
                data["submitted_on"],
                dossier_code=data["dossier_code"],
                **form.answers(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The paper form is saved."))
            return redirect("surveys:paper", questionnaire_pk=questionnaire.pk)
    return render(request, "surveys/paper.html", {"form": form, "questionnaire": questionnaire})


class PeriodForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"))
    end = forms.DateField(label=gettext_lazy("To"))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise ValidationError(_("The start of the period is after its end."))
        return data


def _period(request) -> tuple[PeriodForm, datetime.date, datetime.date]:
    today = timezone.localdate()
    initial = {"start": today.replace(month=1, day=1), "end": today}
    form = PeriodForm(request.GET if "start" in request.GET else None, initial=initial)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, initial["start"], initial["end"]


def _download(data: bytes, name: str, fmt: str) -> HttpResponse:
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else XLSX
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_GET
@login_required
def results(request):
    require(request.user, "surveys.view_results")
    questionnaires = Questionnaire.objects.filter(active=True)
    wanted = request.GET.get("questionnaire", "")
    chosen = {str(q.pk): q for q in questionnaires}.get(wanted) or questionnaires.first()
    form, start, end = _period(request)
    province = accounts.province(request.user)
    unit_ids = list(in_province(province).values_list("pk", flat=True)) if province else None
    context = {"form": form, "questionnaires": questionnaires, "questionnaire": chosen}
    if chosen is not None:
        found = selectors.responses(chosen, start, end, unit_ids)
        fmt = request.GET.get("format")
        if fmt in ("csv", "xlsx"):
            table = selectors.anonymised_table(chosen, found)
            return _download(_table_file(table, fmt), f"khao-sat-{chosen.code}", fmt)
        context["result"] = selectors.results(chosen, found)
    return render(request, "surveys/results.html", context)


class SampleForm(PeriodForm):
    margin = forms.DecimalField(
        label=gettext_lazy("Margin of error e"), min_value=0.001, max_value=0.5, initial="0.05"
    )
    seed = forms.IntegerField(label=gettext_lazy("Random seed"), min_value=0, initial=1)


class LinksForm(SampleForm):
    questionnaire = forms.ModelChoiceField(
        queryset=Questionnaire.objects.filter(active=True), label=gettext_lazy("Questionnaire")
    )
    format = forms.ChoiceField(choices=[("xlsx", ".xlsx"), ("csv", ".csv")])


@login_required
def links(request):
    """Issue one-time links for the drawn sample (POST) and hand out the list with its links."""
    require(request.user, "surveys.enter_responses")
    form = LinksForm(request.POST if request.method == "POST" else None)
    if not form.is_bound or not form.is_valid():
        messages.error(request, _("Draw the sample first, then choose a questionnaire."))
        return redirect("surveys:sample")
    data = form.cleaned_data
    strata = sampling.draw(
        _units(request.user), data["start"], data["end"], data["margin"], data["seed"]
    )
    drawn = [d for s in strata for d in s.drawn]
    issued = services.invite_dossiers(request.user, data["questionnaire"], drawn)
    url = request.build_absolute_uri("/")[:-1]

    def link(dossier):
        return url + reverse("surveys:respond", kwargs={"token": issued[dossier.pk].token})

    table = [
        [*sampling.headers(), _("Survey link")],
        *[
            [s.agency_name, s.procedure_name, d.code, d.received, d.finished, link(d)]
            for s in strata
            for d in s.drawn
        ],
    ]
    return _download(_table_file(table, data["format"]), "lien-ket-khao-sat", data["format"])


def _table_file(table: list[list], fmt: str) -> bytes:
    if fmt == "csv":
        return csv_bytes(table)
    from openpyxl import Workbook

    workbook = Workbook()
    for row in table:
        workbook.active.append(row)
    return workbook_bytes(workbook)


@require_GET
@login_required
def sample(request):
    require(request.user, "surveys.view_results")
    today = timezone.localdate()
    initial = {"start": today.replace(month=1, day=1), "end": today, "margin": "0.05", "seed": 1}
    form = SampleForm(request.GET if "start" in request.GET else None, initial=initial)
    strata = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        strata = sampling.draw(
            _units(request.user), data["start"], data["end"], data["margin"], data["seed"]
        )
        fmt = request.GET.get("format")
        if fmt in ("csv", "xlsx"):
            return _download(sampling.export(strata, fmt), "mau-khao-sat", fmt)
    questionnaires = Questionnaire.objects.filter(active=True)
    context = {"form": form, "strata": strata, "questionnaires": questionnaires}
    return render(request, "surveys/sample.html", context)


# --- the receipt's QR code -------------------------------------------------------------------


def qr_data_uri(url: str) -> str:
    """The QR code of ``url`` as an SVG ``data:`` URI (an <img> the policy allows; no file)."""
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=6, border=2)


class ReceiptForm(forms.Form):
    questionnaire = forms.ModelChoiceField(
        queryset=Questionnaire.objects.filter(active=True), label=gettext_lazy("Questionnaire")
    )
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label=gettext_lazy("Unit"))
    dossier_code = forms.CharField(label=gettext_lazy("Dossier code"), max_length=64)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = units
        rating = Questionnaire.objects.filter(active=True, rates_dossier=True).first()
        if rating is not None:
            self.fields["questionnaire"].initial = rating.pk


@login_required
def receipt(request):
    """Issue (or find) the survey link of one dossier, then show its printable slip."""
    require(request.user, "surveys.enter_responses")
    form = ReceiptForm(request.POST or None, units=_units(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            link = services.dossier_link(
                request.user, data["questionnaire"], data["agency"], data["dossier_code"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("surveys:slip", token=link.token)
    return render(request, "surveys/receipt.html", {"form": form})


@require_GET
@login_required
def slip(request, token: str):
    """The printable slip of a link: the QR code and the address, to staple to the receipt."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("questionnaire", "agency", "dossier"), token=token
    )
    require(request.user, "surveys.enter_responses", invitation.agency)
    url = request.build_absolute_uri(reverse("surveys:respond", kwargs={"token": token}))
    return render(
        request,
        "surveys/slip.html",
        {"invitation": invitation, "url": url, "qr": qr_data_uri(url)},
    )


# --- the kiosk at the counter ----------------------------------------------------------------


class KioskForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name of the tablet"), max_length=120)
    questionnaire = forms.ModelChoiceField(
        queryset=Questionnaire.objects.filter(active=True), label=gettext_lazy("Questionnaire")
    )
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label=gettext_lazy("Unit"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = units


@login_required
def kiosks(request):
    """The kiosk addresses of the own province; a new one for a tablet (POST)."""
    require(request.user, "surveys.enter_responses")
    units = _units(request.user)
    form = KioskForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.open_kiosk(request.user, data["questionnaire"], data["agency"], data["name"])
        messages.success(request, _("The kiosk address is ready: open it on the tablet."))
        return redirect("surveys:kiosks")
    rows = [
        {
            "kiosk": kiosk,
            "url": request.build_absolute_uri(
                reverse("surveys:kiosk", kwargs={"token": kiosk.token})
            ),
        }
        for kiosk in Kiosk.objects.filter(agency__in=units).select_related(
            "agency", "questionnaire"
        )
    ]
    return render(request, "surveys/kiosks.html", {"form": form, "rows": rows})


@require_POST
@login_required
def kiosk_close(request, kiosk_pk: int):
    kiosk = get_object_or_404(Kiosk.objects.select_related("agency"), pk=kiosk_pk)
    services.close_kiosk(request.user, kiosk)
    messages.success(request, _("The kiosk is stopped."))
    return redirect("surveys:kiosks")


class KioskAnswerForm(AnswerForm):
    """The kiosk's form: the dossier code from the receipt first (needed when the
    questionnaire rates the dossier), then the questions."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label = _("Dossier code (on your receipt)")
        self.fields = {
            "dossier_code": forms.CharField(
                label=label,
                required=self.questionnaire.rates_dossier,
                max_length=64,
                widget=forms.TextInput(attrs={"aria-label": label, "autocomplete": "off"}),
            ),
            **self.fields,
        }


def _kiosk(token: str) -> Kiosk:
    return get_object_or_404(
        Kiosk.objects.select_related("questionnaire", "agency"), token=token, active=True
    )


def _kiosk_form(kiosk: Kiosk, data=None) -> KioskAnswerForm:
    questionnaire = kiosk.questionnaire
    return KioskAnswerForm(
        data, questionnaire=questionnaire, rate_dossier=questionnaire.rates_dossier
    )


@require_GET
def kiosk(request, token: str):
    """The tablet's page: large buttons, resets itself; its script keeps unsent answers in
    the browser and sends them when the network is back (static/surveys/kiosk.js)."""
    found = _kiosk(token)
    return render(
        request,
        "surveys/kiosk.html",
        {
            "kiosk": found,
            "questionnaire": found.questionnaire,
            "form": _kiosk_form(found),
            "reset_seconds": settings.CCHC_KIOSK_RESET_SECONDS,
            "idle_seconds": settings.CCHC_KIOSK_IDLE_SECONDS,
        },
    )


@require_POST
def kiosk_send(request, token: str):
    """One answer from a kiosk, as JSON: 201 stored, 200 stored before (the same
    ``submission`` sent again), 409 the dossier already answered, 400 not valid,
    429 too many (the kiosk keeps it and retries), 404 a stopped kiosk."""
    found = _kiosk(token)
    if services.over_rate_limit(f"kiosk:{found.pk}"):
        message = _("Too many answers from this kiosk; it will send again in a minute.")
        return JsonResponse({"status": "later", "message": message}, status=429)
    try:
        submission = uuid.UUID(request.POST.get("submission", ""))
    except ValueError:
        message = _("The kiosk sent an answer without its id; reload the kiosk page.")
        return JsonResponse({"status": "invalid", "message": message}, status=400)
    form = _kiosk_form(found, request.POST)
    if not form.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        message = _("Some answers are missing or not valid.")
        return JsonResponse({"status": "invalid", "message": message, "errors": errors}, status=400)
    try:
        _response, stored = services.kiosk_answer(
            found, submission, dossier_code=form.cleaned_data["dossier_code"], **form.answers()
        )
    except ValidationError as exc:
        return JsonResponse({"status": "refused", "message": " ".join(exc.messages)}, status=409)
    message = _("Thank you. Your answer has been recorded.")
    if stored:
        return JsonResponse({"status": "stored", "message": message}, status=201)
    return JsonResponse({"status": "already_stored", "message": message})
