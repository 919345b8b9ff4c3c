"""Messages of provider Batch APIs: requests files, batches, polling, collecting, off-peak hours. (code → (Chinese, English))"""

MESSAGES: dict = {
}
