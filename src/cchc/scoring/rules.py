"""Who may do what with the reform index.

Manage (frameworks, rounds, appraisal, survey points, closing): the administrator and
the reform office of the province. A unit's own assessment: its focal point and a
leader attached to that unit (the unit's leader submits). The appraisal council (named
by the office per round): reads and votes on every unit's assessment but their own. Results: the managers at any
time; everyone of the province once the round is closed.
"""

import rules

from cchc.accounts import selectors
from cchc.accounts.predicates import (
    in_own_province,
    is_admin,
    is_focal_point,
    is_leader,
    is_reform_office,
)


@rules.predicate
def is_unit_member(user, assessment) -> bool:
    if assessment is None:
        return True
    agency = selectors.agency(user)
    return agency is not None and agency.pk == assessment.unit_id


@rules.predicate
def round_closed(user, obj) -> bool:
    if obj is None:
        return True
    the_round = getattr(obj, "round", obj)
    return the_round.state == "closed"


def _assessment(obj):
    """An assessment, or the assessment of an item score."""
    return getattr(obj, "assessment", obj)


@rules.predicate
def is_council_member(user, obj) -> bool:
    """The user sits on the appraisal council of the round of ``obj`` (an assessment or
    an item score)."""
    if obj is None or not getattr(user, "pk", None):
        return False
    return _assessment(obj).round.council.filter(user_id=user.pk).exists()


@rules.predicate
def in_scored_unit(user, obj) -> bool:
    agency = selectors.agency(user)
    return obj is not None and agency is not None and agency.pk == _assessment(obj).unit_id


manager = is_admin | (is_reform_office & in_own_province)
member = (is_focal_point | is_leader) & is_unit_member

rules.add_perm("scoring.manage", manager)
rules.add_perm("scoring.edit_assessment", member)
# A council member reads (and votes on) every assessment of the round but their own unit's.
council = is_council_member & in_own_province & ~in_scored_unit

rules.add_perm("scoring.view_assessment", manager | member | council)
rules.add_perm("scoring.vote", council)
rules.add_perm("scoring.view_results", manager | (in_own_province & round_closed))
