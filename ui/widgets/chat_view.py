"""A chat rendered for reading: speaker, time, quoted message, text (HTML in a QTextBrowser)."""

from __future__ import annotations

import html
import time

from core.sources.chats.model import ChatMessage
from ui.qt import QCoreApplication, QTextBrowser

MAX_SHOWN = 3000  # messages rendered at once; a longer chat shows its start and says so


def _when(t: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(t)) if t is not None else ""


def chat_html(messages: list[ChatMessage], assistants: frozenset[str] | set[str] = frozenset(),
              more_text: str = "") -> str:
    parts = ["<html><body style='font-size:10pt'>"]
    for m in messages[:MAX_SHOWN]:
        who = html.escape(m.sender or "?")
        color = "#1b5e20" if m.sender in assistants else "#0d47a1"
        head = f"<b style='color:{color}'>{who}</b>"
        when = _when(m.time)
        if when:
            head += f" <span style='color:#888'>{when}</span>"
        if m.kind == "system":
            parts.append(f"<p style='color:#888;text-align:center'>{html.escape(m.text)}</p>")
            continue
        parts.append(f"<p style='margin:6px 0 0 0'>{head}</p>")
        if m.quote:
            quoted = (QCoreApplication.translate("ChatView", "{0}：{1}").format(m.quote_sender, m.quote)
                      if m.quote_sender else m.quote)
            q = html.escape(quoted).replace("\n", "<br>")
            parts.append(f"<p style='margin:1px 0 1px 12px;color:#666;background:#f1f1f1'>“{q}”</p>")
        parts.append(f"<p style='margin:0'>{html.escape(m.text).replace(chr(10), '<br>')}</p>")
    if more_text:
        parts.append(f"<p style='color:#888'>{html.escape(more_text)}</p>")
    parts.append("</body></html>")
    return "".join(parts)


class ChatView(QTextBrowser):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)

    def show_messages(self, messages: list[ChatMessage], assistants: frozenset[str] | set[str] = frozenset(),
                      total: int | None = None) -> None:
        total = max(total or 0, len(messages))
        more = self.tr("……（共 {0} 条消息，只显示前 {1} 条）").format(total, MAX_SHOWN) if total > MAX_SHOWN else ""
        self.setHtml(chat_html(messages, assistants, more))
