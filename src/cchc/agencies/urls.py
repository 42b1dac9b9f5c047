from django.urls import path

from cchc.agencies import views

app_name = "agencies"
urlpatterns = [
    path("", views.directory, name="list"),
    path("export.<str:fmt>", views.export, name="export"),
    path("import/", views.import_file, name="import"),
    path("<int:agency_pk>/delete/", views.delete, name="delete"),
]
