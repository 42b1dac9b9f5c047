"""The answer form, built from the questionnaire's questions (and the 9 criteria when it rates a dossier)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cchc.surveys.models import Question, Questionnaire, RatingCriterion

MAX_TEXT = 2000


def _points(points: int) -> str:
    """A level whose wording the shipped criteria do not give (unverified): its points."""
    return ngettext("%(n)d point", "%(n)d points", points) % {"n": points}


class AnswerForm(forms.Form):
    def __init__(self, *args, questionnaire: Questionnaire, rate_dossier: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        self.questions = list(questionnaire.questions.all())
        labels = questionnaire.scale_labels or []
        for question in self.questions:
            name = f"q_{question.pk}"
            if question.kind == Question.Kind.TEXT:
                field = forms.CharField(
                    widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX_TEXT
                )
            elif question.kind == Question.Kind.SCALE:
                points = range(1, questionnaire.scale_max + 1)
                field = forms.TypedChoiceField(
                    choices=[(p, labels[p - 1] if p <= len(labels) else str(p)) for p in points],
                    coerce=int,
                    widget=forms.RadioSelect,
                )
            else:
                field = forms.TypedChoiceField(
                    choices=list(enumerate(question.choices, start=1)),
                    coerce=int,
                    widget=forms.RadioSelect,
                )
            field.label = question.text
            field.required = question.required
            self.fields[name] = field
        self.criteria = list(RatingCriterion.objects.all()) if rate_dossier else []
        for criterion in self.criteria:
            by_points = {level["points"]: level["condition"] for level in criterion.levels}
            self.fields[f"c_{criterion.pk}"] = forms.TypedChoiceField(
                label=f"{criterion.no}. {criterion.name}",
                choices=[
                    (p, f"{p} – {by_points[p]}" if p in by_points else _points(p))
                    for p in range(criterion.max_points, -1, -1)
                ],
                coerce=int,
                widget=forms.RadioSelect,
            )
        self.fields["consent"] = forms.BooleanField(label=questionnaire.consent)

    def answers(self) -> dict:
        """{question: value or text}, {criterion: points} from the cleaned data."""
        data = self.cleaned_data
        answers = {}
        for question in self.questions:
            value = data.get(f"q_{question.pk}")
            if value not in (None, ""):
                answers[question] = value
        scores = {c: data[f"c_{c.pk}"] for c in self.criteria}
        return {"answers": answers, "scores": scores}


class PaperForm(AnswerForm):
    """A paper form typed in by staff: the unit it was collected for, and optionally its dossier."""

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "agency": forms.ModelChoiceField(queryset=units, label=_("Unit")),
            "dossier_code": forms.CharField(
                label=_("Dossier code (if the form names one)"), required=False, max_length=64
            ),
            "submitted_on": forms.DateField(label=_("Date answered")),
            **self.fields,
        }
