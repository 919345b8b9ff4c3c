"""Plain-text helpers: chunking and (in core.text.retrieval, which loads jieba) BM25 search."""

from core.text.chunking import DEFAULT_OVERLAP, DEFAULT_SIZE, chunk_spans, chunk_text, split_sentences

__all__ = ["DEFAULT_OVERLAP", "DEFAULT_SIZE", "chunk_spans", "chunk_text", "split_sentences"]
