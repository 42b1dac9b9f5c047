from django.urls import path

from cchc.onestop import views

app_name = "onestop"
urlpatterns = [
    path("import/", views.upload, name="upload"),
    path("import/<int:batch_pk>/", views.batch, name="batch"),
    path("statistics/", views.statistics, name="statistics"),
]
