"""Point a page at a test server the way a user does after Settings: a named model service saved
in the app settings (its key in the keyring, never in the file) and chosen on the page's line."""

from __future__ import annotations

from fake_openai import DEFAULT_KEY

from core.llm.providers import ProviderSettings
from core.llm.services import ModelService, set_service_key


def save_service(app_settings, name: str, base_url: str, model: str = "fake-model", key: str = DEFAULT_KEY,
                 provider: str = "Custom", **values) -> None:
    """Add (or replace) the service `name` in `app_settings`."""
    settings = ProviderSettings(base_url=base_url, model=model, provider=provider, **values)
    others = [s for s in app_settings.services if s["name"] != name]
    app_settings.services = [*others, ModelService(name, settings).to_dict()]
    set_service_key(name, key)


def use_service(picker, server, name: str = "测试服务", model: str = "fake-model", **values) -> None:
    """Save a service that calls `server` and choose it on `picker` (a page's ServicePicker)."""
    save_service(picker.app_settings, name, server.base_url, model, **values)
    picker.reload()
    assert picker.select(name) and picker.missing() == ""
