"""Reminder idempotence against a real SMTP server (aiosmtpd) on a free local port."""

from __future__ import annotations

import email
import email.policy
import io
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from tests.notifications.conftest import DAY

pytestmark = pytest.mark.django_db


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.DEFAULT_FROM_EMAIL = "cchc@snv.example.vn"
    yield inbox
    controller.stop()


def test_two_runs_one_email_per_user_through_smtp(people, smtp_server):
    for _run in range(2):
        call_command("sendreminders", "--date", DAY.isoformat(), stdout=io.StringIO())
    received = sorted(smtp_server.envelopes, key=lambda e: e.rcpt_tos)
    assert [e.rcpt_tos for e in received] == [
        ["focal_stp@example.vn"],
        ["focal_stttt@example.vn"],
        ["leader_stp@example.vn"],
    ]
    assert {e.mail_from for e in received} == {"cchc@snv.example.vn"}
    parsed = email.message_from_bytes(received[1].original_content, policy=email.policy.default)
    assert parsed["Subject"].strip() == "[CCHC] Nhắc việc ngày 25/11/2025: 1 mục"
    body = parsed.get_body().get_content()
    assert "Nâng cấp cổng dịch vụ công" in body and "còn 5 ngày" in body
