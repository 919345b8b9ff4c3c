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

from core.messages import say
from core.model import Sample, Turn


@dataclass(slots=True)
class Checked:
    """The outcome for one sample: turns to write, or a reason to skip it."""

    turns: list[Turn] | None = None  # alternating user/assistant, even length; None if skipped
    text: str | None = None  # pre-training text; None if skipped
    skip: str = ""  # why the sample is not written (human, English)
    repaired: str = ""  # what was changed, "" if nothing


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
        return Checked(skip="has no turns")
    repairs: list[str] = []
    kept = [t for t in turns if not _blank(t.text)]
    if len(kept) < len(turns):
        n = len(turns) - len(kept)
        repairs.append(f"removed {n} empty turn{'s' if n > 1 else ''}")
    if not kept:
        return Checked(skip="every turn is empty")

    merged: list[Turn] = []
    run: list[Turn] = []  # the turns merged into merged[-1]

    def note_run() -> None:
        if len(run) > 1:
            names = {t.name for t in run}
            who = " of different speakers" if len(names) > 1 else ""
            repairs.append(f"merged {len(run)} consecutive {run[0].role} turns{who}")

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
        return Checked(
            skip="starts with an assistant turn (no question before the first answer); "
            "add the question or delete the turn in Review"
        )
    if merged[-1].role == "user":
        if len(merged) < 3:
            return Checked(skip="has a question but no answer")
        merged.pop()
        repairs.append("dropped the last user turn (it has no answer)")
    return Checked(turns=merged, repaired="; ".join(repairs))


def repair_named(turns: list[Turn]) -> Checked:
    """For a named-speaker format: remove empty turns, keep every other turn in its order and
    role (the names say who speaks); skip only a sample with no text or a single turn."""
    if not turns:
        return Checked(skip="has no turns")
    kept = [t for t in turns if not _blank(t.text)]
    if not kept:
        return Checked(skip="every turn is empty")
    if len(kept) < 2:
        return Checked(skip=str(say("dialogues.named_single_turn")))
    n = len(turns) - len(kept)
    return Checked(turns=kept, repaired=f"removed {n} empty turn{'s' if n > 1 else ''}" if n else "")


def check_pretrain(sample: Sample) -> Checked:
    """The text as it is (turns joined by newlines); only an empty text is refused."""
    turns = sample.turns
    text = turns[0].text if len(turns) == 1 else "\n".join(t.text for t in turns)
    if _blank(text):
        return Checked(skip="has no text" if not turns else "its text is empty")
    return Checked(text=text)
