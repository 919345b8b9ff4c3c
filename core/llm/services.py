"""Named model services: the connections a user keeps in Settings (「DeepSeek 便宜」「本地 Ollama」),
each a :class:`ProviderSettings` under a name the user chose. Every page that calls a model picks
one by name; the CLI takes ``--service NAME``.

The list lives in the app settings (``AppSettings.services``, plain dicts, never a key). Each
service's API key is in the keyring under :func:`service_key_name` — per service, so two DeepSeek
accounts can sit side by side. A service migrated from the single connection of earlier versions
remembers where that key was kept (``legacy_key``) and reads it from there until a key of its own
is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from core.llm.providers import CUSTOM, DEFAULT_PRESET, ProviderSettings, key_name, preset

SERVICE_KEY_PREFIX = "service:"
MAX_NAME_CHARS = 40


@dataclass
class ModelService:
    name: str
    settings: ProviderSettings
    legacy_key: str = ""  # keyring name of a key saved before named services existed

    def to_dict(self) -> dict[str, Any]:
        data = {"name": self.name, **self.settings.to_dict()}
        if self.legacy_key:
            data["legacy_key"] = self.legacy_key
        return data

    @classmethod
    def from_dict(cls, data: Any) -> ModelService | None:
        """None for an entry a hand-edited file left without a usable name or URL fields."""
        if not isinstance(data, dict):
            return None
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            return None
        try:
            settings = ProviderSettings.from_dict({k: v for k, v in data.items() if k != "name"})
        except TypeError:  # base_url or model missing
            return None
        if not isinstance(settings.base_url, str) or not isinstance(settings.model, str):
            return None
        legacy = data.get("legacy_key")
        return cls(name.strip(), settings, legacy if isinstance(legacy, str) else "")


def default_service() -> ModelService:
    """A new user's first service: DeepSeek, with no key yet (the page says so and offers Settings)."""
    return ModelService(DEFAULT_PRESET, ProviderSettings.from_preset(DEFAULT_PRESET))


def suggested_name(settings: ProviderSettings) -> str:
    """A name for a service nobody named yet: the preset's name, or the server's host."""
    if settings.provider and settings.provider != CUSTOM and preset(settings.provider) is not None:
        return settings.provider
    p = settings.preset()
    if p is not None and p.name != CUSTOM:
        return p.name
    return urlsplit(settings.base_url).hostname or settings.base_url or "1"


def unique_name(wanted: str, taken: list[str] | set[str]) -> str:
    """`wanted`, or `wanted 2`, `wanted 3` … when a service of that name exists."""
    wanted = wanted.strip()[:MAX_NAME_CHARS] or "1"
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted} {n}" in taken:
        n += 1
    return f"{wanted} {n}"


def services_from(raw: Any, legacy_llm: Any = None) -> list[ModelService]:
    """The services of a settings file: its list (entries without a name dropped, names made
    unique); else the single connection of an earlier version as the first named service; else
    the new user's default."""
    services: list[ModelService] = []
    for item in raw if isinstance(raw, list) else []:
        service = ModelService.from_dict(item)
        if service is not None:
            service.name = unique_name(service.name, {s.name for s in services})
            services.append(service)
    if services:
        return services
    if isinstance(legacy_llm, dict) and legacy_llm:
        try:
            settings = ProviderSettings.from_dict(legacy_llm)
        except TypeError:
            settings = None
        if settings is not None and settings.base_url:
            return [ModelService(suggested_name(settings), settings, legacy_key=key_name(settings))]
    return [default_service()]


def find_service(services: list[ModelService], name: str) -> ModelService | None:
    for s in services:
        if s.name == name:
            return s
    return None


# ---- keys ------------------------------------------------------------------------------------
def service_key_name(name: str) -> str:
    """Under which name a service's key is kept in the keyring."""
    return SERVICE_KEY_PREFIX + name


def get_service_key(service: ModelService) -> str | None:
    """The service's own key, else the key an earlier version kept for the same connection."""
    from core.llm.secrets import get_api_key

    key = get_api_key(service_key_name(service.name))
    if not key and service.legacy_key:
        key = get_api_key(service.legacy_key)
    return key or None


def set_service_key(name: str, key: str) -> None:
    """Keep `key` for the service `name`; an empty key forgets the stored one."""
    from core.llm.secrets import set_api_key

    set_api_key(service_key_name(name), key)  # (an empty key deletes)


def forget_service_key(name: str) -> None:
    from core.llm.secrets import delete_api_key

    delete_api_key(service_key_name(name))
