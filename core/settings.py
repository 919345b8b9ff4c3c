"""App settings (not project data): one dataclass with its defaults, a JSON file in the user
config dir. Secrets never go here (see core/llm/secrets.py)."""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from core.paths import user_config_dir

MAX_RECENT = 8


@dataclass
class AppSettings:
    language: str = "system"  # "system" (follow the OS locale), "zh_CN" or "en"; see resolve_language
    recent_projects: list[str] = field(default_factory=list)
    last_export_dir: str = ""
    # the named model services (core/llm/services.py: ModelService.to_dict(), never a key) and the
    # one picked last on a page; a new user starts with DeepSeek
    services: list[dict] = field(default_factory=list)
    service: str = ""
    llm: dict = field(default_factory=dict)  # before named services: the one connection (migrated, then emptied)
    theme: str = "system"  # "system" (follow the desktop's light/dark), "light" or "dark"
    window_geometry: str = ""  # QMainWindow.saveGeometry(), base64
    reopen_last_project: bool = True  # start where the user left off
    last_project: str = ""  # open when the app was closed ("" after File → Close project)

    def __post_init__(self) -> None:
        # An earlier version's single connection becomes the first named service (its key is
        # read where it was kept); an empty list gets the default. Never an empty list after this.
        from core.llm.services import services_from

        self.services = [s.to_dict() for s in services_from(self.services, self.llm)]
        self.llm = {}
        names = [s["name"] for s in self.services]
        if self.service not in names:
            self.service = names[0]

    def model_services(self) -> list:
        """The services as core.llm.services.ModelService objects, in the user's order."""
        from core.llm.services import services_from

        return services_from(self.services)

    def chosen_service(self, name: str | None = None):
        """The service called `name` (default: the one picked last), else the first."""
        from core.llm.services import find_service

        services = self.model_services()
        return find_service(services, name or self.service) or services[0]

    @classmethod
    def load(cls, path: Path | None = None) -> AppSettings:
        p = path or settings_path()
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()  # first run, or a damaged file: defaults are the safe answer
        if not isinstance(data, dict):
            return cls()
        # A value of the wrong type (a hand-edited file) falls back to that field's default
        # instead of breaking start-up later.
        defaults = cls()
        kept = {f.name: data[f.name] for f in fields(cls)
                if f.name in data and type(data[f.name]) is type(getattr(defaults, f.name))}
        return cls(**kept)

    def save(self, path: Path | None = None) -> None:
        p = path or settings_path()
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, p)

    def add_recent(self, project: str | Path) -> None:
        s = str(Path(project).absolute())
        self.recent_projects = [s] + [r for r in self.recent_projects if r != s][: MAX_RECENT - 1]


LANGUAGES = ("zh_CN", "en")  # the UI languages that exist: Chinese source strings, English .qm


def resolve_language(setting: str, system_locale: str) -> str:
    """The UI language to show: an explicit "zh_CN" or "en" as chosen; "system" (or any value this
    version does not know, e.g. from a newer settings file) follows the OS locale name
    (QLocale.system().name(), e.g. "zh_CN", "zh_TW", "en_US", "C").

    Every Chinese locale (zh_CN, zh_SG, and also zh_TW, zh_HK, zh_MO) gets the Simplified
    Chinese UI: it is the only Chinese there is, and it reads far better to a Traditional-script
    reader than English does. Everything else gets English."""
    if setting in LANGUAGES:
        return setting
    language = re.split(r"[_\-.@]", (system_locale or "").strip().lower(), maxsplit=1)[0]
    return "zh_CN" if language == "zh" else "en"


def settings_path() -> Path:
    return Path(os.environ.get("CORPUSMITH_CONFIG_DIR") or user_config_dir()) / "settings.json"
