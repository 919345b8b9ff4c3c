"""Which gate a rejection came from, which flow made a sample, which flow a job works for.

A rejected sample's gate is read from its stored reason's message code (core.messages.code_of),
never from rendered prose: the same reason reads differently in Chinese and English, and a
person's own words are not a gate. A rejection whose reason is no gate's code was the user's
when the sample is marked touched (Review's 拒绝, a hand-written reason, a rejection imported
before reasons were codes), else ``other``.
"""

from __future__ import annotations

from typing import Any

from core.messages import code_of

# The gates in the order a sample meets them, as the report's funnel shows them: checks made
# while generating (an answer that only echoes its prompt or says nothing, an answer the source
# does not hold, a flow's own checks), then the quality rules, near and exact duplicates, the
# LLM judge, the user, and anything else.
GATES = ("echo", "not_found", "flow_check", "rules", "near_dup", "exact_dup", "judge", "user", "other")

_EXACT = {
    "flows.not_found_in_source": "not_found",
    "neardup.reason": "near_dup",
    "store.duplicate_of": "exact_dup",
    "judge.below_threshold": "judge",
    # empty output: said by the flow that found it, counted with the echoes (nothing was said)
    "style.reply.empty": "echo",
    "chats.extract.empty_chat": "echo",
    # the style flow's near-duplicate check is the same gate as `filter`'s
    "style.reply.near_duplicate": "near_dup",
    # a newer extraction of the same chat replaced this one
    "chats.extract.superseded": "flow_check",
    # an answer that was all thought and no answer (core/text/reasoning.py): an empty output
    "reasoning.answer_only_thought": "echo",
    # the user merged, split or re-chunked the chunk the sample was made from (`chunks`, the chunk
    # view): their act, said before it was applied — not "other"
    "chunks.source_changed": "user",
}
_PREFIXES = (
    ("echo.", "echo"),
    ("quality.hit.", "rules"),
    ("style.reply.", "flow_check"),  # length, keywords, similarity to the style's examples
)


def gate_code(code: str | None) -> str | None:
    """The gate a reason's message code belongs to, or None (not a gate's code)."""
    if not code:
        return None
    if code in _EXACT:
        return _EXACT[code]
    return next((gate for prefix, gate in _PREFIXES if code.startswith(prefix)), None)


def gate_of(reason: str | None, touched: bool) -> str:
    """The gate of one rejected sample: from its reason's code; else the user's if they touched it."""
    gate = gate_code(code_of(reason))
    if gate is not None:
        return gate
    return "user" if touched else "other"


def flow_of(meta: dict[str, Any] | None) -> str:
    """The flow that made a sample: ``meta["flow"]``, else its provenance's (``meta["made"]["flow"]``),
    else the builder that calls no model (``meta["gen"]``: script_qa, chunk, chat_dialogue …);
    "" when none says (a sample typed in or imported as it is)."""
    meta = meta or {}
    made = meta.get("made")
    return flow_from(meta.get("flow"), made.get("flow") if isinstance(made, dict) else None, meta.get("gen"))


def flow_from(flow: Any, made_flow: Any, gen: Any) -> str:
    """:func:`flow_of` from the three values as SQLite reads them (core.store sample_facts)."""
    for value in (flow, made_flow, gen):
        if isinstance(value, str) and value:
            return value
    return ""


# Job kinds whose items are samples in the making, by the flow their samples name. A failed item
# of these is a unit of work that made nothing: the report counts it as made and failed.
JOB_FLOWS = {
    "qa_questions": "qa", "qa_answers": "qa",
    "aspect_questions": "aspects", "aspect_answers": "aspects",
    "novel_summary": "novel",
    "dialogue_extract": "dialogue_extract",
    "style_inputs": "style", "style_replies": "style",
    "chat_summary": "extract", "chat_extract": "extract",
}
# Jobs that make no sample: predictions for a test set (written to a file), and the judge,
# which scores samples already counted (a judge item that failed leaves its sample unscored).
NOT_SAMPLE_JOBS = frozenset({"predict", "judge"})


def job_flow(kind: str) -> str | None:
    """The flow a job's failed items count under; None for a job that makes no sample. A kind
    this table does not know counts under its own name, so that no failure goes unseen."""
    if kind in NOT_SAMPLE_JOBS or kind.startswith("judge"):
        return None
    return JOB_FLOWS.get(kind, kind)
