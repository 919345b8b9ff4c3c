"""One rotating log file per user; secrets are masked by filters added to its handler."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from core.paths import user_log_dir

log = logging.getLogger("corpusmith")


def setup_logging(log_dir: Path | None = None, level: int = logging.INFO) -> Path:
    """Log to <user log dir>/corpusmith.log (1 MB × 5). Returns the file path."""
    directory = log_dir or user_log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "corpusmith.log"
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
