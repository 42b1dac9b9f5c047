from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from cchc.accounts.views import ObtainExpiringToken
from cchc.scoring import api as scoring_api
from cchc.web import api

router = DefaultRouter()
router.register("agencies", api.AgencyViewSet, basename="agency")
router.register("plans", api.PlanViewSet, basename="plan")
router.register("tasks", api.TaskViewSet, basename="task")
router.register("updates", api.UpdateViewSet, basename="update")
router.register("scoring/frameworks", scoring_api.FrameworkViewSet, basename="scoring-framework")
router.register("scoring/rounds", scoring_api.RoundViewSet, basename="scoring-round")
router.register("scoring/assessments", scoring_api.AssessmentViewSet, basename="scoring-assessment")

urlpatterns = [
    path("", include("cchc.portal.urls")),
    path("plans/", include("cchc.plans.urls")),
    path("", include("cchc.tracking.urls")),
    path("agencies/", include("cchc.agencies.urls")),
    path("onestop/", include("cchc.onestop.urls")),
    path("indicators/", include("cchc.indicators.urls")),
    path("notifications/", include("cchc.notifications.urls")),
    path("reporting/", include("cchc.reporting.urls")),
    path("accounts/users/", include("cchc.accounts.urls_users")),
    path("scoring/", include("cchc.scoring.urls")),
    path("surveys/", include("cchc.surveys.urls")),
    path("public/", include("cchc.portal.urls_public")),
    path("inspections/", include("cchc.inspections.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(success_url="/accounts/password/done/"),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("api/", include(router.urls)),
    path("api/token/", ObtainExpiringToken.as_view(), name="api-token"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The API's documentation (Swagger UI, served from local static files) for logged-in users.
    path(
        "api/docs/",
        login_required(
            SpectacularSwaggerView.as_view(
                url_name="api-schema", template_name="cchc/swagger_ui.html"
            )
        ),
        name="api-docs",
    ),
    path("i18n/", include("django.conf.urls.i18n")),  # the language switch (set_language)
    path("admin/", admin.site.urls),
]
