"""ALLIANCE_KG_* as the one reader reads them: JSON values as Flask's from_prefixed_env, secrets as strings."""

from __future__ import annotations

from pathlib import Path

from alliance_kg.server import create_app
from alliance_kg.server.state import state
from pyoxigraph import Store

from alliance_kg import settings

REPOSITORY = Path(__file__).resolve().parent.parent


def test_values_are_read_as_json_except_secrets_urls_and_paths():
    environ = {
        "ALLIANCE_KG_QUERY_TIMEOUT": "5",
        "ALLIANCE_KG_LOG_QUERY_TEXT": "true",
        "ALLIANCE_KG_UPDATE_TOKEN": "0123456789",
        "ALLIANCE_KG_SPARQL_PASSWORD": "null",
        "ALLIANCE_KG_DATA": "~/kg",
        "ALLIANCE_KG_ANSWER_MAX_AGE": "not json",
        "ALLIANCE_KG_MAX_ROWS": "   ",
        "OTHER_QUERY_TIMEOUT": "9",
    }
    assert settings.read_environment(environ) == {
        "QUERY_TIMEOUT": 5,
        "LOG_QUERY_TEXT": True,
        "UPDATE_TOKEN": "0123456789",
        "SPARQL_PASSWORD": "null",
        "DATA": "~/kg",
        "ANSWER_MAX_AGE": "not json",
    }
    assert settings.data_dir(environ) == Path.home() / "kg"


def test_a_blank_allow_list_switches_federation_off(monkeypatch):
    monkeypatch.setenv("ALLIANCE_KG_SERVICE_ALLOWLIST", "")
    app = create_app({"STORE": Store()})
    assert state(app).allowlist.entries == ()


def test_the_environment_configures_the_app_and_explicit_configuration_wins(monkeypatch):
    monkeypatch.setenv("ALLIANCE_KG_QUERY_TIMEOUT", "3")
    monkeypatch.setenv("ALLIANCE_KG_MAX_ROWS", "7")
    app = create_app({"STORE": Store(), "MAX_ROWS": 9})
    assert (app.config["QUERY_TIMEOUT"], app.config["MAX_ROWS"]) == (3, 9)


def test_run_from_the_checkout_data_and_sources_default_to_its_folders():
    assert settings.data_dir({}) == REPOSITORY / "var"
    assert settings.sources_dir({}) == REPOSITORY / "seeds"
    assert settings.sources_dir({"ALLIANCE_KG_SOURCES": "/srv/sources"}) == Path("/srv/sources")


# What one request can take, and the key of each bound (docs/security.md, "Limits").
LIMITS = (
    "CLIENT_TIMEOUT",
    "CLIENT_REQUESTS",
    "MAX_CONTENT_LENGTH",
    "MAX_FORM_MEMORY_SIZE",
    "MAX_QUERY_LENGTH",
    "MAX_NESTING",
    "SERVICE_ALLOWLIST",
    "QUERY_TIMEOUT",
    "QUERY_MEMORY",
    "MAX_ANSWER_BYTES",
    "MAX_ROWS",
    "QUERY_PROCESSES",
    "QUEUE_TIMEOUT",
    "QUEUE_LENGTH",
    "CLIENT_QUERIES",
    "ANSWER_CACHE_BYTES",
)


def test_every_setting_is_documented_and_every_limit_is_in_the_security_table():
    import re

    from alliance_kg.server import DEFAULTS

    docs = Path(__file__).resolve().parent.parent / "docs"
    documented = set(re.findall(r"^### `(\w+)`$", (docs / "configuration.md").read_text(), re.M))
    assert set(DEFAULTS) - documented == set()
    security = (docs / "security.md").read_text()
    table = security[security.index("## Limits") : security.index("## The front")]
    rows = {key: line for line in table.splitlines() for key in re.findall(r"\[`(\w+)`\]\(configuration\.md", line)}
    assert [key for key in LIMITS if key not in rows] == []
    for key in LIMITS:
        assert key in documented
        setting, default, answer = rows[key].split(" | ")[-3:]
        assert default.strip() and answer.strip(" |"), rows[key]
