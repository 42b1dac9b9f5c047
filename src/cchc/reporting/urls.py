from django.urls import path

from cchc.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.owed, name="owed"),
    path("plans/<int:plan_pk>/", views.plan_reports, name="plan"),
    path("plans/<int:plan_pk>/agencies/<int:agency_pk>/", views.report, name="report"),
    path("plans/<int:plan_pk>/consolidated/", views.consolidated, name="consolidated"),
    path(
        "plans/<int:plan_pk>/consolidated.<str:fmt>",
        views.consolidated_file,
        name="consolidated_file",
    ),
]
