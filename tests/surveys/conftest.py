from tests.web.factories import _media, directory, users  # noqa: F401
