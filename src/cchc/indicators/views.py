"""The indicator page (status, rule, chart, values) and its three forms. Thin: see services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.indicators import attainment, selectors, services
from cchc.indicators.forms import ConfigForm, ValueForm
from cchc.indicators.models import Indicator
from cchc.web.permissions import require


def _indicator(request, id: int, perm: str) -> Indicator:
    indicator = get_object_or_404(Indicator.objects.select_related("target__plan__province"), pk=id)
    require(request.user, perm, indicator)
    return indicator


def _page(request, indicator: Indicator, value_form=None, config_form=None, status=200):
    day = timezone.localdate()
    user = request.user
    if value_form is None and user.has_perm("indicators.enter_value", indicator):
        value_form = ValueForm(indicator=indicator, user=user, day=day)
    if config_form is None and user.has_perm("indicators.change_indicator", indicator):
        config_form = ConfigForm(indicator=indicator)
    context = {
        "indicator": indicator,
        "plan": indicator.plan,
        "value_form": value_form,
        "config_form": config_form,
        "labels": attainment.LABELS,
        **selectors.detail(indicator, day),
    }
    return render(request, "indicators/detail.html", context, status=status)


@login_required
def detail(request, id: int):
    return _page(request, _indicator(request, id, "indicators.view_indicator"))


@login_required
@require_POST
def enter_value(request, id: int):
    indicator = _indicator(request, id, "indicators.enter_value")
    form = ValueForm(request.POST, indicator=indicator, user=request.user, day=timezone.localdate())
    if not form.is_valid():
        return _page(request, indicator, value_form=form, status=400)
    try:
        services.enter_value(indicator, request.user, **form.cleaned())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Value recorded."))
    return redirect("indicators:detail", id=indicator.pk)


@login_required
@require_POST
def configure(request, id: int):
    indicator = _indicator(request, id, "indicators.change_indicator")
    form = ConfigForm(request.POST, indicator=indicator)
    if not form.is_valid():
        return _page(request, indicator, config_form=form, status=400)
    data = form.cleaned_data
    try:
        services.configure(
            indicator,
            request.user,
            scope=data["scope"],
            agencies=list(data["agencies"]),
            period_kind=data["period_kind"],
            metric=data["metric"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Indicator settings saved."))
    return redirect("indicators:detail", id=indicator.pk)


@login_required
@require_POST
def refresh(request, id: int):
    indicator = _indicator(request, id, "indicators.change_indicator")
    count = services.refresh_computed(indicator, timezone.localdate())
    messages.success(request, _("Recalculated %(count)d values.") % {"count": count})
    return redirect("indicators:detail", id=indicator.pk)
