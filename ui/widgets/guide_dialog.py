"""Help → 使用指南: the short user guide, read from resources/guide/<lang>.md (bundled with the
frozen app, so no browser and no network are needed), in the language the UI speaks."""

from __future__ import annotations

from pathlib import Path

from core.messages import current_language
from core.paths import resource_path
from ui.qt import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout


def guide_file(language: str | None = None) -> Path:
    """The guide in `language` ("zh" or "en"; the current UI language by default)."""
    lang = language or current_language()
    return resource_path("guide", f"{'zh' if lang == 'zh' else 'en'}.md")


class GuideDialog(QDialog):
    def __init__(self, parent=None, language: str | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("使用指南"))
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(True)
        path = guide_file(language)
        try:
            self.text.setMarkdown(path.read_text(encoding="utf-8"))
        except OSError as e:  # a damaged installation: say which file, never an empty window
            self.text.setPlainText(self.tr("找不到使用指南：{0}（{1}）").format(path, e.strerror or e))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(720, 600)
