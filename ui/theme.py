"""Look and feel in one place: the Fusion style everywhere (the same spacing and widgets on every
platform), a light or dark palette that follows the desktop unless the user picks one, and the
look of the one primary button of each page."""

from __future__ import annotations

from ui.qt import (
    QApplication,
    QColor,
    QFrame,
    QPalette,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    Qt,
    QWidget,
)

THEMES = ("system", "light", "dark")

# One spacing scale for the whole app (page margins, gaps between groups).
PAGE_MARGIN = 12
GROUP_SPACING = 10

# The primary action of a page: filled with the palette's highlight, so it follows dark/light.
_STYLESHEET = """
QPushButton[primary="true"] {
    background-color: palette(highlight);
    color: palette(highlighted-text);
    border: 1px solid palette(highlight);
    border-radius: 4px;
    padding: 5px 16px;
    font-weight: bold;
}
QPushButton[primary="true"]:hover { background-color: palette(dark); border-color: palette(dark); }
QPushButton[primary="true"]:disabled {
    background-color: palette(button);
    color: palette(mid);
    border-color: palette(mid);
}
QLabel[banner="true"] {
    background-color: palette(tool-tip-base);
    color: palette(tool-tip-text);
    border: 1px solid palette(mid);
    border-radius: 4px;
    padding: 6px 10px;
}
"""


def system_is_dark(app: QApplication) -> bool:
    scheme = app.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    # Unknown (some Linux desktops): judge by the platform's own window colour.
    return app.style().standardPalette().color(QPalette.ColorRole.Window).lightness() < 128


def dark_palette() -> QPalette:
    p = QPalette()
    roles = QPalette.ColorRole
    colors = {
        roles.Window: "#2b2d30", roles.WindowText: "#e6e6e6", roles.Base: "#1e1f22",
        roles.AlternateBase: "#26282b", roles.ToolTipBase: "#3c3f41", roles.ToolTipText: "#e6e6e6",
        roles.PlaceholderText: "#8c8c8c", roles.Text: "#e6e6e6", roles.Button: "#3c3f41",
        roles.ButtonText: "#e6e6e6", roles.BrightText: "#ff6b6b", roles.Link: "#6cb6ff",
        roles.Highlight: "#2f7dd1", roles.HighlightedText: "#ffffff", roles.Light: "#4a4d50",
        roles.Midlight: "#3f4245", roles.Mid: "#5a5d60", roles.Dark: "#1f5f9e", roles.Shadow: "#141414",
    }
    for role, color in colors.items():
        p.setColor(role, QColor(color))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        p.setColor(disabled, role, QColor("#7a7a7a"))
    p.setColor(disabled, roles.Highlight, QColor("#4a4d50"))
    return p


def light_palette(app: QApplication) -> QPalette:
    p = app.style().standardPalette()
    p.setColor(QPalette.ColorRole.Dark, QColor("#1f5f9e"))  # the primary button's hover
    return p


def apply_theme(app: QApplication, theme: str = "system") -> bool:
    """Set style, palette and stylesheet; returns whether the dark palette is in use."""
    app.setStyle("Fusion")
    dark = theme == "dark" or (theme not in ("light", "dark") and system_is_dark(app))
    app.setPalette(dark_palette() if dark else light_palette(app))
    app.setStyleSheet(_STYLESHEET)
    app.setProperty("corpusmith_theme", theme)
    return dark


def follow_system_theme(app: QApplication) -> None:
    """When the desktop switches light/dark while the app runs, follow it (unless pinned)."""

    def changed(_scheme) -> None:
        theme = app.property("corpusmith_theme") or "system"
        if theme == "system":
            apply_theme(app, "system")

    app.styleHints().colorSchemeChanged.connect(changed)


def make_primary(button: QPushButton) -> QPushButton:
    """Mark the one action a page is for; it is also the default for Enter where it applies."""
    button.setProperty("primary", True)
    button.setAutoDefault(True)
    return button


def scrollable(widget: QWidget) -> QScrollArea:
    """A settings column that scrolls instead of making the window taller than a laptop screen
    (1366×768 must fit every page)."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    # only height scrolls: keep the column as wide as its contents need
    area.setMinimumWidth(widget.minimumSizeHint().width() + area.verticalScrollBar().sizeHint().width() + 4)
    return area


def fit_stack_to_current(stack: QStackedWidget) -> None:
    """A stacked widget is as tall as its tallest page; size it by the page shown instead."""
    ignored, preferred = QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred
    for i in range(stack.count()):
        page = stack.widget(i)
        current = page is stack.currentWidget()
        page.setSizePolicy(preferred if current else ignored, preferred if current else ignored)
        page.adjustSize()
    stack.adjustSize()
