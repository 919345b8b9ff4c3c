"""What a generator's rebuild says about the samples it kept, replaced or held back.

Every generator that builds samples again for a source (comment dialogues, script QA, scenes
and chunks, chat dialogues, the LLM script builders) writes through
:meth:`core.store.Store.replace_untouched`: the user's samples (edited, accepted, rejected) stay,
the untouched ones are replaced, in one transaction. These are the report lines for it.
"""

from __future__ import annotations

from typing import Any

from core.messages import Message, say


def rebuild_lines(report: Any) -> list[Message]:
    """The rebuild's counts worth saying (the non-zero ones) of a ReplaceReport."""
    out: list[Message] = []
    if report.replaced:
        out.append(say("rebuild.replaced", n=report.replaced))
    if report.kept:
        out.append(say("rebuild.kept_touched", n=report.kept))
    if report.held:
        out.append(say("rebuild.held", n=report.held))
    return out
