"""What the model client says: why a request failed, the connection test's verdict, why an
answer was not accepted. (code → (Chinese, English))

URLs, model names, HTTP status codes and the provider's own words stay parameters as they are.
"""

MESSAGES: dict = {
    # ---- a request failed (core/llm/client.py describe_error) --------------------------------
    "llm.provider_said": ("服务商返回：{text}", " The provider said: {text}"),
    "llm.timeout": ("{url} 在 {seconds} 秒内没有应答（超时）。", "No answer from {url} within {seconds} s (timed out)."),
    "llm.timeout_plain": ("服务器没有应答（超时）。", "No answer from the server (timed out)."),
    "llm.connect_failed": (
        "连接不上 {url}。请检查接口地址、网络，以及服务是否在运行。",
        "Could not connect to {url}. Check the base URL, your network, and that the server is running.",
    ),
    "llm.connect_failed_detail": (
        "连接不上 {url}（系统提示：{detail}）。请检查接口地址、网络，以及服务是否在运行。",
        "Could not connect to {url} ({detail}). Check the base URL, your network, and that the server is running.",
    ),
    "llm.key_refused": (
        "API Key 被拒绝（401）。请确认完整粘贴了 Key，并且它属于这个服务商。",
        "The API key was refused (401 Unauthorized). Check that the whole key was pasted and that it "
        "belongs to this provider.",
    ),
    "llm.model_missing": (
        "这个服务商没有模型“{model}”，或这个 Key 无权使用它（{status}）。请选服务商列出的模型。",
        "The model “{model}” does not exist at this provider, or this key has no access to it ({status}). "
        "Choose a model the provider lists.",
    ),
    "llm.model_missing_plain": (
        "这个服务商没有模型“{model}”，或这个 Key 无权使用它。请选服务商列出的模型。",
        "The model “{model}” does not exist at this provider, or this key has no access to it. "
        "Choose a model the provider lists.",
    ),
    "llm.forbidden": ("服务商拒绝访问（403）。{said}", "The provider refused access (403 Forbidden).{said}"),
    "llm.not_found": (
        "{url} 没有这个接口（404）。请检查接口地址：通常以 /v1 结尾（或服务商的兼容模式路径）。",
        "Nothing answers at {url} (404 Not Found). Check the base URL: it usually ends in /v1 (or the "
        "provider's compatible-mode path).",
    ),
    "llm.no_quota": (
        "账户没有额度或余额了（{status}）。请到服务商网站充值或查看套餐。{said}",
        "The account has no quota or credit left ({status}). Top up or check the plan on the provider's site.{said}",
    ),
    "llm.rate_limited": (
        "服务商在限流（429）。请降低同时请求数，或设置每分钟请求数上限。{said}",
        "The provider is limiting the request rate (429 Too Many Requests). Lower the concurrency or set "
        "a requests-per-minute limit.{said}",
    ),
    "llm.server_failed": (
        "服务商的服务器出错（HTTP {status}），请稍后再试。{said}",
        "The provider's server failed (HTTP {status}). Try again later.{said}",
    ),
    "llm.request_rejected": ("服务商拒绝了请求（HTTP {status}）。{said}",
                             "The provider rejected the request (HTTP {status}).{said}"),
    "llm.sdk_error": ("请求出错：{kind}：{text}", "The request failed: {kind}: {text}"),
    "llm.unexpected_error": ("意外的错误：{kind}：{text}", "Unexpected error: {kind}: {text}"),

    # ---- the connection test (core/llm/client.py test_connection) ----------------------------
    "llm.test.no_base_url": ("请先填写服务商的接口地址。", "Enter the provider's base URL first."),
    "llm.test.bad_scheme": ("接口地址要以 http:// 或 https:// 开头（现在是“{url}”）。",
                            "The base URL must start with http:// or https:// (got “{url}”)."),
    "llm.test.not_openai": ("{url} 有应答，但不像 OpenAI 兼容接口（{kind}）。请检查接口地址。",
                            "{url} answered, but not like an OpenAI-compatible API ({kind}). Check the base URL."),
    "llm.test.choose_model": ("已连接。请选择模型：{models}", "Connected. Choose a model: {models}"),
    "llm.test.no_model": ("已连接，但还没有填写模型。请填写模型名称。",
                          "Connected, but no model is set. Enter the model name."),
    "llm.test.ok_listed": ("已连接：Key 有效，模型“{model}”可用（共 {n} 个模型）。",
                           {"one": "Connected. The key works and “{model}” is available ({n} model).",
                            "other": "Connected. The key works and “{model}” is available ({n} models)."}),
    "llm.test.ok_answered": ("已连接：模型“{model}”回答了测试请求。", "Connected. “{model}” answered a test request."),

    # ---- an item failed (core/llm/runner.py) -------------------------------------------------
    "llm.no_messages": ("这一项没有要发送的内容。", "The item has no messages to send."),
    "llm.empty_answer": ("模型返回了空回答（结束原因：{finish}）。",
                         "The model returned an empty answer (finish reason: {finish})."),
    "llm.cut_off": (
        "回答在 {max_tokens} 个 token 处被截断（回答长度上限）。请调高“最长回答”后重试。",
        "The answer was cut off at max_tokens={max_tokens}. Raise max_tokens and retry.",
    ),
    "llm.no_valid_answer": ("试了 {n} 次仍没有合格的回答：{error}",
                            {"one": "No valid answer after {n} try: {error}",
                             "other": "No valid answer after {n} tries: {error}"}),
    "llm.gave_up": ("试了 {n} 次仍然失败。{reason}", "Gave up after {n} attempts. {reason}"),
    "llm.no_choices": ("服务商的响应里没有回答（没有 choices）。",
                       "The provider sent a response without an answer (no choices)."),
    "llm.internal_error": ("处理回答时出了内部错误：{kind}：{text}",
                           "Internal error while processing the answer: {kind}: {text}"),

    # ---- why an answer is not valid JSON of the right shape (core/llm/parse.py) ---------------
    "llm.json.none": ("回答里没有 JSON 对象或数组", "the answer contains no JSON object or array"),
    "llm.json.unreadable": ("回答里的 JSON 读不出来", "the JSON could not be read"),
    "llm.json.unreadable_kind": ("回答里的 JSON 读不出来（{kind}）", "the JSON could not be read ({kind})"),
    "llm.json.wrong_shape": ("回答里的 JSON 结构不对（{detail}）", "the JSON has the wrong shape ({detail})"),
    "llm.shape.object": ("{path} 应当是 JSON 对象", "{path} must be a JSON object"),
    "llm.shape.missing": ("{path} 缺少字段“{field}”", "{path} is missing the field “{field}”"),
    "llm.shape.array": ("{path} 应当是数组", "{path} must be an array"),
    "llm.shape.empty": ("{path} 不能为空", "{path} must not be empty"),
    "llm.shape.type": ("{path} 应当是{want}", "{path} must be {want}"),
    "llm.type.str": ("文字", "a string"),
    "llm.type.int": ("整数", "an integer"),
    "llm.type.float": ("数字", "a number"),
    "llm.type.bool": ("true 或 false", "true or false"),
    "llm.type.dict": ("对象", "an object"),
    "llm.type.list": ("数组", "an array"),
    "llm.type.other": ("{name} 类型的值", "a {name}"),
    "llm.type.either": ("{a}或{b}", "{a} or {b}"),
    # ---- named model services on the command line (core/cli_generate.py --service) -----------
    "llm.service_unknown": (
        "设置里没有叫“{name}”的模型服务。已有：{known}。",
        "No model service called “{name}” in the app's settings. There are: {known}.",
    ),
    "llm.cli_no_endpoint": (
        "请用 --service 名称 选用设置里保存的模型服务，或给出 --base-url 和 --model。",
        "Name a model service saved in the app with --service NAME, or give --base-url and --model.",
    ),
    # ---- prompt templates (core/llm/templates.py): what the template editor and the flows say
    "templates.var.text": ("这一段原文", "the chunk of text"),
    "templates.var.n": ("要出几个问题", "how many questions to ask"),
    "templates.var.question": ("问题", "the question"),
    "templates.var.context": ("回答必须依据的原文", "the source text the answer must come from"),
    "templates.var.chat": ("聊天记录，每条消息一行“说话人：内容”", "the chat log, one “speaker：text” line per message"),
    "templates.var.fields": ("摘要必须保留的字段", "the fields the summary must keep"),
    "templates.var.schema": ("一条记录的样子（来自抽取字段）", "the shape of one record, from the extraction schema"),
    "templates.var.topic": ("问题围绕的主题", "the topic the questions are about"),
    "templates.var.aspect": ("主题的某个方面", "the aspect of the topic"),
    "templates.var.max_chars": ("问题或摘要最多多少字", "the longest a question or summary may be, in characters"),
    "templates.var.previous": ("上一段的摘要（作为上文，可以为空）", "the summary of the previous chunk (context; may be empty)"),
    "templates.var.style": ("摘要要写什么（情节、主题和人物，或提纲）",
                            "what the summary should describe (plot, theme and characters, or an outline)"),
    "templates.var.topics": ("用户消息取材的日常话题", "everyday subjects to draw the inputs from"),
    "templates.no_header": ("模板“{name}”（{lang}）：内容必须以“### system”或“### user”这一行开头。",
                            "Template “{name}” ({lang}): the text must start with a “### system” or “### user” line."),
    "templates.two_sections": ("模板“{name}”（{lang}）里有两个“### {section}”部分。",
                               "Template “{name}” ({lang}) has two “### {section}” sections."),
    "templates.unknown": ("没有叫“{name}”的模板（已有：{known}）。", "Unknown template “{name}” (known: {known})."),
    "templates.unknown_lang": ("没有“{lang}”语言的模板（已有：{known}）。",
                               "Unknown template language “{lang}” (known: {known})."),
    "templates.builtin_unreadable": ("读不出软件自带的模板“{path}”（{error}）。请重新安装语料匠。",
                                     "The built-in template “{path}” cannot be read ({error}). Reinstall Corpusmith."),
    "templates.not_saved": ("模板“{name}”（{lang}）没有保存：{problems}",
                            "The template “{name}” ({lang}) was not saved: {problems}"),
    "templates.user_empty": ("用户部分是空的：请在“### user”下面写提示词。",
                             "The user part is empty: write the prompt under “### user”."),
    "templates.unknown_variable": ("不认识的占位符 {variable}：这个模板只认 {known}。",
                                   "Unknown variable {variable}: this template knows only {known}."),
    "templates.missing_variable": ("缺少占位符 {variable}：提示词里必须有它（{meaning}）。",
                                   "Missing variable {variable}: the prompt must contain it ({meaning})."),
    "templates.no_json": (
        "提示词里必须提到 JSON：回答是按 JSON 读取的，而且 JSON 模式（OpenAI 等）会拒绝没有写“JSON”的提示词。",
        "The prompt must mention JSON: the answer is read as JSON, and JSON mode (OpenAI and others) refuses a "
        "prompt that does not say “JSON”."),
    "templates.no_value": ("模板“{name}”：没有给出 {variables} 的值。", "Template “{name}”: no value for {variables}."),
    # ---- API keys (core/llm/secrets.py)
    "secrets.file_unreadable": ("读不出保存 API Key 的文件“{path}”（{error}）。请删掉它，再重新填写 API Key。",
                                "The key file “{path}” cannot be read ({error}). Delete it and enter the API key again."),
    "secrets.not_saved": ("API Key 没能保存到“{path}”：{error}。", "The API key could not be saved to “{path}”: {error}."),
    "secrets.keyring_refused_read": (
        "系统密钥环拒绝读取 API Key（{kind}）。请解锁密钥环，或允许语料匠使用它，然后再试。",
        "The system keyring refused to read the API key ({kind}). Unlock the keyring or allow Corpusmith to use "
        "it, then try again."),
    "secrets.keyring_refused_store": (
        "系统密钥环拒绝保存 API Key（{kind}）。请解锁密钥环，或允许语料匠使用它，然后再试。",
        "The system keyring refused to store the API key ({kind}). Unlock the keyring or allow Corpusmith to use "
        "it, then try again."),
    "secrets.keyring_refused_delete": (
        "系统密钥环拒绝删除 API Key（{kind}）。请解锁密钥环，或允许语料匠使用它，然后再试。",
        "The system keyring refused to delete the API key ({kind}). Unlock the keyring or allow Corpusmith to use "
        "it, then try again."),
    "secrets.no_keyring": (
        "这台电脑没有可用的系统密钥环（keyring），所以 API Key 保存在“{path}”里，只有你的用户账号能读。"
        "安装并解锁一个密钥环（例如 GNOME Keyring 或 KWallet）后，Key 就会改存到密钥环里。",
        "No system keyring is available, so API keys are saved in “{path}”, readable only by your user account. "
        "Install and unlock a keyring (for example GNOME Keyring or KWallet) to keep them there instead."),
}
