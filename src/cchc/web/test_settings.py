"""Settings for the test suite: the real settings with a throw-away key and a fast hasher.

DATABASE_URL still chooses the database (SQLite by default, PostgreSQL in CI).
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-key")

from cchc.web.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_AUTOREFRESH = True  # no collected static folder in tests:
WHITENOISE_USE_FINDERS = True  # static files are served from the apps' folders
# Plan extraction runs inside the upload's request (after its commit), not in a
# thread: the tests see its result at once and stay deterministic.
CCHC_EXTRACT_IN_BACKGROUND = False
