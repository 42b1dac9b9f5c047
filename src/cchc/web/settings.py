"""Settings, read from the environment (Healthchecks style).

DEBUG            "1" for development; off by default.
SECRET_KEY       required unless DEBUG (a fixed development key is used then).
ALLOWED_HOSTS    comma-separated host names.
DATABASE_URL     any dj-database-url URL; default SQLite at $CCHC_DATA_DIR/cchc.sqlite3.
CCHC_DATA_DIR    where the SQLite database and uploaded files live; default <project>/var.
EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS/SSL,
DEFAULT_FROM_EMAIL, CCHC_SITE_URL   the SMTP server and sender of reminders.
CCHC_SQLITE_TIMEOUT  seconds a SQLite write waits for another one (default 20).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in (
        "1",
        "true",
        "yes",
        "on",
    )


PROJECT_DIR = Path(__file__).resolve().parents[3]  # src/cchc/web/settings.py → project root
DATA_DIR = Path(os.environ.get("CCHC_DATA_DIR") or PROJECT_DIR / "var")

DEBUG = _env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI / Redoc as local static files (no CDN)
    "simple_history",
    "django_tasks",
    "django_tasks_db",  # the job queue's table (the database backend of django.tasks)
    "csp",  # the Content-Security-Policy header
    "axes",  # sign-in lockout after repeated failures (login form, admin, API token)
    "cchc.web",
    "cchc.agencies",
    "cchc.accounts",
    "cchc.plans",
    "cchc.tracking",
    "cchc.portal",
    "cchc.onestop",
    "cchc.indicators",
    "cchc.notifications",
    "cchc.reporting",
    "cchc.jobs",
    "cchc.scoring",
    "cchc.surveys",
    "cchc.inspections",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cchc.web.middleware.InterfaceLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # the lockout page, in Vietnamese (CCHC_LOCKOUT_*)
]

ROOT_URLCONF = "cchc.web.urls"
WSGI_APPLICATION = "cchc.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Form widgets are drawn from Django's own Jinja2 widget templates: the same HTML,
# in about half the time of the Django template engine (every form page, every filter);
# the admin's widgets, which exist only as Django templates, from those (web.renderers).
FORM_RENDERER = "cchc.web.renderers.FormRenderer"

if not os.environ.get("DATABASE_URL"):
    DATA_DIR.mkdir(parents=True, exist_ok=True)  # zero set-up: the SQLite file's folder
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'cchc.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded set-up under load (a one-stop import beside daily work): WAL lets
    # readers go on while one connection writes; a write transaction takes its lock at
    # BEGIN (IMMEDIATE), so a waiting writer queues for up to the timeout instead of
    # failing with "database is locked" when it upgrades a read lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("CCHC_SQLITE_TIMEOUT", "20")),
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# One cache for every server process, in the database (no extra service to run): the
# survey rate limit then counts an address's answers across all gunicorn workers.
# Its table is made by migrate (cchc.web.apps).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "cchc_cache",
    }
}

# Background work (plan extraction and OCR, one-stop imports, reminders, report files)
# runs on Django's tasks framework with the database backend: the jobs wait in a table
# of the same database (no broker) for `cchc manage worker` (see cchc.jobs).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTHENTICATION_BACKENDS = [
    "cchc.accounts.backends.LockoutBackend",  # django-axes: refuses sign-in while locked out
    "cchc.accounts.backends.PasswordBackend",  # sign-in; grants no permissions itself
    "rules.permissions.ObjectPermissionBackend",  # every role and object check
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Brute force: after CCHC_LOGIN_FAILURES wrong passwords for one user name from one
# address, sign-in (login form, admin, /api/token/) is refused for CCHC_LOCKOUT_MINUTES.
AXES_FAILURE_LIMIT = int(os.environ.get("CCHC_LOGIN_FAILURES", "10"))
AXES_COOLOFF_TIME = int(os.environ.get("CCHC_LOCKOUT_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Public survey answers accepted per address per minute (cchc.surveys.services.over_rate_limit):
# raise it where many respondents share one address (a kiosk network, a load benchmark).
CCHC_SURVEY_POSTS_PER_MINUTE = int(os.environ.get("CCHC_SURVEY_POSTS_PER_MINUTE", "20"))
AXES_LOCKOUT_CALLABLE = "cchc.accounts.lockout.locked_out"  # Vietnamese page / API answer
AXES_CLIENT_IP_CALLABLE = "cchc.web.client.client_address"
# Behind N reverse proxies of our own (nginx ending TLS: 1), the client's address is read
# from X-Forwarded-For (cchc.web.client); with 0 every citizen behind the proxy would
# share its address and one rate limit.
CCHC_TRUSTED_PROXIES = int(os.environ.get("CCHC_TRUSTED_PROXIES", "0"))
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# API tokens expire this many days after they were issued (a new one from /api/token/),
# and every token of a user is revoked when the user's password changes.
CCHC_TOKEN_DAYS = int(os.environ.get("CCHC_TOKEN_DAYS", "30"))
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
# Each language named in the interface's language ("Tiếng Anh", "English").
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
USE_I18N = True
# The interface's msgids are English; its Vietnamese text is the catalogue
# src/cchc/locale/vi/LC_MESSAGES/django.po (compiled .mo committed; see
# tests/web/test_translations.py for how to regenerate it).
LOCALE_PATHS = [Path(__file__).resolve().parents[1] / "locale"]
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# Uploaded documents and evidence files: outside the static root and never served
# directly; evidence goes through a permission-checked view (tracking.views.evidence).
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = None

# Upload limits (megabytes) and the accepted types.
CCHC_MAX_DOCUMENT_MB = int(os.environ.get("CCHC_MAX_DOCUMENT_MB", "20"))
CCHC_MAX_EVIDENCE_MB = int(os.environ.get("CCHC_MAX_EVIDENCE_MB", "10"))
# One task update: its evidence files together, and the length of its content.
CCHC_MAX_UPDATE_MB = int(os.environ.get("CCHC_MAX_UPDATE_MB", "25"))
CCHC_MAX_NOTE_CHARS = int(os.environ.get("CCHC_MAX_NOTE_CHARS", "5000"))
CCHC_DUE_SOON_DAYS = int(os.environ.get("CCHC_DUE_SOON_DAYS", "14"))
# E-mail (reminders, cchc.notifications): an SMTP server from the environment.
# Without EMAIL_HOST, mail is printed to the console (development).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_SSL = _env_bool("EMAIL_USE_SSL")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", not EMAIL_USE_SSL)  # STARTTLS unless implicit TLS
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cchc@localhost")
# The address of the site, for links in e-mails.
CCHC_SITE_URL = os.environ.get("CCHC_SITE_URL", "http://localhost:8000").rstrip("/")
# Escalation: an agency that posted no task update for this many days (the
# reporting window), or whose task is overdue by more than this many days.
CCHC_UPDATE_WINDOW_DAYS = int(os.environ.get("CCHC_UPDATE_WINDOW_DAYS", "90"))
CCHC_ESCALATE_OVERDUE_DAYS = int(os.environ.get("CCHC_ESCALATE_OVERDUE_DAYS", "30"))
# The survey kiosk at the counter: seconds its thank-you stays before the form comes
# back, and seconds without a touch before a half-filled form is cleared.
CCHC_KIOSK_RESET_SECONDS = int(os.environ.get("CCHC_KIOSK_RESET_SECONDS", "8"))
CCHC_KIOSK_IDLE_SECONDS = int(os.environ.get("CCHC_KIOSK_IDLE_SECONDS", "90"))
# The public portal publishes a survey result (a unit's, or the whole) only from this
# many responses: fewer would point to the people who answered.
CCHC_PUBLIC_MIN_RESPONSES = int(os.environ.get("CCHC_PUBLIC_MIN_RESPONSES", "5"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = _env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HTTPS in production (README, "Running it for real"): redirect plain HTTP and send HSTS.
# Behind a proxy that ends TLS, SECURE_PROXY_SSL_HEADER=1 trusts its X-Forwarded-Proto.
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD")
if _env_bool("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
# Scripts, styles, images and fonts from the site itself only: no inline script or style
# (pages use static files; the API docs' own inline start-up code carries a nonce).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "cchc.accounts.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "cchc API",
    "DESCRIPTION": "Kế hoạch, nhiệm vụ, cập nhật tiến độ và danh mục cơ quan.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # The documentation page (/api/docs/) loads Swagger UI from the app's own static files.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"survey_tokens": {"()": "cchc.web.client.RedactSurveyTokens"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["survey_tokens"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
