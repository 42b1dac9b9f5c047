"""The Vietnamese catalogue: complete, compiled, and what the pages show.

The interface's msgids are English; its Vietnamese text lives in
src/cchc/locale/vi/LC_MESSAGES/django.po, compiled to django.mo next to it (the .mo is
committed, so running the platform needs no gettext tools). After changing a marked
string, from src/cchc:

    DJANGO_SETTINGS_MODULE=cchc.web.test_settings django-admin makemessages -l vi --ignore extraction
    (fill in the new msgstr, remove any "fuzzy" flag)
    DJANGO_SETTINGS_MODULE=cchc.web.test_settings django-admin compilemessages -l vi

cchc.extraction is left out: it is a library whose error messages are not Django strings.
"""

import gettext
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

import cchc
from cchc.tracking.selectors import Status

PACKAGE = Path(cchc.__file__).resolve().parent
CATALOGUE = PACKAGE / "locale" / "vi" / "LC_MESSAGES"
PO = CATALOGUE / "django.po"
MO = CATALOGUE / "django.mo"
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?([sdifr%])")


def _entries(catalogue) -> dict:
    """msgctxt, msgid and msgid_plural → the translation(s), for the entries that count."""
    found = {}
    for entry in catalogue:
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid, entry.msgid_plural or None)
        if entry.msgid_plural:
            found[key] = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        else:
            found[key] = entry.msgstr
    return found


@pytest.fixture(scope="module")
def po():
    return polib.pofile(str(PO))


def test_catalogue_is_complete_and_not_fuzzy(po):
    assert not po.metadata_is_fuzzy
    assert po.metadata.get("Language") == "vi"
    untranslated = [e.msgid for e in po.untranslated_entries() if not e.obsolete]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags and not e.obsolete]
    assert untranslated == []
    assert fuzzy == []
    assert [e.msgid for e in po.obsolete_entries()] == []
    assert len(_entries(po)) > 700


def test_translations_keep_the_placeholders(po):
    def placeholders(text):
        return sorted(PLACEHOLDER.findall(text))

    for entry in po:
        if "python-format" not in entry.flags:
            continue
        if entry.msgid_plural:
            assert placeholders(entry.msgid_plural) == placeholders(entry.msgid), entry.msgid
            translations = list(entry.msgstr_plural.values())
        else:
            translations = [entry.msgstr]
        for msgstr in translations:
            assert placeholders(msgstr) == placeholders(entry.msgid), entry.msgid


def test_compiled_catalogue_matches_the_po(po):
    assert _entries(polib.mofile(str(MO))) == _entries(po), "django.mo is stale: compilemessages"
    with MO.open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            for n in (1, 2, 5):
                assert (
                    compiled.ngettext(entry.msgid, entry.msgid_plural, n) == entry.msgstr_plural[0]
                )
        elif entry.msgctxt:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr


def test_msgids_are_english(po):
    """No Vietnamese letters in a msgid, except document wording quoted on purpose."""
    quoted = re.compile(r"“[^”]*”")  # column names, status words, deadline examples of the files

    def vietnamese(text):
        return any(c.isalpha() and not c.isascii() for c in quoted.sub("", text or ""))

    offenders = [e.msgid for e in po if vietnamese(e.msgid) or vietnamese(e.msgid_plural)]
    assert offenders == []


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext (xgettext) is not installed")
def test_every_marked_string_is_in_the_catalogue(po, tmp_path, monkeypatch):
    source = tmp_path / "cchc"
    shutil.copytree(
        PACKAGE,
        source,
        ignore=shutil.ignore_patterns("extraction", "locale", "__pycache__", "migrations"),
    )
    (source / "locale").mkdir()
    monkeypatch.chdir(source)
    call_command("makemessages", locale=["vi"], verbosity=0)
    fresh = polib.pofile(str(source / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    marked = set(_entries(fresh))
    catalogued = set(_entries(po))
    assert sorted(marked - catalogued, key=str) == [], "marked but not in django.po: makemessages"
    assert sorted(catalogued - marked, key=str) == [], "in django.po but no longer marked"


@pytest.mark.django_db
def test_pages_are_vietnamese_whatever_the_browser_asks():
    # Many officials' browsers ask for English first: the province's system still speaks
    # Vietnamese until the user picks another language.
    for accept in ("", "en-US,en;q=0.9", "fr"):
        with translation.override(translation.get_language()):
            page = Client(headers={"accept-language": accept}).get("/accounts/login/")
        assert "<h1>Đăng nhập</h1>" in page.content.decode()
        assert '<html lang="vi">' in page.content.decode()
        assert page.headers["Content-Language"] == "vi"
        assert "Cookie" in page.headers["Vary"]


@pytest.mark.django_db
def test_the_language_switch_changes_the_interface_and_returns_to_the_page():
    browser = Client()
    with translation.override(translation.get_language()):
        login = browser.get("/accounts/login/?next=/my-tasks/").content.decode()
        assert 'id="language-switch"' in login
        assert 'value="/accounts/login/?next=/my-tasks/"' in login
        switched = browser.post(
            "/i18n/setlang/", {"language": "en", "next": "/accounts/login/?next=/my-tasks/"}
        )
        assert switched.status_code == 302
        assert switched.headers["Location"] == "/accounts/login/?next=/my-tasks/"
        english = browser.get("/accounts/login/").content.decode()
        assert "<h1>Log in</h1>" in english and "Đăng nhập" not in english
        assert '<html lang="en">' in english
        browser.post("/i18n/setlang/", {"language": "vi", "next": "/accounts/login/"})
        assert "<h1>Đăng nhập</h1>" in browser.get("/accounts/login/").content.decode()


@pytest.mark.django_db
def test_an_unknown_language_cookie_falls_back_to_vietnamese(settings):
    browser = Client()
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    with translation.override(translation.get_language()):
        page = browser.get("/accounts/login/")
    assert "<h1>Đăng nhập</h1>" in page.content.decode()


def test_labels_follow_the_active_language():
    with translation.override("vi"):
        assert str(Status.LABELS[Status.DONE_ON_TIME]) == "Hoàn thành đúng hạn"
        assert str(Status.LABELS[Status.OPEN_OVERDUE]) == "Chưa hoàn thành — quá hạn"
        assert str(Status.LABELS[Status.HALTED]) == "Tạm dừng / không thực hiện"
        assert translation.ngettext("%(n)s day overdue", "%(n)s days overdue", 3) == (
            "quá hạn %(n)s ngày"
        )
    with translation.override("en"):
        assert str(Status.LABELS[Status.DONE_ON_TIME]) == "Completed on time"
        assert str(Status.LABELS[Status.HALTED]) == "Halted / not carried out"
        assert translation.ngettext("%(n)s day overdue", "%(n)s days overdue", 3) == (
            "%(n)s days overdue"
        )
