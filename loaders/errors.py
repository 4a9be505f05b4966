"""Errors that stop a build, each naming the file and line to fix."""

from __future__ import annotations

from pathlib import Path


class LoadError(Exception):
    """A problem in an input file: which file, which line, what is wrong, and what to do."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{display_path(self.path)}:{self.line}" if self.line else display_path(self.path)
        return f"{where}: {self.message}"


class BuildError(Exception):
    """The build failed; carries every LoadError found, so one run reports all of them."""

    def __init__(self, errors: list[LoadError]) -> None:
        self.errors = errors
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [f"build failed with {len(self.errors)} error(s); the previous graph is still in place:"]
        lines += [f"  {error}" for error in self.errors]
        return "\n".join(lines)


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
