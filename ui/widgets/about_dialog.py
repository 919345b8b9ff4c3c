"""About: name, version, what the app is, and every bundled library with its licence (read from
the packages' own metadata, so the list is the one actually shipped)."""

from __future__ import annotations

import platform

from core.licenses import NATIVE_LIBRARIES, app_version, bundled_libraries
from core.paths import resource_path
from ui.qt import (
    PYSIDE_VERSION,
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QIcon,
    QLabel,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)


class AboutDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("关于语料匠"))
        icon = QLabel()
        icon.setPixmap(QIcon(str(resource_path("icons", "corpusmith.png"))).pixmap(96, 96))
        self.title = QLabel(self.tr("<h2>语料匠 Corpusmith</h2><p>版本 {0}</p>").format(app_version()))
        blurb = QLabel(self.tr("把评论区、文档和聊天记录变成大模型微调数据集。"))
        blurb.setWordWrap(True)
        head_text = QVBoxLayout()
        head_text.addWidget(self.title)
        head_text.addWidget(blurb)
        head = QHBoxLayout()
        head.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        head.addLayout(head_text, 1)
        self.qt_notice = QLabel(self.tr(
            "本程序使用 Qt for Python（PySide6 {0}）和 Qt 6，依 GNU 宽通用公共许可证第 3 版（LGPL v3）使用。"
            "单文件夹版以动态库形式分发 Qt：你可以用自己编译的版本替换安装目录中的 Qt 和 PySide6 库"
            "（单文件版把它们打包在程序文件里，需要替换时请使用单文件夹版）。"
            "Qt 的源代码见 <a href=\"https://code.qt.io\">code.qt.io</a>，许可证全文见 "
            "<a href=\"https://www.gnu.org/licenses/lgpl-3.0.html\">gnu.org/licenses/lgpl-3.0</a>。"
        ).format(PYSIDE_VERSION))
        self.qt_notice.setWordWrap(True)
        self.qt_notice.setOpenExternalLinks(True)
        self.qt_notice.setTextFormat(Qt.TextFormat.RichText)

        libs = bundled_libraries()
        rows = [(lib.name, lib.version, lib.license) for lib in libs]
        rows += [(name, "—", lic) for name, lic in NATIVE_LIBRARIES]
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels([self.tr("库"), self.tr("版本"), self.tr("许可证")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, cells in enumerate(rows):
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        runtime = QLabel(self.tr("Python {0}；随程序分发的第三方库（{1} 个 Python 包，以及它们自带的本地库）：").format(
            platform.python_version(), len(libs)))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.qt_notice)
        layout.addWidget(runtime)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(640, 560)
