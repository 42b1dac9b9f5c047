from django.urls import path

from cchc.surveys import views

app_name = "surveys"
urlpatterns = [
    path("r/<str:token>/", views.respond, name="respond"),
    path("results/", views.results, name="results"),
    path("sample/", views.sample, name="sample"),
    path("sample/links/", views.links, name="links"),
    path("<int:questionnaire_pk>/paper/", views.paper, name="paper"),
]
