"""Messages of provider Batch APIs: requests files, batches, polling, collecting, off-peak hours. (code → (Chinese, English))"""

MESSAGES: dict = {
    # ---- batch mode (core/llm/batch.py, core/llm/batch_session.py, core/cli_batch.py) ----
    "batch.note": ("{text}", "{text}"),
    "batch.unsupported": (
        "{provider} 没有批量接口（Batch API）：去掉 --batch 实时运行，或换一个有批量接口的服务"
        "（通义千问 DashScope、硅基流动、智谱、OpenAI）",
        "{provider} has no Batch API: run without --batch, or use a service that has one "
        "(Qwen DashScope, SiliconFlow, Zhipu, OpenAI)",
    ),
    "batch.line_expired": ("批量任务在时限内没有运行到这条请求（已过期）",
                           "the batch's time window ran out before this request was run (expired)"),
    "batch.line_cancelled": ("批量任务已取消，这条请求没有运行", "the batch was cancelled before this request was run"),
    "batch.line_missing": ("批量任务的结果里没有这条请求", "the batch's results leave this request out"),
    "batch.line_error": ("批量请求出错（{kind}）：{said}", "the batch request failed ({kind}): {said}"),
    "batch.batch_failed": ("服务商拒绝了这个批量任务：{said}", "the provider failed this batch: {said}"),
    "batch.gave_up": (
        "批量发送了 {n} 次都没有得到回答：{reason}",
        {"one": "sent in a batch once without an answer: {reason}",
         "other": "sent in {n} batches without an answer: {reason}"},
    ),
    "batch.upload_failed": ("上传批量请求文件失败（请求留到下次运行再提交）：{reason}",
                            "uploading the batch requests file failed (the requests wait for the next run): {reason}"),
    "batch.create_failed": ("创建批量任务失败（请求留到下次运行再提交）：{reason}",
                            "creating the batch failed (the requests wait for the next run): {reason}"),
    "batch.poll_failed": ("查询批量任务 {id} 失败（下次再查）：{reason}",
                          "asking for batch {id} failed (asked again next time): {reason}"),
    "batch.download_failed": ("下载批量任务 {id} 的结果失败（下次再试）：{reason}",
                              "downloading the results of batch {id} failed (tried again next time): {reason}"),
    "batch.cancel_failed": ("取消批量任务 {id} 失败：{reason}", "cancelling batch {id} failed: {reason}"),
    "batch.status.submitting": ("提交中", "submitting"),
    "batch.status.validating": ("校验中", "validating"),
    "batch.status.in_progress": ("运行中", "in progress"),
    "batch.status.finalizing": ("整理结果", "finalizing"),
    "batch.status.completed": ("已完成", "completed"),
    "batch.status.expired": ("已过期", "expired"),
    "batch.status.failed": ("失败", "failed"),
    "batch.status.cancelling": ("取消中", "cancelling"),
    "batch.status.cancelled": ("已取消", "cancelled"),
    "batch.estimate_cost": ("，费用约 {cost}（实时）/ {batch}（批量）", ", cost about {cost} (realtime) / {batch} (batch)"),
    # after the estimate line's money: requests a --batch run already submitted are not counted in it
    "batch.estimate_waiting": (
        "{money}；另有 {n} 个请求已在批量任务里等待结果（不再发送，不另收费）",
        {"one": "{money}; {n} more request already waits in a batch (not sent again, no new cost)",
         "other": "{money}; {n} more requests already wait in a batch (not sent again, no new cost)"},
    ),
    "batch.cli.open_found": (
        "项目里有 {n} 个批量任务还没收回：先查询并收回已完成的；仍在批量里的请求不会再发送",
        {"one": "The project has a batch not collected yet: it is polled and collected first; requests still in it "
                "are not sent again",
         "other": "The project has {n} batches not collected yet: they are polled and collected first; requests "
                  "still in them are not sent again"},
    ),
    "batch.cli.submitted": ("已提交批量任务 {id}：{n} 条请求（{stage}）", {"one": "Batch {id} submitted: {n} request ({stage})",
                                                                "other": "Batch {id} submitted: {n} requests ({stage})"}),
    "batch.cli.status": ("批量任务 {id}（{stage}）：{status}，{completed}/{total} 条完成，{failed} 条出错",
                         "Batch {id} ({stage}): {status}, {completed}/{total} done, {failed} failed"),
    "batch.cli.collected": (
        "已收回批量任务 {id}（{status}）：{done} 条回答，{failed} 条出错，{lost} 条没有运行",
        "Batch {id} collected ({status}): {done} answered, {failed} failed, {lost} not run",
    ),
    "batch.cli.cost": ("批量费用：{cost}（同样的回答实时约 {realtime}）",
                       "Batch cost: {cost} (the same answers in realtime: about {realtime})"),
    "batch.cli.unsent": (
        "{n} 条请求没能提交（原因见上）：它们还没花钱，再运行同一条命令即可提交",
        {"one": "{n} request could not be submitted (reason above): nothing was paid for it; run the same command "
                "again to submit it",
         "other": "{n} requests could not be submitted (reason above): nothing was paid for them; run the same "
                  "command again to submit them"},
    ),
    "batch.cli.waiting": (
        "{n} 条请求在批量任务里等待：稍后再运行同一条命令收回结果（或加 --wait 等到全部完成）",
        {"one": "{n} request waits in a batch: run the same command later to collect it (or add --wait to wait)",
         "other": "{n} requests wait in batches: run the same command later to collect them (or add --wait to wait)"},
    ),
    "batch.cli.wait": (
        "等待批量任务完成：每 {s} 秒查询一次。按 Ctrl+C 停止等待（批量任务在服务商那里继续，之后再运行同一条命令收回）",
        "Waiting for the batches: polled every {s} s. Ctrl+C stops waiting (the batches go on at the provider; "
        "run the same command later to collect them)",
    ),
    "batch.cli.cancelled": ("已请求取消 {n} 个批量任务；已经完成的回答下次运行时收回",
                            {"one": "Asked the provider to cancel {n} batch; answers it already has are collected next run",
                             "other": "Asked the provider to cancel {n} batches; answers they already have are collected "
                                      "next run"}),
    "batch.cli.none_open": ("这个服务在项目里没有未收回的批量任务", "The project has no open batch at this service"),
    "batch.cli.none": ("项目里没有批量任务", "The project has no batches"),
    "batch.cli.style_waiting": ("这一轮的回复在批量任务里：稍后再运行同一条命令收回并继续",
                                "This round's replies wait in a batch: run the same command later to collect them "
                                "and go on"),
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
