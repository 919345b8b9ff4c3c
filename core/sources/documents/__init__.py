"""Document sources: files whose text is chunked for question generation and retrieval."""

from core.sources.documents.txt import (
    ImportResult,
    chunks_of,
    import_text_file,
    read_text_file,
    read_text_file_with_encoding,
)

__all__ = ["ImportResult", "chunks_of", "import_text_file", "read_text_file", "read_text_file_with_encoding"]
