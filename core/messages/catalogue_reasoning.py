"""Messages of a model's reasoning kept apart from its answer, and how an export writes it. (code → (Chinese, English))"""

MESSAGES: dict = {
}
