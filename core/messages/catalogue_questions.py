"""Messages of reviewing generated questions between the questions and the answers stage: edits, deletions, additions. (code → (Chinese, English))"""

MESSAGES: dict = {
}
