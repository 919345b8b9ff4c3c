"""Make every exported example one that trains.

LLaMA-Factory silently skips an example whose turns do not alternate user/assistant starting
with the user and ending with the assistant, and never checks for empty text (see
shared/formats/exports.md). So before writing we repair what can be repaired without guessing, skip
what cannot, and say which and why: the count written is the count trained.

Roles are decided where a dialogue is built (comment chains, chat sessions: see
core.text.dialogues.fit_chain), so a dialogue from a source passes as it is. Named-speaker formats
(Aquila: each turn says who speaks) need no user/assistant order at all: :func:`repair_named`
never skips a dialogue for its roles.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

from core.messages import Message, current_language, say
from core.model import Sample, Turn


@dataclass(slots=True)
class Checked:
    """The outcome for one sample: turns to write, or a reason to skip it."""

    turns: list[Turn] | None = None  # alternating user/assistant, even length; None if skipped
    text: str | None = None  # pre-training text; None if skipped
    skip: str = ""  # why the sample is not written, in the current language
    repaired: str = ""  # what was changed, "" if nothing (current language)


_ROLE_NAMES = {"user": say("export.role.user"), "assistant": say("export.role.assistant")}


def _said(parts: list[Message]) -> str:
    """Several repairs as one line in the current language."""
    lang = current_language()
    return ("；" if lang == "zh" else "; ").join(p.render(lang) for p in parts)


def _skip(message: Message) -> Checked:
    return Checked(skip=message.render())


def _blank(text: str) -> bool:
    return not text or text.isspace()


_ROLE = attrgetter("role")
_TEXT = attrgetter("text")
# The valid role sequence for each even length: user, assistant, user, assistant, …
_ALTERNATING = {n: ["user", "assistant"] * (n // 2) for n in range(2, 202, 2)}


def is_clean(turns: list[Turn]) -> bool:
    """True if the turns can be written as they are: alternating user/assistant from the user
    to the assistant, no empty text. Runs for every sample, so it stays in C where it can."""
    expected = _ALTERNATING.get(len(turns))
    if expected is None:
        if not turns or len(turns) % 2:
            return False
        expected = ["user", "assistant"] * (len(turns) // 2)
    return list(map(_ROLE, turns)) == expected and all(map(str.strip, map(_TEXT, turns)))


def check_conversation(sample: Sample) -> Checked:
    """Turns that alternate user/assistant, start with the user and end with the assistant."""
    if is_clean(sample.turns):
        return Checked(turns=sample.turns)
    return repair_conversation(sample.turns)


def repair_conversation(turns: list[Turn]) -> Checked:
    """Remove empty turns, merge runs of one role, drop an unanswered last question; or say why
    the sample cannot be written."""
    if not turns:
        return _skip(say("export.skip.no_turns"))
    repairs: list[Message] = []
    kept = [t for t in turns if not _blank(t.text)]
    if len(kept) < len(turns):
        repairs.append(say("export.repair.removed_empty", n=len(turns) - len(kept)))
    if not kept:
        return _skip(say("export.skip.all_empty"))

    merged: list[Turn] = []
    run: list[Turn] = []  # the turns merged into merged[-1]

    def note_run() -> None:
        if len(run) > 1:
            role = _ROLE_NAMES.get(run[0].role, run[0].role)
            if len({t.name for t in run}) > 1:
                repairs.append(say("export.repair.merged_speakers", n=len(run), role=role))
            else:
                repairs.append(say("export.repair.merged", n=len(run), role=role))

    for t in kept:
        if merged and merged[-1].role == t.role:
            last = merged[-1]
            merged[-1] = Turn(last.role, last.text + "\n" + t.text, last.name or t.name)
            run.append(t)
            continue
        note_run()
        run = [t]
        merged.append(t)
    note_run()

    if merged[0].role == "assistant":
        return _skip(say("export.skip.starts_with_assistant"))
    if merged[-1].role == "user":
        if len(merged) < 3:
            return _skip(say("export.skip.no_answer"))
        merged.pop()
        repairs.append(say("export.repair.dropped_last"))
    return Checked(turns=merged, repaired=_said(repairs))


def repair_named(turns: list[Turn]) -> Checked:
    """For a named-speaker format: remove empty turns, keep every other turn in its order and
    role (the names say who speaks); skip only a sample with no text or a single turn."""
    if not turns:
        return _skip(say("export.skip.no_turns"))
    kept = [t for t in turns if not _blank(t.text)]
    if not kept:
        return _skip(say("export.skip.all_empty"))
    if len(kept) < 2:
        return _skip(say("dialogues.named_single_turn"))
    n = len(turns) - len(kept)
    return Checked(turns=kept, repaired=_said([say("export.repair.removed_empty", n=n)]) if n else "")


def check_pretrain(sample: Sample) -> Checked:
    """The text as it is (turns joined by newlines); only an empty text is refused."""
    turns = sample.turns
    text = turns[0].text if len(turns) == 1 else "\n".join(t.text for t in turns)
    if _blank(text):
        return _skip(say("export.skip.text_empty") if turns else say("export.skip.no_text"))
    return Checked(text=text)
