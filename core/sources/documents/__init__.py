"""Document sources: files whose text is chunked for question generation and retrieval, and
scripts/novels parsed into speakers and lines."""

from core.sources.documents.detect import Detected, detect_format
from core.sources.documents.importer import (
    DocumentImportResult,
    DocumentText,
    ImportFailure,
    PasswordRequiredError,
    import_document,
    import_documents,
    read_document,
    store_document,
)
from core.sources.documents.script import (
    CharacterRow,
    Scene,
    Script,
    ScriptLine,
    ScriptOptions,
    ScriptParser,
    Unattributed,
    character_table,
    parse_script,
)
from core.sources.documents.txt import (
    ImportResult,
    chunks_of,
    import_text_file,
    read_text_file,
    read_text_file_with_encoding,
)

__all__ = [
    "CharacterRow", "Detected", "DocumentImportResult", "DocumentText", "ImportFailure", "ImportResult",
    "PasswordRequiredError", "Scene", "Script", "ScriptLine", "ScriptOptions", "ScriptParser", "Unattributed",
    "character_table", "chunks_of", "detect_format", "import_document", "import_documents", "import_text_file",
    "parse_script", "read_document", "read_text_file", "read_text_file_with_encoding", "store_document",
]
