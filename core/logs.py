"""One rotating log file per user; secrets (keys, signed URL parameters) are masked by filters
added to its handler, and the HTTP libraries log only their warnings."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from core.paths import user_log_dir

log = logging.getLogger("corpusmith")

# HTTP libraries log every request URL at INFO; a Bilibili URL carries a WBI signature and the
# model URLs are of no use to a reader of the log. Their warnings and errors still come through.
QUIET_LOGGERS = ("httpx", "httpx2", "httpcore", "hpack", "urllib3")


def setup_logging(log_dir: Path | None = None, level: int = logging.INFO) -> Path:
    """Log to <user log dir>/corpusmith.log (1 MB × 5). Returns the file path."""
    directory = log_dir or user_log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "corpusmith.log"
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    root = logging.getLogger()
    if not any(getattr(h, "_corpusmith", False) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5,
                                                       encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler._corpusmith = True  # type: ignore[attr-defined]
        # API keys and cookies are masked in every record this file receives.
        from core.llm.secrets import install_secret_filter

        install_secret_filter(handler)
        root.addHandler(handler)
        root.setLevel(min(root.level or level, level))
    return path
