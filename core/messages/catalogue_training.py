"""Messages of training hand-off: LLaMA-Factory / XTuner configs, base models, provider fine-tuning jobs. (code → (Chinese, English))"""

MESSAGES: dict = {
}
