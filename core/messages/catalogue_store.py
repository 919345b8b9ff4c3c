"""store messages. (code → (Chinese, English))"""

MESSAGES: dict = {
}
