"""The import contracts (pyproject.toml, checked by `make imports`) cover every module they are about."""

from __future__ import annotations

import tomllib
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent


def test_every_module_of_server_has_its_layer():
    contracts = tomllib.loads((REPOSITORY / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"]["contracts"]
    (server,) = [c for c in contracts if c.get("containers") == ["alliance_kg.server"]]
    layered = {name.strip() for layer in server["layers"] for name in layer.split("|")}
    modules = {path.stem for path in (REPOSITORY / "server").glob("*.py")} - {"__init__"}
    assert sorted(modules - layered) == [] and sorted(layered - modules) == []


def test_every_room_of_the_package_is_a_layer_of_the_rooms_contract():
    pyproject = tomllib.loads((REPOSITORY / "pyproject.toml").read_text("utf-8"))
    (rooms,) = [c for c in pyproject["tool"]["importlinter"]["contracts"] if "containers" not in c and "layers" in c]
    layered = {name.strip() for layer in rooms["layers"] for name in layer.split("|")}
    packages = set(pyproject["tool"]["setuptools"]["package-dir"]) - {"alliance_kg"}
    modules = {f"alliance_kg.{path.stem}" for path in (REPOSITORY / "alliance_kg").glob("*.py")}
    assert sorted((packages | modules) - layered - {"alliance_kg.__init__", "alliance_kg.__main__"}) == []


def test_every_module_of_curation_has_its_layer():
    contracts = tomllib.loads((REPOSITORY / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"]["contracts"]
    for package, folder in (("alliance_kg.curation", "curation"), ("alliance_kg.curation.propose", "curation/propose")):
        (contract,) = [c for c in contracts if c.get("containers") == [package]]
        layered = {name.strip() for layer in contract["layers"] for name in layer.split("|")}
        here = REPOSITORY / folder
        modules = {p.stem for p in here.glob("*.py")} | {
            p.name for p in here.iterdir() if (p / "__init__.py").is_file()
        }
        assert (package, sorted(modules - {"__init__"} - layered), sorted(layered - modules)) == (package, [], [])
