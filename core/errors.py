"""Errors a user can act on. Their message says what went wrong, where, and what to do."""


class CorpusmithError(Exception):
    """Base for expected failures: shown to the user as-is, never as a traceback."""


class ProjectError(CorpusmithError):
    """The project file cannot be opened, created or written."""


class ExportError(CorpusmithError):
    """An export could not be written; nothing was left half-written."""


class InputError(CorpusmithError):
    """An input file or value is not usable."""
