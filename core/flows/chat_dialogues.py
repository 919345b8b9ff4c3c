"""Chats → multi-turn ``dialogue`` samples.

Each chat's messages are split into sessions (reply links, time gaps, or size for chats without
times: :func:`~core.sources.chats.sessions.split_sessions`), quote blocks are resolved to reply
links first, and each session becomes one sample whose assistant is the sender(s) the user chose
(:func:`~core.sources.chats.sessions.session_turns`). A session that cannot become a dialogue is
counted with its reason — nothing is dropped silently.

Roles are decided here, as for comment chains (core.text.dialogues): a dialogue starts with the
user and ends with the assistant, so every export format carries it. When the assistant opens a
session (a greeting before anyone asks), those opening messages become context in the system
prompt (``上文：\n客服-阿敏：您好…``) by default, or are left out (``leading_assistant="drop"``); the
user's messages after the assistant's last answer are left out (nothing answers them). Both are
counted in the report. Running again with the same options adds
nothing twice (``meta.gen_key``), and samples deleted in Review stay deleted. Running again with other
options replaces the untouched samples of the earlier run; the ones the user edited, accepted or
rejected stay (``Store.replace_untouched``, one transaction per source).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from core.errors import InputError
from core.flows.rebuild import rebuild_lines
from core.flows.script import _options_hash, rebuild_samples
from core.messages import Message, say
from core.model import Sample
from core.sources.chats.generic import paused_gc
from core.sources.chats.importer import chat_messages, chat_sources, stored_chats
from core.sources.chats.names import same_names
from core.sources.chats.sessions import (
    DialogueOptions,
    SessionOptions,
    message_text,
    resolve_quotes,
    session_turns,
    split_sessions,
)
from core.store import ReplaceReport
from core.text.dialogues import context_text

MAX_EXAMPLES = 20
LEADING_ASSISTANT_MODES = ("context", "drop")


@dataclass
class ChatDialogueReport:
    created: int = 0
    existing: int = 0  # exactly as an earlier run made them: left in place
    sessions: int = 0
    dropped: Counter[str] = field(default_factory=Counter)  # reason's code → sessions
    reasons: dict[str, Message] = field(default_factory=dict)  # reason's code → the first such reason
    examples: list[tuple[int, str, Message]] = field(default_factory=list)  # (source id, chat title, reason)
    sample_ids: list[int] = field(default_factory=list)
    rebuild: ReplaceReport = field(default_factory=ReplaceReport)  # the user's kept, untouched replaced
    leading_assistant: str = "context"
    assistant_first: int = 0  # dialogues of sessions the assistant opened (see leading_assistant)
    unanswered_tail: int = 0  # dialogues whose session ends with user messages nobody answers

    def drop(self, source_id: int, chat: str, reason: Message) -> None:
        # counted by kind: "no message from the assistant (林晓2)" and "(客服)" are one line
        self.dropped[reason.code] += 1
        self.reasons.setdefault(reason.code, reason)
        if len(self.examples) < MAX_EXAMPLES:
            self.examples.append((source_id, chat, reason))

    def lines(self) -> list[Message]:
        n = sum(self.dropped.values())
        out = [say("chats.dialogues.summary", sessions=self.sessions, created=self.created,
                   existing=say("chats.dialogues.existing", n=self.existing) if self.existing else "",
                   unused=say("chats.dialogues.unused", n=n) if n else "")]
        out += [say("chats.dialogues.not_used", n=k, reason=self.reasons[code])
                for code, k in self.dropped.most_common()]
        return out + self.role_messages() + rebuild_lines(self.rebuild)

    def summary(self, lang: str | None = None) -> str:
        head, *rest = (m.render(lang) for m in self.lines())
        return "\n  ".join([head, *rest])

    def role_messages(self) -> list[Message]:
        """How sessions were fitted to user-first, assistant-last dialogues."""
        out = []
        if self.assistant_first:
            code = "dialogues.chat_context" if self.leading_assistant == "context" else "dialogues.chat_drop_leading"
            out.append(say(code, n=self.assistant_first))
        if self.unanswered_tail:
            out.append(say("dialogues.chat_unanswered_tail", n=self.unanswered_tail))
        return out


def chat_dialogues(store: Any, source_id: int | None, dialogue: DialogueOptions,
                   sessions: SessionOptions | None = None) -> ChatDialogueReport:
    """Dialogue samples from one chat source, or all (``None``). Blocking."""
    sessions = sessions or SessionOptions()
    sessions.check()
    if dialogue.leading_assistant not in LEADING_ASSISTANT_MODES:
        raise InputError(say("dialogues.leading_assistant_unknown", choices=", ".join(LEADING_ASSISTANT_MODES),
                             value=dialogue.leading_assistant))
    if not dialogue.assistants and not dialogue.self_is_assistant:
        raise InputError(say("chats.dialogues.choose_assistant"))
    sources = chat_sources(store, source_id)
    if not sources:
        raise InputError(say("chats.no_chats") if source_id is None else say("chats.not_chat_source", id=source_id))
    key_hash = _options_hash("chat_dialogue", sorted(dialogue.assistants), dialogue.system_prompt,
                             dialogue.merge_consecutive, dialogue.show_names, dialogue.min_turns,
                             dialogue.self_is_assistant, sessions)
    report = ChatDialogueReport(leading_assistant=dialogue.leading_assistant)
    found_assistant = False
    # Messages, sessions and samples pile up by the 100k and make no cycles: without the pause,
    # the collector's full passes over them cost ~17% of the run.
    with paused_gc():
        found_assistant = _build(store, sources, dialogue, sessions, key_hash, report)
    if not found_assistant:
        names = "、".join(sorted(dialogue.assistants)) or say("chats.session.me")
        raise InputError(say("chats.dialogues.nobody_called", names=names))
    return report


def _build(store: Any, sources: list[dict], dialogue: DialogueOptions, sessions: SessionOptions, key_hash: str,
           report: ChatDialogueReport) -> bool:
    """Make and store the samples of each source; True if the assistant writes anywhere.
    Nothing is stored (nor replaced) unless the assistant writes somewhere: a misspelt name must
    not wipe the dialogues of an earlier build."""
    found_assistant = False
    built: list[tuple[int, list[Sample]]] = []
    for src in sources:
        sid = src["id"]
        messages = chat_messages(store, sid)
        # "客服-阿敏" typed for a chat that writes "客服—阿敏": the chat's own spelling plays the part
        dialogue = replace(dialogue, assistants=same_names(dialogue.assistants, {
            m.sender for msgs in messages.values() for m in msgs}))
        new: list[Sample] = []
        for chat in stored_chats(store, sid):
            msgs = messages.get(chat.key, [])
            if not msgs:
                report.drop(sid, chat.title, say("chats.dialogues.empty_chat"))
                continue
            resolve_quotes(msgs)
            if any(m.sender in dialogue.assistants or (dialogue.self_is_assistant and m.is_self) for m in msgs):
                found_assistant = True
            for n, session in enumerate(split_sessions(msgs, sessions)):
                report.sessions += 1
                turns, why = session_turns(session, dialogue)
                if why:
                    report.drop(sid, chat.title, why)
                    continue
                opening, tail = _outside(session, dialogue)
                system = dialogue.system_prompt
                key = f"chat_dialogue:{key_hash}:{chat.key}:{session[0].key}"
                if opening and dialogue.leading_assistant == "context":
                    # the sample differs from one made without context: a key of its own
                    key += ":lead=context"
                    system = context_text([((m.sender or None) if dialogue.show_names else None, message_text(m))
                                           for m in opening], system)
                report.assistant_first += bool(opening)
                report.unanswered_tail += bool(tail)
                new.append(Sample(turns=turns, kind="dialogue", system=system, source_id=sid,
                                  meta={"gen": "chat_dialogue", "gen_key": key, "chat": chat.key,
                                        "chat_title": chat.title, "session": n,
                                        "first_message": session[0].key, "messages": len(session),
                                        "speakers": sorted({m.sender for m in session})}))
        built.append((sid, new))
    if found_assistant:
        for sid, new in built:
            # one transaction: the untouched samples of an earlier run replaced, the user's kept
            rebuild_samples(store, report, sid, {"gen": "chat_dialogue"}, new)
    return found_assistant


def _outside(session: list, options: DialogueOptions) -> tuple[list, list]:
    """The messages with text that a session's dialogue leaves out: the assistant's before the
    first user message (its opening) and the user's after the assistant's last one (its tail)."""
    messages = [m for m in session if m.text.strip()]
    # the same rule as session_turns: a chosen sender, or the exporting user with self_is_assistant
    roles = [m.sender in options.assistants or (options.self_is_assistant and m.is_self is True) for m in messages]
    first_user = roles.index(False) if False in roles else len(roles)
    last_assistant = len(roles) - 1 - roles[::-1].index(True) if True in roles else -1
    return messages[:first_user], messages[last_assistant + 1:]
