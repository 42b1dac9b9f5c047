"""The user's notifications, their preferences, and the reform office's escalation list."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts import selectors as accounts
from cchc.notifications import selectors, services
from cchc.notifications.forms import PreferenceForm
from cchc.web.permissions import require


@login_required
def notification_list(request):
    page = Paginator(request.user.notifications.all(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "can_escalate": request.user.has_perm("notifications.view_escalations"),
        },
    )


@login_required
@require_POST
def mark_read(request):
    """With ``id``: mark that notification read and open its page. Without: mark all read."""
    raw = request.POST.get("id", "")
    if not raw.isdigit():
        services.mark_read(request.user)
        return redirect("notifications:list")
    found = services.mark_read(request.user, int(raw))
    url = found.url if found else ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return redirect("notifications:list")


@login_required
def preferences(request):
    pref = services.preference(request.user)
    form = PreferenceForm(request.POST or None, instance=pref)
    if request.method == "POST" and form.is_valid():
        services.save_preference(request.user, form.cleaned_data)
        messages.success(request, _("Notification choices saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@login_required
def escalations(request):
    require(request.user, "notifications.view_escalations")
    day = timezone.localdate()
    # The administrator sees every province; everyone else their own.
    province = accounts.province(request.user)
    return render(
        request,
        "notifications/escalations.html",
        {
            "rows": selectors.escalations(day, province),
            "day": day,
            "window_days": settings.CCHC_UPDATE_WINDOW_DAYS,
            "overdue_days": settings.CCHC_ESCALATE_OVERDUE_DAYS,
        },
    )
