"""What every test may rely on: the reference data the migrations install.

A transactional test (``django_db(transaction=True)``, ``live_server``) ends by
emptying every table, which also removes the rows the data migrations created:
the agency groups plans name ("Các sở, ban, ngành") and the shipped
questionnaires. They are installed again right after, by the same code the
migrations run, so that no later test depends on the order the tests ran in.
"""

from __future__ import annotations

import importlib

import pytest
from pytest_django.plugin import blocking_manager_key


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


def install_reference_data() -> None:
    from django.apps import apps

    from cchc.surveys.data import load

    importlib.import_module("cchc.agencies.migrations.0002_default_groups").create(apps, None)
    load()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield  # the test's fixtures are torn down: a transactional test's flush has run
    # After the last test the session's test database is gone too.
    if nextitem is not None and _transactional(item):
        with item.config.stash[blocking_manager_key].unblock():
            install_reference_data()
