"""flows messages. (code → (Chinese, English))"""

MESSAGES: dict = {
}
