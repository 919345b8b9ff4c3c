"""What the Bilibili crawl says: the link check, the site's refusals and errors, waits, why a video
is incomplete or failed, the comment → dialogue report, and the `crawl` / `dialogues` commands'
own lines (prefix "crawl.cli."). (code → (Chinese, English))

Parameters that are messages themselves (a reason inside a sentence, what a request asked for)
render in the same language; an empty string leaves the part out."""

MESSAGES: dict = {
    # ---- the link check (core/sources/bilibili/ids.py) ------------------------------------------
    "crawl.line_error": ("第 {line} 行“{text}”：{message}", "line {line} “{text}”: {message}"),
    "crawl.empty_line": ("空行", "empty line"),
    "crawl.av_out_of_range": ("av{aid} 不是有效的视频编号", "av{aid} is not a valid video number"),
    "crawl.bv_invalid": (
        "“{token}”不是有效的 BV 号（对应不到任何视频编号；请检查有没有打错字——BV 号区分大小写）",
        "“{token}” is not a valid BV id (it does not decode to a video number; check for a mistyped "
        "character — BV ids are case-sensitive)",
    ),
    "crawl.bv_malformed": (
        "“{token}”不是 BV 号：BV 号是“BV1”加 9 个字母或数字",
        "“{token}” is not a BV id: a BV id is “BV1” followed by 9 letters and digits",
    ),
    "crawl.not_a_link": ("既不是链接也不是视频号", "not a link or a video id"),
    "crawl.not_bilibili": (
        "不是 B 站链接或视频号（请填 BV… 或 av… 号，或 bilibili.com / b23.tv 链接）",
        "not a Bilibili link or a video id (expected a BV… or av… id, or a bilibili.com / b23.tv link)",
    ),
    "crawl.b23_needs_code": (
        "b23.tv 短链要带上后面的代码，例如 https://b23.tv/AbCdEf1",
        "a b23.tv short link needs its code, e.g. https://b23.tv/AbCdEf1",
    ),
    "crawl.host_not_bilibili": (
        "{host} 不是 B 站的网址（应为 bilibili.com 或 b23.tv）",
        "{host} is not a Bilibili address (expected bilibili.com or b23.tv)",
    ),
    "crawl.link_names_no_video": (
        "这个 B 站链接没有指向某个视频（应为 …/video/BV… 或 …/video/av…）",
        "this Bilibili link names no video (expected …/video/BV… or …/video/av…)",
    ),
    "crawl.short_leads_elsewhere": (
        "短链 {url} 跳转到 {location}，那不是视频（{error}）",
        "the short link {url} leads to {location}, which is not a video ({error})",
    ),
    "crawl.short_leads_short": (
        "短链 {url} 跳转到了另一个短链（{location}）",
        "the short link {url} leads to another short link ({location})",
    ),
    # ---- cookies, settings -------------------------------------------------------------------------
    "crawl.api_base_scheme": (
        "B 站接口地址要以 http:// 或 https:// 开头（现在是“{base}”）。",
        "The Bilibili API address must start with http:// or https:// (got “{base}”).",
    ),
    "crawl.no_sessdata_pasted": (
        "粘贴的内容里没有 SESSDATA。请复制已登录的 bilibili.com 页面的 Cookie（里面有 SESSDATA=…）。",
        "No SESSDATA cookie found in what was pasted. Copy the Cookie header of a logged-in "
        "bilibili.com page (it holds SESSDATA=…).",
    ),
    "crawl.concurrency_min": ("同时请求数至少为 1（现在是 {n}）。", "Concurrency must be at least 1 (got {n})."),
    "crawl.interval_negative": (
        "请求最小间隔不能是负数（现在是 {seconds:g}）。",
        "The minimum interval cannot be negative (got {seconds:g}).",
    ),
    "crawl.attempts_min": ("尝试次数至少为 1（现在是 {n}）。", "Attempts must be at least 1 (got {n})."),
    # ---- notes on the whole run ---------------------------------------------------------------------
    "crawl.anonymous_limits": (
        "不登录时，B 站只给访客看一部分评论：第一页或更少（最近甚至只有 3 条），回复也不全。这样抓到的视频会标为"
        "“不完整”，并写明抓到多少、视频共有多少。要抓全部，请先「扫码登录」（用 B 站 App 扫一下；命令行里用 login "
        "命令），或者粘贴已登录页面的 Cookie（高级，关键是 SESSDATA）。登录只保存在系统钥匙串里，"
        "不会写进项目或日志。",
        "Without login cookies Bilibili shows visitors only part of a video's comments: the first page "
        "of comments or fewer (recently as few as 3) and not every reply. Such crawls are reported as "
        "incomplete, with the number fetched and the number the video has. To fetch everything, log in "
        "by QR code first (scan it with the Bilibili app; on the command line: login bilibili), or paste "
        "the cookies of a logged-in page (expert; SESSDATA is the one that matters). The login is kept "
        "in the system keyring, never in the project or the logs.",
    ),
    "crawl.cookies_expired": (
        "保存的登录没有被接受（B 站说未登录），多半已经过期。现在以访客身份继续；请重新扫码登录"
        "（窗口里点「扫码登录」，命令行：python main.py login bilibili）才能抓全。",
        "The saved login was not accepted (Bilibili says not logged in): it has probably expired. "
        "Continuing as a visitor; log in again with the QR code (the “Log in with QR code” button, or "
        "`python main.py login bilibili`) to fetch everything.",
    ),
    "crawl.logged_in_as": ("已登录：{name}。", "Logged in as {name}."),
    "crawl.logged_in": ("已登录 B 站账号。", "Logged in as a Bilibili user."),
    # ---- what a request was about, and what the site said (parts of the errors below) ----------
    "crawl.what_request": ("这次请求", "the request"),
    "crawl.what_comment": ("{bvid} 的评论 {rpid}", "comment {rpid} of {bvid}"),
    "crawl.what_keys": ("签名密钥", "signing keys"),
    "crawl.what_guest_id": ("访客编号", "guest id"),
    "crawl.site_said": ("（站点说：“{message}”）", " (the site said “{message}”)"),
    # ---- the site's errors ------------------------------------------------------------------------
    "crawl.video_missing": ("没有这个视频（{what}）：{why}（代码 {number}）。", "No such video ({what}): {why} (code {number})."),
    "crawl.video_gone": ("视频不存在或已删除", "it does not exist or was deleted"),
    "crawl.video_hidden": ("视频不可见（已下架或设为私密）", "it is not visible (taken down or private)"),
    "crawl.video_in_review": ("视频还在审核中", "it is still being reviewed"),
    "crawl.video_uploader_only": ("只有上传者自己能看", "only its uploader can see it"),
    "crawl.comments_closed": (
        "这个视频（{what}）的评论区已关闭（代码 {number}）：没有可抓的评论。",
        "The comments of this video ({what}) are closed (code {number}): there is nothing to fetch.",
    ),
    "crawl.comment_deleted": ("这条评论（{what}）已被删除（代码 {number}）。", "This comment ({what}) was deleted (code {number})."),
    "crawl.signature_rejected": (
        "B 站拒绝访问（{what}，代码 -403），换了新的签名密钥也不行{site}。如果一直这样，说明 B 站改了请求签名的方式，请报告这个问题。",
        "Bilibili denied access ({what}) (code -403) even with fresh signing keys{site}. If this keeps "
        "happening, the site has changed how requests are signed; please report it.",
    ),
    "crawl.captcha": (
        "B 站要求先完成验证码才肯回答（{what}，代码 -401 非法访问）。请先停下，在浏览器里打开 bilibili.com 并登录，"
        "过一会儿再用登录 Cookie、更长的请求间隔重试。",
        "Bilibili wants a captcha solved before it answers ({what}) (code -401 非法访问). Stop for now, open "
        "bilibili.com in a browser, log in, then try again later with your login cookies and a longer interval.",
    ),
    "crawl.login_required": (
        "B 站要求登录（{what}，代码 -101）。请添加登录 Cookie。",
        "Bilibili asks for a login ({what}) (code -101). Add your login cookies.",
    ),
    "crawl.malformed": (
        "B 站认为请求格式不对（{what}，代码 -400）{site}。这是程序的问题，请报告。",
        "Bilibili rejected the request as malformed ({what}) (code -400){site}. This is a bug; please report it.",
    ),
    "crawl.site_error": ("B 站返回了错误代码 {number}（{what}）{site}。",
                          "Bilibili answered with error code {number} ({what}){site}."),
    # ---- refusals, waits, the network --------------------------------------------------------------
    "crawl.refusal_http_412": ("HTTP 412，请求太频繁", "HTTP 412, too many requests"),
    "crawl.refusal_412": ("代码 -412，请求太频繁", "code -412, too many requests"),
    "crawl.refusal_352": ("代码 -352，触发风控", "code -352, risk control"),
    "crawl.refusal_voucher": ("返回的是验证凭据而不是数据", "a captcha voucher instead of data"),
    "crawl.refusal_code": ("代码 {number}", "code {number}"),
    "crawl.why_network": ("网络出错（{detail}）", "network error ({detail})"),
    "crawl.why_server": ("服务器出错（HTTP {status}）", "server error (HTTP {status})"),
    "crawl.why_not_json": ("返回的不是 JSON", "an answer that is not JSON"),
    "crawl.why_refused": ("B 站拒绝了一次请求（{what}）", "Bilibili refused a request ({what})"),
    "crawl.wait_retry": (
        "{why}；等 {seconds:.1f} 秒后重试（第 {attempt} 次，最多 {attempts} 次）。",
        "{why}; waiting {seconds:.1f} s, then trying again (attempt {attempt} of {attempts}).",
    ),
    "crawl.wait_retry_slower": (
        "{why}；等 {seconds:.1f} 秒后放慢速度重试（第 {attempt} 次，最多 {attempts} 次）。",
        "{why}; waiting {seconds:.1f} s, then trying again and slowing down (attempt {attempt} of {attempts}).",
    ),
    "crawl.refused_for_good": (
        "B 站一直拒绝请求（{what}），试了 {n} 次、共等了 {seconds:.0f} 秒也没用。B 站限制同一个网络地址的读取速度。"
        "请等一段时间（这种限制会持续几分钟到几小时）再抓：已抓到的都已保存，会从停下的地方继续。"
        "请把请求间隔调长、同时请求数调少。{login}",
        "Bilibili keeps refusing requests ({what}), even after {n} attempts over {seconds:.0f} s of waiting. "
        "It limits how fast one internet address may read. Wait a while (such blocks last minutes to hours), "
        "then run the crawl again: what was fetched is saved and it continues where it stopped. Use a longer "
        "interval between requests and fewer at once.{login}",
    ),
    "crawl.login_helps": ("添加登录 Cookie 会有帮助：B 站更信任已登录的读者。",
                          " Adding your login cookies helps: the site trusts logged-in readers more."),
    "crawl.unreachable": (
        "连不上 {base}（{detail}），试了 {n} 次。请检查网络（用了代理的话也检查代理），然后再试。",
        "Could not reach {base} ({detail}) after {n} attempts. Check the internet connection (and a proxy, "
        "if you use one), then try again.",
    ),
    "crawl.server_failing": (
        "B 站的服务器一直出错（HTTP {status}），试了 {n} 次；请稍后再试。",
        "Bilibili's servers kept failing (HTTP {status}) after {n} attempts; try again later.",
    ),
    "crawl.bad_status": ("{url} 返回 HTTP {status}。接口地址对吗？", "{url} answered HTTP {status}. Is the API address right?"),
    "crawl.not_json_for_good": (
        "B 站对 {path} 连续 {n} 次返回的都不是 JSON；请稍后再试。",
        "Bilibili sent an answer that is not JSON for {path} {n} times; try again later.",
    ),
    "crawl.nav_no_keys": (
        "B 站的 /x/web-interface/nav 回答里没有签名密钥（wbi_img），网站可能改版了。",
        "Bilibili's /x/web-interface/nav answer holds no signing keys (wbi_img); the site may have changed.",
    ),
    "crawl.short_link_unreachable": ("打不开短链 {url}（{error}）。", "Could not open the short link {url} ({error})."),
    "crawl.short_link_missing": ("短链 {url} 不存在（或已过期）。", "The short link {url} does not exist (or has expired)."),
    "crawl.short_link_not_video": (
        "短链 {url} 没有跳转到视频（HTTP {status}）。",
        "The short link {url} did not lead to a video (HTTP {status}).",
    ),
    # ---- one video's crawl ---------------------------------------------------------------------------
    "crawl.thread_deleted": (
        "评论 {rpid} 在抓它的回复之前被删除了，跳过这一串回复。",
        "Comment {rpid} was deleted before its replies were fetched; skipping its thread.",
    ),
    "crawl.stalled_no_next": ("评论列表没说已经到底就结束了（没有下一页）",
                              "the comment list ended without saying it was complete (no next page)"),
    "crawl.stalled_empty": ("评论列表一直返回空页", "the comment list kept answering empty pages"),
    "crawl.stalled_repeats": ("B 站连续 {n} 次返回了已经抓到的同一页评论",
                              "Bilibili answered the same, already fetched page of comments {n} times in a row"),
    # ---- the pace (core/sources/bilibili/client.py, Pace) -------------------------------------------
    "crawl.pace_steady": ("速度：按设定，每 {seconds:.1f} 秒一个请求", "Pace: as set, one request every {seconds:.1f} s"),
    "crawl.pace_slowed": ("放慢：B 站拒绝了请求（{why}），现在每 {seconds:.1f} 秒一个请求（设定的 {times:.0f} 倍）",
                          "Slowed down: Bilibili refused a request ({why}); now one request every {seconds:.1f} s "
                          "({times:.0f}× the setting)"),
    "crawl.pace_recovering": ("恢复中：之前 B 站拒绝了请求（{why}），每成功一次加快一步，现在每 {seconds:.1f} 秒一个请求",
                              "Recovering: Bilibili had refused a request ({why}); each success speeds up a step, "
                              "now one request every {seconds:.1f} s"),
    "crawl.pace_recovered": ("速度：已恢复到设定的每 {seconds:.1f} 秒一个请求（B 站拒绝过 {n} 次，最近一次：{why}）",
                             {"one": "Pace: back to the setting, one request every {seconds:.1f} s (Bilibili refused "
                                     "{n} request, the last: {why})",
                              "other": "Pace: back to the setting, one request every {seconds:.1f} s (Bilibili refused "
                                       "{n} requests, the last: {why})"}),
    "crawl.got_of": ("{stored} 条（B 站列出 {expected} 条）", "{stored} of the {expected} comments Bilibili lists"),
    "crawl.got": ("{stored} 条评论", "{stored} comments"),
    "crawl.incomplete_visitor": (
        "不登录只抓到了 {got}：B 站只给访客看最前面的评论。添加登录 Cookie（SESSDATA）后再抓一次，就能补上其余的；已存的评论会保留。",
        "Only {got} could be fetched without logging in: Bilibili shows visitors only the first comments. "
        "Add your login cookies (SESSDATA) and crawl again to fetch the rest; what is stored is kept.",
    ),
    "crawl.incomplete_stalled": (
        "抓到了 {got}：{why}。以后再抓一次会补上新增的。",
        "{got} were fetched: {why}. Crawling again later fetches what is new.",
    ),
    "crawl.incomplete_hidden": (
        "抓到了 {got}；其余的被折叠、隐藏或删除了，或是抓取期间新发的。以后再抓一次只会补上新增的。",
        "{got} were fetched; the rest are folded, hidden or deleted, or were added during the crawl. "
        "Crawling again later fetches only what is new.",
    ),
    "crawl.cancelled_saved": ("已取消；抓到的都已保存，再抓一次会从那里继续。",
                              "Cancelled; what was fetched is saved, and crawling again continues from there."),
    "crawl.cancelled_before_start": ("还没抓到任何内容就取消了。", "Cancelled before anything was fetched."),
    "crawl.cancelled_before_video": ("这个视频还没开始抓就取消了。", "Cancelled before this video was started."),
    "crawl.unexpected": ("意外的错误（{kind}：{error}），请报告这个问题。", "Unexpected error ({kind}: {error}); please report it."),
    "crawl.failed_kept": ("{reason}已抓到的都已保存，再抓一次会从那里继续。",
                          "{reason} What was fetched is saved; crawling again continues from there."),
    "crawl.status_complete": ("完成", "complete"),
    "crawl.status_incomplete": ("不完整", "incomplete"),
    "crawl.status_failed": ("失败", "failed"),
    "crawl.status_cancelled": ("已取消", "cancelled"),
    "crawl.counts": (
        "新增 {new}，已存 {stored}，{requests} 次请求，{seconds:.1f} 秒",
        "{new} new, {stored} stored, {requests} requests, {seconds:.1f} s",
    ),
    "crawl.counts_listed": (
        "新增 {new}，已存 {stored}（B 站列出 {expected}），{requests} 次请求，{seconds:.1f} 秒",
        "{new} new, {stored} stored of {expected} listed, {requests} requests, {seconds:.1f} s",
    ),
    "crawl.video_complete": ("{video}：完成 — {counts}", "{video}: complete — {counts}"),
    "crawl.video_failed": ("{video}：失败 — {reason}", "{video}: failed — {reason}"),
    "crawl.video_incomplete": ("{video}：不完整 — {counts}。{reason}", "{video}: incomplete — {counts}. {reason}"),
    "crawl.video_failed_partway": ("{video}：失败 — {counts}。{reason}", "{video}: failed — {counts}. {reason}"),
    "crawl.video_cancelled": ("{video}：已取消 — {counts}。{reason}", "{video}: cancelled — {counts}. {reason}"),
    # ---- comments → dialogues (core/sources/bilibili/dialogues.py) ------------------------------
    "crawl.dialogues.max_turns_range": (
        "最多轮数（{max}）要么是 0（不限），要么不少于最少轮数（{min}）。",
        "The maximum number of turns ({max}) must be 0 (no limit) or at least the minimum ({min}).",
    ),
    "crawl.dialogues.emotes_unknown": ("表情的处理方式只能是 {choices}，现在是“{value}”。",
                                       "Emotes must be one of {choices} (got “{value}”)."),
    "crawl.dialogues.not_a_video": ("来源 #{id} 不是这个项目里抓取的 B 站视频。",
                                    "Source #{id} is not a crawled Bilibili video of this project."),
    "crawl.dialogues.sources": ("视频：{n}", "sources:    {n}"),
    "crawl.dialogues.comments": ("评论：{n}", "comments:   {n}"),
    "crawl.dialogues.paths": ("评论链：{n} 条（从根评论到最末回复）", "paths:      {n}"),
    "crawl.dialogues.kept": ("保留：{n} 段（新的待审对话）", "kept:       {n} (new pending dialogue samples)"),
    "crawl.dialogues.dropped": (
        "舍弃：太短 {short}，重复 {duplicate}，清理后为空 {empty}",
        "dropped:    {short} too short, {duplicate} duplicate, {empty} empty",
    ),
    "crawl.dialogues.truncated": ("截短：{n} 段（太长，保留了最后几轮）", "truncated:  {n} (kept their last turns)"),
    "crawl.dialogues.reviewed": (
        "已审：{n} 条评论链已被接受或拒绝，保持原样",
        "reviewed:   {n} path(s) already accepted or rejected, left as they are",
    ),
    "crawl.dialogues.replaced": ("替换：上次生成的 {n} 条待审对话", "replaced:   {n} pending sample(s) of an earlier build"),
    "crawl.dialogues.empty_turns": (
        "空轮：{n} 条评论没算作一轮（空的，或只有表情、标点）",
        "empty turns: {n} comment(s) dropped as turns (empty, or only emotes/punctuation)",
    ),
    "crawl.dialogues.reattached": (
        "挂回：{n} 条回复的上级评论已删除，挂到了根评论下",
        {"one": "reattached: {n} reply whose parent was deleted, hung under the root",
         "other": "reattached: {n} replies whose parent was deleted, hung under the root"},
    ),
    # ---- the `crawl` and `dialogues` commands (core/cli_crawl.py) ---------------------------------
    "crawl.cli.note": ("提示：{where}{message}", "note: {where}{message}"),
    "crawl.cli.seconds": ("{s} 秒", "{s} s"),
    "crawl.cli.minutes": ("{m} 分 {s:02d} 秒", "{m} min {s:02d} s"),
    "crawl.cli.hours": ("{h} 小时 {m:02d} 分", "{h} h {m:02d} min"),
    "crawl.cli.eta": (" · 约剩 {duration}", " · about {duration} left"),
    "crawl.cli.progress": (
        "{video}：{pages} 页 · {requests} 次请求 · 新增 {new} · 已存 {stored}{total} · 每秒 {rate:.1f} 条{eta}",
        "{video}: {pages} pages · {requests} requests · {new} new · {stored}{total} stored · {rate:.1f} comments/s{eta}",
    ),
    "crawl.cli.cookies_env_empty": (
        "环境变量 {var} 没有设置或是空的。请把它设为已登录的 bilibili.com 页面的 Cookie（SESSDATA=…; buvid3=…），"
        "或者去掉 --cookies-env，使用应用里保存的 Cookie。",
        "The environment variable {var} is not set or is empty. Set it to the Cookie header of a logged-in "
        "bilibili.com page (SESSDATA=…; buvid3=…), or leave out --cookies-env to use the cookies saved in the app.",
    ),
    "crawl.cli.cookies_env_no_sessdata": (
        "环境变量 {var} 里没有 SESSDATA；请复制已登录的 bilibili.com 页面的 Cookie。",
        "The environment variable {var} holds no SESSDATA cookie; copy the Cookie header of a logged-in "
        "bilibili.com page.",
    ),
    "crawl.cli.saved_cookies_unreadable": (
        "提示：读不出保存的登录 Cookie（{error}）；以访客身份抓取",
        "note: the saved login cookies could not be read ({error}); crawling as a visitor",
    ),
    "crawl.cli.cancelling": (
        "正在取消：等进行中的请求完成（再按一次 Ctrl-C 立即停止）",
        "cancelling: finishing the requests in flight (Ctrl-C again to stop at once)",
    ),
    "crawl.cli.concurrency_min": ("--concurrency 至少为 1（现在是 {n}）。", "--concurrency must be at least 1 (got {n})."),
    "crawl.cli.interval_negative": ("--min-interval 不能是负数（现在是 {seconds:g}）。",
                                    "--min-interval cannot be negative (got {seconds:g})."),
    "crawl.cli.invalid_line": ("无效：{error}", "invalid: {error}"),
    "crawl.cli.nothing_to_crawl": (
        "没有可抓的视频：每一行都无效（见上）。请填 BV… 或 av… 号，或 bilibili.com / b23.tv 链接。",
        "No video to crawl: every input was invalid (see above). Give BV… or av… ids, or bilibili.com / "
        "b23.tv links.",
    ),
    "crawl.cli.videos": (
        "视频：{n} 个（完成 {complete}，不完整 {incomplete}，失败 {failed}）",
        "videos:       {n} ({complete} complete, {incomplete} incomplete, {failed} failed)",
    ),
    "crawl.cli.videos_cancelled": (
        "视频：{n} 个（完成 {complete}，不完整 {incomplete}，失败 {failed}，取消 {cancelled}）",
        "videos:       {n} ({complete} complete, {incomplete} incomplete, {failed} failed, {cancelled} cancelled)",
    ),
    "crawl.cli.new_comments": ("新评论：{n} 条", "new comments: {n}"),
    "crawl.cli.requests": ("请求：{n} 次", "requests:     {n}"),
    "crawl.cli.invalid_count": (
        "无效：{n} 行输入没有抓取（见上）",
        {"one": "invalid:      {n} input line, not crawled (see above)",
         "other": "invalid:      {n} input lines, not crawled (see above)"},
    ),
    "crawl.cli.incomplete_advice": (
        "不完整：有的视频没能抓全（原因见上）；以后再抓一次（如果原因是没登录，就带上登录 Cookie）可以补上其余的",
        "incomplete:   some videos could not be fetched in full (reasons above); crawl them again later "
        "(with login cookies where that is the reason) to add the rest",
    ),
    "crawl.cli.cancelled": (
        "已取消：抓到的都已保存；再运行同一条命令会继续",
        "cancelled: what was fetched is saved; run the same command again to continue",
    ),
    "crawl.cli.failed_video": ("失败：{video}：{reason}", "failed:       {video}: {reason}"),
    "crawl.cli.dialogues_progress": ("生成对话：{done}/{total} 个视频", "dialogues: {done}/{total} source(s)"),
    "crawl.cli.time": ("用时：{seconds:.1f} 秒", "time:       {seconds:.1f} s"),
    # ---- QR-code login (core/sources/bilibili/login.py, `login bilibili`) -----------------------
    "crawl.login.waiting": ("请用 B 站手机客户端扫描二维码。", "Scan the QR code with the Bilibili phone app."),
    "crawl.login.scanned": ("已扫码：请在手机上点“确认登录”。", "Scanned: confirm the login on the phone."),
    "crawl.login.expired": ("二维码已过期，请换一个新的二维码再扫。", "The QR code has expired: get a new one and scan again."),
    "crawl.login.logged_in": ("登录成功：{name}。", "Logged in as {name}."),
    "crawl.login.logged_in_unnamed": ("登录成功。", "Logged in."),
    "crawl.login.no_cookies": (
        "B 站说登录成功，却没有给出登录 Cookie（SESSDATA）。请再扫一次。",
        "Bilibili said the login succeeded but sent no login cookie (SESSDATA). Please scan again.",
    ),
    "crawl.login.refused": (
        "B 站拒绝了登录请求（{answer}）。请稍后再试。",
        "Bilibili refused the login request ({answer}). Please try again later.",
    ),
    "crawl.login.unreachable": (
        "连不上 B 站登录服务（{error}）。请检查网络后再试。",
        "Could not reach Bilibili's login service ({error}). Check the network and try again.",
    ),
    "crawl.login.status_in": ("已登录：{name}", "Logged in as {name}"),
    "crawl.login.status_out": ("未登录（以访客身份抓取，只能看到部分评论）。",
                               "Not logged in (crawling as a visitor sees only part of the comments)."),
    "crawl.login.status_expired": (
        "保存的登录已过期，请重新扫码登录。", "The saved login has expired: scan the QR code again to log in."),
    "crawl.login.logged_out": ("已退出登录：保存的登录 Cookie 已删除。", "Logged out: the saved login cookies are deleted."),
    "crawl.login.cli.url": ("二维码链接：{url}", "QR code link: {url}"),
    "crawl.login.cli.cancelled": ("已取消登录。", "Login cancelled."),
}
