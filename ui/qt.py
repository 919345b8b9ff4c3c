"""The one place that imports the Qt binding (swap bindings here, nowhere else)."""

# PySide6 must be imported before qasync so qasync picks this binding.
from PySide6 import QtCore, QtGui, QtWidgets  # noqa: F401
from PySide6 import __version__ as PYSIDE_VERSION  # noqa: F401
from PySide6.QtCore import (  # noqa: F401
    QAbstractTableModel,
    QByteArray,
    QCoreApplication,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
    QTranslator,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import (  # noqa: F401
    QAction,
    QActionGroup,
    QBrush,
    QColor,
    QDesktopServices,
    QFont,
    QIcon,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
    QStandardItemModel,
)
from PySide6.QtWidgets import (  # noqa: F401
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QStatusBar,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
import qasync  # noqa: E402,F401
from qasync import asyncSlot as _qasync_slot  # noqa: E402


def asyncSlot(*args, **kwargs):  # noqa: N802 - qasync's name, which every page uses
    """qasync's asyncSlot whose task joins its window's registry of background work
    (ui/background.py): closing or switching the project waits for it or cancels it."""
    from ui.background import registered_slot

    return registered_slot(_qasync_slot(*args, **kwargs))
