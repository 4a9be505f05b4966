"""Writing into the sources folder all at once or not at all: every curation command's changes go through here.

A `Changes` collects the new content of each file (the text of a new source, metadata.yaml, entities.yaml, an
annotation file); `commit()` writes each beside its target as a temporary file (flushed to disk), then moves them
into place with `os.replace`, which is atomic per file. If anything fails before the last move, the files already
moved are put back as they were and new ones removed, so a failed command leaves the folder as it found it.
`locked()` keeps two curation commands from writing the same sources folder at the same time.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from alliance_kg.loaders.sources import SourcesFolder

LOCK_FILE = ".curation.lock"


class WriteConflict(Exception):
    """A file to be created exists already, or another command holds the sources folder."""


class Changes:
    """New contents for files, written together by `commit()`."""

    def __init__(self) -> None:
        self._files: dict[Path, tuple[bytes, bool]] = {}

    def write(self, path: Path, data: bytes | str) -> None:
        """Replace (or create) `path` with `data` on commit."""
        self._files[Path(path)] = (data.encode("utf-8") if isinstance(data, str) else data, False)

    def create(self, path: Path, data: bytes | str) -> None:
        """Create `path` on commit; it is an error if it exists by then."""
        self._files[Path(path)] = (data.encode("utf-8") if isinstance(data, str) else data, True)

    @property
    def paths(self) -> list[Path]:
        return list(self._files)

    def commit(self) -> None:
        staged: list[tuple[Path, Path]] = []
        try:
            for path, (data, must_be_new) in self._files.items():
                if must_be_new and path.exists():
                    raise WriteConflict(f"{path} exists already; nothing was written")
                path.parent.mkdir(parents=True, exist_ok=True)
                handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                    out.flush()
                    os.fsync(out.fileno())
                if path.exists():
                    os.chmod(temporary, path.stat().st_mode & 0o7777)
                else:
                    os.chmod(temporary, 0o644)
                staged.append((path, Path(temporary)))
        except BaseException:
            for _, temporary in staged:
                temporary.unlink(missing_ok=True)
            raise
        backups: list[tuple[Path, bytes | None]] = []
        try:
            for path, temporary in staged:
                backups.append((path, path.read_bytes() if path.exists() else None))
                os.replace(temporary, path)
        except BaseException:
            for path, before in reversed(backups):
                if before is None:
                    path.unlink(missing_ok=True)
                else:
                    path.write_bytes(before)
            for _, temporary in staged:
                temporary.unlink(missing_ok=True)
            raise


@contextlib.contextmanager
def locked(sources: SourcesFolder) -> Iterator[None]:
    """Hold the sources folder's curation lock for the block (no waiting: a second writer is told to retry)."""
    path = sources.root / LOCK_FILE
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise WriteConflict(
                f"another curation command is writing {sources.root} (lock {path}); try again when it has finished"
            ) from error
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
