"""Citizen surveys in a real browser (issue 13): the office prints a dossier's QR slip; a
citizen answers on a phone-sized page from its link; a second answer for the same dossier
is refused (the link again, and the counter's kiosk); the kiosk resets itself after an
answer and when left idle, and keeps an answer while the network is down, sending it when
it is back; staff see the result; the public portal shows the plan's progress and the
survey result without sign-in. Screenshots: test-output/browser/citizen_survey-*.png.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from tests.browser.test_roles import log_in, log_out
from tests.web import factories

from cchc.accounts.predicates import SYSTEM
from cchc.onestop import services as onestop
from cchc.surveys import services as surveys
from cchc.surveys.models import Questionnaire, Response

pytestmark = pytest.mark.django_db(transaction=True)

directory, users = factories.directory, factories.users
draft_plan, published_plan = factories.draft_plan, factories.published_plan

DOSSIERS = "\n".join(
    [
        "Mã hồ sơ,Thủ tục,Cơ quan,Kênh nộp,Ngày tiếp nhận,Ngày hẹn trả,Ngày trả kết quả",
        *(
            f"STP-{i},Cấp phiếu lý lịch tư pháp,a-stp,Trực tiếp,02/03/2025,12/03/2025,10/03/2025"
            for i in range(1, 5)
        ),
    ]
)
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 800, "height": 1280}


def _context(browser, live_server, viewport):
    context = browser.new_context(
        base_url=live_server.url,
        viewport=viewport,
        locale="vi-VN",
        is_mobile=viewport is PHONE,
        has_touch=True,
    )
    context.set_default_timeout(15_000)
    return context


def _answer_everything(page, best: bool = True) -> None:
    """Tick the best (or the worst) choice of every question, and the consent: the highest
    scale point and rating points (a choice question: its last or first choice)."""
    for fieldset in page.locator("fieldset.survey-q:not(.survey-consent)").all():
        radios = fieldset.locator("input[type=radio]")
        if radios.count():
            values = [int(v) for v in radios.evaluate_all("rs => rs.map(r => r.value)")]
            fieldset.locator(f"input[value='{max(values) if best else min(values)}']").check()
        else:
            box = fieldset.locator("input[type=text], textarea")
            if box.count() and box.first.get_attribute("name") != "dossier_code":
                box.first.fill("Cán bộ hướng dẫn tận tình")
    page.locator("fieldset.survey-consent input[type=checkbox]").check()


def test_a_citizen_answers_once_the_kiosk_resets_and_the_public_sees_the_result(
    page, shots, chromium_browser, live_server, users, directory, published_plan, settings
):
    cache.clear()
    settings.CCHC_KIOSK_RESET_SECONDS = 2
    settings.CCHC_KIOSK_IDLE_SECONDS = 3
    settings.CCHC_PUBLIC_MIN_RESPONSES = 1
    onestop.import_file(directory["a"], DOSSIERS.encode(), "hoso.csv", user=SYSTEM)
    rating = Questionnaire.objects.get(code="ho-so-nd61")
    kiosk = surveys.open_kiosk(users["office"], rating, directory["snv"], "Quầy 1")

    # --- the office: the survey menu, then the QR slip of dossier STP-1 --------------------
    log_in(page, shots, "office")
    page.locator("#surveys-link").click()
    page.get_by_role("heading", name="Kết quả khảo sát").wait_for()
    page.locator("#receipt-link").click()
    page.get_by_label("Đơn vị").select_option(label="Sở Tư pháp")
    page.get_by_label("Mã hồ sơ").fill("STP-1")
    page.get_by_role("button", name="Hiển thị mã QR").click()
    page.locator("#slip-qr").wait_for()
    assert page.locator("#slip-dossier").inner_text() == "STP-1"
    assert page.locator("#slip-qr").evaluate("img => img.naturalWidth") > 100  # drawn
    link = page.locator("#slip-url").inner_text()
    shots(page, "office-qr-slip")
    log_out(page, "office")

    # --- a citizen on a phone, from the slip's link ------------------------------------------
    phone_context = _context(chromium_browser, live_server, PHONE)
    phone = phone_context.new_page()
    phone.goto(link)
    phone.get_by_role("heading", name=rating.name).wait_for()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width  # no sideways scrolling on the phone
    shots(phone, "phone-form")
    _answer_everything(phone)
    phone.locator(".survey-send").click()
    phone.locator("#thanks").wait_for()
    shots(phone, "phone-thanks")
    assert Response.objects.filter(dossier__code="STP-1", channel="web").count() == 1
    # the same link again: refused, politely
    phone.goto(link)
    assert "đã được trả lời" in phone.locator("#refusal").inner_text()
    shots(phone, "phone-second-refused")
    phone_context.close()

    # --- the counter's kiosk on a tablet ---------------------------------------------------
    tablet_context = _context(chromium_browser, live_server, TABLET)
    tablet = tablet_context.new_page()
    blocked = []
    tablet.on("console", lambda m: blocked.append(m.text) if "Security Policy" in m.text else None)
    tablet.goto(f"/surveys/k/{kiosk.token}/")
    form = tablet.locator("#kiosk-form")
    form.wait_for()
    shots(tablet, "kiosk-form")
    # a second answer for STP-1 at the kiosk: refused
    tablet.get_by_label("Mã hồ sơ (ghi trên phiếu hẹn)").fill("STP-1")
    _answer_everything(tablet, best=False)
    tablet.locator("#kiosk-send").click()
    refusal = tablet.locator("#kiosk-refusal")
    refusal.wait_for()
    assert "đã được trả lời" in refusal.inner_text()
    shots(tablet, "kiosk-second-refused")
    form.wait_for()  # it resets itself
    assert tablet.get_by_label("Mã hồ sơ (ghi trên phiếu hẹn)").input_value() == ""
    # STP-2 answered at the kiosk: thanks, then a blank form again
    tablet.get_by_label("Mã hồ sơ (ghi trên phiếu hẹn)").fill("STP-2")
    _answer_everything(tablet)
    tablet.locator("#kiosk-send").click()
    tablet.locator("#kiosk-thanks").wait_for()
    shots(tablet, "kiosk-thanks")
    form.wait_for()
    assert tablet.locator("input[type=radio]:checked").count() == 0
    shots(tablet, "kiosk-reset")
    # left half-filled: cleared after the idle time
    tablet.locator("fieldset.survey-q input[type=radio]").first.check()
    tablet.wait_for_timeout(4_500)
    assert tablet.locator("input[type=radio]:checked").count() == 0
    # the network drops: the answer for STP-3 is kept on the tablet, sent when it is back
    tablet_context.set_offline(True)
    tablet.get_by_label("Mã hồ sơ (ghi trên phiếu hẹn)").fill("STP-3")
    _answer_everything(tablet)
    tablet.locator("#kiosk-send").click()
    tablet.locator("#kiosk-queued").wait_for()
    assert tablet.locator("#kiosk-pending-count").inner_text() == "1"
    shots(tablet, "kiosk-offline-kept")
    assert not Response.objects.filter(dossier__code="STP-3").exists()
    tablet_context.set_offline(False)
    tablet.evaluate("window.dispatchEvent(new Event('online'))")
    tablet.locator("#kiosk-pending").wait_for(state="hidden")
    assert (
        tablet.evaluate(
            "localStorage.length && JSON.parse(localStorage.getItem(localStorage.key(0))).length"
        )
        == 0
    )
    assert Response.objects.filter(dossier__code="STP-3", channel="kiosk").count() == 1
    assert blocked == [], blocked
    tablet_context.close()
    assert Response.objects.count() == 3

    # --- staff see the result --------------------------------------------------------------
    log_in(page, shots, "leader")
    page.goto(f"/surveys/results/?questionnaire={rating.pk}")
    assert page.locator("#count").inner_text() == "3"
    assert "Sở Tư pháp" in page.locator("#units").inner_text()
    shots(page, "leader-results")
    log_out(page, "leader")

    # --- the public portal, no sign-in, on a phone -----------------------------------------
    visitor_context = _context(chromium_browser, live_server, PHONE)
    visitor = visitor_context.new_page()
    visitor.goto("/public/")
    visitor.get_by_role("heading", name="Cải cách hành chính: thông tin công khai").wait_for()
    visitor.get_by_role("link", name="Kế hoạch CCHC năm 2025").click()
    assert visitor.locator("#public-totals .done-total").inner_text() == "0/4"
    assert "Sở Thông tin và Truyền thông" in visitor.locator("#public-agencies").inner_text()
    shots(visitor, "public-plan")
    visitor.get_by_role("link", name="Kết quả khảo sát").first.click()
    block = visitor.locator(".public-survey", has_text=rating.name)
    assert block.locator(".survey-count").inner_text() == "3"
    # every stored answer was the best (the refused one at the kiosk, the worst, is not counted)
    assert block.locator(".survey-overall").inner_text() == "100,00"
    assert visitor.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shots(visitor, "public-surveys")
    visitor_context.close()
