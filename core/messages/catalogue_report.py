"""Messages of the quality report: gates, counts, shares, top reasons. (code → (Chinese, English))"""

MESSAGES: dict = {
}
