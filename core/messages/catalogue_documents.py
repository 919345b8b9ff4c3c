"""documents messages. (code → (Chinese, English))"""

MESSAGES: dict = {
}
