"""The reform index over the REST API, read-only, with the same rules as the pages.

- ``/api/scoring/frameworks/``: the frameworks of the user's province (the administrator:
  all), with their item tree and bands;
- ``/api/scoring/rounds/``: the rounds of those frameworks; ``…/{id}/results/``: the
  results and ranking, once published (the reform office at any time);
- ``/api/scoring/assessments/``: item by item, as the assessment page (``scoring
  .view_assessment``): the office every unit of its province, a unit (its focal point
  or leader) only its own. Appraised and final points only where
  :func:`~cchc.scoring.selectors.appraisal_visible` says so: for the unit, once the
  round is closed; before, only which items were adjusted and why, once sent back.

Other units' totals and ranks are in the published results, not their item scores.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from cchc.accounts import selectors as accounts
from cchc.scoring import selectors
from cchc.scoring.models import Assessment, Framework, Item, ItemScore, Round


def _num(value):
    return None if value is None else str(value)


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = Item
        fields = [
            "code",
            "name",
            "max_self",
            "max_survey",
            "method",
            "rule",
            "not_applicable_full",
            "live",
            "evidence",
            "guidance",
        ]


class FrameworkSerializer(serializers.ModelSerializer):
    items = ItemSerializer(many=True, read_only=True)

    class Meta:
        model = Framework
        fields = [
            "id",
            "province",
            "code",
            "name",
            "year",
            "unit_kind",
            "source",
            "verified",
            "bands",
            "items",
        ]


class RoundSerializer(serializers.ModelSerializer):
    class Meta:
        model = Round
        fields = [
            "id",
            "framework",
            "year",
            "opens",
            "closes",
            "cutoff",
            "plan_deadline",
            "reply_days",
            "state",
            "closed_at",
        ]


SELF_FIELDS = [
    "code",
    "value",
    "not_applicable",
    "self_points",
    "explanation",
    "links",
    "computation",
    "reply",
]
APPRAISAL_FIELDS = [
    "appraised_points",
    "appraisal_reason",
    "final_points",
    "final_reason",
    "survey_points",
]


class ScoreSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="item.code")

    class Meta:
        model = ItemScore
        fields = SELF_FIELDS + APPRAISAL_FIELDS

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("appraisal_visible"):
            for name in APPRAISAL_FIELDS:
                data.pop(name)
            # While the unit may reply, it reads which items were adjusted and why.
            if instance.adjusted and instance.assessment.status not in ("draft", "submitted"):
                data["appraisal_reason"] = instance.appraisal_reason
        return data


class AssessmentSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name")
    scores = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "id",
            "round",
            "unit",
            "unit_name",
            "group",
            "status",
            "submitted_at",
            "reply_deadline",
            "replied_at",
            "scores",
        ]

    def get_scores(self, assessment) -> list[dict]:
        user = self.context["request"].user
        visible = selectors.appraisal_visible(user, assessment)
        rows = assessment.scores.all()  # prefetched, with their items
        return ScoreSerializer(
            sorted(rows, key=lambda s: s.item.position),
            many=True,
            context={"appraisal_visible": visible},
        ).data


class FrameworkViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = FrameworkSerializer

    def get_queryset(self):
        return selectors.frameworks(self.request.user).prefetch_related("items").order_by("pk")


class RoundViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RoundSerializer

    def get_queryset(self):
        return selectors.rounds(self.request.user).order_by("pk")

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None, format=None):
        """Index = points ÷ maximum × 100 per unit and per area, classification, rank in
        the unit's group (ties share a rank, the next rank skips), last year's index."""
        the_round = self.get_object()
        if not request.user.has_perm("scoring.view_results", the_round):
            raise PermissionDenied("Kết quả chưa được công bố.")
        found = selectors.results(the_round)
        return Response(
            {
                "round": the_round.pk,
                "year": the_round.year,
                "state": the_round.state,
                "areas": [{"code": a.code, "name": a.name} for a in found.areas],
                "groups": [
                    {
                        "name": group,
                        "rows": [
                            {
                                "rank": r.rank,
                                "unit": r.assessment.unit_id,
                                "unit_name": r.assessment.unit.name,
                                "assessment": r.assessment.pk,
                                "points": _num(r.points),
                                "maximum": _num(r.maximum),
                                "index": _num(r.index),
                                "band": r.band,
                                "last_year": _num(r.last_year),
                                "change": _num(r.change),
                                "areas": {
                                    a.code: _num(r.by_item[a.code].index)
                                    for a in found.areas
                                    if a.code in r.by_item
                                },
                            }
                            for r in rows
                        ],
                    }
                    for group, rows in found.groups()
                ],
            }
        )


class AssessmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AssessmentSerializer

    def get_queryset(self):
        user = self.request.user
        rounds = selectors.rounds(user)
        found = Assessment.objects.filter(round__in=rounds)
        if not selectors.is_manager(user):  # as the pages: scoring.view_assessment
            agency = accounts.agency(user)
            found = found.filter(unit=agency) if agency else found.none()
        return (
            found.select_related("unit", "round__framework")
            .prefetch_related("scores__item")
            .order_by("round_id", "group", "unit__name", "pk")
        )
