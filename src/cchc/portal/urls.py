from django.urls import path

from cchc.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("plans/<int:plan_pk>/dashboard/", views.plan_dashboard, name="plan_dashboard"),
    path("my-tasks/", views.my_tasks, name="my_tasks"),
    path("overview/", views.overview, name="overview"),
]
