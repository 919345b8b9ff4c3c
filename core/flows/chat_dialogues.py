"""Chats → multi-turn ``dialogue`` samples.

Each chat's messages are split into sessions (reply links, time gaps, or size for chats without
times: :func:`~core.sources.chats.sessions.split_sessions`), quote blocks are resolved to reply
links first, and each session becomes one sample whose assistant is the sender(s) the user chose
(:func:`~core.sources.chats.sessions.session_turns`). A session that cannot become a dialogue is
counted with its reason — nothing is dropped silently. Running again with the same options adds
nothing twice (``meta.gen_key``), and samples deleted in Review stay deleted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from core.errors import InputError
from core.flows.script import _existing_keys, _options_hash
from core.model import Sample
from core.sources.chats.generic import paused_gc
from core.sources.chats.importer import chat_messages, chat_sources, stored_chats
from core.sources.chats.sessions import (
    DialogueOptions,
    SessionOptions,
    resolve_quotes,
    session_turns,
    split_sessions,
)

MAX_EXAMPLES = 20


@dataclass
class ChatDialogueReport:
    created: int = 0
    existing: int = 0  # made by an earlier run with the same options: not added again
    sessions: int = 0
    dropped: Counter[str] = field(default_factory=Counter)  # reason → sessions
    examples: list[tuple[int, str, str]] = field(default_factory=list)  # (source id, chat title, reason)
    sample_ids: list[int] = field(default_factory=list)

    def drop(self, source_id: int, chat: str, reason: str) -> None:
        self.dropped[reason] += 1
        if len(self.examples) < MAX_EXAMPLES:
            self.examples.append((source_id, chat, reason))

    def summary(self) -> str:
        out = f"{self.sessions:,} session(s): {self.created:,} new dialogue sample(s)"
        if self.existing:
            out += f", {self.existing:,} already made by an earlier run (not added again)"
        n = sum(self.dropped.values())
        if n:
            out += f", {n:,} session(s) not used"
        out += "."
        for reason, k in self.dropped.most_common():
            out += f"\n  not used {k:,}: {reason}"
        return out


def _generic_reason(reason: str) -> str:
    """Group reasons that name a person ("no message from the assistant (林晓2)") under one line."""
    return reason.split(" (", 1)[0] if reason.endswith(")") else reason


def chat_dialogues(store: Any, source_id: int | None, dialogue: DialogueOptions,
                   sessions: SessionOptions | None = None) -> ChatDialogueReport:
    """Dialogue samples from one chat source, or all (``None``). Blocking."""
    sessions = sessions or SessionOptions()
    sessions.check()
    if not dialogue.assistants and not dialogue.self_is_assistant:
        raise InputError("Choose who plays the assistant: one or more sender names (e.g. the support "
                         "staff), or “me” for the person who exported the chat.")
    sources = chat_sources(store, source_id)
    if not sources:
        raise InputError("The project has no chats yet: import a chat export first."
                         if source_id is None else f"Source #{source_id} is not a chat source of this project.")
    key_hash = _options_hash("chat_dialogue", sorted(dialogue.assistants), dialogue.system_prompt,
                             dialogue.merge_consecutive, dialogue.show_names, dialogue.min_turns,
                             dialogue.self_is_assistant, sessions)
    report = ChatDialogueReport()
    found_assistant = False
    # Messages, sessions and samples pile up by the 100k and make no cycles: without the pause,
    # the collector's full passes over them cost ~17% of the run.
    with paused_gc():
        found_assistant = _build(store, sources, dialogue, sessions, key_hash, report)
    if not found_assistant:
        names = "、".join(sorted(dialogue.assistants)) or "me"
        raise InputError(f"Nobody called {names} writes in these chats. Pick the assistant from the sender list "
                         "(names must match exactly).")
    return report


def _build(store: Any, sources: list[dict], dialogue: DialogueOptions, sessions: SessionOptions, key_hash: str,
           report: ChatDialogueReport) -> bool:
    """Make and store the samples of each source; True if the assistant writes anywhere."""
    found_assistant = False
    for src in sources:
        sid = src["id"]
        existing = _existing_keys(store, sid)
        messages = chat_messages(store, sid)
        new: list[Sample] = []
        for chat in stored_chats(store, sid):
            msgs = messages.get(chat.key, [])
            if not msgs:
                report.drop(sid, chat.title, "the chat has no message (after clean-up)")
                continue
            resolve_quotes(msgs)
            if any(m.sender in dialogue.assistants or (dialogue.self_is_assistant and m.is_self) for m in msgs):
                found_assistant = True
            for n, session in enumerate(split_sessions(msgs, sessions)):
                report.sessions += 1
                turns, why = session_turns(session, dialogue)
                if why:
                    report.drop(sid, chat.title, _generic_reason(why))
                    continue
                key = f"chat_dialogue:{key_hash}:{chat.key}:{session[0].key}"
                if key in existing:
                    report.existing += 1
                    continue
                existing.add(key)
                new.append(Sample(turns=turns, kind="dialogue", system=dialogue.system_prompt, source_id=sid,
                                  meta={"gen": "chat_dialogue", "gen_key": key, "chat": chat.key,
                                        "chat_title": chat.title, "session": n,
                                        "first_message": session[0].key, "messages": len(session),
                                        "speakers": sorted({m.sender for m in session})}))
        if new:
            report.sample_ids.extend(store.add_samples(new))
            report.created += len(new)
    return found_assistant
