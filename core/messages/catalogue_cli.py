"""cli messages. (code → (Chinese, English))"""

MESSAGES: dict = {
}
