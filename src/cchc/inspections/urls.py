from django.urls import path

from cchc.inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:plan_pk>/", views.plan, name="plan"),
    path("visits/<int:visit_pk>/", views.visit, name="visit"),
]
