"""llm messages. (code → (Chinese, English))"""

MESSAGES: dict = {
}
