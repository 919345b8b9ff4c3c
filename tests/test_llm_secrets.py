"""API keys: keyring (in-memory backend here), the 0600 file fallback, redaction in logs."""

from __future__ import annotations

import logging
import stat

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.errors
import pytest

from core.llm import secrets
from core.llm.providers import ProviderSettings


@pytest.fixture
def memory_keyring(monkeypatch, tmp_path):
    previous = keyring.get_keyring()
    backend = secrets.MemoryKeyring()
    keyring.set_keyring(backend)
    monkeypatch.setattr(secrets, "_config_dir", lambda: tmp_path / "cfg")
    monkeypatch.setattr(secrets, "_fallback_in_use", False)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring(monkeypatch, tmp_path):
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    monkeypatch.setattr(secrets, "_config_dir", lambda: tmp_path / "cfg")
    monkeypatch.setattr(secrets, "_fallback_in_use", False)
    yield tmp_path / "cfg"
    keyring.set_keyring(previous)


def test_keyring_roundtrip(memory_keyring):
    assert secrets.get_api_key("DeepSeek") is None
    secrets.set_api_key("DeepSeek", "  sk-deepseek-0123456789  ")
    assert memory_keyring.data[("corpusmith", "DeepSeek")] == "sk-deepseek-0123456789"
    assert secrets.get_api_key("DeepSeek") == "sk-deepseek-0123456789"
    assert secrets.secrets_backend_notice() is None
    assert not secrets.fallback_path().exists()
    secrets.delete_api_key("DeepSeek")
    assert secrets.get_api_key("DeepSeek") is None
    secrets.delete_api_key("DeepSeek")  # deleting twice is fine


def test_file_fallback_without_keyring(no_keyring):
    with pytest.raises(keyring.errors.NoKeyringError):
        keyring.get_password("corpusmith", "x")  # what headless Linux does
    secrets.set_api_key("OpenAI", "sk-openai-fallback-999")
    secrets.set_api_key("Moonshot", "sk-moon-fallback-111")
    path = secrets.fallback_path()
    assert path.parent == no_keyring and path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert secrets.get_api_key("OpenAI") == "sk-openai-fallback-999"
    notice = secrets.secrets_backend_notice()
    assert notice and str(path) in notice and "keyring" in notice.lower()
    secrets.delete_api_key("OpenAI")
    assert secrets.get_api_key("OpenAI") is None
    assert secrets.get_api_key("Moonshot") == "sk-moon-fallback-111"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_keyring_wins_and_stale_fallback_copy_is_removed(no_keyring):
    secrets.set_api_key("Qwen", "sk-qwen-old-0000000")
    keyring.set_keyring(secrets.MemoryKeyring())  # a keyring appeared (user installed one)
    assert secrets.get_api_key("Qwen") == "sk-qwen-old-0000000"  # still found in the file
    secrets.set_api_key("Qwen", "sk-qwen-new-1111111")
    assert secrets.get_api_key("Qwen") == "sk-qwen-new-1111111"
    assert "Qwen" not in secrets.fallback_path().read_text()


def test_redact_and_log_filter(memory_keyring):
    secrets.set_api_key("Zhipu", "zk-secret-abcdef.ghijk")
    assert secrets.redact("key zk-secret-abcdef.ghijk here") == f"key {secrets.MASK} here"
    assert secrets.redact("a b", ["a"]) == f"{secrets.MASK} b"

    records: list[str] = []

    class ListHandler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    handler = ListHandler(level=logging.DEBUG)
    secrets.install_secret_filter(handler)
    logger = logging.getLogger("httpx.test-child")  # a child logger: the filter sits on the handler
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        logger.debug("Authorization: Bearer %s", "zk-secret-abcdef.ghijk")
        try:
            raise RuntimeError("boom with zk-secret-abcdef.ghijk")
        except RuntimeError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    text = "\n".join(records)
    assert "zk-secret-abcdef.ghijk" not in text
    assert text.count(secrets.MASK) >= 2 and "boom with" in text


def test_provider_settings_never_carry_the_key():
    s = ProviderSettings.from_dict({"base_url": "https://api.deepseek.com/v1", "model": "deepseek-chat",
                                    "api_key": "sk-should-vanish", "rpm": 60})
    d = s.to_dict()
    assert "api_key" not in d and "sk-should-vanish" not in repr(d) and d["rpm"] == 60
    assert ProviderSettings.from_dict(d) == s
