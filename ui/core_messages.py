"""Core speaks English (it serves the CLI and logs too); the UI shows its sentences in the UI's
language. The messages a first-time user meets most — the connection test and why a model call
failed — are matched here by their shape and re-said through Qt's translation system (the
Chinese template is the source, the English translation is core's own wording). A sentence not
listed here is shown as core wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from core.messages import code_of, render
from ui.qt import QCoreApplication


def _said(m: re.Match) -> str:
    said = m.groupdict().get("said")
    return QCoreApplication.translate("CoreMessages", "服务商返回：{0}").format(said) if said else ""


# (pattern of core's English sentence, how to say it) — in the order core/llm/client.py has them
_MESSAGES: list[tuple[re.Pattern, Callable[[re.Match], str]]] = [
    (re.compile(r"No answer from (?P<url>\S+) within (?P<t>[\d.]+) s \(timed out\)\.$"),
     lambda m: QCoreApplication.translate("CoreMessages", "{0} 在 {1} 秒内没有应答（超时）。").format(m["url"], m["t"])),
    (re.compile(r"No answer from (?P<url>\S+) \(timed out\)\.$"),
     lambda m: QCoreApplication.translate("CoreMessages", "{0} 没有应答（超时）。").format(m["url"])),
    (re.compile(r"Could not connect to (?P<url>\S+?)(?: \((?P<detail>.*)\))?\. Check the base URL, your network, "
                r"and that the server is running\.$", re.S),
     lambda m: QCoreApplication.translate("CoreMessages", "连接不上 {0}{1}。请检查接口地址、网络，以及服务是否在运行。").format(
         m["url"], QCoreApplication.translate("CoreMessages", "（{0}）").format(m["detail"]) if m["detail"] else "")),
    (re.compile(r"The API key was refused \(401 Unauthorized\)\."),
     lambda m: QCoreApplication.translate("CoreMessages", "API Key 被拒绝（401）。请确认完整粘贴了 Key，并且它属于这个服务商。")),
    (re.compile(r"The model “(?P<model>.*)” does not exist at this provider, or this key has no access to it"
                r"(?: \((?P<status>\d+)\))?\. Choose a model the provider lists\.$"),
     lambda m: QCoreApplication.translate("CoreMessages", "这个服务商没有模型“{0}”，或这个 Key 无权使用它。请选服务商列出的模型。").format(m["model"])),
    (re.compile(r"The provider refused access \(403 Forbidden\)\.(?: The provider said: (?P<said>.*))?$", re.S),
     lambda m: QCoreApplication.translate("CoreMessages", "服务商拒绝访问（403）。") + _said(m)),
    (re.compile(r"Nothing answers at (?P<url>\S+) \(404 Not Found\)\."),
     lambda m: QCoreApplication.translate("CoreMessages", "{0} 没有这个接口（404）。请检查接口地址：通常以 /v1 结尾（或服务商的兼容模式路径）。").format(m["url"])),
    (re.compile(r"The account has no quota or credit left \((?P<status>\d+)\)\..*?(?: The provider said: "
                r"(?P<said>.*))?$", re.S),
     lambda m: QCoreApplication.translate("CoreMessages", "账户没有额度或余额了（{0}）。请到服务商网站充值或查看套餐。").format(m["status"]) + _said(m)),
    (re.compile(r"The provider is limiting the request rate \(429 Too Many Requests\)\..*?(?: The provider said: "
                r"(?P<said>.*))?$", re.S),
     lambda m: QCoreApplication.translate("CoreMessages", "服务商在限流（429）。请降低并发或设置每分钟请求数。") + _said(m)),
    (re.compile(r"The provider's server failed \(HTTP (?P<status>\d+)\)\. Try again later\.(?: The provider said: "
                r"(?P<said>.*))?$", re.S),
     lambda m: QCoreApplication.translate("CoreMessages", "服务商的服务器出错（HTTP {0}），请稍后再试。").format(m["status"]) + _said(m)),
    (re.compile(r"The provider rejected the request \(HTTP (?P<status>\d+)\)\.(?: The provider said: "
                r"(?P<said>.*))?$", re.S),
     lambda m: QCoreApplication.translate("CoreMessages", "服务商拒绝了请求（HTTP {0}）。").format(m["status"]) + _said(m)),
    (re.compile(r"Enter the provider's base URL first\.$"), lambda m: QCoreApplication.translate("CoreMessages", "请先填写服务商的接口地址。")),
    (re.compile(r"The base URL must start with http:// or https:// \(got “(?P<url>.*)”\)\.$"),
     lambda m: QCoreApplication.translate("CoreMessages", "接口地址要以 http:// 或 https:// 开头（现在是“{0}”）。").format(m["url"])),
    (re.compile(r"(?P<url>\S+) answered, but not like an OpenAI-compatible API \((?P<what>\w+)\)\. Check the base URL\.$"),
     lambda m: QCoreApplication.translate("CoreMessages", "{0} 有应答，但不像 OpenAI 兼容接口（{1}）。请检查接口地址。").format(m["url"], m["what"])),
    (re.compile(r"Connected\. Choose a model: (?P<models>.*)$", re.S),
     lambda m: QCoreApplication.translate("CoreMessages", "已连接。请选择模型：{0}").format(m["models"])),
    (re.compile(r"Connected, but no model is set\. Enter the model name\.$"),
     lambda m: QCoreApplication.translate("CoreMessages", "已连接，但还没有填写模型。请填写模型名称。")),
    (re.compile(r"Connected\. The key works and “(?P<model>.*)” is available \((?P<n>\d+) models\)\.$"),
     lambda m: QCoreApplication.translate("CoreMessages", "已连接：Key 有效，模型“{0}”可用（共 {1} 个模型）。").format(m["model"], m["n"])),
    (re.compile(r"Connected\. “(?P<model>.*)” answered a test request\.$"),
     lambda m: QCoreApplication.translate("CoreMessages", "已连接：模型“{0}”回答了测试请求。").format(m["model"])),
]


_GAVE_UP = re.compile(r"Gave up after (?P<n>\d+) attempts\. (?P<rest>.*)$", re.S)


def localize(message: str) -> str:
    """Core's message in the UI's language: a coded one (core.messages) rendered from the
    catalogue; an older English sentence re-said where its shape is known; else unchanged."""
    if code_of(message) is not None:
        return render(message)
    text = message.strip()
    m = _GAVE_UP.match(text)
    if m:  # the runner's retries: its own words, then the last error's
        return QCoreApplication.translate("CoreMessages", "试了 {0} 次仍然失败。").format(m["n"]) + localize(m["rest"])
    for pattern, say in _MESSAGES:
        m = pattern.match(text)
        if m:
            return say(m)
    return message
