"""PySide6 6.12.0 leaks a reference to None on every addItem/setItem and later aborts CPython 3.11
("deallocating None"). We pin <6.12; this guards the pin and any future upgrade."""

import sys

from PySide6.QtWidgets import QComboBox


def test_combobox_additem_keeps_none_refcount(qtbot):
    combo = QComboBox()
    qtbot.addWidget(combo)
    before = sys.getrefcount(None)
    for i in range(10_000):
        combo.addItem(str(i))
    after = sys.getrefcount(None)
    assert combo.count() == 10_000
    assert after >= before - 100, f"None refcount fell by {before - after}"
