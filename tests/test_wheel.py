"""The package as a user installs it: a wheel in a fresh virtual environment, used outside the checkout."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parent.parent
ROOMS = ("ontology", "loaders", "queries", "server", "store", "curation", "seeds")

pytestmark = pytest.mark.slow


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"{command}: {result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # --no-build-isolation: the build uses this environment's pinned setuptools, with no download
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", out, REPOSITORY, cwd=out)
    return next(out.glob("alliance_kg-*.whl"))


def test_the_wheel_installs_one_namespace_and_carries_the_sources(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    top_level = {name.split("/", 1)[0] for name in names if not name.split("/", 1)[0].endswith(".dist-info")}
    assert top_level == {"alliance_kg"}
    assert {f"alliance_kg/{room}/__init__.py" for room in ROOMS} <= set(names)
    for data in ("seeds/metadata.yaml", "seeds/entities.yaml", "seeds/annotations/000.yaml", "ontology/alliance.ttl",
                 "seeds/releases.yaml", "seeds/released-iris.txt"):  # fmt: skip
        assert f"alliance_kg/{data}" in names
    # what `propose` and `review` read at run time: the rules' word lists, the review page and its script and style
    for data in (
        "curation/propose/lexicon.yaml",
        "curation/propose/relations.py",
        "curation/propose_command.py",
        "curation/review/templates/review.html",
        "curation/review/static/review.js",
        "curation/review/static/review.css",
    ):
        assert f"alliance_kg/{data}" in names
    assert sum(re.fullmatch(r"alliance_kg/seeds/\d{3}_[0-9a-f]{16}\.txt", name) is not None for name in names) == 5


def test_the_installed_wheel_builds_and_answers_the_flagship_outside_the_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    fresh_site = Path(
        run(
            venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path
        ).stdout.strip()
    )
    # The dependencies come from this test environment (no download); the project itself only from the wheel:
    # a path added by a .pth file is not scanned for .pth files, so this environment's editable install stays out.
    (fresh_site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", wheel, cwd=tmp_path)
    assert sorted(p.name for p in fresh_site.iterdir() if p.name in ROOMS) == []

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALLIANCE_KG_") and k != "PYTHONPATH"}
    env["HOME"] = str(tmp_path / "home")
    where = run(
        venv / "bin" / "python", "-c", "import alliance_kg.server; print(alliance_kg.server.__file__)", cwd=elsewhere
    )
    assert where.stdout.startswith(str(fresh_site))

    built = run(venv / "bin" / "alliance-kg", "build", cwd=elsewhere, env=env)
    assert "built" in built.stderr and str(tmp_path / "home" / ".local" / "share" / "alliance-kg") in built.stderr
    answer = run(venv / "bin" / "alliance-kg", "query", "article_v_domains", "--format", "csv", cwd=elsewhere, env=env)
    rows = answer.stdout.splitlines()
    assert rows[0].startswith("domain,since,latest,establishedBy,source,quote")
    assert len(rows) == 1 + 7
    assert {row.split(",", 1)[0] for row in rows[1:]} == {"land", "air", "maritime", "cyber", "space"}
