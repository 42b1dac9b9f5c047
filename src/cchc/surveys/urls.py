from django.urls import path

from cchc.surveys import views

app_name = "surveys"
urlpatterns = [
    path("r/<str:token>/", views.respond, name="respond"),
    path("results/", views.results, name="results"),
    path("sample/", views.sample, name="sample"),
    path("sample/links/", views.links, name="links"),
    path("<int:questionnaire_pk>/paper/", views.paper, name="paper"),
    path("receipt/", views.receipt, name="receipt"),
    path("slip/<str:token>/", views.slip, name="slip"),
    path("kiosks/", views.kiosks, name="kiosks"),
    path("kiosks/<int:kiosk_pk>/close/", views.kiosk_close, name="kiosk_close"),
    path("k/<str:token>/", views.kiosk, name="kiosk"),
    path("k/<str:token>/send/", views.kiosk_send, name="kiosk_send"),
]
