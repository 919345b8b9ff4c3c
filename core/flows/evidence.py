"""What Review shows beside a sample: how it was made (``meta["made"]``) and the source text an
answer was grounded in (the chunk keys a flow kept in ``meta["chunk"]`` / ``meta["context"]``)."""

from __future__ import annotations

from typing import Any

from core.messages import Message, render, say

MAX_EVIDENCE_CHARS = 600  # of each chunk shown
MAX_VALUE_CHARS = 80  # of one parameter's value shown (a long instruction or system prompt)
MAX_LIST_ITEMS = 8  # of a list parameter's items shown

# Flow names as a reader calls them; an unknown flow shows as stored.
_FLOWS = {
    "qa": say("flows.made.flow_qa"), "aspects": say("flows.made.flow_aspects"),
    "novel": say("flows.made.flow_novel"), "style": say("flows.made.flow_style"),
    "dialogue_extract": say("flows.made.flow_dialogue_extract"), "extract": say("flows.made.flow_extract"),
    "demo": say("flows.made.flow_demo"),
    # the builders that call no model (scripts, chunks, comment and chat dialogues)
    "script_qa": say("flows.made.flow_script_qa"), "script_dialogue": say("flows.made.flow_script_dialogue"),
    "chunk": say("flows.made.flow_chunk"), "bilibili": say("flows.made.flow_bilibili"),
    "chat_dialogue": say("flows.made.flow_chat_dialogue"),
    "llm_script_qa": say("flows.made.flow_llm_script_qa"),
    "llm_script_dialogue": say("flows.made.flow_llm_script_dialogue"),
}

# The run's parameters (the flows' options) as a reader calls them; an unknown one shows by its name.
_PARAMS = {
    "source_id": say("flows.param.source_id"), "questions_per_chunk": say("flows.param.questions_per_chunk"),
    "top_k": say("flows.param.top_k"), "lang": say("flows.param.lang"), "topic": say("flows.param.topic"),
    "aspects": say("flows.param.aspects"), "per_aspect": say("flows.param.per_aspect"),
    "max_chars": say("flows.param.max_chars"), "group": say("flows.param.group"),
    "system_prompt": say("flows.param.system_prompt"), "chunk_size": say("flows.param.chunk_size"),
    "style": say("flows.param.style"), "previous": say("flows.param.previous"),
    "instruction": say("flows.param.instruction"), "count": say("flows.param.count"),
    "max_attempts": say("flows.param.max_attempts"), "inputs": say("flows.param.inputs"),
    "generate_inputs": say("flows.param.generate_inputs"), "topics": say("flows.param.topics"),
    "embedding_model": say("flows.param.embedding_model"), "style_digest": say("flows.param.style_digest"),
    "summarize": say("flows.param.summarize"), "summarize_over": say("flows.param.summarize_over"),
    "extract": say("flows.param.extract"), "mask": say("flows.param.mask"),
    "imitates": say("flows.param.imitates"),
}

# "from" texts stored before they were message codes (the demo's and the labelled-chat import's).
_LEGACY_FROM = {
    "bundled demo text (resources/demo), no model was called": say("flows.made.from_demo"),
    "imported labels": say("flows.made.from_labels"),
}

_SIMILARITY = {"lexical": say("flows.made.similarity_lexical"),
               "embeddings": say("flows.made.similarity_embeddings")}


def _line(label: Message, value: Any) -> str:
    """A label's line with its value (each label's template holds "{value}")."""
    return Message(label.code, {**label.params, "value": value}).render()


def _value(name: str, value: Any) -> str:
    """One parameter's value in plain words: yes/no, a list joined, a long text shortened."""
    if isinstance(value, bool):
        return say("flows.made.yes").render() if value else say("flows.made.no").render()
    if name == "lang" and value in ("zh", "en"):
        return say("flows.made.lang_zh").render() if value == "zh" else say("flows.made.lang_en").render()
    if name == "flow" or name == "imitates":
        flow = _FLOWS.get(str(value))
        return flow.render() if flow else str(value)
    if isinstance(value, (list, tuple)):
        shown = "、".join(str(v) for v in value[:MAX_LIST_ITEMS])
        return shown + ("…" if len(value) > MAX_LIST_ITEMS else "")
    if isinstance(value, dict):
        return "；".join(f"{k}={_value(str(k), v)}" for k, v in value.items())
    text = " ".join(str(value).split())
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS] + "…"


def _param_lines(params: dict[str, Any]) -> list[str]:
    lines = []
    order = list(_PARAMS)  # known parameters in a fixed order, then any other by name
    for name in sorted(params, key=lambda n: (order.index(n), "") if n in _PARAMS else (len(order), n)):
        value = params[name]
        if value is None or value == "" or value == [] or value == {}:
            continue  # not set: nothing to say
        label = _PARAMS.get(name) or say("flows.made.other_param", name=name)
        lines.append("  " + _line(label, _value(name, value)))
    return lines


def judge_line(meta: dict[str, Any]) -> str | None:
    """The LLM judge's verdict on the sample (core/flows/judge.py) in the reader's language: score,
    model and reason (None: not judged)."""
    j = meta.get("judge")
    if not isinstance(j, dict) or j.get("score") is None:
        return None
    return say("judge.line", score=j.get("score"), reason=j.get("reason") or "", model=j.get("model") or "").render()


def made_lines(meta: dict[str, Any]) -> list[str]:
    """How the sample was made, a line per fact in the reader's language and a stable order
    ([] when the sample has none): the LLM judge's verdict (score, model, reason) when it was
    judged, the flow, model, endpoint, temperature, where its text came
    from, the extraction fields' version, the prompt templates' versions, then the run's
    parameters one a line with their labels."""
    judged = [line] if (line := judge_line(meta)) else []  # the LLM judge's verdict and its model, first
    made = meta.get("made")
    if not isinstance(made, dict):
        gen = meta.get("gen") or meta.get("flow")
        return judged + ([_line(say("flows.made.flow"), _value("flow", gen))] if gen else [])
    lines = judged + [_line(say("flows.made.flow"), _value("flow", made.get("flow", "")))]
    labels = {"model": say("flows.made.model"), "base_url": say("flows.made.base_url"),
              "temperature": say("flows.made.temperature"), "from": say("flows.made.from"),
              "schema": say("flows.made.schema")}
    for key, label in labels.items():
        value = made.get(key)
        if value in (None, ""):
            continue
        if key == "from":
            value = render(_LEGACY_FROM.get(value, value))
        lines.append(_line(label, value))
    for name, digest in (made.get("templates") or {}).items():
        lines.append(say("flows.made.template", name=name, digest=digest).render())
    params = made.get("params")
    if isinstance(params, dict) and params:
        lines.append(say("flows.made.params").render())
        lines.extend(_param_lines(params))
    if meta.get("similarity"):  # the style flow: which measure judged the reply
        score = meta.get("similarity_score")
        how = _SIMILARITY.get(meta["similarity"])
        value = (how.render() if how else str(meta["similarity"])) + (f" {score:.2f}" if isinstance(score, float) else "")
        lines.append(_line(say("flows.made.similarity"), value))
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
