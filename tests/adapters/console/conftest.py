from tests.conversations.conftest import (  # noqa: F401 - fixtures shared with the engine tests
    bot,
    client_options,
    engine_options,
    over_http,
    perfectgym_url,
    studio_names,
)
