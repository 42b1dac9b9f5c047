from tests.web.factories import _media, directory, draft_plan, published_plan, users  # noqa: F401
