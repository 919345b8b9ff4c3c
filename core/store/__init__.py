"""The project file (SQLite, WAL)."""

from core.store.db import PROJECT_SUFFIX
from core.store.store import ROW_COLUMNS, ReplaceReport, SampleFilter, Store

__all__ = ["PROJECT_SUFFIX", "ROW_COLUMNS", "ReplaceReport", "SampleFilter", "Store"]
