"""Messages of provider Batch APIs: requests files, batches, polling, collecting, off-peak hours. (code → (Chinese, English))"""

MESSAGES: dict = {
    # ---- off-peak runs (core/llm/timeprices.py, core/llm/offpeak.py) ----
    "offpeak.bad_schedule": ("分时价格的格式不对", "the time-of-day prices are not in a form the app reads"),
    "offpeak.no_windows": ("分时价格里没有时段", "the time-of-day prices have no windows"),
    "offpeak.bad_zone": (
        "找不到时区“{tz}”：请写 Asia/Shanghai 这样的时区名，或 UTC+8",
        "unknown time zone “{tz}”: write a zone name such as Asia/Shanghai, or UTC+8",
    ),
    "offpeak.bad_time": ("时间“{time}”不对：请写成 09:00 这样（00:00～24:00）",
                         "“{time}” is not a time: write it as 09:00 (00:00 to 24:00)"),
    "offpeak.bad_window": (
        "看不懂时段“{text}”：请写成 09:00-12:00 x2（开始-结束 x价格倍数）",
        "cannot read the window “{text}”: write it as 09:00-12:00 x2 (start-end x price factor)",
    ),
    "offpeak.empty_window": ("时段 {start}-{end} 开始和结束相同", "the window {start}-{end} starts where it ends"),
    "offpeak.bad_factor": ("时段 {start}-{end} 的价格倍数“{factor}”不对：要大于 0",
                           "the price factor “{factor}” of {start}-{end} must be above 0"),
    "offpeak.estimate_cost": ("，费用约 {peak}（高峰价）/ {low}（低价时段价）",
                              ", cost about {peak} (peak prices) / {low} (off-peak prices)"),
    "offpeak.no_schedule": (
        "这个模型服务没有分时价格（全天一个价）：--off-peak 不用等，立即开始",
        "this model service has one price all day: --off-peak has nothing to wait for, starting now",
    ),
    "offpeak.is_low": ("现在就是低价时段（到 {until}）：立即开始", "off-peak prices now (until {until}): starting"),
    "offpeak.is_low_all_day": ("现在就是低价时段：立即开始", "off-peak prices now: starting"),
    "offpeak.waiting": (
        "等待低价时段：{when} 开始（还有 {left}）。程序要一直开着；按 Ctrl+C 取消",
        "waiting for off-peak prices: they start at {when} (in {left}). Keep this running; Ctrl+C cancels",
    ),
    "offpeak.started": ("低价时段到了：开始", "off-peak prices now: starting"),
    "offpeak.peak_paused": (
        "高峰时段开始：暂停发出新请求（已发出的照常收回），{until} 低价时段开始后自动继续",
        "peak prices from now: no new requests (those already sent are collected); going on at {until}, "
        "when off-peak prices start again",
    ),
    "offpeak.peak_resumed": ("低价时段开始：继续", "off-peak prices again: going on"),
}
