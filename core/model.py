"""The format-neutral dataset model: every source produces Samples, every exporter reads them."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from typing import Any

ROLES = ("user", "assistant")
KINDS = ("sft", "dialogue", "pretrain")
STATUSES = ("pending", "accepted", "rejected")


@dataclass
class Turn:
    role: str  # "user" or "assistant"
    text: str
    name: str | None = None  # the speaker, for dialogues with named characters

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"role": self.role, "text": self.text}
        if self.name:
            d["name"] = self.name
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Turn:
        return cls(role=d["role"], text=d.get("text", ""), name=d.get("name") or None)


@dataclass
class Sample:
    """One training example.

    A pre-training sample is a single assistant turn holding the text: that keeps one shape for
    every kind, and exporters decide how a format spells plain text.
    """

    turns: list[Turn]
    kind: str = "sft"
    system: str = ""
    status: str = "pending"
    reason: str = ""
    source_id: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    id: int | None = None
    created_at: float = field(default_factory=time.time)
    updated_at: float = field(default_factory=time.time)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown sample kind {self.kind!r}; expected one of {KINDS}")
        if self.status not in STATUSES:
            raise ValueError(f"unknown sample status {self.status!r}; expected one of {STATUSES}")
        for t in self.turns:
            if t.role not in ROLES:
                raise ValueError(f"unknown turn role {t.role!r}; expected one of {ROLES}")

    @classmethod
    def qa(cls, question: str, answer: str, **kw: Any) -> Sample:
        return cls(turns=[Turn("user", question), Turn("assistant", answer)], **kw)

    @classmethod
    def text(cls, text: str, **kw: Any) -> Sample:
        kw.setdefault("kind", "pretrain")
        return cls(turns=[Turn("assistant", text)], **kw)

    @property
    def n_chars(self) -> int:
        return len(self.system) + sum(len(t.text) for t in self.turns)

    def preview(self, width: int = 80) -> str:
        """The first user line (or the text), one line, for tables."""
        first = next((t.text for t in self.turns if t.role == "user"), None)
        if first is None:
            first = self.turns[0].text if self.turns else ""
        line = " ".join(first.split())
        return line if len(line) <= width else line[: width - 1] + "…"

    def answer_preview(self, width: int = 80) -> str:
        last = next((t.text for t in reversed(self.turns) if t.role == "assistant"), "")
        line = " ".join(last.split())
        return line if len(line) <= width else line[: width - 1] + "…"

    def content_hash(self) -> str:
        """Identity for exact-duplicate removal: roles and texts, whitespace-normalised."""
        # one encode and one hash call (the digest is that of the parts fed one by one)
        parts = [" ".join(self.system.split())]
        parts.extend("\x1e" + t.role + "\x1f" + " ".join(t.text.split()) for t in self.turns)
        return hashlib.blake2b("".join(parts).encode(), digest_size=16).hexdigest()
