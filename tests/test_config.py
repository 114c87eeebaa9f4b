"""load_settings: environment, TOML [[studios]], precedence, and one clear line per mistake."""

from __future__ import annotations

import os
from datetime import time
from pathlib import Path

import pytest

from bot.config import DEFAULT_DB, ConfigError, Settings, load_settings
from bot.perfectgym import pace

KEY_A = "pg-key-alpha-7d1c0e55"
KEY_B = "pg-key-bravo-93ab4410"
WEBHOOK_A = "wh-key-alpha-1f2e3d"
SECRETS = (KEY_A, KEY_B, WEBHOOK_A)
BASE_URL = "https://gym.open-api.perfectgym.com"

_OUR_PREFIXES = ("PERFECTGYM_", "TELEGRAM_", "SLACK_", "UPSELL_", "REMINDERS__")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No setting leaks in from the machine: our variables cleared, cwd without a TOML file."""
    fields = {name.upper() for name in Settings.model_fields} | {"UPSELL_DB", "DB_PATH"}
    for name in list(os.environ):
        if name.upper().startswith(_OUR_PREFIXES) or name.upper() in fields:
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """The secrets a TOML file may point at with ``api_key_env``."""
    monkeypatch.setenv("PG_KEY_A", KEY_A)
    monkeypatch.setenv("PG_KEY_B", KEY_B)
    monkeypatch.setenv("PG_WEBHOOK_A", WEBHOOK_A)
    return monkeypatch


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bot.toml"
    path.write_text(text, encoding="utf-8")
    return path


def studio_table(name: str, key_env: str = "PG_KEY_A", **values: str) -> str:
    """A ``[[studios]]`` table; ``values`` are TOML literals that add or replace keys."""
    table = {
        "name": f'"{name}"',
        "base_url": f'"https://{name.lower()}.open-api.perfectgym.com"',
        "api_key_env": f'"{key_env}"',
        **values,
    }
    return "[[studios]]\n" + "".join(f"{key} = {value}\n" for key, value in table.items())


def failure(config_file: Path | None = None) -> str:
    """The ConfigError message, checked to be one line without any secret in it."""
    with pytest.raises(ConfigError) as caught:
        load_settings(config_file)
    message = str(caught.value)
    assert "\n" not in message and message.strip() == message
    for secret in SECRETS:
        assert secret not in message
    return message


# -- what works ------------------------------------------------------------------------------


def test_nothing_configured_gives_defaults_and_no_studio() -> None:
    settings = load_settings()
    assert settings.studios == [] and settings.db_path == DEFAULT_DB
    with pytest.raises(ConfigError, match="no studio configured"):
        settings.require_studios()


def test_one_studio_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PERFECTGYM_BASE_URL", BASE_URL + "/")
    monkeypatch.setenv("PERFECTGYM_API_KEY", KEY_A)
    monkeypatch.setenv("PERFECTGYM_WEBHOOK_KEY", WEBHOOK_A)
    (studio,) = load_settings().studios
    assert studio.name == "default"
    assert str(studio.base_url).rstrip("/") == BASE_URL
    assert studio.api_key.get_secret_value() == KEY_A
    assert studio.webhook_key is not None and studio.webhook_key.get_secret_value() == WEBHOOK_A
    assert (studio.time_zone, studio.language) == ("Europe/Berlin", "de")


def test_a_raised_perfectgym_limit_is_paced_at_95_percent(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """PerfectGym may set another limit than 1000 a minute for a key: the bot goes 5% under
    whatever it is, on average, and spends the 5% only as a burst."""
    monkeypatch.setenv("PERFECTGYM_BASE_URL", BASE_URL)
    monkeypatch.setenv("PERFECTGYM_API_KEY", KEY_A)
    assert load_settings().studios[0].requests_per_minute == 1000
    assert pace() == (950, 50)
    monkeypatch.setenv("PERFECTGYM_REQUESTS_PER_MINUTE", "3000")
    monkeypatch.setenv("REMINDERS__API_CALLS_PER_MINUTE", "2500")
    settings = load_settings()
    assert settings.studios[0].requests_per_minute == 3000
    assert pace(settings.studios[0].requests_per_minute) == (2850, 150)
    assert settings.reminders.api_calls_per_minute == 2500


def test_studio_name_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PERFECTGYM_BASE_URL", BASE_URL)
    monkeypatch.setenv("PERFECTGYM_API_KEY", KEY_A)
    monkeypatch.setenv("PERFECTGYM_STUDIO_NAME", "Berlin Mitte")
    assert [s.name for s in load_settings().studios] == ["Berlin Mitte"]
    assert load_settings().studio("Berlin Mitte").webhook_key is None


def test_several_studios_from_toml_with_keys_from_the_environment(
    env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        studio_table("Mitte", webhook_key_env='"PG_WEBHOOK_A"', slack_channel='"#mitte"')
        + studio_table(
            "Altona",
            "PG_KEY_B",
            time_zone='"Europe/London"',
            locale='"en_GB"',
            quiet_hours_start='"22:30:00"',
            default_cancelation_reason_id="21",
        ),
    )
    mitte, altona = load_settings(path).studios
    assert (mitte.name, mitte.api_key.get_secret_value(), mitte.slack_channel) == (
        "Mitte",
        KEY_A,
        "#mitte",
    )
    assert mitte.webhook_key is not None and mitte.webhook_key.get_secret_value() == WEBHOOK_A
    assert altona.api_key.get_secret_value() == KEY_B and altona.webhook_key is None
    assert (altona.zone.key, altona.language, altona.quiet_hours_start) == (
        "Europe/London",
        "en",
        time(22, 30),
    )
    assert altona.default_cancelation_reason_id == 21


def test_default_file_in_the_working_directory_is_read(env: pytest.MonkeyPatch) -> None:
    Path("upsell-bot.toml").write_text(studio_table("Mitte"), encoding="utf-8")
    assert [s.name for s in load_settings().studios] == ["Mitte"]


def test_environment_overrides_the_file(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'db_path = "from-file.sqlite3"\nlog_level = "WARNING"\nhttp_port = 9000\n'
        "[reminders]\ntrial_days_before = 5\n" + studio_table("Mitte"),
    )
    from_file = load_settings(path)
    assert (from_file.db_path, from_file.log_level, from_file.http_port) == (
        Path("from-file.sqlite3"),
        "WARNING",
        9000,
    )
    assert from_file.reminders.trial_days_before == 5
    env.setenv("UPSELL_DB", str(tmp_path / "from-env.sqlite3"))
    env.setenv("LOG_LEVEL", "DEBUG")
    env.setenv("HTTP_PORT", "9100")
    env.setenv("REMINDERS__TRIAL_DAYS_BEFORE", "2")
    overridden = load_settings(path)
    assert overridden.db_path == tmp_path / "from-env.sqlite3"
    assert (overridden.log_level, overridden.http_port) == ("DEBUG", 9100)
    assert overridden.reminders.trial_days_before == 2
    assert [s.name for s in overridden.studios] == ["Mitte"]


def test_log_level_is_case_insensitive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_LEVEL", "debug")
    assert load_settings().log_level == "DEBUG"


def test_upsell_db_names_the_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("UPSELL_DB", str(tmp_path / "bot.sqlite3"))
    assert load_settings().db_path == tmp_path / "bot.sqlite3"


def test_secrets_never_show_in_repr_or_str(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env.setenv("TELEGRAM_BOT_TOKEN", "123456:tg-token-secret")
    env.setenv("SLACK_BOT_TOKEN", "xoxb-slack-secret")
    env.setenv("SLACK_SIGNING_SECRET", "slack-signing-secret")
    env.setenv("UPSELL_SECRET_KEY", "link-code-pepper")
    path = write(tmp_path, studio_table("Mitte", webhook_key_env='"PG_WEBHOOK_A"'))
    settings = load_settings(path)
    shown = " ".join(
        [repr(settings), str(settings), repr(settings.studios), settings.model_dump_json()]
    )
    for secret in (*SECRETS, "tg-token-secret", "xoxb-slack-secret", "slack-signing-secret",
                   "link-code-pepper"):  # fmt: skip
        assert secret not in shown
    assert settings.telegram_bot_token is not None
    assert settings.telegram_bot_token.get_secret_value() == "123456:tg-token-secret"


# -- one clear line per mistake -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"PERFECTGYM_BASE_URL": BASE_URL}, "PERFECTGYM_API_KEY is missing"),
        ({"PERFECTGYM_API_KEY": KEY_A}, "PERFECTGYM_BASE_URL is missing"),
        ({"PERFECTGYM_BASE_URL": BASE_URL, "PERFECTGYM_API_KEY": "  "},
         "PERFECTGYM_API_KEY: must not be empty"),
        ({"PERFECTGYM_BASE_URL": "gym.example", "PERFECTGYM_API_KEY": KEY_A},
         "PERFECTGYM_BASE_URL"),
        ({"PERFECTGYM_BASE_URL": "ftp://gym.example", "PERFECTGYM_API_KEY": KEY_A},
         "PERFECTGYM_BASE_URL"),
        ({"PERFECTGYM_BASE_URL": BASE_URL, "PERFECTGYM_API_KEY": KEY_A,
          "PERFECTGYM_STUDIO_NAME": ""}, "PERFECTGYM_STUDIO_NAME"),
        ({"HTTP_PORT": "eighty"}, "HTTP_PORT"),
        ({"HTTP_PORT": "70000"}, "HTTP_PORT"),
        ({"REMINDERS__TRIAL_DAYS_BEFORE": "soon"}, "REMINDERS__TRIAL_DAYS_BEFORE"),
        ({"TELEGRAM_WEBHOOK_URL": "https://bot.example/tg"}, "TELEGRAM_WEBHOOK_SECRET"),
        ({"LOG_LEVEL": "chatty"}, "LOG_LEVEL (or log_level in"),
    ],
)  # fmt: skip
def test_environment_mistakes(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], expected: str
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    message = failure()
    assert message.startswith("configuration error: ")
    assert expected in message


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        (studio_table("Mitte", base_url='"gym.example"'), "[[studios]] #1 base_url"),
        (studio_table("Mitte") + studio_table("Altona", time_zone='"Mars/Olympus"'),
         "[[studios]] #2 time_zone: unknown time zone 'Mars/Olympus'"),
        (studio_table("Mitte", locale='"xx_QQ"'), "[[studios]] #1 locale: unknown locale"),
        (studio_table("Mitte", "PG_KEY_NOT_SET"),
         "api_key_env names PG_KEY_NOT_SET, which is not set"),
        (studio_table("Mitte") + studio_table("Mitte", "PG_KEY_B"), "share a name"),
        (studio_table("Mitte", default_cancelation_reason_id='"eleven"'),
         "[[studios]] #1 default_cancelation_reason_id"),
        (studio_table("Mitte", webhook_key_env='"PG_WEBHOOK_A"')
         + studio_table("Altona", "PG_KEY_B", webhook_key_env='"PG_WEBHOOK_A"'),
         "share a webhook_key"),
        (studio_table("Mitte", api_key_typo='"x"'), "[[studios]] #1 api_key_typo"),
        ("http_port = 'eighty'\n", "HTTP_PORT (or http_port in"),
        ("[reminders]\ntrial_days_before = 99\n", "[reminders] trial_days_before"),
        (studio_table("Mitte", requests_per_minute="10"),
         "[[studios]] #1 requests_per_minute"),
        ("[reminders]\napi_calls_per_minute = 1500\n" + studio_table("Mitte"),
         "api_calls_per_minute (1500) is above a studio's PerfectGym limit (1000 requests"),
        # an inline key is allowed, and still never echoed
        (f'[[studios]]\nname = "Mitte"\nbase_url = "{BASE_URL}"\napi_key = "{KEY_A}"\n'
         'time_zone = "Nowhere"\n', "[[studios]] #1 time_zone"),
    ],
)  # fmt: skip
def test_file_mistakes(env: pytest.MonkeyPatch, tmp_path: Path, toml: str, expected: str) -> None:
    path = write(tmp_path, toml)
    message = failure(path)
    assert message.startswith("configuration error: ")
    assert expected in message


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('db_pth = "/var/lib/upsell-bot/bot.sqlite3"\n', "unknown setting db_pth in"),
        ('db_pth = "bot.sqlite3"\n', "(did you mean db_path?)"),
        ('telegram_bot_tokn = "x"\n', "(did you mean telegram_bot_token?)"),
        ("[reminder]\nenabled = false\n", "unknown setting reminder in"),
        ("[[studio]]\nname = 'Mitte'\n", "unknown setting studio in"),
    ],
)
def test_an_unknown_key_in_the_file_stops_start_up(
    tmp_path: Path, toml: str, expected: str
) -> None:
    """A typo used to start the bot on a fresh database in the working directory."""
    message = failure(write(tmp_path, toml))
    assert message.startswith("configuration error: ")
    assert expected in message


def test_every_setting_and_alias_is_a_known_key_in_the_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SOME_UNRELATED_VARIABLE", "1")  # the environment is not checked
    monkeypatch.setenv("DB_PTH", "ignored")
    path = write(tmp_path, 'upsell_db = "a.sqlite3"\nLOG_LEVEL = "debug"\n[reminders]\n')
    settings = load_settings(path)
    assert (settings.db_path, settings.log_level) == (Path("a.sqlite3"), "DEBUG")
    monkeypatch.setenv("UPSELL_DB", "b.sqlite3")
    assert load_settings(path).db_path == Path("b.sqlite3")


def test_environment_studio_and_toml_studios_together(
    env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    env.setenv("PERFECTGYM_BASE_URL", BASE_URL)
    env.setenv("PERFECTGYM_API_KEY", KEY_B)
    message = failure(write(tmp_path, studio_table("Mitte")))
    assert "PERFECTGYM_BASE_URL/PERFECTGYM_API_KEY and [[studios]] are both set" in message


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    assert failure(path) == f"configuration file {path} does not exist"


def test_directory_instead_of_file(tmp_path: Path) -> None:
    assert failure(tmp_path) == f"configuration file {tmp_path} is a directory, not a file"


def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path, studio_table("Mitte"))
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user who can read any file (root)")
        assert failure(path) == f"configuration file {path} is not readable"
    finally:
        path.chmod(0o600)


def test_invalid_toml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, f'[[studios]\napi_key = "{KEY_A}"\n')
    message = failure(path)
    assert message.startswith(f"configuration file {path} is not valid TOML: ")
    assert "line 1" in message


def test_binary_file_is_not_toml(tmp_path: Path) -> None:
    path = tmp_path / "bot.toml"
    path.write_bytes(b"\xff\xfe\x00\x01 not text")
    assert failure(path) == f"configuration file {path} is not UTF-8 text"
