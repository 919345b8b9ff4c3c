"""Messages of the LLM judge: rubrics, scores, thresholds. (code → (Chinese, English))"""

MESSAGES: dict = {
}
