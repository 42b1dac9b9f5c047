"""Writes: the daily reminder run, reading notifications, preferences.

``send_reminders(day)`` is what the ``sendreminders`` command runs:

1. collect the day's reminders (``selectors.due_items``) and drop those the
   user switched off and those already in the ``Reminder`` log;
2. for each user with something new, in one transaction: create the day's
   ``Digest`` (unique per user and day — if it exists, today's e-mail has gone
   and the new items wait for tomorrow's), log the reminders (unique per user,
   kind, object and deadline), add the in-app notifications, and send the one
   e-mail when the user has an address and wants e-mail.

If the mail server refuses, that user's transaction is rolled back and the
next run tries again; a second run — same day, or after a restart — finds
everything logged and sends nothing twice.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cchc.notifications import selectors
from cchc.notifications.models import Digest, Kind, Notification, Preference, Reminder

log = logging.getLogger(__name__)


@dataclass
class Summary:
    users: int = 0
    notifications: int = 0
    emails: int = 0
    failures: int = 0


def preference(user) -> Preference:
    """The user's choices (everything on, by e-mail, until they change it)."""
    return Preference.objects.filter(user=user).first() or Preference(user=user)


def _key(item: selectors.Item, types: dict) -> tuple:
    return (item.user_id, item.kind, types[type(item.obj)].pk, item.obj.pk, item.due_key)


def send_reminders(day: datetime.date) -> Summary:
    summary = Summary()
    items = selectors.due_items(day)
    types = {cls: ContentType.objects.get_for_model(cls) for cls in {type(i.obj) for i in items}}
    user_ids = {i.user_id for i in items}
    logged = set(
        Reminder.objects.filter(
            user_id__in=user_ids, due_key__in={i.due_key for i in items}
        ).values_list("user_id", "kind", "content_type_id", "object_id", "due_key")
    )
    prefs = {p.user_id: p for p in Preference.objects.filter(user_id__in=user_ids)}
    new: dict[int, dict[tuple, selectors.Item]] = defaultdict(dict)
    for item in items:
        key = _key(item, types)
        wanted = prefs.get(item.user_id, Preference()).wants(item.kind)
        if wanted and key not in logged:
            new[item.user_id].setdefault(key, item)  # the same reminder twice in one run: once
    users = get_user_model().objects.in_bulk(list(new))
    for user_id, by_key in new.items():
        user = users[user_id]
        try:
            with transaction.atomic():
                sent = _deliver(user, day, by_key, prefs.get(user_id, Preference()))
        except IntegrityError:  # another run got there first (same day or same reminder)
            continue
        except (smtplib.SMTPException, OSError):
            log.exception("reminder e-mail to user %s failed; will retry next run", user_id)
            summary.failures += 1
            continue
        if sent is not None:
            summary.users += 1
            summary.notifications += len(by_key)
            summary.emails += int(sent)
    return summary


def _deliver(user, day: datetime.date, by_key: dict, pref: Preference) -> bool | None:
    """Log, notify and mail one user's new reminders; None if today's digest already went."""
    digest, created = Digest.objects.get_or_create(user=user, day=day)
    if not created:
        return None
    items = list(by_key.values())
    Reminder.objects.bulk_create(
        Reminder(
            user=user,
            kind=i.kind,
            content_type_id=key[2],
            object_id=key[3],
            due_key=i.due_key,
            digest=digest,
        )
        for key, i in by_key.items()
    )
    Notification.objects.bulk_create(
        Notification(user=user, kind=i.kind, text=i.text, url=i.url, digest=digest) for i in items
    )
    if not (pref.email and user.email):
        return False
    _mail(user, day, items)
    Digest.objects.filter(pk=digest.pk).update(emailed=True)
    return True


def _mail(user, day: datetime.date, items: list) -> None:
    """The day's one e-mail: the items grouped by kind, each with its link."""
    labels = dict(Kind.choices)
    groups = defaultdict(list)
    for item in items:
        groups[labels[item.kind]].append(item)
    body = render_to_string(
        "notifications/digest.txt",
        {
            "user": user,
            "day": day,
            "groups": dict(groups),
            "site": settings.CCHC_SITE_URL,
        },
    )
    subject = _("[CCHC] Reminders for %(day)s: %(n)d items") % {
        "day": date_format(day, "d/m/Y"),
        "n": len(items),
    }
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()


def mark_read(user, notification_id: int | None = None) -> Notification | None:
    """Mark one of the user's notifications read (or all of them when no id is given)."""
    mine = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is None:
        mine.update(read_at=timezone.now())
        return None
    found = Notification.objects.filter(user=user, pk=notification_id).first()
    if found and found.read_at is None:
        found.read_at = timezone.now()
        found.save(update_fields=["read_at"])
    return found


def save_preference(user, data: dict) -> Preference:
    pref = preference(user)
    for field in ("email", "due_soon", "overdue", "reports", "escalations"):
        setattr(pref, field, bool(data.get(field)))
    pref.save()
    return pref
