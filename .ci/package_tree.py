"""Lays out the package's Python files as they are installed — `alliance_kg/server/…` — under build/package-tree.

The rooms live at the top of the repository and become `alliance_kg.<room>` through setuptools' `package-dir`
(pyproject.toml). Python finds them through the editable install, but static tools (mypy, import-linter) read
files by path, and import-linter does not follow symbolic links: this copy gives them the installed layout. It
is made anew on each run; error messages name `alliance_kg/<room>/…`, which is `<room>/…` in the repository.
"""

from __future__ import annotations

import shutil
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TREE = ROOT / "build" / "package-tree"


def main() -> int:
    package_dirs = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["package-dir"]
    shutil.rmtree(TREE, ignore_errors=True)
    for package, folder in package_dirs.items():
        target = TREE.joinpath(*package.split("."))
        for path in (ROOT / folder).glob("*.py") if "." not in package else (ROOT / folder).rglob("*.py"):
            copy = target / path.relative_to(ROOT / folder)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, copy)
    print(TREE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
