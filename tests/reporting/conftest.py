"""Shared fixtures of the reporting tests: the web factories and a settable clock."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from tests.web.factories import _media, directory, draft_plan, published_plan, users  # noqa: F401

from cchc.tracking.models import TaskUpdate


class Clock:
    """``timezone.now()`` for the test: starts at 09:00 on 1 March 2025, moved with ``set``."""

    def __init__(self):
        self.now = self.at(datetime.date(2025, 3, 1))

    @staticmethod
    def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    def set(self, day: datetime.date, hour: int = 9) -> None:
        self.now = self.at(day, hour)

    def __call__(self) -> datetime.datetime:
        return self.now


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """Every reporting test runs in 2025, the small plan's year, before any data is made.

    Django reads ``timezone.now`` at call time (history dates, ``auto_now``,
    ``localdate``); the update's ``created_at`` default was bound at import, so it
    is replaced as well.
    """
    found = Clock()
    monkeypatch.setattr(timezone, "now", found)
    created_at = TaskUpdate._meta.get_field("created_at")
    monkeypatch.setattr(created_at, "default", found)
    monkeypatch.setattr(created_at, "_get_default", found)  # cached by Django on first use
    return found
