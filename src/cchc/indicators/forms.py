"""The indicator page's two forms: a value for an agency and period; the configuration."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from cchc.accounts import selectors as accounts
from cchc.accounts.models import Role
from cchc.agencies.selectors import in_province
from cchc.indicators import metrics, selectors
from cchc.indicators.models import Indicator, Scope
from cchc.indicators.periods import PeriodKind
from cchc.periods import Period

WHOLE = "whole"  # the agency choice meaning "the whole scope"


class ValueForm(forms.Form):
    agency = forms.ChoiceField(label=_("Agency"))
    period = forms.ChoiceField(label=_("Period"))
    value = forms.DecimalField(label=_("Value"), max_digits=20, decimal_places=6)
    note = forms.CharField(
        label=_("Note / data source"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, indicator: Indicator, user, day: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.periods = {p.key: p for p in indicator.periods(day)}
        self.fields["period"].choices = [(key, p.label) for key, p in self.periods.items()]
        current = Period.containing(indicator.period_kind, day).key
        self.fields["period"].initial = current if current in self.periods else None
        own = accounts.agency(user)
        if accounts.role(user) == Role.FOCAL_POINT:  # their own agency, nothing else
            self.agencies = {str(own.pk): own} if own else {}
        else:
            self.agencies = {str(a.pk): a for a in selectors.scope_agencies(indicator)}
        choices = [(key, a.name) for key, a in self.agencies.items()]
        if accounts.role(user) != Role.FOCAL_POINT:
            choices.insert(0, (WHOLE, _("Whole scope (aggregate)")))
        self.fields["agency"].choices = choices

    def cleaned(self) -> dict:
        """The service's arguments from the valid form."""
        data = self.cleaned_data
        return {
            "agency": None if data["agency"] == WHOLE else self.agencies[data["agency"]],
            "period": self.periods[data["period"]],
            "value": data["value"],
            "note": data["note"].strip(),
        }


class ConfigForm(forms.Form):
    scope = forms.ChoiceField(label=_("Scope"), choices=Scope.choices)
    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies (when the scope is the listed agencies)"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    period_kind = forms.ChoiceField(label=_("Data period"), choices=PeriodKind.choices)
    metric = forms.ChoiceField(
        label=_("Calculation method"), choices=metrics.CHOICES, required=False
    )

    def __init__(self, *args, indicator: Indicator, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "scope": indicator.scope,
                "agencies": list(indicator.agencies.all()),
                "period_kind": indicator.period_kind,
                "metric": indicator.metric,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = in_province(indicator.plan.province)
