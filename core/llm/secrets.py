"""API keys: in the OS keyring, never in the project file, settings, logs or exports.

Where the OS offers no keyring (headless Linux: ``keyring.errors.NoKeyringError``) keys go to
``secrets.json`` in the user config dir, created readable by the user only (0600), and
:func:`secrets_backend_notice` returns a sentence the UI shows so the user knows.

Every key read or written here is registered for redaction: :func:`redact` and the logging
filter :class:`SecretFilter` replace it with ``[REDACTED]``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote_plus

import keyring
import keyring.backend
import keyring.errors

from core.errors import CorpusmithError
from core.messages import say
from core.paths import user_config_dir

SERVICE = "corpusmith"
FALLBACK_FILE = "secrets.json"
MASK = "[REDACTED]"
_MIN_SECRET_LEN = 6  # shorter strings are not masked (they would mask ordinary words)

_lock = threading.RLock()
_registered: set[str] = set()
_fallback_in_use = False


class SecretsError(CorpusmithError):
    """The key store could not be read or written."""


# ---- registration and redaction ------------------------------------------------------------
def register_secret(secret: str | None) -> None:
    """Mask this string in logs from now on (done for every key read or written here)."""
    if secret and len(secret) >= _MIN_SECRET_LEN:
        with _lock:
            _registered.add(secret)


def registered_secrets() -> frozenset[str]:
    with _lock:
        return frozenset(_registered)


def redact(text: str, secrets: Iterable[str | None] | None = None) -> str:
    """`text` with every secret (default: every registered key) replaced by [REDACTED]."""
    items = registered_secrets() if secrets is None else [s for s in secrets if s]
    # longest first, so a key that contains another is masked whole
    for s in sorted(items, key=len, reverse=True):
        if s in text:
            text = text.replace(s, MASK)
    return text


# ---- signed URLs -------------------------------------------------------------------------------
# A URL's query can carry a signature or a credential: Bilibili's WBI signature (w_rid, wts),
# app signatures (sign, appkey, access_key), tokens and session ids. Such a parameter lets whoever
# reads the log replay the request, so it never reaches a log: it is taken out of the URL.
_URL = re.compile(r"""(?i)\b(?:https?|wss?)://[^\s'"<>]+""")
_SIGNED_NAMES = frozenset({"w_rid", "wts", "sign", "appkey", "access_key", "ts", "expires", "sessdata",
                           "bili_jct", "buvid3", "buvid4", "csrf", "code", "ticket", "signature", "sig"})
_SIGNED_PARTS = ("sign", "token", "secret", "key", "sess", "auth", "csrf", "passw", "cookie", "credential")


def _is_signed(name: str) -> bool:
    name = unquote_plus(name).strip().lower()
    return name in _SIGNED_NAMES or any(part in name for part in _SIGNED_PARTS)


def _strip_query(m: re.Match) -> str:
    whole = m.group(0)
    url = whole.rstrip(".,;:!)]}'")
    tail = whole[len(url):]  # punctuation of the sentence the URL stands in
    base, question, rest = url.partition("?")
    if not question:
        return whole
    query, hashmark, fragment = rest.partition("#")
    kept = [p for p in query.split("&") if p and not _is_signed(p.partition("=")[0])]
    removed = len(kept) < len([p for p in query.split("&") if p])
    if not removed:
        return whole
    query = "&".join([*kept, MASK])
    return f"{base}?{query}{hashmark}{fragment}{tail}"


def redact_urls(text: str) -> str:
    """`text` with the signed or secret query parameters of every URL in it taken out (one
    [REDACTED] says that something was); the rest of each URL stays for debugging."""
    if "://" not in text:
        return text
    return _URL.sub(_strip_query, text)


def redact_log_text(text: str, secrets: Iterable[str | None] | None = None) -> str:
    """What a log may show of `text`: keys masked, signed URL parameters taken out."""
    return redact_urls(redact(text, secrets))


class SecretFilter(logging.Filter):
    """Masks registered keys, and takes signed parameters out of URLs, in log records. Attach it
    to handlers (a filter on a logger does not see records propagated from child loggers such as
    ``httpx`` or ``openai``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        secrets = registered_secrets()
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: leave the record to the handler's error path
            return True
        masked = redact_log_text(message, secrets)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_log_text(record.exc_text, secrets)
        if record.stack_info:
            record.stack_info = redact_log_text(record.stack_info, secrets)
        return True


def install_secret_filter(*handlers: logging.Handler) -> SecretFilter:
    """Attach one SecretFilter to `handlers` (default: every handler of the root logger)."""
    flt = SecretFilter()
    for h in handlers or tuple(logging.getLogger().handlers):
        if not any(isinstance(f, SecretFilter) for f in h.filters):
            h.addFilter(flt)
    return flt


# ---- storage -------------------------------------------------------------------------------
def _config_dir() -> Path:
    """Where the fallback file lives (tests monkeypatch this)."""
    return Path(os.environ.get("CORPUSMITH_CONFIG_DIR") or user_config_dir())


def fallback_path() -> Path:
    return _config_dir() / FALLBACK_FILE


def _read_fallback() -> dict[str, str]:
    try:
        data = json.loads(fallback_path().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as e:
        raise SecretsError(say("secrets.file_unreadable", path=str(fallback_path()), error=str(e))) from e
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _write_fallback(data: dict[str, str]) -> None:
    path = fallback_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".secrets-", dir=path.parent)  # created 0600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                os.chmod(tmp, 0o600)
                json.dump(data, f, ensure_ascii=False, indent=1)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        os.chmod(path, 0o600)
    except OSError as e:
        raise SecretsError(say("secrets.not_saved", path=str(path), error=str(e))) from e


def _use_fallback() -> None:
    global _fallback_in_use
    _fallback_in_use = True


def _keyring_error(action: str, e: Exception) -> SecretsError:
    codes = {"read": say("secrets.keyring_refused_read", kind=type(e).__name__),
             "store": say("secrets.keyring_refused_store", kind=type(e).__name__),
             "delete": say("secrets.keyring_refused_delete", kind=type(e).__name__)}
    return SecretsError(codes[action])


def get_api_key(name: str) -> str | None:
    """The key stored for provider profile `name`, or None."""
    key: str | None = None
    with _lock:
        try:
            key = keyring.get_password(SERVICE, name)
        except keyring.errors.NoKeyringError:
            _use_fallback()
        except keyring.errors.KeyringError as e:
            raise _keyring_error("read", e) from e
        if key is None and (_fallback_in_use or fallback_path().exists()):
            key = _read_fallback().get(name)
    register_secret(key)
    return key or None


def set_api_key(name: str, key: str) -> None:
    """Store `key` for provider profile `name` (keyring, or the 0600 fallback file)."""
    key = key.strip()
    if not key:
        delete_api_key(name)
        return
    register_secret(key)
    with _lock:
        try:
            keyring.set_password(SERVICE, name, key)
        except keyring.errors.NoKeyringError:
            _use_fallback()
            data = _read_fallback()
            data[name] = key
            _write_fallback(data)
            return
        except keyring.errors.KeyringError as e:
            raise _keyring_error("store", e) from e
        # a copy left in the fallback file by an earlier session is stale now
        if fallback_path().exists():
            data = _read_fallback()
            if data.pop(name, None) is not None:
                _write_fallback(data)


def delete_api_key(name: str) -> None:
    with _lock:
        try:
            keyring.delete_password(SERVICE, name)
        except keyring.errors.PasswordDeleteError:
            pass
        except keyring.errors.NoKeyringError:
            _use_fallback()
        except keyring.errors.KeyringError as e:
            raise _keyring_error("delete", e) from e
        if fallback_path().exists():
            data = _read_fallback()
            if data.pop(name, None) is not None:
                _write_fallback(data)


def keyring_available() -> bool:
    try:
        keyring.get_password(SERVICE, "__corpusmith_probe__")
    except keyring.errors.NoKeyringError:
        return False
    except keyring.errors.KeyringError:
        return True  # there is a keyring; it refused this time
    return True


def secrets_backend_notice() -> str | None:
    """A sentence for the UI (in the current language) when keys are kept in the fallback file;
    None with a keyring."""
    if keyring_available():
        return None
    _use_fallback()
    return say("secrets.no_keyring", path=str(fallback_path())).render()


# ---- isolation (self-test, tests) --------------------------------------------------------------
class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that lives in memory: nothing is read from or written to the user's store."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.data.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.data[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.data.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


@contextlib.contextmanager
def isolated_keyring():
    """Keys in memory for the duration (the self-test and the test suite): the user's keyring is
    never asked — no unlock prompt, no test key left behind. Yields the backend."""
    global _fallback_in_use
    previous, previous_fallback = keyring.get_keyring(), _fallback_in_use
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    _fallback_in_use = False
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
        _fallback_in_use = previous_fallback
