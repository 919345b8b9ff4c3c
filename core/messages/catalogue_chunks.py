"""Messages of editing a document's chunks by hand: split points moved, chunks merged or split, re-chunking, and what a change will regenerate. (code → (Chinese, English))"""

MESSAGES: dict = {
}
