import logging

from core.llm.secrets import register_secret
from core.logs import setup_logging


def test_log_file_masks_registered_secrets(tmp_path):
    path = setup_logging(tmp_path)
    key = "sk-test-abcdef0123456789"
    register_secret(key)
    logging.getLogger("httpx").warning("request with Authorization: Bearer %s", key)
    try:
        raise RuntimeError(f"bad key {key}")
    except RuntimeError:
        logging.getLogger("corpusmith").exception("failed")
    for h in logging.getLogger().handlers:
        h.flush()
    text = path.read_text(encoding="utf-8")
    assert "Authorization" in text and "failed" in text
    assert key not in text
    root = logging.getLogger()
    for h in [h for h in root.handlers if getattr(h, "_corpusmith", False)]:
        root.removeHandler(h)
        h.close()
