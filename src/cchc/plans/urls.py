from django.urls import path

from cchc.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("import/", views.plan_import, name="import"),
    path("new/", views.plan_create, name="create"),
    path("<int:plan_pk>/", views.plan_detail, name="detail"),
    path("<int:plan_pk>/source/", views.plan_source, name="source"),
    path("<int:plan_pk>/mentions/", views.plan_mentions, name="mentions"),
    path("<int:plan_pk>/publish/", views.plan_publish, name="publish"),
    path("<int:plan_pk>/edit/", views.plan_edit, name="edit"),
    path("<int:plan_pk>/tasks/new/", views.task_add, name="task_add"),
    path("<int:plan_pk>/tasks/<int:task_pk>/edit/", views.task_edit, name="task_edit"),
    path("<int:plan_pk>/tasks/<int:task_pk>/delete/", views.task_delete, name="task_delete"),
    path("<int:plan_pk>/tasks/<int:task_pk>/restore/", views.task_restore, name="task_restore"),
    path("<int:plan_pk>/download/", views.plan_download, name="download"),
    path("<int:plan_pk>/amend/", views.plan_amend, name="amend"),
    path("<int:plan_pk>/amend/tasks/new/", views.task_amend, name="task_amend_add"),
    path("<int:plan_pk>/amend/tasks/<int:task_pk>/", views.task_amend, name="task_amend"),
    path("<int:plan_pk>/unpublish/", views.plan_unpublish, name="unpublish"),
]
