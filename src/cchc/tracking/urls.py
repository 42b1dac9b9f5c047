from django.urls import path

from cchc.tracking import views

app_name = "tracking"
urlpatterns = [
    path("tasks/<int:task_pk>/", views.task_detail, name="task"),
    path("evidence/<int:evidence_pk>/", views.evidence_download, name="evidence"),
]
