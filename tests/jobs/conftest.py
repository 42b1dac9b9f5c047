from tests.web.factories import (  # noqa: F401
    _media,
    default_groups,
    directory,
    draft_plan,
    published_plan,
    users,
)
