from django.urls import path

from cchc.indicators import views

# The argument is named ``id``: tests/web/test_permissions.py knows how to fill it.
app_name = "indicators"
urlpatterns = [
    path("<int:id>/", views.detail, name="detail"),
    path("<int:id>/value/", views.enter_value, name="enter_value"),
    path("<int:id>/settings/", views.configure, name="configure"),
    path("<int:id>/refresh/", views.refresh, name="refresh"),
]
