from tests.web.factories import (  # noqa: F401
    _media,
    directory,
    draft_plan,
    published_plan,
    users,
)
