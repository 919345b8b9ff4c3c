"""What a chat reader returns: plain dataclasses shared by the readers, the importer, the
session splitter and the flows. Nothing here touches a file or the project store."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.messages import Message

# Layouts a reader knows (the value of ChatFile.format and of `--format`).
LAYOUTS = ("competition", "messages", "telegram", "wechat_csv", "qq_txt", "discord")

# Layouts whose records can carry labels (a file of them without any label is a test file).
LABELLED_LAYOUTS = ("competition",)

# ChatMessage.kind
MESSAGE_KINDS = ("text", "media", "system")


@dataclass
class ChatMessage:
    key: str  # the message's id in its chat: the export's own id, or its position ("1", "2" …)
    sender: str  # display name as the export spells it ("" when unknown, e.g. a deleted account)
    text: str  # the message text (a quoted message's text is NOT part of it: see `quote`)
    time: float | None = None  # unix seconds; None when the export has no times
    reply_to: str | None = None  # key of the message it answers, where the export or a quote tells
    quote: str | None = None  # the quoted text of a quote/reply message, as shown in the export
    quote_sender: str | None = None  # who wrote the quoted text, where shown
    is_self: bool | None = None  # True: written by the person who exported (WeChat IsSender)
    kind: str = "text"  # "text", "media" (image/voice/sticker… placeholder), "system"
    line: int | None = None  # 1-based line (text files) or record number (JSON/CSV) in the file
    sender_id: str | None = None  # stable id where the export has one (QQ number, Telegram from_id)

    def to_data(self) -> dict[str, Any]:
        """The JSON stored as a raw item (keys with empty values left out, to keep files small)."""
        d: dict[str, Any] = {"sender": self.sender, "text": self.text}
        for name in ("time", "reply_to", "quote", "quote_sender", "is_self", "line", "sender_id"):
            v = getattr(self, name)
            if v is not None:
                d[name] = v
        if self.kind != "text":
            d["kind"] = self.kind
        return d

    @classmethod
    def from_data(cls, key: str, d: dict[str, Any]) -> ChatMessage:
        return cls(key=key, sender=d.get("sender", ""), text=d.get("text", ""), time=d.get("time"),
                   reply_to=d.get("reply_to"), quote=d.get("quote"), quote_sender=d.get("quote_sender"),
                   is_self=d.get("is_self"), kind=d.get("kind", "text"), line=d.get("line"),
                   sender_id=d.get("sender_id"))


@dataclass
class Chat:
    key: str  # unique in the file: "1", "2" … for competition records (1-based file order), chat id else
    title: str  # group name, or "记录 3" / "Chat 3" style when the export has none
    messages: list[ChatMessage]
    index: int  # 1-based position of the chat in the file (the competition's submission index)
    labels: list[dict[str, Any]] | None = None  # competition `infos` where the record has filled-in ones
    text: str | None = None  # the original chat_text of a competition record, unchanged
    # the record's labels say explicitly "no record" ([], "[]", records with nothing filled in):
    # unlabelled unless the user says such labels are answers (see core.sources.chats.labels)
    empty_labels: bool = False


@dataclass
class ChatFile:
    format: str  # one of LAYOUTS
    chats: list[Chat]
    encoding: str = "utf-8"
    # records/lines that could not be read, each a message (core.messages) "record 12: <what is
    # wrong>" or "line 40: …"; the valid rest is still returned. Show with core.messages.render.
    problems: list[Message] = field(default_factory=list)
    notes: list[Message | str] = field(default_factory=list)  # facts for the user ("2 service messages skipped")

    @property
    def n_messages(self) -> int:
        return sum(len(c.messages) for c in self.chats)

    @property
    def labelled(self) -> int:
        """Chats with labels (filled in, or empty ones the user took as answers)."""
        return sum(1 for c in self.chats if c.labels is not None)

    @property
    def empty_labelled(self) -> int:
        """Chats whose labels are empty and are, for now, read as unlabelled."""
        return sum(1 for c in self.chats if c.empty_labels and c.labels is None)

    @property
    def is_test_file(self) -> bool:
        """A layout whose records carry labels, with no chat labelled: the chats are to be predicted,
        not learnt from."""
        return self.format in LABELLED_LAYOUTS and bool(self.chats) and self.labelled == 0
