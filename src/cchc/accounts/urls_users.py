from django.urls import path

from cchc.accounts import views_users as views

app_name = "accounts_users"
urlpatterns = [
    path("", views.user_list, name="list"),
    path("new/", views.user_invite, name="invite"),
    path("<int:user_pk>/", views.user_edit, name="edit"),
    path("<int:user_pk>/active/", views.user_active, name="active"),
    path("<int:user_pk>/reset-password/", views.user_reset, name="reset"),
    path("set-password/<uidb64>/<token>/", views.SetPasswordView.as_view(), name="set_password"),
    path("no-role/", views.no_role, name="no_role"),
]
