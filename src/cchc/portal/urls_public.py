"""The public portal's addresses (no sign-in): tests/portal/test_public.py walks them all."""

from django.urls import path

from cchc.portal import public

app_name = "public"
urlpatterns = [
    path("", public.home, name="home"),
    path("plans/<int:plan_pk>/", public.plan, name="plan"),
    path("index/", public.index, name="index"),
    path("surveys/", public.surveys, name="surveys"),
    path("inspections/", public.inspections, name="inspections"),
    path("data/", public.data, name="data"),
    path("data/schema.json", public.schema, name="schema"),
    path("data/<slug:name>.<str:fmt>", public.dataset, name="dataset"),
]
