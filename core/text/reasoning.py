"""A model's reasoning, kept apart from its answer.

Reasoning models give their chain of thought in one of three shapes: a separate field of the
message (``reasoning_content``, DeepSeek-R1 and vLLM's reasoning parsers; ``reasoning``, some
gateways), ``<think>…</think>`` (or ``<thinking>``) blocks inside the content, or — when the
model's chat template opened the block in the prompt — content that starts with the thought
and a lone ``</think>``. An answer cut off while the model was still thinking is an unclosed
``<think>`` with no answer after it. :func:`split_reasoning` turns any of them into
``(answer, reasoning)``; the runner stores the two apart in every item's output.

On a sample the reasoning lives in ``meta["thinking"]`` (:data:`THINKING`): the model's thought
*toward the sample's final answer*, which an export writes on request (see
:func:`think_answer`, core/export). Why not ``meta["reasoning"]``: the QA and aspect answer
templates ask, in their JSON, for a ``"reasoning"`` field — a sentence or two naming the passage
the answer rests on — and those flows keep it in ``meta["reasoning"]``. That note is part of the
requested answer (a citation a reviewer checks against the text), a model that thinks returns
both on the same sample, and projects already hold the note under that name: two concepts, two
names.

Flows where the model did not write the answer keep no reasoning on the sample — it is still in
the job item's output: the novel flow (the model writes the summary that becomes the
instruction; the answer is the novel's own text), the extract flow's summary stage (a summary
becomes the input), dialogue extraction (its lines are the source's own words).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

THINKING = "thinking"  # the sample meta key
# How an export writes it (ExportOptions.reasoning, `export --reasoning`)
REASONING_MODES = ("none", "think", "field")
# The separate field of `field` exports: the name DeepSeek's API gives it and that the Qwen3 and
# DeepSeek-R1 chat templates read on an assistant message (`message.reasoning_content`).
REASONING_FIELD = "reasoning_content"
# LLaMA-Factory's thought words (template.py: thought_words=("<think>\n", "\n</think>\n\n")): its
# reasoning templates find, keep or strip the thought by exactly these strings.
THINK_OPEN = "<think>\n"
THINK_CLOSE = "\n</think>\n\n"

_TAG = re.compile(r"<(/?)think(?:ing)?\s*>", re.I)


def has_think_tag(text: str) -> bool:
    return bool(text) and "<" in text and _TAG.search(text) is not None


def _joined(thoughts: list[str]) -> str:
    out: list[str] = []
    for t in thoughts:
        t = (t or "").strip()
        if t and t not in out:  # a gateway that also copies the field into the content: once
            out.append(t)
    return "\n\n".join(out)


def split_reasoning(content: str | None, native: str | None = None) -> tuple[str, str]:
    """(answer, reasoning) of a model's reply. `native` is the message's own reasoning field.

    Every complete ``<think>…</think>`` block goes to the reasoning, wherever it stands; content
    before a closing tag that no opening tag precedes is reasoning (the template opened the
    block); an opening tag with nothing but blocks before it and no closing tag after it means
    the answer was cut off while thinking: all of it is reasoning and the answer is empty. An
    unclosed tag after some answer text is left as it is (the answer speaks of the tag). Content
    without any tag is returned unchanged; otherwise the answer is stripped."""
    text = content or ""
    thoughts = [native] if isinstance(native, str) else []
    if not has_think_tag(text):
        return text, _joined(thoughts)
    tags = list(_TAG.finditer(text))
    answer: list[str] = []
    pos = 0
    if tags[0].group(1):  # "…thought</think>answer": the block was opened in the prompt
        thoughts.append(text[:tags[0].start()])
        pos = tags[0].end()
        tags = tags[1:]
    opened: re.Match | None = None
    for m in tags:
        if not m.group(1):  # <think>
            if opened is None:
                answer.append(text[pos:m.start()])
                opened = m
            continue  # (an opening tag inside a block is part of the thought)
        if opened is not None:  # </think> closing the block
            thoughts.append(text[opened.end():m.start()])
            opened = None
            pos = m.end()
        # a stray closing tag in the answer is left where it is
    if opened is not None:
        if "".join(answer).strip():
            answer.append(text[opened.start():])  # an answer that mentions the tag
        else:
            thoughts.append(text[opened.end():])  # cut off while thinking
    else:
        answer.append(text[pos:])
    return "".join(answer).strip(), _joined(thoughts)


def reasoning_of(output: Mapping[str, Any] | None) -> str:
    """The reasoning of a job item's output (its ``reasoning``, and any think block still in its
    ``content`` — outputs stored before the runner split them)."""
    if not output:
        return ""
    return split_reasoning(str(output.get("content") or ""), output.get("reasoning"))[1]


def answer_of(output: Mapping[str, Any] | None) -> str:
    """The answer text of a job item's output, without any think block."""
    if not output:
        return ""
    return split_reasoning(str(output.get("content") or ""))[0]


def keep_reasoning(sample: Any, output: Mapping[str, Any] | None = None) -> Any:
    """Store the reasoning of `output` (the job item the sample was made from) on the sample as
    ``meta["thinking"]``, and make sure no text of the sample holds a think block: a block in the
    final answer (a model that thought inside a JSON string) joins the reasoning; one in another
    turn is not the answer's thought and is only removed. A final answer that was nothing but
    thought is left empty and the sample rejected with that reason. Returns the sample (None
    passes through)."""
    if sample is None:
        return None
    found = [reasoning_of(output)]
    last = max((i for i, t in enumerate(sample.turns) if t.role == "assistant"), default=-1)
    only_thought = False
    for i, t in enumerate(sample.turns):
        if not has_think_tag(t.text):
            continue
        answer, thought = split_reasoning(t.text)
        if i == last:
            found.append(thought)
            only_thought = not answer and bool(thought)
        t.text = answer
    text = _joined(found)
    if text:
        sample.meta[THINKING] = text
    if only_thought and sample.status != "rejected":
        from core.messages import say

        sample.status = "rejected"
        sample.reason = say("reasoning.answer_only_thought").encode()
    return sample


def sample_reasoning(sample: Any) -> str:
    """The reasoning kept on a sample ("" when none)."""
    value = (getattr(sample, "meta", None) or {}).get(THINKING)
    return value.strip() if isinstance(value, str) else ""


def think_answer(reasoning: str, answer: str) -> str:
    """The answer with its reasoning in front, as LLaMA-Factory's reasoning templates read it:
    ``<think>\\n{reasoning}\\n</think>\\n\\n{answer}``; the answer alone when there is none."""
    reasoning = (reasoning or "").strip()
    return f"{THINK_OPEN}{reasoning}{THINK_CLOSE}{answer}" if reasoning else answer
