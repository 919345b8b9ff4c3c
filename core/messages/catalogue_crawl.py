"""crawl messages. (code → (Chinese, English))"""

MESSAGES: dict = {
}
