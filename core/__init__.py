"""Corpusmith core: a headless library (no Qt). Every pipeline runs from tests and the CLI."""

__version__ = "0.1.0"
