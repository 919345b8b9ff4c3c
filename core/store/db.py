"""Opening a project file: checks, pragmas, migrations, clear errors."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from threading import RLock
from urllib.parse import quote

from core.errors import ProjectError
from core.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

PROJECT_SUFFIX = ".corpus"


def project_uri(path: Path, readonly: bool) -> str:
    """The SQLite URI of an absolute path. Every character SQLite reads specially in a URI
    (`#` starts a fragment, `?` the query, `%` an escape) is percent-escaped: "a#1.corpus" is
    opened as itself, not as "a". Windows drive paths get the leading slash SQLite expects."""
    escaped = quote(path.as_posix(), safe="/:")
    if not escaped.startswith("/"):
        escaped = "/" + escaped  # C:/x → /C:/x (file:///C:/x)
    return f"file://{escaped}?mode={'ro' if readonly else 'rwc'}"


def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    uri = project_uri(path, readonly)
    # isolation_level=None: we open transactions ourselves (BEGIN IMMEDIATE) so a write never
    # waits half-done on a lock, and each batch commits exactly once.
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, timeout=10)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def open_connection(path: str | os.PathLike, *, create: bool = False, readonly: bool = False):
    """Open (or create) a project file and bring its schema up to date.

    Returns (connection, lock). Raises ProjectError with a message naming the file and the fix.
    """
    p = Path(path).expanduser().absolute()
    if p.is_dir():
        raise ProjectError(f"“{p}” is a folder, not a project file. Choose a {PROJECT_SUFFIX} file.")
    exists = p.exists() and p.stat().st_size > 0
    if not exists and not create:
        raise ProjectError(f"Project file “{p}” does not exist. Create a new project instead.")
    if not exists:
        if not p.parent.is_dir():
            raise ProjectError(f"Cannot create “{p}”: the folder “{p.parent}” does not exist.")
        if not os.access(p.parent, os.W_OK):
            raise ProjectError(
                f"Cannot create “{p}”: the folder is read-only. Choose a folder you can write to."
            )
    try:
        conn = _connect(p, readonly)
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as e:
        if not exists:
            raise ProjectError(f"Cannot create “{p}”: {e}. Choose a folder you can write to.") from e
        raise ProjectError(
            f"“{p}” is not a Corpusmith project (it is not a SQLite database). "
            f"Open a {PROJECT_SUFFIX} file created by Corpusmith."
        ) from e
    if exists and app_id != APPLICATION_ID:
        conn.close()
        raise ProjectError(
            f"“{p}” is a SQLite database but not a Corpusmith project. "
            f"Open a {PROJECT_SUFFIX} file created by Corpusmith."
        )
    if version > SCHEMA_VERSION:
        conn.close()
        raise ProjectError(
            f"“{p}” was saved by a newer Corpusmith (project format {version}, this app reads up "
            f"to {SCHEMA_VERSION}). Update Corpusmith to open it."
        )
    if readonly:
        if version < SCHEMA_VERSION:
            conn.close()
            raise ProjectError(f"“{p}” needs an upgrade; open it once for writing first.")
        return conn, RLock()
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        # NORMAL is durable against a killed process in WAL mode; only a power cut can lose
        # the last commits, never corrupt the file.
        conn.execute("PRAGMA synchronous = NORMAL")
        _migrate(conn, version)
    except sqlite3.OperationalError as e:
        conn.close()
        msg = str(e)
        if "readonly" in msg or "read-only" in msg or "unable to open" in msg:
            raise ProjectError(
                f"“{p}” cannot be written (read-only file or folder). "
                "Copy the project to a folder you can write to and open the copy."
            ) from e
        raise ProjectError(f"“{p}” could not be opened: {msg}.") from e
    return conn, RLock()


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    for target in range(version, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for stmt in _split_sql(MIGRATIONS[target]):
                conn.execute(stmt)
            if target == 0:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {target + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _split_sql(script: str) -> Iterator[str]:
    """Statements of a migration script, so they run inside one transaction.

    (executescript() would COMMIT first, breaking the all-or-nothing migration.)
    """
    buf = ""
    for line in script.splitlines(keepends=True):
        code = line.split("--", 1)[0]
        buf += code
        if sqlite3.complete_statement(buf):
            if buf.strip():
                yield buf.strip()
            buf = ""
    if buf.strip():
        yield buf.strip()


@contextmanager
def transaction(conn: sqlite3.Connection, lock: RLock):
    """One write transaction; all or nothing."""
    with lock:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")
