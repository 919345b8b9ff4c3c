"""Messages shared by many areas. (code → (Chinese, English))"""

MESSAGES = {
    "common.see_log": ("详情见日志：{path}", "Details are in the log: {path}"),
}
