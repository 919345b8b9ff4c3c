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
from core.messages import say
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
        raise ProjectError(say("store.folder", path=str(p), suffix=PROJECT_SUFFIX))
    exists = p.exists() and p.stat().st_size > 0
    if not exists and not create:
        raise ProjectError(say("store.missing", path=str(p)))
    if not exists:
        if not p.parent.is_dir():
            raise ProjectError(say("store.no_folder", path=str(p), folder=str(p.parent)))
        if not os.access(p.parent, os.W_OK):
            raise ProjectError(say("store.folder_read_only", path=str(p)))
    try:
        conn = _connect(p, readonly)
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as e:
        if not exists:
            raise ProjectError(say("store.create_failed", path=str(p), error=str(e))) from e
        raise ProjectError(say("store.not_database", path=str(p), suffix=PROJECT_SUFFIX)) from e
    if exists and app_id != APPLICATION_ID:
        conn.close()
        raise ProjectError(say("store.not_project", path=str(p), suffix=PROJECT_SUFFIX))
    if version > SCHEMA_VERSION:
        conn.close()
        raise ProjectError(say("store.too_new", path=str(p), version=version, supported=SCHEMA_VERSION))
    if readonly:
        if version < SCHEMA_VERSION:
            conn.close()
            raise ProjectError(say("store.needs_upgrade", path=str(p)))
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
            raise ProjectError(say("store.read_only", path=str(p))) from e
        raise ProjectError(say("store.open_failed", path=str(p), error=msg)) from e
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
