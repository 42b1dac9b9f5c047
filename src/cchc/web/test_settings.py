"""Settings for the test suite: the real settings with a throw-away key and a fast hasher.

DATABASE_URL still chooses the database (SQLite by default, PostgreSQL in CI).
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-key")

from cchc.web.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_AUTOREFRESH = True  # no collected static folder in tests:
WHITENOISE_USE_FINDERS = True  # static files are served from the apps' folders
# Background tasks run at once, inside the call that enqueues them: the tests see
# their result and stay deterministic. Tests about the queue itself switch to the
# database backend (tests/jobs).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
