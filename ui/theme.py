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
    QVBoxLayout,
    QWidget,
)

THEMES = ("system", "light", "dark")

# One spacing scale for the whole app: every page's outer margin and the gap between its groups.
PAGE_MARGIN = 12
GROUP_SPACING = 10


def apply_page_spacing(page: QWidget) -> None:
    """The same outer margin and group gap on every page, whatever layout each page built."""
    layout = page.layout()
    if layout is not None:
        layout.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        layout.setSpacing(GROUP_SPACING)

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
QPushButton[primary="true"]:hover { border: 1px solid palette(highlighted-text); }
QPushButton[primary="true"]:pressed { background-color: palette(link); border-color: palette(link); }
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


def system_is_dark(app: QApplication, scheme=None) -> bool:
    scheme = app.styleHints().colorScheme() if scheme is None else scheme
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    # Unknown (some Linux desktops): judge by the desktop's own window colour, as it was before
    # this module set any palette (Fusion's standard palette is always light).
    return platform_palette(app).color(QPalette.ColorRole.Window).lightness() < 128


def platform_palette(app: QApplication) -> QPalette:
    """The palette the desktop gave the app, kept from the first call on."""
    saved = getattr(app, "_corpusmith_platform_palette", None)
    if saved is None:
        saved = app._corpusmith_platform_palette = QPalette(app.palette())
    return saved


def dark_palette() -> QPalette:
    p = QPalette()
    roles = QPalette.ColorRole
    colors = {
        roles.Window: "#2b2d30", roles.WindowText: "#e6e6e6", roles.Base: "#1e1f22",
        roles.AlternateBase: "#26282b", roles.ToolTipBase: "#3c3f41", roles.ToolTipText: "#e6e6e6",
        roles.PlaceholderText: "#8c8c8c", roles.Text: "#e6e6e6", roles.Button: "#3c3f41",
        roles.ButtonText: "#e6e6e6", roles.BrightText: "#ff6b6b", roles.Link: "#6cb6ff",
        roles.Highlight: "#2f7dd1", roles.HighlightedText: "#ffffff", roles.Light: "#4a4d50",
        roles.Midlight: "#3f4245", roles.Mid: "#5a5d60", roles.Dark: "#232427", roles.Shadow: "#141414",
    }
    for role, color in colors.items():
        p.setColor(role, QColor(color))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        p.setColor(disabled, role, QColor("#7a7a7a"))
    p.setColor(disabled, roles.Highlight, QColor("#4a4d50"))
    return p


def light_palette(app: QApplication) -> QPalette:
    return app.style().standardPalette()


def apply_theme(app: QApplication, theme: str = "system", scheme=None) -> bool:
    """Set style, palette and stylesheet; returns whether the dark palette is in use. `scheme`
    is the desktop's colour scheme when known (the change signal passes it)."""
    platform_palette(app)  # before the first setStyle/setPalette replaces it
    app.setStyle("Fusion")
    dark = theme == "dark" or (theme not in ("light", "dark") and system_is_dark(app, scheme))
    app.setPalette(dark_palette() if dark else light_palette(app))
    app.setStyleSheet(_STYLESHEET)
    app.setProperty("corpusmith_theme", theme)
    return dark


def follow_system_theme(app: QApplication) -> None:
    """When the desktop switches light/dark while the app runs, follow it (unless pinned)."""

    app.styleHints().colorSchemeChanged.connect(lambda scheme: on_system_scheme_changed(app, scheme))


def on_system_scheme_changed(app: QApplication, scheme) -> bool | None:
    """The desktop switched light/dark: follow it unless the user pinned a theme. Returns whether
    the dark palette is now in use (None: pinned, nothing changed)."""
    if (app.property("corpusmith_theme") or "system") != "system":
        return None
    return apply_theme(app, "system", scheme)


def make_primary(button: QPushButton) -> QPushButton:
    """Mark the one action a page is for; it is also the default for Enter where it applies."""
    button.setProperty("primary", True)
    button.setAutoDefault(True)
    return button


def column(*items, stretch: bool = False) -> QWidget:
    """Widgets and layouts stacked in a borderless column (a page's settings, to scroll)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for item in items:
        if isinstance(item, QWidget):
            layout.addWidget(item)
        else:
            layout.addLayout(item)
    if stretch:
        layout.addStretch(1)
    return box


def scrollable(widget: QWidget, keep_width: bool = True) -> QScrollArea:
    """A settings column that scrolls instead of making the window taller than a laptop screen
    (1366×768 must fit every page). `keep_width`: the column is never narrower than its contents
    (for a splitter side that could squeeze it); otherwise it scrolls sideways too when it must."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    if keep_width:
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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
