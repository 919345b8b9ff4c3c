"""App settings (not project data): one dataclass with its defaults, a JSON file in the user
config dir. Secrets never go here (see core/llm/secrets.py)."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from core.paths import user_config_dir

MAX_RECENT = 8


@dataclass
class AppSettings:
    language: str = "zh_CN"  # "zh_CN" or "en"
    recent_projects: list[str] = field(default_factory=list)
    last_export_dir: str = ""
    llm: dict = field(default_factory=dict)  # ProviderSettings.to_dict() of the last connection (no key)

    @classmethod
    def load(cls, path: Path | None = None) -> AppSettings:
        p = path or settings_path()
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()  # first run, or a damaged file: defaults are the safe answer
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def save(self, path: Path | None = None) -> None:
        p = path or settings_path()
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, p)

    def add_recent(self, project: str | Path) -> None:
        s = str(Path(project).absolute())
        self.recent_projects = [s] + [r for r in self.recent_projects if r != s][: MAX_RECENT - 1]


def settings_path() -> Path:
    return Path(os.environ.get("CORPUSMITH_CONFIG_DIR") or user_config_dir()) / "settings.json"
