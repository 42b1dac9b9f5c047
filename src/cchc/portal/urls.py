from django.urls import path

from cchc.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("plans/<int:plan_pk>/dashboard/", views.plan_dashboard, name="plan_dashboard"),
    path("plans/<int:plan_pk>/tasks/", views.plan_tasks, name="plan_tasks"),
    path("plans/<int:plan_pk>/export.<str:fmt>", views.plan_export, name="plan_export"),
    path("my-tasks/", views.my_tasks, name="my_tasks"),
    path("my-tasks/import/", views.my_tasks_import, name="my_tasks_import"),
    path("my-tasks/import/confirm/", views.my_tasks_import_confirm, name="my_tasks_import_confirm"),
    path("overview/", views.overview, name="overview"),
    path("late-agencies/", views.late_agencies, name="late_agencies"),
    path("indicators/", views.indicators, name="indicators"),
]
