"""What Review shows beside a sample: how it was made (``meta["made"]``) and the source text an
answer was grounded in (the chunk keys a flow kept in ``meta["chunk"]`` / ``meta["context"]``)."""

from __future__ import annotations

import json
from typing import Any

MAX_EVIDENCE_CHARS = 600  # of each chunk shown


def made_lines(meta: dict[str, Any]) -> list[str]:
    """One line per fact of the provenance, in a stable order ([] when the sample has none)."""
    made = meta.get("made")
    if not isinstance(made, dict):
        gen = meta.get("gen") or meta.get("flow")
        return [f"flow: {gen}"] if gen else []
    lines = [f"flow: {made.get('flow', '')}"]
    for key in ("model", "base_url", "temperature", "from", "schema"):
        if made.get(key) not in (None, ""):
            lines.append(f"{key}: {made[key]}")
    for name, digest in (made.get("templates") or {}).items():
        lines.append(f"template {name}: {digest}")
    params = made.get("params")
    if params:
        lines.append("params: " + json.dumps(params, ensure_ascii=False, sort_keys=True))
    if meta.get("similarity"):  # the style flow: which measure judged the reply
        score = meta.get("similarity_score")
        lines.append(f"similarity: {meta['similarity']}" + (f" {score:.2f}" if isinstance(score, float) else ""))
    return lines


def evidence_keys(meta: dict[str, Any]) -> list[str]:
    keys = []
    if isinstance(meta.get("chunk"), str):
        keys.append(meta["chunk"])
    keys += [k for k in meta.get("context") or [] if isinstance(k, str)]
    return list(dict.fromkeys(keys))


def evidence(store: Any, meta: dict[str, Any]) -> list[tuple[str, str]]:
    """(chunk key, its text, shortened) for each chunk the sample's answer was grounded in."""
    wanted = evidence_keys(meta)
    by_source: dict[int, list[str]] = {}
    for key in wanted:
        head = key.split(":", 1)[0]
        if head.isdigit():
            by_source.setdefault(int(head), []).append(key)
    texts: dict[str, str] = {}
    for source_id, keys in by_source.items():
        for key, _parent, text in store.raw_item_values(source_id, "chunk", ["text"], keys=keys):
            text = text or ""
            texts[key] = text if len(text) <= MAX_EVIDENCE_CHARS else text[:MAX_EVIDENCE_CHARS] + "…"
    return [(key, texts[key]) for key in wanted if key in texts]
