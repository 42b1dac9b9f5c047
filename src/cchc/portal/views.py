"""Dashboards. Figures come from ``cchc.tracking.selectors``; these views only choose and render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from cchc.accounts import selectors as accounts
from cchc.accounts.models import Role
from cchc.plans.models import Plan
from cchc.plans.selectors import visible_plans
from cchc.tracking import selectors
from cchc.web.permissions import require


@login_required
def home(request):
    """Each role lands on the page it uses most."""
    role = accounts.role(request.user)
    if role == Role.FOCAL_POINT:
        return redirect("portal:my_tasks")
    if role == Role.LEADER:
        return redirect("portal:overview")
    return redirect("plans:list")


@login_required
def plan_dashboard(request, plan_pk: int):
    plan = get_object_or_404(Plan, pk=plan_pk)
    require(request.user, "plans.view_plan", plan)
    return render(
        request,
        "portal/plan_dashboard.html",
        {"plan": plan, "labels": selectors.Status.LABELS, **selectors.plan_dashboard(plan)},
    )


@login_required
def my_tasks(request):
    agency = accounts.agency(request.user)
    tasks = selectors.my_tasks(request.user, agency) if agency else []
    return render(
        request,
        "portal/my_tasks.html",
        {"agency": agency, "tasks": tasks, "labels": selectors.Status.LABELS},
    )


@login_required
def overview(request):
    return render(
        request,
        "portal/overview.html",
        {
            "rows": selectors.province_overview(visible_plans(request.user)),
            "province": accounts.province(request.user),
        },
    )
