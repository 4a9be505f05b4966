"""The one reader of the environment: every `ALLIANCE_KG_*` variable, and where data and sources live by default.

Values are read as Flask's `Config.from_prefixed_env` reads them — `ALLIANCE_KG_QUERY_TIMEOUT=5` is the integer 5,
`ALLIANCE_KG_LOG_QUERY_TEXT=true` a boolean, a JSON list a list — except the keys of `TEXT_KEYS` (secrets, URLs,
paths), which stay exactly the strings given: a token made of digits is still a token.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

PREFIX = "ALLIANCE_KG_"
TEXT_KEYS = frozenset(
    {
        "DATA",
        "SOURCES",
        "UPDATE_TOKEN",
        "BACKEND",
        "SPARQL_QUERY_URL",
        "SPARQL_UPDATE_URL",
        "SPARQL_GRAPH_STORE_URL",
        "SPARQL_USER",
        "SPARQL_PASSWORD",
        "SERVICE_ALLOWLIST",
        "TRUSTED_PROXIES",
        "METRICS_CLIENTS",
        "FRONT",
        "PUBLIC_BASE",
        "PUBLIC_URL",
        "WIKIDATA_ENDPOINT",
        "USER_AGENT",
        "CURATOR",
    }
)
BLANK_IS_A_VALUE = frozenset({"SERVICE_ALLOWLIST"})  # ALLIANCE_KG_SERVICE_ALLOWLIST="" switches federation off


def read_environment(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """`{KEY: value}` for every `ALLIANCE_KG_KEY` set in `environ` (default: the process's); a blank value counts as
    unset, except for the keys of `BLANK_IS_A_VALUE`."""
    environ = os.environ if environ is None else environ
    settings: dict[str, Any] = {}
    for name in sorted(environ):
        key, value = name.removeprefix(PREFIX), environ[name]
        if not name.startswith(PREFIX) or (not value.strip() and key not in BLANK_IS_A_VALUE):
            continue
        if key in TEXT_KEYS:
            settings[key] = value.strip()
            continue
        try:
            settings[key] = json.loads(value)
        except ValueError:
            settings[key] = value
    return settings


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Where built stores live: `ALLIANCE_KG_DATA`; else, run from a checkout, its `var/` (where `make serve` builds);
    else the user's data folder (`$XDG_DATA_HOME/alliance-kg`)."""
    environ = os.environ if environ is None else environ
    configured = read_environment(environ).get("DATA")
    if configured:
        return Path(configured).expanduser()
    checkout = _checkout()
    if checkout is not None:
        return checkout / "var"
    base = environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "alliance-kg"


def runtime_dir(environ: Mapping[str, str] | None = None) -> Path | None:
    """Where a server keeps its private sockets: `$XDG_RUNTIME_DIR` (per user, in memory), else None (the temporary
    folder)."""
    environ = os.environ if environ is None else environ
    configured = environ.get("XDG_RUNTIME_DIR")
    return Path(configured) if configured else None


def _checkout() -> Path | None:
    """The repository this package runs from (a development install), or None for an installed wheel."""
    root = Path(__file__).resolve().parent.parent
    return root if (root / "pyproject.toml").is_file() and (root / "seeds" / "metadata.yaml").is_file() else None


def sources_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The sources folder the build reads and curation writes: `ALLIANCE_KG_SOURCES`, else the package's own
    `seeds/` (the checkout's folder in a development install, the packaged copy in a wheel)."""
    configured = read_environment(environ).get("SOURCES")
    if configured:
        return Path(configured).expanduser()
    from alliance_kg import seeds

    return Path(seeds.__file__).resolve().parent
