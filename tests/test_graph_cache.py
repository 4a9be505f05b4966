"""The session graph's cache key: it changes with any file the build reads, and only then."""

import shutil
from pathlib import Path

from graph_fixtures import BUILD_INPUT_ROOMS, REPOSITORY, build_inputs_digest


def copy_of_build_inputs(target: Path) -> Path:
    for room in BUILD_INPUT_ROOMS:
        shutil.copytree(REPOSITORY / room, target / room, ignore=shutil.ignore_patterns("__pycache__"))
    (target / "docs").mkdir()
    return target


def test_the_key_is_the_same_for_the_same_inputs(tmp_path: Path) -> None:
    root = copy_of_build_inputs(tmp_path)
    assert build_inputs_digest(root) == build_inputs_digest(REPOSITORY)
    (root / "docs" / "notes.md").write_text("not read by the build\n")
    assert build_inputs_digest(root) == build_inputs_digest(REPOSITORY)


def test_an_annotation_or_the_loaders_code_changing_changes_the_key(tmp_path: Path) -> None:
    root = copy_of_build_inputs(tmp_path)
    before = build_inputs_digest(root)
    annotation = root / "seeds" / "annotations" / "000.yaml"
    annotation.write_text(annotation.read_text() + "\n# a comment\n")
    after_annotation = build_inputs_digest(root)
    claims = root / "loaders" / "claims.py"
    claims.write_text(claims.read_text() + "\n")
    assert len({before, after_annotation, build_inputs_digest(root)}) == 3
