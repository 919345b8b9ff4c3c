<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../ui/widgets/about_dialog.py" line="29"/>
        <source>关于语料匠</source>
        <translation>About Corpusmith</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/about_dialog.py" line="32"/>
        <source>&lt;h2&gt;语料匠 Corpusmith&lt;/h2&gt;&lt;p&gt;版本 {0}&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Corpusmith&lt;/h2&gt;&lt;p&gt;Version {0}&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/about_dialog.py" line="33"/>
        <source>把评论区、文档和聊天记录变成大模型微调数据集。</source>
        <translation>Turns comment sections, documents and chat logs into fine-tuning datasets for large language models.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/about_dialog.py" line="42"/>
        <source>本程序使用 Qt for Python（PySide6 {0}）和 Qt 6，依 GNU 宽通用公共许可证第 3 版（LGPL v3）使用。单文件夹版以动态库形式分发 Qt：你可以用自己编译的版本替换安装目录中的 Qt 和 PySide6 库（单文件版把它们打包在程序文件里，需要替换时请使用单文件夹版）。Qt 的源代码见 &lt;a href=&quot;https://code.qt.io&quot;&gt;code.qt.io&lt;/a&gt;，许可证全文见 &lt;a href=&quot;https://www.gnu.org/licenses/lgpl-3.0.html&quot;&gt;gnu.org/licenses/lgpl-3.0&lt;/a&gt;。</source>
        <translation>This program uses Qt for Python (PySide6 {0}) and Qt 6 under the GNU Lesser General Public License v3 (LGPL v3). The one-folder build ships Qt as shared libraries: you may replace the Qt and PySide6 libraries in the installation folder with versions you built yourself (the one-file build packs them into the program file; use the one-folder build if you need to replace them). Qt&apos;s source code: &lt;a href=&quot;https://code.qt.io&quot;&gt;code.qt.io&lt;/a&gt;; the licence text: &lt;a href=&quot;https://www.gnu.org/licenses/lgpl-3.0.html&quot;&gt;gnu.org/licenses/lgpl-3.0&lt;/a&gt;.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/about_dialog.py" line="64"/>
        <source>Python {0}；随程序分发的第三方库（{1} 个 Python 包，以及它们自带的本地库）：</source>
        <translation>Python {0}; third-party libraries shipped with the app ({1} Python packages, and the native libraries they carry):</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/about_dialog.py" line="56"/>
        <source>库</source>
        <translation>Library</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/about_dialog.py" line="56"/>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/about_dialog.py" line="56"/>
        <source>许可证</source>
        <translation>License</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../ui/app.py" line="108"/>
        <source>出现了一个意外错误，已记录到日志：
{0}

你的项目数据已经保存，可以继续操作。</source>
        <translation>An unexpected error occurred and was written to the log:
{0}

Your project data is saved; you can carry on.</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="113"/>
        <source>“{0}”没有完成：</source>
        <translation>“{0}” did not finish:</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="116"/>
        <source>出错了</source>
        <translation>Something went wrong</translation>
    </message>
</context>
<context>
    <name>AspectsPanel</name>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="94"/>
        <source>主题 → 按方面提问 → 用你的文本作答</source>
        <translation>Topic → questions by aspect → answers from your texts</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="96"/>
        <source>如：《黑神话：悟空》</source>
        <translation>e.g. Black Myth: Wukong</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="99"/>
        <source>每行一个方面，可增删。</source>
        <translation>One aspect per line; add or remove freely.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="104"/>
        <source>同时按方面组成多轮对话（XTuner 等）</source>
        <translation>Also build one multi-turn conversation per aspect (XTuner etc.)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="106"/>
        <source>多轮对话的系统提示词（可选）</source>
        <translation>System prompt of the conversations (optional)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="107"/>
        <source>主题</source>
        <translation>Topic</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="108"/>
        <source>方面</source>
        <translation>Aspects</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="109"/>
        <source>每个方面的问题数</source>
        <translation>Questions per aspect</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="110"/>
        <source>问题最长字数</source>
        <translation>Longest question (characters)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="111"/>
        <source>参考原文段数（关键词检索）</source>
        <translation>Source passages to consult (keyword search)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="113"/>
        <source>作答依据的文档</source>
        <translation>Documents to answer from</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="115"/>
        <source>系统提示词</source>
        <translation>System prompt</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="117"/>
        <source>先审阅问题，再生成答案</source>
        <translation>Review the questions before generating answers</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="121"/>
        <source>全部文档</source>
        <translation>All documents</translation>
    </message>
</context>
<context>
    <name>Background</name>
    <message>
        <location filename="../../ui/background.py" line="31"/>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../ui/background.py" line="32"/>
        <source>生成</source>
        <translation>Generation</translation>
    </message>
    <message>
        <location filename="../../ui/background.py" line="33"/>
        <source>对话生成</source>
        <translation>Dialogue building</translation>
    </message>
    <message>
        <location filename="../../ui/background.py" line="34"/>
        <source>质量检查</source>
        <translation>Quality check</translation>
    </message>
    <message>
        <location filename="../../ui/background.py" line="37"/>
        <source>读取聊天记录</source>
        <translation>Reading chat records</translation>
    </message>
    <message>
        <location filename="../../ui/background.py" line="38"/>
        <source>抓取</source>
        <translation>Crawl</translation>
    </message>
    <message>
        <location filename="../../ui/background.py" line="42"/>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../ui/background.py" line="45"/>
        <source>写测试集</source>
        <translation>Writing the test set</translation>
    </message>
    <message>
        <location filename="../../ui/background.py" line="46"/>
        <source>预测</source>
        <translation>Prediction</translation>
    </message>
    <message>
        <location filename="../../ui/background.py" line="47"/>
        <source>评分</source>
        <translation>Scoring</translation>
    </message>
    <message>
        <location filename="../../ui/background.py" line="48"/>
        <source>脱敏预览</source>
        <translation>Masking preview</translation>
    </message>
    <message>
        <location filename="../../ui/background.py" line="49"/>
        <source>连接测试</source>
        <translation>Connection test</translation>
    </message>
    <message>
        <location filename="../../ui/background.py" line="50"/>
        <source>解析剧本</source>
        <translation>Script parsing</translation>
    </message>
    <message>
        <location filename="../../ui/background.py" line="51"/>
        <source>准备示例项目</source>
        <translation>Preparing the demo project</translation>
    </message>
    <message>
        <location filename="../../ui/background.py" line="52"/>
        <source>群聊任务</source>
        <translation>Group chat job</translation>
    </message>
    <message>
        <location filename="../../ui/background.py" line="63"/>
        <source>后台任务</source>
        <translation>Background task</translation>
    </message>
    <message>
        <location filename="../../ui/background.py" line="53"/>
        <source>修改分段</source>
        <translation>Editing chunks</translation>
    </message>
    <message>
        <location filename="../../ui/background.py" line="54"/>
        <source>读取文本段</source>
        <translation>Reading chunks</translation>
    </message>
</context>
<context>
    <name>BatchControls</name>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="50"/>
        <source>批量模式（半价，24 小时内完成）</source>
        <translation>Batch mode (half price, done within 24 h)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="52"/>
        <source>把请求打包交给服务商的批量接口：价格是实时的一半，通常几分钟到几小时完成，最长 24 小时。提交后程序可以关闭；再打开项目时会自动查询并收回结果，点“开始生成”把结果写成样本并提交下一步。</source>
        <translation>Send the requests to the provider&apos;s Batch API as one package: half the realtime price, usually done in minutes to hours, at most 24 hours. Once submitted the app may close; opening the project again polls and collects the results, and Start turns them into samples and submits the next step.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="54"/>
        <source>出错或过期的请求改用实时重发（全价）</source>
        <translation>Send failed or expired requests again in realtime (full price)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="55"/>
        <source>不勾选时，出错或过期的请求放进下一个批量任务</source>
        <translation>Unticked, failed or expired requests go into the next batch</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="59"/>
        <source>批量任务</source>
        <translation>Batch</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="59"/>
        <source>步骤</source>
        <translation>Step</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="59"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="60"/>
        <source>完成/总数（出错）</source>
        <translation>Done/total (failed)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="68"/>
        <source>检查进度</source>
        <translation>Check progress</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="70"/>
        <source>取消批量任务</source>
        <translation>Cancel batches</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="168"/>
        <source>{0} / {1}（{2}）</source>
        <translation>{0} / {1} ({2})</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="179"/>
        <source>出题</source>
        <translation>Questions</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="179"/>
        <source>作答</source>
        <translation>Answers</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="179"/>
        <source>写摘要</source>
        <translation>Summaries</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="180"/>
        <source>准备输入</source>
        <translation>Inputs</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="180"/>
        <source>按风格回复</source>
        <translation>Styled replies</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="180"/>
        <source>提取台词</source>
        <translation>Lines</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="181"/>
        <source>评分</source>
        <translation>Scoring</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="184"/>
        <source>提交中</source>
        <translation>Submitting</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="184"/>
        <source>校验中</source>
        <translation>Validating</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="184"/>
        <source>运行中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="185"/>
        <source>整理结果</source>
        <translation>Finalizing</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="185"/>
        <source>已完成</source>
        <translation>Completed</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="185"/>
        <source>已过期</source>
        <translation>Expired</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="186"/>
        <source>失败</source>
        <translation>Failed</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="186"/>
        <source>取消中</source>
        <translation>Cancelling</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="187"/>
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="188"/>
        <source>，已收回</source>
        <translation>, collected</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="214"/>
        <source>{0} 个批量任务的结果已收回（批量费用约 {1:.4f}）：点“开始生成”把结果写成样本，并提交下一步。</source>
        <translation>Results of {0} batch(es) collected (batch cost about {1:.4f}): click Start to turn them into samples and submit the next step.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="220"/>
        <source>批量任务还在服务商那里运行，过一会儿再查。</source>
        <translation>The batches are still running at the provider; check again later.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/batch_controls.py" line="238"/>
        <source>已请求取消 {0} 个批量任务；已经完成的回答会在下次查询时收回。</source>
        <translation>Asked the provider to cancel {0} batch(es); answers already done are collected at the next check.</translation>
    </message>
</context>
<context>
    <name>ChatDialoguesTab</name>
    <message>
        <location filename="../../ui/pages/chat_dialogues_tab.py" line="44"/>
        <source>勾选扮演“助手”的发言人（如客服、顾问），其余人都是“用户”。</source>
        <translation>Tick the senders who play the assistant (e.g. support staff, consultants); everyone else is the user.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_dialogues_tab.py" line="45"/>
        <source>导出记录的人（“我”）是助手</source>
        <translation>The person who exported the chat (“me”) is the assistant</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_dialogues_tab.py" line="49"/>
        <source> 秒</source>
        <translation> s</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_dialogues_tab.py" line="50"/>
        <source>不按时间切分</source>
        <translation>Do not split by time</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_dialogues_tab.py" line="51"/>
        <source>回复/引用的消息归入被回复的会话</source>
        <translation>Replies and quotes join the session they answer</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_dialogues_tab.py" line="57"/>
        <source>不限</source>
        <translation>No limit</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_dialogues_tab.py" line="59"/>
        <source>系统提示词（可留空），如：你是星河家居的客服顾问。</source>
        <translation>System prompt (optional), e.g. You are a support consultant of Xinghe Home.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_dialogues_tab.py" line="62"/>
        <source>多人合并成一轮时写出“名字：”</source>
        <translation>Write “Name:” where several people merge into one turn</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_dialogues_tab.py" line="64"/>
        <source>生成多轮对话样本</source>
        <translation>Make dialogue samples</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_dialogues_tab.py" line="71"/>
        <source>助手</source>
        <translation>Assistant</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_dialogues_tab.py" line="73"/>
        <source>会话间隔超过</source>
        <translation>New session after a pause of</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_dialogues_tab.py" line="75"/>
        <source>每段最多字数</source>
        <translation>Most characters per session</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_dialogues_tab.py" line="76"/>
        <source>最少轮数</source>
        <translation>Fewest turns</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_dialogues_tab.py" line="77"/>
        <source>系统提示词</source>
        <translation>System prompt</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_dialogues_tab.py" line="100"/>
        <source>{0}（{1} 条）</source>
        <translation>{0} ({1} messages)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_dialogues_tab.py" line="132"/>
        <source>正在生成多轮对话…</source>
        <translation>Building multi-turn dialogues…</translation>
    </message>
</context>
<context>
    <name>ChatImportDialog</name>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="53"/>
        <source>导入聊天记录</source>
        <translation>Import chat exports</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="58"/>
        <source>比赛 JSON（chat_text + infos）</source>
        <translation>Competition JSON (chat_text + infos)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="58"/>
        <source>消息列表 JSON/JSONL</source>
        <translation>Message list JSON/JSONL</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="59"/>
        <source>Telegram 导出 (result.json)</source>
        <translation>Telegram export (result.json)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="59"/>
        <source>微信导出 CSV</source>
        <translation>WeChat export CSV</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="60"/>
        <source>QQ 消息记录 (.txt)</source>
        <translation>QQ message record (.txt)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="60"/>
        <source>Discord 导出 JSON</source>
        <translation>Discord export JSON</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="63"/>
        <source>自动识别</source>
        <translation>Detect automatically</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="77"/>
        <source>图片/语音等占位符（如 [图片]）</source>
        <translation>Media placeholders (e.g. [图片])</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="77"/>
        <source>文字表情（如 [玫瑰]）</source>
        <translation>Text emoji (e.g. [玫瑰])</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="78"/>
        <source>@提及</source>
        <translation>@mentions</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="78"/>
        <source>网址</source>
        <translation>URLs</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="78"/>
        <source>连续重复的消息</source>
        <translation>Repeated messages in a row</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="81"/>
        <source>清理（导入时去掉所选内容）</source>
        <translation>Clean-up (what is ticked is removed on import)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="93"/>
        <source>只有当这些聊天里确实没有客户时才勾选：否则模型会学到“每个聊天都没有客户”。</source>
        <translation>Tick this only if these chats really have no customer: otherwise the model learns “no customer” for every chat.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="95"/>
        <source>标注</source>
        <translation>Labels</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="103"/>
        <source>导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="105"/>
        <source>作为测试文件导入，去“测试与评分”</source>
        <translation>Import as a test file and open “Test &amp; score”</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="113"/>
        <source>格式</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="143"/>
        <source>{0}：{1} 处</source>
        <translation>{0}: {1} found</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="155"/>
        <source>无法导入：{0}</source>
        <translation>Cannot import: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="160"/>
        <source>识别为：{0} · 编码 {1} · {2} 个聊天 · {3} 条消息</source>
        <translation>Detected: {0} · encoding {1} · {2} chats · {3} messages</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="188"/>
        <source> · {0} 个带标注（导入后直接成为抽取样本）</source>
        <translation> · {0} labelled (they become extraction samples on import)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="190"/>
        <source>，其中 {0} 个空标注按你的选择作为答案“没有客户”</source>
        <translation>, {0} of them empty labels taken as the answer “no customer”, as you chose</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="192"/>
        <source> · {0} 个的标注是空的（[] 或各字段都为空），按未标注处理</source>
        <translation> · {0} with empty labels ([] or every field empty), read as unlabelled</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="194"/>
        <source>这是测试文件：没有一个聊天带标注，不会生成训练样本。导入后可在“测试与评分”里导出测试集、用模型预测并评分。</source>
        <translation>This is a test file: no chat has labels, so no training sample is made. After the import, write the test set, predict and score in “Test &amp; score”.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="202"/>
        <source>这 {0} 个空标注是真实答案“没有客户”：作为带标注样本导入（目标为 []）</source>
        <translation>These {0} empty labels are the real answer “no customer”: import them as labelled samples (target [])</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="205"/>
        <source>{0} 个聊天的标注是空的。默认按未标注处理（不生成训练样本，可用模型抽取或作为测试集）。只有确认它们的答案就是“没有客户”时，才勾选下面一项。</source>
        <translation>{0} chat(s) have empty labels. By default they are unlabelled (no training sample; the model can extract them, or use them as a test set). Tick the box below only if you know their answer is “no customer”.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="208"/>
        <source>没有标注：这是测试文件。</source>
        <translation>No labels: this is a test file.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="164"/>
        <source>跳过：{0}</source>
        <translation>Skipped: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_import_dialog.py" line="165"/>
        <source>所有记录都能读取。</source>
        <translation>Every record can be read.</translation>
    </message>
</context>
<context>
    <name>ChatPage</name>
    <message>
        <location filename="../../ui/pages/chat.py" line="87"/>
        <source>第 1 步：摘要</source>
        <translation>Step 1: summaries</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="88"/>
        <source>第 2 步：抽取</source>
        <translation>Step 2: extraction</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="89"/>
        <source>{0}（{1} 项）</source>
        <translation>{0} ({1} items)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="96"/>
        <source>完成 {0} · 失败 {1} · 进行中 {2} · 缓存命中 {3} · 费用 {4:.3f}</source>
        <translation>done {0} · failed {1} · in flight {2} · cache hits {3} · cost {4:.3f}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="121"/>
        <source>导入聊天记录…</source>
        <translation>Import chat exports…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="123"/>
        <source>支持：比赛 JSON、消息列表 JSON/JSONL、Telegram、微信 CSV、QQ 消息记录 txt、Discord。也可以直接把文件拖进窗口。</source>
        <translation>Supported: competition JSON, message lists (JSON/JSONL), Telegram, WeChat CSV, QQ message records (.txt), Discord. You can also drop files on the window.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="143"/>
        <source>结构化抽取</source>
        <translation>Structured extraction</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="147"/>
        <source>多轮对话</source>
        <translation>Dialogues</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="151"/>
        <source>测试与评分</source>
        <translation>Test and score</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="155"/>
        <source>聊天来源</source>
        <translation>Chat source</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="178"/>
        <source>训练样本里的指令（instruction），可以修改；导出 Alpaca 时单独成列。</source>
        <translation>The instruction of the training samples (editable); Alpaca exports write it as its own column.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="179"/>
        <source>编辑抽取字段…</source>
        <translation>Edit extraction fields…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="181"/>
        <source>编辑提示词模板…</source>
        <translation>Edit prompt templates…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="183"/>
        <source>先摘要（长聊天更省钱、抽取更准；带标注的聊天用摘要替换输入）</source>
        <translation>Summarise first (long chats cost less and extract better; labelled chats take the summary as input)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="187"/>
        <source>全部摘要</source>
        <translation>Summarise all</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="188"/>
        <source> 字以上</source>
        <translation> characters or more</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="189"/>
        <source>抽取未标注的聊天</source>
        <translation>Extract the unlabelled chats</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="192"/>
        <source>不脱敏</source>
        <translation>No masking</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="193"/>
        <source>仿真替换（推荐用于抽取数据）</source>
        <translation>Realistic fakes (recommended for extraction data)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="194"/>
        <source>标签，如 [手机号1]</source>
        <translation>Tags, e.g. [手机号1]</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="195"/>
        <source>预览脱敏</source>
        <translation>Preview masking</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="201"/>
        <source>中文提示词</source>
        <translation>Chinese prompts</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="202"/>
        <source>英文提示词</source>
        <translation>English prompts</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="208"/>
        <source>指令</source>
        <translation>Instruction</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="210"/>
        <source>摘要</source>
        <translation>Summary</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="211"/>
        <source>只摘要长于</source>
        <translation>Summarise only chats longer than</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="212"/>
        <source>抽取</source>
        <translation>Extraction</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="213"/>
        <source>发送前脱敏</source>
        <translation>Mask before sending</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="214"/>
        <source>模板语言</source>
        <translation>Template language</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="216"/>
        <source>开始</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="220"/>
        <source>抽取结果会实时显示在这里，同时进入“审阅”页。</source>
        <translation>Extraction results appear here as they arrive, and in Review.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="224"/>
        <source>失败的聊天及原因</source>
        <translation>Failed chats and why</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="258"/>
        <source>全部聊天</source>
        <translation>All chats</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="260"/>
        <source>{0}（#{1}）</source>
        <translation>{0} (#{1})</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="274"/>
        <source> · 已标注</source>
        <translation> · labelled</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="276"/>
        <source>{0}（{1} 条）{2}</source>
        <translation>{0} ({1} messages){2}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="293"/>
        <source>导入聊天记录</source>
        <translation>Import chat exports</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="294"/>
        <source>聊天记录 (*.json *.jsonl *.csv *.txt);;所有文件 (*)</source>
        <translation>Chat exports (*.json *.jsonl *.csv *.txt);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="304"/>
        <source>正在读取聊天记录…</source>
        <translation>Reading the chat exports…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="319"/>
        <location filename="../../ui/pages/chat.py" line="326"/>
        <location filename="../../ui/pages/chat.py" line="330"/>
        <source>未导入：</source>
        <translation>Not imported: </translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="322"/>
        <source>正在导入 {0}…</source>
        <translation>Importing {0}…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="333"/>
        <source>已导入 {0}：{1} 个聊天，{2} 条消息</source>
        <translation>Imported {0}: {1} chats, {2} messages</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="335"/>
        <source>，{0} 个带标注的聊天已成为抽取样本</source>
        <translation>, {0} labelled chats became extraction samples</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="337"/>
        <source>（其中 {0} 个空标注按你的选择作为答案“没有客户”）</source>
        <translation> ({0} empty labels taken as the answer “no customer”, as you chose)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="339"/>
        <source>，{0} 个聊天的标注是空的，按未标注处理</source>
        <translation>, {0} chat(s) with empty labels read as unlabelled</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="341"/>
        <source>；这是测试文件，没有生成训练样本，可在“测试与评分”里导出测试集或预测</source>
        <translation>; this is a test file: no training sample made — write the test set or predict in “Test &amp; score”</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="344"/>
        <source>，跳过 {0} 条无法读取的记录</source>
        <translation>, {0} unreadable records skipped</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="392"/>
        <source>脱敏已关闭：聊天原文会发送给模型。</source>
        <translation>Masking is off: the chat is sent to the model as it is.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="400"/>
        <source>这个聊天里没有找到手机号、邮箱、身份证号、银行卡号等信息。</source>
        <translation>No phone numbers, e-mail addresses, ID or bank card numbers were found in this chat.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="402"/>
        <source>将替换（同一聊天内始终一致）：</source>
        <translation>Will replace (always the same way within a chat):</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="430"/>
        <source>完成{0}：{1} 个聊天（{2} 个带标注），{3} 个已摘要，{4} 个已抽取，{5} 个需检查（原因写在样本上），{6} 个失败；{7} 次请求，{8} 次命中缓存，费用约 {9:.2f}。</source>
        <translation>Done{0}: {1} chats ({2} labelled), {3} summarised, {4} extracted, {5} to check (the reason is on the sample), {6} failed; {7} requests, {8} cache hits, cost about {9:.2f}.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="432"/>
        <source>（已取消，下次继续）</source>
        <translation> (cancelled; the next run continues)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="458"/>
        <source>聊天 {0} → {1}</source>
        <translation>Chat {0} → {1}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat.py" line="460"/>
        <source>需检查：</source>
        <translation>To check: </translation>
    </message>
</context>
<context>
    <name>ChatPredictTab</name>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="80"/>
        <source>聊天原文</source>
        <translation>Chat text</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="81"/>
        <source>摘要（需先运行摘要）</source>
        <translation>Summary (run the summary pass first)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="82"/>
        <source>导出测试集 CSV（input, target）…</source>
        <translation>Export the test set CSV (input, target)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="87"/>
        <source>要评测的模型</source>
        <translation>Model to test</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="88"/>
        <source>如微调后的模型，任意 OpenAI 兼容接口；在“设置 → 模型服务”里添加。</source>
        <translation>For example your fine-tuned model, any OpenAI-compatible API; add it in Settings → Model services.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="90"/>
        <source>不脱敏</source>
        <translation>No masking</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="91"/>
        <source>仿真替换</source>
        <translation>Realistic fakes</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="92"/>
        <source>标签，如 [手机号1]</source>
        <translation>Tags, e.g. [手机号1]</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="93"/>
        <source>发送给模型前替换个人信息；写入预测文件前换回真实值。</source>
        <translation>Personal data is replaced before it is sent to the model, and the real values are put back before the predictions are written.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="94"/>
        <source>失败的聊天写入空记录（否则不写，便于重试）</source>
        <translation>Write an empty record for failed chats (otherwise they are left out, to retry)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="95"/>
        <source>运行预测并保存提交文件…</source>
        <translation>Predict and save the submission file…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="97"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="102"/>
        <source>给预测文件评分…</source>
        <translation>Score a predictions file…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="109"/>
        <source>聊天来源</source>
        <translation>Chat source</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="110"/>
        <source>输入</source>
        <translation>Input</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="111"/>
        <source>发送前脱敏</source>
        <translation>Mask before sending</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="145"/>
        <source>保存测试集</source>
        <translation>Save the test set</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="151"/>
        <source>先导入测试用的聊天记录。</source>
        <translation>Import the test chats first.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="154"/>
        <source>正在写测试集…</source>
        <translation>Writing the test set…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="160"/>
        <source>已写入 {0}：{1} 行。</source>
        <translation>Wrote {0}: {1} rows.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="170"/>
        <source>保存预测结果</source>
        <translation>Save the predictions</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="198"/>
        <source>已写入 {0}：{1} 条预测。</source>
        <translation>Wrote {0}: {1} predictions.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="200"/>
        <source>{0} 个失败的聊天写成了空记录。</source>
        <translation>{0} failed chats were written as empty records.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="202"/>
        <source>{0} 个回答需要按字段规则修正。</source>
        <translation>{0} answers needed fixing against the fields.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="203"/>
        <source>第 {0} 个聊天失败：{1}</source>
        <translation>Chat {0} failed: {1}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="208"/>
        <source>文件缺少 {0} 个聊天：再点一次运行会只重试失败的（已完成的不会再请求）。</source>
        <translation>The file lacks {0} chats: run again to retry only the failed ones (finished chats are not asked again).</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="224"/>
        <source>选择预测文件</source>
        <translation>Choose the predictions file</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="227"/>
        <source>选择标注文件</source>
        <translation>Choose the labels file</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="233"/>
        <source>正在评分…</source>
        <translation>Scoring…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="238"/>
        <source>{0} 个聊天，缺少预测 {1} 个，多余 {2} 个；总分 {3:.4f}。</source>
        <translation>{0} chats, {1} predictions missing, {2} extra; total {3:.4f}.</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <location filename="../../ui/widgets/chat_view.py" line="33"/>
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chat_view.py" line="52"/>
        <source>……（共 {0} 条消息，只显示前 {1} 条）</source>
        <translation>… ({0} messages; the first {1} are shown)</translation>
    </message>
</context>
<context>
    <name>ChunkView</name>
    <message>
        <location filename="../../ui/widgets/chunk_view.py" line="56"/>
        <source>段</source>
        <translation>Chunk</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chunk_view.py" line="56"/>
        <source>字数</source>
        <translation>Characters</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chunk_view.py" line="56"/>
        <source>页码 / 标题</source>
        <translation>Page / heading</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chunk_view.py" line="56"/>
        <source>问题</source>
        <translation>Questions</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chunk_view.py" line="68"/>
        <source>选中左边的一段，这里显示它的全文；灰色的是下一段。</source>
        <translation>Choose a chunk on the left to see its whole text here; the next chunk follows in grey.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chunk_view.py" line="70"/>
        <source>黑色是这一段，灰色是下一段，黄色底是两段重叠的文字。把光标放到要切开的地方。</source>
        <translation>Black is this chunk, grey the next one, a yellow ground the text both share. Put the cursor where to cut.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chunk_view.py" line="73"/>
        <source>合并下一段</source>
        <translation>Merge with next</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chunk_view.py" line="75"/>
        <source>在光标处切分</source>
        <translation>Split at cursor</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chunk_view.py" line="77"/>
        <source>分界移到光标处</source>
        <translation>Move split to cursor</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chunk_view.py" line="78"/>
        <source>这一段到光标处结束，下一段从光标处开始（光标可以在灰色的下一段里）。</source>
        <translation>This chunk ends at the cursor and the next one starts there (the cursor may be in the grey next chunk).</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chunk_view.py" line="86"/>
        <source>重新分段…</source>
        <translation>Re-chunk…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chunk_view.py" line="97"/>
        <source>每段字数</source>
        <translation>Characters per chunk</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chunk_view.py" line="99"/>
        <source>重叠字数</source>
        <translation>Shared characters</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chunk_view.py" line="123"/>
        <source>文本段（问答用）</source>
        <translation>Chunks (for QA)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chunk_view.py" line="180"/>
        <source>已有问题</source>
        <translation>Has questions</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chunk_view.py" line="186"/>
        <source>已对这一段提过 {0} 次问，由它生成了 {1} 条样本；改动它会重新提问。</source>
        <translation>Questions were asked about this chunk ({0} time(s)) and {1} samples made from it; changing it means asking again.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chunk_view.py" line="192"/>
        <source>选中左边的一篇文档，查看它的文本段。</source>
        <translation>Choose a document on the left to see its chunks.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chunk_view.py" line="196"/>
        <source>《{0}》：{1} 段（分段设置：每段最多 {2} 字，重叠 {3} 字）；{4} 段已有问题。</source>
        <translation>“{0}”: {1} chunks (chunked at most {2} characters, {3} shared); {4} have questions.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chunk_view.py" line="209"/>
        <source>第 {0} 页</source>
        <translation>p. {0}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chunk_view.py" line="210"/>
        <source>第 {0}–{1} 页</source>
        <translation>pp. {0}–{1}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chunk_view.py" line="301"/>
        <source>正在计算分段改动…</source>
        <translation>Working out the change…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chunk_view.py" line="309"/>
        <location filename="../../ui/widgets/chunk_view.py" line="310"/>
        <source>修改分段</source>
        <translation>Change the chunks</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chunk_view.py" line="311"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chunk_view.py" line="320"/>
        <source>没有修改分段。</source>
        <translation>The chunks were not changed.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/chunk_view.py" line="323"/>
        <source>正在修改分段…</source>
        <translation>Changing the chunks…</translation>
    </message>
</context>
<context>
    <name>CrawlPage</name>
    <message>
        <location filename="../../ui/pages/crawl.py" line="53"/>
        <source>抓取中</source>
        <translation>Crawling</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="80"/>
        <source>每行一个：视频链接（www / m.bilibili.com，可带 ?p= 和追踪参数）、b23.tv 短链、BV 号或 av 号</source>
        <translation>One per line: video links (www / m.bilibili.com, ?p= and tracking parameters are fine), b23.tv short links, BV or av ids</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="89"/>
        <source>粘贴已登录的 bilibili.com 页面的 Cookie（含 SESSDATA）</source>
        <translation>Paste the Cookie of a logged-in bilibili.com page (with SESSDATA)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="90"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="92"/>
        <source>清除</source>
        <translation>Forget</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="97"/>
        <source>扫码登录</source>
        <translation>Log in with QR code</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="99"/>
        <source>退出登录</source>
        <translation>Log out</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="113"/>
        <source>登录（可选，保存在系统钥匙串）</source>
        <translation>Login (optional, kept in the system keyring)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="117"/>
        <source>或者粘贴 Cookie（高级）：</source>
        <translation>Or paste cookies (expert):</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="128"/>
        <source>开始抓取</source>
        <translation>Start crawling</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="130"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="134"/>
        <source>并发</source>
        <translation>Concurrency</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="136"/>
        <source>请求最小间隔（秒）</source>
        <translation>Minimum interval between requests (s)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="143"/>
        <location filename="../../ui/pages/crawl.py" line="202"/>
        <source>视频</source>
        <translation>Video</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="143"/>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="143"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="144"/>
        <source>请求</source>
        <translation>Requests</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="144"/>
        <source>评论 新增/已存/站点</source>
        <translation>Comments new/stored/listed</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="145"/>
        <source>速率 / 预计剩余</source>
        <translation>Rate / ETA</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="157"/>
        <source>等待、限流、登录状态等提示会显示在这里。</source>
        <translation>Waits, rate limits and login state are reported here.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="166"/>
        <source>不限</source>
        <translation>No limit</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="168"/>
        <source>去掉表情 [doge]</source>
        <translation>Strip emotes [doge]</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="169"/>
        <source>保留表情</source>
        <translation>Keep emotes</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="170"/>
        <source>表情换成文字</source>
        <translation>Emotes as words</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="171"/>
        <source>保留用户昵称（默认匿名为 用户A、用户B…）</source>
        <translation>Keep user names (default: anonymised as 用户A, 用户B …)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="175"/>
        <source>第一条评论作上文（放进系统提示）</source>
        <translation>First comment as context (in the system prompt)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="176"/>
        <source>去掉第一条评论</source>
        <translation>Leave out the first comment</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="177"/>
        <source>去掉最后一条回复</source>
        <translation>Leave out the last reply</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="179"/>
        <source>对话总是用户先说、助手收尾，这样每种导出格式都能收下。评论链是奇数轮时：
· 第一条评论作上文（默认）：根评论放进系统提示（“上文：用户A：…”），其余回复用户、助手交替，每条评论都进入导出文件；
· 去掉第一条评论：对话从第一条回复开始；
· 去掉最后一条回复：对话停在倒数第二条。</source>
        <translation>A dialogue always starts with the user and ends with the assistant, so every export format keeps it. When a comment chain has an odd number of turns:
· First comment as context (default): the root comment goes into the system prompt (as “context: User A: …” lines), the replies alternate user and assistant, and every comment reaches the exported file;
· Leave out the first comment: the dialogue starts at the first reply;
· Leave out the last reply: the dialogue stops at the reply before it.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="184"/>
        <source>由评论生成对话</source>
        <translation>Build dialogues from comments</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="189"/>
        <source>每条从根评论到最末回复的链是一段多轮对话：用户先说、助手收尾，轮流交替；奇数轮的链按“奇数轮”一项处理。</source>
        <translation>Each chain from a root comment to its last reply is one multi-turn dialogue: the user first, the assistant last, taking turns; a chain with an odd number of turns follows the “Odd chains” choice.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="190"/>
        <source>评论 → 多轮对话</source>
        <translation>Comments → multi-turn dialogues</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="192"/>
        <source>最少轮数</source>
        <translation>Minimum turns</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="193"/>
        <source>最多轮数</source>
        <translation>Maximum turns</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="194"/>
        <source>表情</source>
        <translation>Emotes</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="195"/>
        <source>奇数轮</source>
        <translation>Odd chains</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="231"/>
        <source>已保存</source>
        <translation>stored</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="243"/>
        <source>✔ {0} 个视频</source>
        <translation>✔ {0} videos</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="254"/>
        <source>已保存登录 Cookie。</source>
        <translation>Login cookies saved.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="254"/>
        <source>未登录：只能抓到部分评论。</source>
        <translation>Not logged in: only part of the comments can be fetched.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="277"/>
        <source>已登录：{0}</source>
        <translation>Logged in as {0}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="277"/>
        <source>已登录。</source>
        <translation>Logged in.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="62"/>
        <location filename="../../ui/pages/crawl.py" line="290"/>
        <source>登录已过期：请点「扫码登录」重新登录。</source>
        <translation>The login has expired: click “Log in with QR code” to log in again.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="394"/>
        <source>正在由评论生成对话…</source>
        <translation>Building dialogues from the comments…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="408"/>
        <source>助手</source>
        <translation>assistant</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="408"/>
        <source>用户</source>
        <translation>user</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="412"/>
        <source>—— 对话 #{0} ——</source>
        <translation>—— dialogue #{0} ——</translation>
    </message>
    <message>
        <location filename="../../ui/pages/crawl.py" line="415"/>
        <source>{0}（{1}）：{2}</source>
        <translation>{0} ({1}): {2}</translation>
    </message>
</context>
<context>
    <name>DialogueExtractPanel</name>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="242"/>
        <source>小说对白提取（模型标注说话人）</source>
        <translation>Dialogue from prose (the model names the speakers)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="246"/>
        <source>角色名（可选）：提取后为这个角色生成问答</source>
        <translation>Character (optional): QA pairs for them after extraction</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="247"/>
        <source>提取后生成整段对话样本</source>
        <translation>Then make whole-scene dialogue samples</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="248"/>
        <source>小说</source>
        <translation>Novel</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="249"/>
        <source>每段字数</source>
        <translation>Characters per chunk</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="250"/>
        <source>角色</source>
        <translation>Character</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="254"/>
        <source>全部文档</source>
        <translation>All documents</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="272"/>
        <source>角色问答：</source>
        <translation>Character QA: </translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="277"/>
        <source>对话：</source>
        <translation>Dialogues: </translation>
    </message>
</context>
<context>
    <name>DocumentsPage</name>
    <message>
        <location filename="../../ui/pages/documents.py" line="81"/>
        <source>添加文件…</source>
        <translation>Add files…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="83"/>
        <source>也可以把 DOCX、PDF、TXT、Markdown、EPUB 文件直接拖到窗口上（可多选）。</source>
        <translation>You can also drop DOCX, PDF, TXT, Markdown and EPUB files on the window (several at once).</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="90"/>
        <source>每个文件的导入结果会列在这里。</source>
        <translation>What happened to each file is listed here.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="100"/>
        <source>已导入的文档</source>
        <translation>Imported documents</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="106"/>
        <source>自动判断</source>
        <translation>Detect</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="107"/>
        <source>剧本（角色：台词）</source>
        <translation>Script (角色：台词)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="108"/>
        <source>小说（引号对白，启发式）</source>
        <translation>Novel (quoted speech, heuristic)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="110"/>
        <source>合并别名，例如：嬛嬛,莞贵人=甄嬛; 阿福=福伯</source>
        <translation>Merge aliases, e.g. 嬛嬛,莞贵人=甄嬛; 阿福=福伯</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="112"/>
        <source>角色</source>
        <translation>Character</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="112"/>
        <source>台词数</source>
        <translation>Lines</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="112"/>
        <source>字数</source>
        <translation>Characters</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="113"/>
        <source>场次</source>
        <translation>Scenes</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="122"/>
        <source>解析预览：每场戏的台词，按角色列出。</source>
        <translation>Parse preview: the speeches of each scene, by character.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="125"/>
        <source>不保留（单轮）</source>
        <translation>None (single turn)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="126"/>
        <source>合并同一角色的连续台词</source>
        <translation>Merge a character&apos;s consecutive speeches</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="132"/>
        <source>生成所选角色的问答</source>
        <translation>QA for the selected character</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="134"/>
        <source>生成整场对话</source>
        <translation>Whole-scene dialogues</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="137"/>
        <source>格式</source>
        <translation>Layout</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="138"/>
        <source>别名</source>
        <translation>Aliases</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="139"/>
        <source>保留的上文轮数</source>
        <translation>Earlier turns kept</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="144"/>
        <source>系统提示词</source>
        <translation>System prompt</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="145"/>
        <source>最短回答（字）</source>
        <translation>Shortest answer (characters)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="156"/>
        <source>角色表（选中一个角色生成问答）</source>
        <translation>Characters (select one to make its QA pairs)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="172"/>
        <source>生成预训练文本段</source>
        <translation>Make pre-training chunks</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="176"/>
        <source>每段字数</source>
        <translation>Characters per chunk</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="177"/>
        <source>相邻段重叠字数</source>
        <translation>Overlap between chunks</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="178"/>
        <source>先按段落，再按句末标点（。！？；… .!?;）切分，不会切断句子中间，除非一句话本身超长。</source>
        <translation>Split at paragraphs first, then at sentence ends (。！？；… .!?;) — never inside a sentence unless the sentence itself is too long.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="182"/>
        <source>剧本 → 问答 / 对话</source>
        <translation>Script → QA / dialogues</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="183"/>
        <source>预训练文本段</source>
        <translation>Pre-training chunks</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="190"/>
        <source>生成结果：新增多少条、已有多少条、丢弃了哪些及原因。</source>
        <translation>The result: how many samples are new, how many existed, what was dropped and why.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="194"/>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="253"/>
        <source>添加文件</source>
        <translation>Add files</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="254"/>
        <source>文档 (*.docx *.pdf *.txt *.md *.markdown *.epub);;所有文件 (*)</source>
        <translation>Documents (*.docx *.pdf *.txt *.md *.markdown *.epub);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="300"/>
        <source>正在解析剧本…</source>
        <translation>Parsing the script…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="316"/>
        <source>{0}（{1}）</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="316"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="328"/>
        <source>小说（说话人是推测的，请在审阅中检查）</source>
        <translation>a novel (speakers are guessed: check them in Review)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="330"/>
        <source>剧本（部分说话人是推测的，请在审阅中检查）</source>
        <translation>a script (some speakers are guessed: check them in Review)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="332"/>
        <source>剧本</source>
        <translation>a script</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="334"/>
        <source>识别为{0}：{1} 场，{2} 句台词，{3} 个角色</source>
        <translation>Read as {0}: {1} scenes, {2} speeches, {3} characters</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="336"/>
        <source>；{0} 句找不到说话人（不会使用）</source>
        <translation>; {0} speeches without a speaker (not used)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="343"/>
        <source>开场</source>
        <translation>Opening</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="347"/>
        <source>【{0}】</source>
        <translation>[{0}]</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="348"/>
        <source>{0}（{1}）：{2}</source>
        <translation>{0} ({1}): {2}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="349"/>
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="352"/>
        <source>—— 找不到说话人的句子 ——</source>
        <translation>—— speeches without a speaker ——</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="353"/>
        <source>#{0}  {1}  （{2}）</source>
        <translation>#{0}  {1}  ({2})</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="375"/>
        <source>正在生成样本…</source>
        <translation>Building samples…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/documents.py" line="395"/>
        <source>先在角色表里选中一个角色。</source>
        <translation>Select a character in the table first.</translation>
    </message>
</context>
<context>
    <name>ExportHelp</name>
    <message>
        <location filename="../../ui/pages/export_help.py" line="22"/>
        <source>谁来读：LLaMA-Factory（alpaca 格式：instruction 指令 / input 输入 / output 回答），最常见的问答格式。</source>
        <translation>Read by: LLaMA-Factory (alpaca format: instruction / input / output), the most common question-and-answer format.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_help.py" line="25"/>
        <source>谁来读：LLaMA-Factory（sharegpt 格式：conversations 里 human 与 gpt 轮流说话），适合多轮对话。</source>
        <translation>Read by: LLaMA-Factory (sharegpt format: human and gpt take turns in conversations), for multi-turn dialogue.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_help.py" line="28"/>
        <source>谁来读：OpenAI 等在线微调平台和 XTuner 新版（都要 JSON Lines，一行一条）；LLaMA-Factory 也能读。</source>
        <translation>Read by: online fine-tuning platforms such as OpenAI, and the new XTuner (both want JSON Lines, one per line); LLaMA-Factory reads it too.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_help.py" line="31"/>
        <source>谁来读：XTuner（conversation 格式，JSON 数组）。LLaMA-Factory 不读这种格式。</source>
        <translation>Read by: XTuner (conversation format, a JSON array). LLaMA-Factory does not read this format.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_help.py" line="33"/>
        <source>Aquila 格式：每轮写明说话人的名字（群聊、剧本里的角色）。LLaMA-Factory 不读这种格式。</source>
        <translation>Aquila format: every turn names its speaker (group chat members, script characters). LLaMA-Factory does not read this format.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_help.py" line="35"/>
        <source>两列 input（问）和 target（答）：表格软件能直接打开，也用于要求上传 CSV 的平台；LLaMA-Factory 也能读。</source>
        <translation>Two columns, input (question) and target (answer): opens in spreadsheet programs, for platforms that ask for a CSV upload; LLaMA-Factory reads it too.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_help.py" line="43"/>
        <source>LLaMA-Factory 不读 {0} 格式，所以不写 dataset_info.json。</source>
        <translation>LLaMA-Factory does not read the {0} format, so no dataset_info.json is written.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_help.py" line="56"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_help.py" line="57"/>
        <source> 等</source>
        <translation> …</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_help.py" line="66"/>
        <source>{0}：{1} 条（{2}）</source>
        <translation>{0}: {1} ({2})</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_help.py" line="74"/>
        <source>没有写入任何文件。</source>
        <translation>Nothing was written.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_help.py" line="75"/>
        <source>已写入：{0} 条</source>
        <translation>Written: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_help.py" line="78"/>
        <source>训练集 {0} 条：{1}</source>
        <translation>Training set, {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_help.py" line="79"/>
        <source>测试集 {0} 条：{1}</source>
        <translation>Test set, {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_help.py" line="84"/>
        <source>修复后写入：{0} 条</source>
        <translation>Repaired, then written: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_help.py" line="90"/>
        <source>跳过（未写入）：{0} 条</source>
        <translation>Skipped (not written): {0}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_help.py" line="95"/>
        <source>超过长度上限：{0} 条（见下）</source>
        <translation>Over the length limit: {0} (see below)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_help.py" line="99"/>
        <source>超过每行长度上限（{0} 字）：{1} 条，未写入</source>
        <translation>Over the row length limit ({0} characters): {1}, not written</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_help.py" line="101"/>
        <source>超过每行长度上限（{0} 字）：{1} 条，仍已写入</source>
        <translation>Over the row length limit ({0} characters): {1}, written anyway</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_help.py" line="103"/>
        <source>#{0}：{1} 字</source>
        <translation>#{0}: {1} characters</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_help.py" line="106"/>
        <source>……另有 {0} 条</source>
        <translation>… and {0} more</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_help.py" line="111"/>
        <source>已脱敏：{0}</source>
        <translation>Personal data masked: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_help.py" line="115"/>
        <source>按要求重复的行：{0} 行（记录在 {1}）</source>
        <translation>Rows repeated on request: {0} (recorded in {1})</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_help.py" line="118"/>
        <source>已登记到 LLaMA-Factory：{0}</source>
        <translation>Registered for LLaMA-Factory: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_help.py" line="121"/>
        <source>说明：</source>
        <translation>Notes:</translation>
    </message>
</context>
<context>
    <name>ExportPage</name>
    <message>
        <location filename="../../ui/pages/export.py" line="54"/>
        <source>Alpaca（LLaMA-Factory 默认）</source>
        <translation>Alpaca (LLaMA-Factory default)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="55"/>
        <source>ShareGPT（多轮对话）</source>
        <translation>ShareGPT (multi-turn)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="56"/>
        <source>OpenAI messages（在线微调平台）</source>
        <translation>OpenAI messages (online fine-tuning platforms)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="57"/>
        <source>XTuner</source>
        <translation>XTuner</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="58"/>
        <source>Aquila / 带说话人</source>
        <translation>Aquila / named speakers</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="59"/>
        <source>CSV（input, target）</source>
        <translation>CSV (input, target)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="67"/>
        <source>JSON Lines（每行一条）</source>
        <translation>JSON Lines (one sample per line)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="68"/>
        <source>仅已接受的样本</source>
        <translation>Accepted samples only</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="70"/>
        <source>所有未拒绝的样本（含待审）</source>
        <translation>All samples not rejected (incl. pending)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="76"/>
        <source>全部（问答与对话）</source>
        <translation>All (QA and dialogues)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="77"/>
        <source>仅问答</source>
        <translation>QA only</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="78"/>
        <source>仅对话</source>
        <translation>Dialogues only</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="79"/>
        <source>仅预训练文本</source>
        <translation>Pre-training text only</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="84"/>
        <source>不划分</source>
        <translation>No split</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="88"/>
        <source>同时写入 LLaMA-Factory 的 dataset_info.json</source>
        <translation>Also write LLaMA-Factory&apos;s dataset_info.json</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="91"/>
        <source>仿真替换（默认）</source>
        <translation>Realistic fakes (default)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="92"/>
        <source>标签，如 [手机号1]</source>
        <translation>Tags, e.g. [手机号1]</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="93"/>
        <source>不脱敏</source>
        <translation>No masking</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="94"/>
        <source>手机号、邮箱、身份证号、银行卡号、地址等在导出时替换；同一聊天内前后一致。</source>
        <translation>Phone numbers, e-mail addresses, ID and bank card numbers, addresses … are replaced on export, consistently within a chat.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="97"/>
        <source>不写入（默认）</source>
        <translation>Not written (default)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="98"/>
        <source>写在回答前：&lt;think&gt;…&lt;/think&gt;</source>
        <translation>Before the answer: &lt;think&gt;…&lt;/think&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="99"/>
        <source>单独字段 reasoning_content</source>
        <translation>Separate field reasoning_content</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="101"/>
        <source>推理模型返回的推理过程（思维链）和回答分开保存在样本上，默认不写进文件。
写在回答前：最终回答变成 &lt;think&gt;
推理
&lt;/think&gt;

回答，LLaMA-Factory 的推理模板（如 qwen3、deepseekr1）读取的就是这个形式。
单独字段：回答不变，推理写在 reasoning_content 字段里（OpenAI messages、ShareGPT 在助手消息上，Alpaca、Aquila 在每一行上，XTuner 在每一轮上，CSV 是第三列）；LLaMA-Factory 训练时不读这个字段。
没有推理的样本照常写出；预训练文本没有推理。</source>
        <translation>A reasoning model&apos;s thought (its chain of thought) is kept on the sample apart from the answer, and is not written by default.
Before the answer: the final answer becomes &lt;think&gt;
reasoning
&lt;/think&gt;

answer, the form LLaMA-Factory&apos;s reasoning templates (e.g. qwen3, deepseekr1) read.
Separate field: the answer stays as it is and the reasoning goes in a reasoning_content field (on the assistant message in OpenAI messages and ShareGPT, on each row in Alpaca and Aquila, on each turn in XTuner, a third column in CSV); LLaMA-Factory does not read that field when training.
Samples without reasoning are written as usual; pre-training text has no reasoning.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="111"/>
        <source>不检查</source>
        <translation>No check</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="112"/>
        <source> 字</source>
        <translation> characters</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="113"/>
        <source>超出的样本不写入（否则只提示）</source>
        <translation>Leave longer samples out (otherwise only warn)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="120"/>
        <source>不重复</source>
        <translation>Never repeat</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="121"/>
        <source>平台要求最少行数时才用：按顺序重复训练行直到这个数，并记录在 &lt;文件名&gt;.export.json。</source>
        <translation>Only for a platform that requires a minimum row count: the training rows are repeated in order up to this number, recorded in &lt;file&gt;.export.json.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="123"/>
        <source>选择输出文件…</source>
        <translation>Choose the output file…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="124"/>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="130"/>
        <source>格式</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="133"/>
        <source>范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="134"/>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="143"/>
        <source>测试集比例</source>
        <translation>Test share</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="136"/>
        <source>随机种子</source>
        <translation>Random seed</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="149"/>
        <source>预览脱敏</source>
        <translation>Preview masking</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="154"/>
        <source>隐私脱敏</source>
        <translation>Privacy masking</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="155"/>
        <source>推理过程</source>
        <translation>Reasoning</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="156"/>
        <source>每行长度上限</source>
        <translation>Row length limit</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="157"/>
        <source>重复行直到（明确标注）</source>
        <translation>Repeat rows up to (recorded)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="158"/>
        <source>输出文件</source>
        <translation>Output file</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="161"/>
        <source>训练配置…</source>
        <translation>Training config…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="162"/>
        <source>选择训练框架、基础模型和方式：导出时同时写训练配置、运行脚本和说明。</source>
        <translation>Choose a trainer, a base model and a method: the export then also writes a training config, a run script and a README.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="168"/>
        <source>训练</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="171"/>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="173"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="181"/>
        <source>导出结果会显示在这里：写了哪些文件、多少条、哪些样本被修复或跳过及原因。</source>
        <translation>The result appears here: which files were written, how many samples, and which samples were repaired or skipped and why.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="185"/>
        <source>打开项目后，这里显示导出文件的第一条记录。</source>
        <translation>Open a project to see the first record of the export file here.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="186"/>
        <source>打开所在文件夹</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="188"/>
        <source>导出完成后，在文件管理器里打开输出文件所在的文件夹。</source>
        <translation>After exporting, open the folder holding the output file in the file manager.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="201"/>
        <source>第一条记录（与写入文件中的一字不差）</source>
        <translation>First record (exactly as written to the file)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="204"/>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="270"/>
        <source>CSV 本来就是一行一条，没有这个选项。</source>
        <translation>CSV is one row per line already; this option does not apply.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="271"/>
        <source>勾选：每行一条 JSON（.jsonl），在线平台和 XTuner 新版要这种；不勾：整个文件是一个 JSON 数组（.json）。</source>
        <translation>Ticked: one JSON object per line (.jsonl), as online platforms and the new XTuner want; unticked: the whole file is one JSON array (.json).</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="278"/>
        <source>在输出文件旁的 dataset_info.json 里登记这个文件，LLaMA-Factory 就能按名字选用它。</source>
        <translation>Registers the file in dataset_info.json beside it, so LLaMA-Factory can select it by name.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="291"/>
        <source>导出到</source>
        <translation>Export to</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="291"/>
        <source>数据文件 (*.json *.jsonl *.csv)</source>
        <translation>Data files (*.json *.jsonl *.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="322"/>
        <source>请先选择输出文件。</source>
        <translation>Choose an output file first.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="333"/>
        <source>已取消导出</source>
        <translation>Export cancelled</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="341"/>
        <source>导出失败，没有写入任何文件：</source>
        <translation>Export failed; no file was written:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="397"/>
        <source>还不能导出：</source>
        <translation>Cannot export yet:</translation>
    </message>
</context>
<context>
    <name>FinetuneDialog</name>
    <message>
        <location filename="../../ui/widgets/finetune_dialog.py" line="45"/>
        <source>在线微调</source>
        <translation>Fine-tune at a provider</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/finetune_dialog.py" line="47"/>
        <source>微调服务</source>
        <translation>Fine-tuning service</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/finetune_dialog.py" line="50"/>
        <source>OpenAI messages 格式、JSON Lines 的导出文件（.jsonl）</source>
        <translation>An OpenAI messages export in JSON Lines (.jsonl)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/finetune_dialog.py" line="51"/>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/finetune_dialog.py" line="59"/>
        <source>要微调的模型，写服务方文档里可微调的模型名。</source>
        <translation>The model to fine-tune: a name the provider&apos;s documentation lists as fine-tunable.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/finetune_dialog.py" line="61"/>
        <source>可选：新模型名里的一段，如 kefu</source>
        <translation>Optional: a part of the new model&apos;s name, e.g. support</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/finetune_dialog.py" line="64"/>
        <source>由服务方决定</source>
        <translation>Provider&apos;s choice</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/finetune_dialog.py" line="67"/>
        <location filename="../../ui/widgets/finetune_dialog.py" line="233"/>
        <source>训练文件</source>
        <translation>Training file</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/finetune_dialog.py" line="68"/>
        <source>基础模型</source>
        <translation>Base model</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/finetune_dialog.py" line="69"/>
        <source>名称后缀</source>
        <translation>Name suffix</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/finetune_dialog.py" line="70"/>
        <source>训练轮数</source>
        <translation>Epochs</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/finetune_dialog.py" line="71"/>
        <source>上传并开始</source>
        <translation>Upload and start</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/finetune_dialog.py" line="75"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/finetune_dialog.py" line="77"/>
        <source>取消任务</source>
        <translation>Cancel job</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/finetune_dialog.py" line="80"/>
        <source>任务</source>
        <translation>Job</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/finetune_dialog.py" line="88"/>
        <source>任务的事件（服务方的原话）会显示在这里。</source>
        <translation>The job&apos;s events (in the provider&apos;s words) show here.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/finetune_dialog.py" line="234"/>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
</context>
<context>
    <name>FlowControls</name>
    <message>
        <location filename="../../ui/widgets/flow_controls.py" line="28"/>
        <location filename="../../ui/widgets/flow_controls.py" line="111"/>
        <source>暂停</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/flow_controls.py" line="31"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/flow_controls.py" line="33"/>
        <source>重试失败项</source>
        <translation>Retry failed</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/flow_controls.py" line="62"/>
        <source>无法开始：{0}。请先配置模型服务（设置 → 模型服务）。</source>
        <translation>Cannot start: {0}. Set up a model service first (Settings → Model service).</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/flow_controls.py" line="110"/>
        <source>继续</source>
        <translation>Resume</translation>
    </message>
</context>
<context>
    <name>GeneratePage</name>
    <message>
        <location filename="../../ui/pages/generate.py" line="106"/>
        <source>导入文档…</source>
        <translation>Import documents…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="114"/>
        <source>自动（按长度）</source>
        <translation>Auto (by length)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="119"/>
        <source>中文提示词</source>
        <translation>Chinese prompts</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="120"/>
        <source>英文提示词</source>
        <translation>English prompts</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="121"/>
        <source>编辑提示词模板…</source>
        <translation>Edit prompt templates…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="123"/>
        <source>文档 → 问题 → 有依据的回答</source>
        <translation>Documents → questions → grounded answers</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="125"/>
        <source>文本来源</source>
        <translation>Text source</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="127"/>
        <source>每段问题数</source>
        <translation>Questions per chunk</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="128"/>
        <source>参考原文段数（关键词检索）</source>
        <translation>Source passages to consult (keyword search)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="131"/>
        <source>先审阅问题，再生成答案</source>
        <translation>Review the questions before generating answers</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="137"/>
        <source>文档问答</source>
        <translation>Document QA</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="148"/>
        <source>生成方式</source>
        <translation>Flow</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="150"/>
        <source>模板语言</source>
        <translation>Template language</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="152"/>
        <source>审阅问题…</source>
        <translation>Review questions…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="153"/>
        <source>看看、修改、删除或添加这次出的问题，再决定生成答案</source>
        <translation>See, edit, delete or add to this run&apos;s questions, then decide to generate the answers</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="159"/>
        <source>开始生成</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="171"/>
        <source>生成的问答对会实时显示在这里，同时进入“审阅”页。</source>
        <translation>New QA pairs appear here as they arrive, and in Review at the same time.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="174"/>
        <source>失败的条目及原因</source>
        <translation>Failed items and why</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="195"/>
        <source>新生成的问答对</source>
        <translation>New QA pairs</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="197"/>
        <source>失败</source>
        <translation>Failed</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="231"/>
        <source>上次的生成还有 {0} 项未完成、{1} 项失败：点“开始生成”接着做（已完成的不会再付费），或点“重试失败项”。</source>
        <translation>An earlier run left {0} items unfinished and {1} failed: press Start to continue (finished work is not paid again), or Retry failed items.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="261"/>
        <source>全部文档</source>
        <translation>All documents</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="300"/>
        <source>{0} 个文本段</source>
        <translation>{0} chunks</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="302"/>
        <source>先导入文档（DOCX、PDF、TXT、Markdown、EPUB）。</source>
        <translation>Import documents (DOCX, PDF, TXT, Markdown, EPUB) first.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="311"/>
        <source>预计：{0} 次请求，约 {1} 输入 token + {2} 输出 token，费用约 {3:.2f}（按模型服务设置里填写的价格；已完成的部分不会再付费）。</source>
        <translation>Estimate: {0} requests, about {1} input + {2} output tokens, costing about {3:.2f} (at the prices set for the model service; finished work is never paid again).</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="318"/>
        <source>批量模式约 {0:.2f}（实时价的 {1:.0%}）。</source>
        <translation>Batch mode about {0:.2f} ({1:.0%} of the realtime price).</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="334"/>
        <source>收回 {0} 个批量任务，批量费用约 {1:.4f}（同样的回答实时约 {2:.4f}）。</source>
        <translation>Collected {0} batch(es), batch cost about {1:.4f} (the same answers in realtime: about {2:.4f}).</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="337"/>
        <source>{0} 条请求在批量任务里等待：程序可以关闭，结果回来后点“开始生成”收回并继续。</source>
        <translation>{0} request(s) wait in batches: the app may close; when the results are back, click Start to collect them and go on.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="351"/>
        <source>导入文档</source>
        <translation>Import documents</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="352"/>
        <source>文档 (*.docx *.pdf *.txt *.md *.markdown *.epub);;所有文件 (*)</source>
        <translation>Documents (*.docx *.pdf *.txt *.md *.markdown *.epub);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="406"/>
        <source>正在整理生成结果…</source>
        <translation>Storing the results…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="432"/>
        <source>出题完成{0}：{1} 个问题（去重 {2}），{3} 个失败；{4} 次请求，费用约 {5:.2f}。审阅后再生成答案。</source>
        <translation>Questions done{0}: {1} questions ({2} duplicates removed), {3} failed; {4} requests, cost about {5:.2f}. Review them, then generate the answers.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="454"/>
        <source>这组设置还没有出过题：勾选“先审阅问题，再生成答案”后点“开始生成”。</source>
        <translation>No questions were asked with these settings yet: tick “Review the questions before generating answers”, then click “Start”.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="466"/>
        <source>问题已保存。以后点“审阅问题…”接着审阅，或直接生成答案。</source>
        <translation>The questions are saved. Click “Review questions…” to go on reviewing later, or generate the answers right away.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="500"/>
        <source>文本段</source>
        <translation>chunks</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="500"/>
        <source>问题</source>
        <translation>questions</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="500"/>
        <source>重复去掉</source>
        <translation>duplicates removed</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="501"/>
        <source>过长</source>
        <translation>too long</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="501"/>
        <source>有依据的回答</source>
        <translation>grounded answers</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="502"/>
        <source>文本中找不到（已拒绝）</source>
        <translation>not in the texts (rejected)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="502"/>
        <source>多轮对话</source>
        <translation>conversations</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="503"/>
        <source>已摘要</source>
        <translation>summarised</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="503"/>
        <source>已提取的段</source>
        <translation>chunks extracted</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="503"/>
        <source>台词</source>
        <translation>lines</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="504"/>
        <source>尝试</source>
        <translation>attempted</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="504"/>
        <source>通过</source>
        <translation>accepted</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="505"/>
        <source>未通过或编造（已拒绝，原因可查）</source>
        <translation>failed a check or invented (rejected, with the reason)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="505"/>
        <source>新样本</source>
        <translation>new samples</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="507"/>
        <source>完成（已取消，下次继续）：</source>
        <translation>Done (cancelled; the next run continues): </translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="507"/>
        <source>完成：</source>
        <translation>Done: </translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="508"/>
        <source>；{0} 个失败，{1} 次请求，{2} 次命中缓存，费用约 {3:.2f}。</source>
        <translation>; {0} failed, {1} requests, {2} cache hits, cost about {3:.2f}.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="508"/>
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="513"/>
        <source>已达到目标通过数</source>
        <translation>the target number was accepted</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="513"/>
        <source>已用完最多尝试次数</source>
        <translation>the attempt budget is spent</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="514"/>
        <source>输入用完了</source>
        <translation>the inputs ran out</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="514"/>
        <source>已取消</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="514"/>
        <source>请求失败</source>
        <translation>requests failed</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="515"/>
        <source>出错</source>
        <translation>an error</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="515"/>
        <source>这一轮在批量任务里等待</source>
        <translation>this round waits in a batch</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="516"/>
        <source>停止原因：{0}</source>
        <translation>Stopped: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="521"/>
        <source>相似度用的是字符相似度（没有向量模型）{0}</source>
        <translation>Similarity was measured on characters (no embeddings){0}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="522"/>
        <source>：{0}</source>
        <translation>: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="527"/>
        <source>出题</source>
        <translation>Questions</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="527"/>
        <source>作答</source>
        <translation>Answers</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="527"/>
        <source>写摘要</source>
        <translation>Summaries</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="528"/>
        <source>准备输入</source>
        <translation>Preparing inputs</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="528"/>
        <source>按风格回复</source>
        <translation>Replies in the style</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="528"/>
        <source>提取台词</source>
        <translation>Extracting lines</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="547"/>
        <source>通过 {0} / 尝试 {1}（通过率 {2:.0f}%）</source>
        <translation>accepted {0} / attempted {1} ({2:.0f}%)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="558"/>
        <source>【已拒绝：{0}】</source>
        <translation>[rejected: {0}] </translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="417"/>
        <source>完成{0}：{1} 个问题（去重 {2}），{3} 个回答，{4} 个在原文中找不到答案（已标为拒绝），{5} 个失败；{6} 次请求，{7} 次命中缓存，费用约 {8:.2f}。</source>
        <translation>Finished{0}: {1} questions ({2} duplicates removed), {3} answers, {4} not found in the text (marked rejected), {5} failed; {6} requests, {7} cache hits, cost about {8:.2f}.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="419"/>
        <location filename="../../ui/pages/generate.py" line="433"/>
        <source>（已取消，下次继续）</source>
        <translation> (cancelled; the next run continues)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="529"/>
        <source>{0}（{1} 项）</source>
        <translation>{0} ({1} items)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="538"/>
        <source>完成 {0} · 失败 {1} · 进行中 {2} · 等待 {3} · 缓存命中 {4} · token {5}/{6} · 费用 {7:.3f} · 预计剩余 {8}</source>
        <translation>done {0} · failed {1} · in flight {2} · waiting {3} · cache hits {4} · tokens {5}/{6} · cost {7:.3f} · ETA {8}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="561"/>
        <source>问：{0}
答：{1}{2}
</source>
        <translation>Q: {0}
A: {1}{2}
</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="315"/>
        <source>按时段计价：高峰价约 {0:.2f} / 低价时段价约 {1:.2f}。</source>
        <translation> At time-of-day prices: about {0:.2f} at peak prices / {1:.2f} at off-peak prices.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate.py" line="345"/>
        <source>已取消：还没有发出任何请求。</source>
        <translation>Cancelled: no request was sent.</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <location filename="../../ui/widgets/guide_dialog.py" line="22"/>
        <source>使用指南</source>
        <translation>User guide</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/guide_dialog.py" line="29"/>
        <source>找不到使用指南：{0}（{1}）</source>
        <translation>The user guide is missing: {0} ({1})</translation>
    </message>
</context>
<context>
    <name>HistogramWidget</name>
    <message>
        <location filename="../../ui/widgets/histogram.py" line="14"/>
        <source>字数</source>
        <translation>Characters</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/histogram.py" line="15"/>
        <source>样本数</source>
        <translation>Samples</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/histogram.py" line="39"/>
        <source>还没有样本</source>
        <translation>No samples yet</translation>
    </message>
</context>
<context>
    <name>Import</name>
    <message>
        <location filename="../../ui/importing.py" line="46"/>
        <source>未导入：</source>
        <translation>Not imported: </translation>
    </message>
    <message>
        <location filename="../../ui/importing.py" line="50"/>
        <source>，{0} 页</source>
        <translation>, {0} pages</translation>
    </message>
    <message>
        <location filename="../../ui/importing.py" line="51"/>
        <source>已导入 {0}：{1} 字，{2} 个文本段（{3}）</source>
        <translation>Imported {0}: {1} characters, {2} chunks ({3})</translation>
    </message>
    <message>
        <location filename="../../ui/importing.py" line="60"/>
        <source>密码不对，请重新输入 {0} 的密码：</source>
        <translation>Wrong password. Enter the password of {0} again:</translation>
    </message>
    <message>
        <location filename="../../ui/importing.py" line="60"/>
        <source>{0} 已加密，请输入打开它的密码：</source>
        <translation>{0} is encrypted. Enter its password:</translation>
    </message>
    <message>
        <location filename="../../ui/importing.py" line="61"/>
        <source>PDF 密码</source>
        <translation>PDF password</translation>
    </message>
</context>
<context>
    <name>Jargon</name>
    <message>
        <location filename="../../ui/jargon.py" line="12"/>
        <source>问答也叫指令样本（SFT）：一问一答，教模型照要求回答；对话是多轮来回；预训练文本是整段文字，让模型多读多学。</source>
        <translation>Q&amp;A, also called instruction samples (SFT): one question, one answer, teaching the model to do as asked; a dialogue goes back and forth over several turns; a pretraining text is plain running text for the model to read and learn from.</translation>
    </message>
    <message>
        <location filename="../../ui/jargon.py" line="18"/>
        <source>作答前先按关键词（BM25 关键词检索）在原文里找出最相关的几段交给模型参考；段数越多依据越全，花费也越高。</source>
        <translation>Before answering, the passages of the source that share the most keywords with the question (BM25 keyword search) are handed to the model; more passages give a fuller basis and cost more.</translation>
    </message>
    <message>
        <location filename="../../ui/jargon.py" line="24"/>
        <source>决定哪些样本分进测试集的一个数：同一个数每次分法都一样，换一个数就换一种随机分法。</source>
        <translation>A number that decides which samples go into the test set: the same number always splits the same way, another number gives another random split.</translation>
    </message>
    <message>
        <location filename="../../ui/jargon.py" line="29"/>
        <source>留出这个比例的样本另存为测试集，用来检验训练效果，不参与训练；0 表示全部用于训练。</source>
        <translation>This share of the samples is set aside as a test set to check the training, and is not trained on; 0 uses everything for training.</translation>
    </message>
</context>
<context>
    <name>JudgePanel</name>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="61"/>
        <source>评分模型</source>
        <translation>Scoring model</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="63"/>
        <location filename="../../ui/widgets/judge_panel.py" line="205"/>
        <source>AI 评分</source>
        <translation>AI score</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="65"/>
        <source>用上面的模型给当前筛选出的样本（选中多条时只给选中的）打 1–5 分，并写一句理由。问答看是否忠实原文、是否答到点上、中文是否通顺、有没有拒答和套话；对话和信息抽取各有自己的标准。评过且没改过的样本不会再付费。</source>
        <translation>Score the samples of the current filter (only the selected ones when several are selected) from 1 to 5 with the model above, each with a one-line reason. Question-answer pairs are checked for faithfulness to the source, answering the question, fluent Chinese and no refusals or boilerplate; dialogues and extraction samples have rubrics of their own. Samples already scored and unchanged cost nothing again.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="69"/>
        <source>停止评分</source>
        <translation>Stop scoring</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="71"/>
        <source>编辑评分标准…</source>
        <translation>Edit rubrics…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="72"/>
        <source>问答、多轮对话、信息抽取各有一份评分标准（提示词模板），改动只影响这个项目</source>
        <translation>Question-answer pairs, dialogues and extraction samples each have a rubric (a prompt template); changes apply to this project only</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="77"/>
        <source>低于 </source>
        <translation>Below </translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="78"/>
        <source> 分</source>
        <translation> pts</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="81"/>
        <source>把当前筛选出的样本中 AI 评分低于这个分数的标为“已拒绝”（原因写明分数）；你编辑、接受或拒绝过的样本不动。调低分数再点一次，之前因分数被拒绝、现在够分的会改回待审。</source>
        <translation>Mark the samples of the current filter whose AI score is below this one as rejected (the reason names the score); samples you edited, accepted or rejected are left alone. Click again with a lower score and samples rejected for their score that now pass become pending again.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="107"/>
        <source>评分中：完成 {0} / {1} · 失败 {2} · 缓存命中 {3} · 费用 {4:.3f}</source>
        <translation>Scoring: {0} / {1} done · {2} failed · {3} from cache · cost {4:.3f}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="111"/>
        <source>低于 {0} 分的拒绝</source>
        <translation>Reject below {0}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="142"/>
        <source>选中的 {0} 条样本</source>
        <translation>the {0} selected samples</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="146"/>
        <source>当前筛选出的 {0} 条样本（已拒绝的不评）</source>
        <translation>the {0} samples of the current filter (rejected ones left out)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="148"/>
        <source>当前筛选出的 {0} 条样本</source>
        <translation>the {0} samples of the current filter</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="165"/>
        <source>无法评分：{0}。请先配置模型服务（设置 → 模型服务）。</source>
        <translation>Cannot score: {0}. Set up a model service first (Settings → Model services).</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="180"/>
        <source>用 {0} 给{1}评分？
约 {2} 次请求，{3} 输入 token + {4} 输出 token，费用约 {5:.2f}（按模型服务设置里的价格；评过且没改过的样本不再付费）。</source>
        <translation>Score {1} with {0}?
About {2} requests, {3} input + {4} output tokens, about {5:.2f} in cost (at the prices in the model service&apos;s settings; samples already scored and unchanged cost nothing).</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="188"/>
        <source>评分中…</source>
        <translation>Scoring…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="216"/>
        <source>评分已停止（下次接着评）：</source>
        <translation>Scoring stopped (the next run continues): </translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="216"/>
        <source>评分完成：</source>
        <translation>Scoring done: </translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="217"/>
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="217"/>
        <source>{0} 分 {1} 条</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="218"/>
        <source>{0} 条已有评分（本次新评 {1} 条），{2} 条失败；{3} 次请求，{4} 次命中缓存，费用约 {5:.2f}。</source>
        <translation>{0} scored ({1} in this run), {2} failed; {3} requests, {4} from cache, about {5:.2f} in cost.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="221"/>
        <source>分数分布：{0}</source>
        <translation>Scores: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="223"/>
        <source>{0} 条纯文本（预训练）样本没有评分标准，未评分。</source>
        <translation>{0} plain-text (pretrain) samples have no rubric: not scored.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="225"/>
        <source>失败 {0}：{1}</source>
        <translation>Failed {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="227"/>
        <source>……另有 {0} 条失败</source>
        <translation>… and {0} more failed</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="251"/>
        <source>按分数拒绝</source>
        <translation>Reject by score</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="252"/>
        <source>把当前筛选出的样本中 AI 评分低于 {0} 分的 {1} 条标为“已拒绝”？你审阅或改过的样本不动。</source>
        <translation>Mark the {1} samples of the current filter whose AI score is below {0} as rejected? Samples you reviewed or edited are left as they are.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="256"/>
        <source>低于 {0} 分的 {1} 条已拒绝。</source>
        <translation>{1} samples scoring below {0} rejected. </translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="258"/>
        <source>{0} 条低于 {1} 分但你审阅或改过，没有动。</source>
        <translation>{0} below {1} that you reviewed or edited were left as they are. </translation>
    </message>
    <message>
        <location filename="../../ui/widgets/judge_panel.py" line="260"/>
        <source>{0} 条之前因分数被拒绝、现在够 {1} 分，已改回待审。</source>
        <translation>{0} rejected earlier for their score now reach {1}: pending again.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="89"/>
        <source>网址抓取</source>
        <translation>URL crawl</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="90"/>
        <source>文档</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="91"/>
        <source>群聊</source>
        <translation>Group chat</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="92"/>
        <source>生成</source>
        <translation>Generate</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="93"/>
        <source>审阅</source>
        <translation>Review</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="94"/>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="108"/>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="109"/>
        <source>新建项目…</source>
        <translation>New project…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="111"/>
        <source>打开项目…</source>
        <translation>Open project…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="113"/>
        <source>打开示例项目</source>
        <translation>Open the demo project</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="115"/>
        <source>最近的项目</source>
        <translation>Recent projects</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="116"/>
        <location filename="../../ui/main_window.py" line="297"/>
        <source>关闭项目</source>
        <translation>Close project</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="117"/>
        <source>设置…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="120"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="130"/>
        <source>语言(&amp;L)</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="134"/>
        <source>跟随系统</source>
        <translation>Follow the system</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="141"/>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="142"/>
        <location filename="../../ui/main_window.py" line="213"/>
        <source>键盘快捷键</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="144"/>
        <source>关于语料匠</source>
        <translation>About Corpusmith</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="146"/>
        <source>使用指南</source>
        <translation>User guide</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="168"/>
        <source>界面语言将在重新启动后切换。</source>
        <translation>The interface language changes after a restart.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="206"/>
        <location filename="../../ui/main_window.py" line="243"/>
        <source>新建项目</source>
        <translation>New project</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="206"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="207"/>
        <source>审阅：接受 / 拒绝 / 改回待审，并跳到下一条</source>
        <translation>Review: accept / reject / back to pending, then go to the next one</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="208"/>
        <source>审阅：删除选中的样本</source>
        <translation>Review: delete the selected samples</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="208"/>
        <source>审阅：搜索</source>
        <translation>Review: search</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="209"/>
        <source>审阅：编辑当前样本的回答</source>
        <translation>Review: edit the current sample&apos;s answer</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="209"/>
        <source>审阅：保存修改</source>
        <translation>Review: save the changes</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="210"/>
        <source>审阅：移动、多选</source>
        <translation>Review: move, select several</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="244"/>
        <source>语料匠项目 (*{0})</source>
        <translation>Corpusmith projects (*{0})</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="317"/>
        <source>{0}正在进行。等它完成，还是取消它？</source>
        <translation>Running: {0}. Wait for it to finish, or cancel it?</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="318"/>
        <source>等待</source>
        <translation>Wait</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="319"/>
        <source>取消它</source>
        <translation>Cancel it</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="320"/>
        <source>返回</source>
        <translation>Go back</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="329"/>
        <source>正在等待{0}完成…</source>
        <translation>Waiting for {0} to finish…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="332"/>
        <source>正在取消{0}…</source>
        <translation>Cancelling {0}…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="206"/>
        <location filename="../../ui/main_window.py" line="281"/>
        <source>打开项目</source>
        <translation>Open project</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="272"/>
        <source>正在准备示例项目…</source>
        <translation>Preparing the demo project…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="275"/>
        <source>无法打开示例项目</source>
        <translation>Cannot open the demo project</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="282"/>
        <source>语料匠项目 (*{0});;所有文件 (*)</source>
        <translation>Corpusmith projects (*{0});;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="315"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="316"/>
        <source>任务进行中</source>
        <translation>Work in progress</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="348"/>
        <source>无法打开项目</source>
        <translation>Cannot open the project</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="400"/>
        <source>语料匠 Corpusmith</source>
        <translation>Corpusmith</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="422"/>
        <source>先打开项目</source>
        <translation>Open a project first</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="422"/>
        <source>请先新建或打开一个项目，再拖入文件。</source>
        <translation>Create or open a project first, then drop files on the window.</translation>
    </message>
</context>
<context>
    <name>NovelPanel</name>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="139"/>
        <source>小说 → 写作指令（原文不改）</source>
        <translation>Novel → writing instructions (the text is never rewritten)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="144"/>
        <source>情节</source>
        <translation>Plot</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="144"/>
        <source>主题与人物</source>
        <translation>Theme and characters</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="144"/>
        <source>提纲</source>
        <translation>Outline</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="147"/>
        <source>把上一段的摘要作为上下文</source>
        <translation>Give the previous chunk&apos;s summary as context</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="149"/>
        <source>留空使用默认：你是一个熟读各类小说的专家，请你根据要求写一段800字左右的小说。</source>
        <translation>Empty: the default instruction (an expert novelist writes about 800 characters as asked)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="150"/>
        <source>小说</source>
        <translation>Novel</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="151"/>
        <source>每段字数</source>
        <translation>Characters per chunk</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="152"/>
        <source>摘要最长字数</source>
        <translation>Longest summary (characters)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="153"/>
        <source>摘要写什么</source>
        <translation>Summary describes</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="155"/>
        <source>指令</source>
        <translation>Instruction</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="158"/>
        <source>全部文档</source>
        <translation>All documents</translation>
    </message>
</context>
<context>
    <name>OffPeakControls</name>
    <message>
        <location filename="../../ui/widgets/off_peak.py" line="25"/>
        <source>在低价时段运行</source>
        <translation>Run at off-peak prices</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/off_peak.py" line="27"/>
        <source>等到模型服务的低价时段再开始（价格时段在“设置 → 模型服务”里，可以修改）。运行中进入高峰时段会暂停发出新请求，已发出的照常收回，低价时段开始后自动继续。等待时程序要一直开着。</source>
        <translation>Wait for the model service&apos;s off-peak prices before starting (the price windows are in Settings → Model services, where you can edit them). When peak prices start during the run, no new requests are sent (those already sent are collected) until off-peak prices return. Keep the app open while it waits.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/off_peak.py" line="33"/>
        <source>立即开始</source>
        <translation>Start now</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/off_peak.py" line="35"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/off_peak.py" line="71"/>
        <source>下一个低价时段：{0} 开始</source>
        <translation>Next off-peak prices: from {0}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/off_peak.py" line="74"/>
        <source>现在是低价时段（到 {0}）</source>
        <translation>Off-peak prices now (until {0})</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/off_peak.py" line="75"/>
        <source>现在是低价时段</source>
        <translation>Off-peak prices now</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/off_peak.py" line="127"/>
        <source>等待低价时段：{0} 开始，还有 {1:02d}:{2:02d}:{3:02d}。程序要一直开着。</source>
        <translation>Waiting for off-peak prices: from {0}, {1:02d}:{2:02d}:{3:02d} to go. Keep the app open.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/off_peak.py" line="132"/>
        <source>高峰时段：已暂停发出新请求，{0} 低价时段开始后自动继续（点“继续”按高峰价接着做）</source>
        <translation>Peak prices: no new requests until off-peak prices start at {0} (click Resume to go on at peak prices)</translation>
    </message>
</context>
<context>
    <name>PlaceholderButton</name>
    <message>
        <location filename="../../ui/widgets/placeholder_button.py" line="70"/>
        <source>插入占位符…</source>
        <translation>Insert placeholder…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/placeholder_button.py" line="71"/>
        <source>占位符在发给模型前会换成实际内容。从列表里选一个，插到光标处。</source>
        <translation>A placeholder is replaced by the real content before the prompt is sent. Pick one from the list to insert it at the cursor.</translation>
    </message>
</context>
<context>
    <name>Placeholders</name>
    <message>
        <location filename="../../ui/widgets/placeholder_button.py" line="17"/>
        <source>当前这一段原文</source>
        <translation>the current passage of the source text</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/placeholder_button.py" line="18"/>
        <source>要生成几条（几个问题或几条输入）</source>
        <translation>how many to write (questions or inputs)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/placeholder_button.py" line="19"/>
        <source>要回答的问题</source>
        <translation>the question to answer</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/placeholder_button.py" line="20"/>
        <source>检索到的原文，回答只能依据它</source>
        <translation>the source passages found; the answer may rely on them only</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/placeholder_button.py" line="21"/>
        <source>聊天记录，每条消息一行“说话人：内容”</source>
        <translation>the chat log, one “speaker: text” line per message</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/placeholder_button.py" line="22"/>
        <source>摘要里必须保留的信息项</source>
        <translation>the facts the summary must keep</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/placeholder_button.py" line="23"/>
        <source>一条抽取记录的样子（来自抽取字段）</source>
        <translation>the shape of one extracted record (from the extraction fields)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/placeholder_button.py" line="24"/>
        <source>出题的主题</source>
        <translation>the topic the questions are about</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/placeholder_button.py" line="25"/>
        <source>主题下的某个方面</source>
        <translation>one aspect of the topic</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/placeholder_button.py" line="26"/>
        <source>问题或摘要最多几个字</source>
        <translation>the most characters a question or summary may have</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/placeholder_button.py" line="27"/>
        <source>上一段的摘要（第一段时为空）</source>
        <translation>the summary of the previous passage (empty for the first)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/placeholder_button.py" line="28"/>
        <source>摘要要写什么：情节、主题人物或提纲</source>
        <translation>what the summary describes: the plot, themes and characters, or an outline</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/placeholder_button.py" line="29"/>
        <source>日常话题，生成的用户输入从中取材</source>
        <translation>everyday subjects the user inputs are drawn from</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/placeholder_button.py" line="31"/>
        <source>样本的回答</source>
        <translation>the sample&apos;s answer</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/placeholder_button.py" line="32"/>
        <source>回答依据的原文（没有原文时写明没有）</source>
        <translation>the source text the answer rests on (or a note that there is none)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/placeholder_button.py" line="33"/>
        <source>整段对话，每轮一行“说话人：内容”</source>
        <translation>the whole dialogue, one “speaker: text” line per turn</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/placeholder_button.py" line="34"/>
        <source>抽取样本的输入（材料和抽取要求）</source>
        <translation>the extraction sample&apos;s input (the material and what to extract)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/placeholder_button.py" line="35"/>
        <source>抽取出的结果</source>
        <translation>what was extracted</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/placeholder_button.py" line="42"/>
        <source>要扮演的角色名</source>
        <translation>the name of the character to play</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/placeholder_button.py" line="43"/>
        <source>这句台词所在的场次标题</source>
        <translation>the heading of the scene the line is in</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/placeholder_button.py" line="44"/>
        <source>第几集或第几章</source>
        <translation>the episode or chapter</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/placeholder_button.py" line="45"/>
        <source>剧本文件名</source>
        <translation>the script&apos;s file name</translation>
    </message>
</context>
<context>
    <name>ProviderBanner</name>
    <message>
        <location filename="../../ui/widgets/provider_banner.py" line="19"/>
        <source>打开设置…</source>
        <translation>Open settings…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_banner.py" line="33"/>
        <source>尚未配置模型服务（{0}）。这一步要调用大模型：在设置里选服务商、填写 API Key，再点“测试连接”。审阅和导出不需要模型。</source>
        <translation>No model service is set up yet ({0}). This step calls a large language model: in Settings, choose a provider, enter the API key, then press “Test connection”. Review and Export need no model.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_banner.py" line="37"/>
        <source>尚未填写要调用的模型（{0}）：在下面填写接口地址和模型名称，本机服务可以不填 API Key。</source>
        <translation>The model to call is not filled in yet ({0}): enter the endpoint URL and the model name below; a local service needs no API key.</translation>
    </message>
</context>
<context>
    <name>ProviderForm</name>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="48"/>
        <source>DeepSeek 深度求索</source>
        <translation>DeepSeek</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="49"/>
        <source>通义千问（阿里云百炼）</source>
        <translation>Qwen (Alibaba Cloud DashScope)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="50"/>
        <source>硅基流动 SiliconFlow</source>
        <translation>SiliconFlow</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="51"/>
        <source>智谱 GLM</source>
        <translation>Zhipu GLM</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="52"/>
        <source>月之暗面 Kimi</source>
        <translation>Moonshot Kimi</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="53"/>
        <source>讯飞星火</source>
        <translation>iFlytek Spark</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="55"/>
        <source>Ollama（本机）</source>
        <translation>Ollama (this computer)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="56"/>
        <source>LM Studio（本机）</source>
        <translation>LM Studio (this computer)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="57"/>
        <source>vLLM（本机或局域网）</source>
        <translation>vLLM (this computer or your network)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="58"/>
        <source>llama.cpp（本机）</source>
        <translation>llama.cpp (this computer)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="59"/>
        <source>自定义地址</source>
        <translation>Custom URL</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="71"/>
        <source>还没有填写接口地址</source>
        <translation>no endpoint URL yet</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="74"/>
        <source>接口地址要以 http:// 或 https:// 开头</source>
        <translation>the base URL must start with http:// or https://</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="76"/>
        <source>还没有填写模型名称</source>
        <translation>no model name yet</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="80"/>
        <source>还没有填写 API Key</source>
        <translation>no API key yet</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="93"/>
        <source>国内的服务商在前；Ollama、LM Studio、vLLM、llama.cpp 是装在本机的模型服务，不需要 API Key；其它兼容 OpenAI 接口的服务选“自定义地址”。</source>
        <translation>Providers in mainland China first; Ollama, LM Studio, vLLM and llama.cpp run on your own computer and need no API key; for any other OpenAI-compatible service choose “Custom URL”.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="101"/>
        <source>API Key（保存在系统钥匙串，不写入项目文件）</source>
        <translation>API key (kept in the system keyring, never in the project file)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="102"/>
        <source>显示</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="110"/>
        <location filename="../../ui/widgets/provider_form.py" line="111"/>
        <source>不限</source>
        <translation>No limit</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="121"/>
        <source>输入</source>
        <translation>Input</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="123"/>
        <source>输出</source>
        <translation>Output</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="126"/>
        <source>并发</source>
        <translation>Concurrency</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="126"/>
        <source>每分钟请求</source>
        <translation>Requests/min</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="127"/>
        <source>每分钟 token</source>
        <translation>Tokens/min</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="131"/>
        <source>温度</source>
        <translation>Temperature</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="131"/>
        <source>最大输出 token</source>
        <translation>Max output tokens</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="132"/>
        <source>超时（秒）</source>
        <translation>Timeout (s)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="136"/>
        <source>测试连接</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="144"/>
        <source>服务商</source>
        <translation>Provider</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="145"/>
        <source>接口地址</source>
        <translation>Base URL</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="146"/>
        <source>模型</source>
        <translation>Model</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="147"/>
        <source>API Key</source>
        <translation>API key</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="148"/>
        <source>限速</source>
        <translation>Limits</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="149"/>
        <source>生成</source>
        <translation>Generate</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="150"/>
        <source>价格（每百万 token）</source>
        <translation>Price (per 1M tokens)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="157"/>
        <source>同时发出的请求数。免费或低档账号常限制并发，出现 429 时调小。</source>
        <translation>Requests sent at once. Free or low-tier accounts often limit this; lower it if you see 429 errors.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="158"/>
        <source>每分钟最多发多少个请求；服务商有限额时照填，0 表示不限。</source>
        <translation>At most this many requests per minute; enter your provider&apos;s limit if it has one. 0 means no limit.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="159"/>
        <source>每分钟最多用多少 token（字词单位，一个汉字约 1～2 个）；0 表示不限。</source>
        <translation>At most this many tokens per minute (a token is a piece of a word; a Chinese character is about 1–2). 0 means no limit.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="160"/>
        <source>越低回答越稳定，越高越多样。抽取信息用 0～0.3，写作类用 0.7 左右。</source>
        <translation>Lower gives steadier answers, higher more varied ones. Use 0–0.3 for extracting information, about 0.7 for writing.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="161"/>
        <source>一次回答最多多长（token），太小会被截断。</source>
        <translation>The longest one answer may be (tokens); too small and answers are cut off.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="162"/>
        <source>只用来估算费用，照服务商价目表填写；不填则不估算。</source>
        <translation>Only used to estimate the cost; copy it from the provider&apos;s price list. Leave at 0 for no estimate.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="320"/>
        <source>正在连接…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="151"/>
        <source>分时价格</source>
        <translation>Time-of-day prices</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="249"/>
        <source>全天一个价；有高峰价时写 09:00-12:00 x2, 14:00-18:00 x2</source>
        <translation>One price all day; with peak prices write 09:00-12:00 x2, 14:00-18:00 x2</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="251"/>
        <source>这些时段的价格是上面所填价格的倍数（x2 = 两倍，x0.5 = 半价），其余时间按上面的价格。用来估算费用、给每次请求按当时的价格记账，以及“在低价时段运行”。</source>
        <translation>In these windows the price is the price above times the factor (x2 = double, x0.5 = half); at other times it is the price above. Used for the estimate, to price each request at the rate of its hour, and for “Run at off-peak prices”.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="256"/>
        <source>时段按哪个时区的钟点算：时区名（如 Asia/Shanghai）或 UTC+8</source>
        <translation>The time zone of the windows&apos; clock: a zone name (such as Asia/Shanghai) or UTC+8</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="292"/>
        <source>✘ {0}（改好之前不会保存）</source>
        <translation>✘ {0} (not saved until this is fixed)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/provider_form.py" line="297"/>
        <source>上面的价格在这些时段乘以倍数，其余时间照原价；可在“生成”页选“在低价时段运行”。</source>
        <translation>The price above times the factor in these windows, as it is at other times; the Generate tab can “Run at off-peak prices”.</translation>
    </message>
</context>
<context>
    <name>QrLoginDialog</name>
    <message>
        <location filename="../../ui/widgets/qr_login_dialog.py" line="18"/>
        <source>扫码登录 B 站</source>
        <translation>Log in to Bilibili with a QR code</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/qr_login_dialog.py" line="28"/>
        <source>正在获取二维码…</source>
        <translation>Getting a QR code…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/qr_login_dialog.py" line="31"/>
        <source>打开 B 站手机客户端，用“扫一扫”扫描上面的二维码，再在手机上确认。登录信息只保存在本机的系统钥匙串里。</source>
        <translation>Open the Bilibili phone app, scan the code above with its scanner, then confirm on the phone. The login is kept only in this computer&apos;s system keyring.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/qr_login_dialog.py" line="34"/>
        <source>换一个二维码</source>
        <translation>New QR code</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/qr_login_dialog.py" line="37"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>QualityDialog</name>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="39"/>
        <source>质量筛查</source>
        <translation>Quality check</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="42"/>
        <source>太短</source>
        <translation>Too short</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="42"/>
        <source>太长</source>
        <translation>Too long</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="42"/>
        <source>几乎全是标点/表情</source>
        <translation>Mostly punctuation or emotes</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="43"/>
        <source>拒答套话（作为一个AI…）</source>
        <translation>Refusal phrases (As an AI…)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="43"/>
        <source>回答照抄问题</source>
        <translation>Answer copies the question</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="44"/>
        <source>轮次不成对或有空轮</source>
        <translation>Unbalanced or empty turns</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="44"/>
        <source>照抄提示词</source>
        <translation>Echoes the prompt</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="50"/>
        <source>规则（先统计，再应用）</source>
        <translation>Rules (counted first, then applied)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="82"/>
        <source>把鼠标停在规则或数值上，可以看到它具体查什么。</source>
        <translation>Hover over a rule or a number to see exactly what it checks.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="85"/>
        <source>统计</source>
        <translation>Count</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="87"/>
        <source>拒绝命中的样本</source>
        <translation>Reject the samples hit</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="97"/>
        <source>近似重复（内容几乎一样的样本）</source>
        <translation>Near-duplicates (samples with almost the same content)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="98"/>
        <source>按相同的字词片段比较样本，找出只差几个字的重复内容，每组只留一条。</source>
        <translation>Samples are compared by the pieces of text they share, to find copies that differ by a few characters; each group keeps one.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="103"/>
        <source>相似度 ≥ </source>
        <translation>Similarity ≥ </translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="104"/>
        <source>两条样本像到这个程度才算重复：1.00 是完全一样，越小找到的越多。</source>
        <translation>How alike two samples must be to count as duplicates: 1.00 is identical; lower finds more.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="105"/>
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="107"/>
        <source>每组只保留勾选的一条，其余拒绝</source>
        <translation>Keep the ticked one of each group, reject the rest</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="111"/>
        <source>样本</source>
        <translation>Sample</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="111"/>
        <source>相似度</source>
        <translation>Similarity</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="111"/>
        <source>内容</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="125"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="144"/>
        <source>最短字数</source>
        <translation>Min. characters</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="144"/>
        <source>所有轮次加起来少于这么多字的样本算太短。</source>
        <translation>A sample with fewer characters than this in all its turns is too short.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="145"/>
        <source>最长字数</source>
        <translation>Max. characters</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="145"/>
        <source>连同系统提示词超过这么多字的样本算太长。</source>
        <translation>A sample with more characters than this, system prompt included, is too long.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="146"/>
        <source>标点占比 ≥</source>
        <translation>Punctuation share ≥</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="147"/>
        <source>标点、符号、表情占全文的比例到了这个数才算。</source>
        <translation>It counts only when punctuation, symbols and emotes make up at least this share of the text.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="148"/>
        <source>文字少于</source>
        <translation>Letters fewer than</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="149"/>
        <source>汉字、字母、数字少于这么多个时才检查，文字多的样本不算。</source>
        <translation>Only samples with fewer letters, digits and Chinese characters than this are checked; wordy samples are not.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="150"/>
        <source>开头字数</source>
        <translation>Opening characters</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="151"/>
        <source>只在回答开头这么多字里找“我无法”“抱歉，我不能”这类拒答的话。</source>
        <translation>Refusals such as “I cannot” or “Sorry, I can&apos;t” are looked for only in this many characters at the start of an answer.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="152"/>
        <source>相似度 ≥</source>
        <translation>Similarity ≥</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="153"/>
        <source>回答和问题像到这个程度算照抄（100% 就是一字不差）。</source>
        <translation>An answer this alike to its question is a copy (100% is word for word).</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="154"/>
        <source>问题最短字数</source>
        <translation>Min. question characters</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="155"/>
        <source>问题短于这么多字时不检查，“好的”“嗯”之类本来就会重复。</source>
        <translation>Questions shorter than this are not checked: an “OK” or “Mm” is repeated naturally.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="156"/>
        <source>照抄占比 ≥</source>
        <translation>Copied share ≥</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="156"/>
        <source>一轮内容里照抄模板要求的部分到了这个比例才算照抄。</source>
        <translation>A turn is an echo only when at least this share of it is copied from the template&apos;s instructions.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="157"/>
        <source>照抄片段数 ≥</source>
        <translation>Copied pieces ≥</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="158"/>
        <source>至少有这么多处三个字的片段和模板要求一样才算，免得短句被误判。</source>
        <translation>At least this many three-character pieces must match the template&apos;s instructions, so short sentences are not flagged by mistake.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="177"/>
        <source>正在按规则检查样本…</source>
        <translation>Checking the samples against the rules…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="184"/>
        <source>{0}：{1} 条</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="186"/>
        <source>。（还没有改动任何样本）</source>
        <translation>. (Nothing has been changed yet.)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="186"/>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="197"/>
        <source>正在拒绝命中的样本…</source>
        <translation>Rejecting the matching samples…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="202"/>
        <source>已拒绝 {0} 条样本（原因写明规则和数值）。</source>
        <translation>Rejected {0} samples (the reason names the rule and the value).</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="213"/>
        <source>正在查找近似重复…</source>
        <translation>Looking for near-duplicates…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="224"/>
        <source>第 {0} 组（{1} 条）</source>
        <translation>Group {0} ({1} samples)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="237"/>
        <source>{0} 组近似重复，每组保留一条时将拒绝 {1} 条。勾选要保留的那一条；一条都不勾的组不处理。</source>
        <translation>{0} near-duplicate groups; keeping one of each rejects {1}. Tick the one to keep; a group with nothing ticked is left alone.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="277"/>
        <source>正在拒绝重复的样本…</source>
        <translation>Rejecting the duplicate samples…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/quality_dialog.py" line="286"/>
        <source>已拒绝 {0} 条近似重复的样本（原因写明保留的那一条）。</source>
        <translation>Rejected {0} near-duplicates (the reason names the one kept).</translation>
    </message>
</context>
<context>
    <name>QualityReportDialog</name>
    <message>
        <location filename="../../ui/widgets/report_dialog.py" line="59"/>
        <source>质量报告</source>
        <translation>Quality report</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/report_dialog.py" line="71"/>
        <source>按来源和流程</source>
        <translation>By source and flow</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/report_dialog.py" line="71"/>
        <source>按来源合计</source>
        <translation>By source</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/report_dialog.py" line="71"/>
        <source>按流程合计</source>
        <translation>By flow</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/report_dialog.py" line="86"/>
        <source>分数</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/report_dialog.py" line="106"/>
        <source>重新统计</source>
        <translation>Count again</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/report_dialog.py" line="108"/>
        <source>导出 HTML…</source>
        <translation>Export HTML…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/report_dialog.py" line="109"/>
        <source>写成一个网页文件：表格和图都在里面，不需要联网，可以直接发给同事。</source>
        <translation>One web page file with the tables and plots inside: it needs no internet, send it to a teammate as it is.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/report_dialog.py" line="114"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/report_dialog.py" line="122"/>
        <source>查看</source>
        <translation>View</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/report_dialog.py" line="163"/>
        <source>正在统计…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/report_dialog.py" line="195"/>
        <location filename="../../ui/widgets/report_dialog.py" line="197"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../ui/widgets/report_dialog.py" line="300"/>
        <source>导出质量报告</source>
        <translation>Export the quality report</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/report_dialog.py" line="301"/>
        <source>网页 (*.html)</source>
        <translation>Web page (*.html)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/report_dialog.py" line="312"/>
        <source>正在写入 HTML…</source>
        <translation>Writing HTML…</translation>
    </message>
</context>
<context>
    <name>QuestionsDialog</name>
    <message>
        <location filename="../../ui/widgets/questions_dialog.py" line="56"/>
        <source>审阅问题</source>
        <translation>Review questions</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/questions_dialog.py" line="61"/>
        <source>双击问题即可修改；删掉的问题不会发送，也不会付费；已回答的问题请到“审阅”页改样本。</source>
        <translation>Double-click a question to edit it; deleted questions are never sent nor paid for; for a question already answered, edit its sample in Review.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/questions_dialog.py" line="66"/>
        <source>问题</source>
        <translation>Question</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/questions_dialog.py" line="66"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/questions_dialog.py" line="66"/>
        <source>编号</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/questions_dialog.py" line="92"/>
        <source>给选中的文本段添加一个问题</source>
        <translation>Add a question to the selected chunk</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/questions_dialog.py" line="94"/>
        <source>添加问题</source>
        <translation>Add question</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/questions_dialog.py" line="96"/>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/questions_dialog.py" line="98"/>
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/questions_dialog.py" line="100"/>
        <source>全部接受</source>
        <translation>Accept all</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/questions_dialog.py" line="111"/>
        <source>生成答案</source>
        <translation>Generate answers</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/questions_dialog.py" line="113"/>
        <source>稍后再说</source>
        <translation>Later</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/questions_dialog.py" line="114"/>
        <source>问题和你的修改都已保存；以后点“审阅问题…”或不勾选“先审阅问题”再开始生成，就会回答留下的问题。</source>
        <translation>The questions and your changes are saved; later, click “Review questions…”, or start a run without “Review the questions first”, to answer the questions left.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/questions_dialog.py" line="166"/>
        <source>原问题：{0}</source>
        <translation>Was: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/questions_dialog.py" line="189"/>
        <source>方面：{0}（{1} 个问题）</source>
        <translation>Aspect: {0} ({1} questions)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/questions_dialog.py" line="191"/>
        <source>文本段 {0}（{1} 个问题）：{2}</source>
        <translation>Chunk {0} ({1} questions): {2}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/questions_dialog.py" line="201"/>
        <source>文本段 {0} 的原文</source>
        <translation>The text of chunk {0}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/questions_dialog.py" line="204"/>
        <source>方面：{0}</source>
        <translation>Aspect: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/questions_dialog.py" line="205"/>
        <source>主题：{0}
方面：{1}

这些问题的答案从你的文档里检索，只用检索到的原文作答。</source>
        <translation>Topic: {0}
Aspect: {1}

The answers to these questions are retrieved from your documents and written from the retrieved text only.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/questions_dialog.py" line="211"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../ui/widgets/questions_dialog.py" line="212"/>
        <source>共 {0} 个问题（{1}）。</source>
        <translation>{0} questions ({1}).</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/questions_dialog.py" line="222"/>
        <source>作答预计：{0} 次请求，约 {1} 输入 token + {2} 输出 token，费用约 {3:.2f}（删掉的问题不算在内）。</source>
        <translation>Answers estimate: {0} requests, about {1} input + {2} output tokens, cost about {3:.2f} (deleted questions not counted).</translation>
    </message>
</context>
<context>
    <name>ReasoningFold</name>
    <message>
        <location filename="../../ui/widgets/reasoning_fold.py" line="21"/>
        <source>模型在回答之前的推理（思维链），与回答分开保存，不算进回答。导出时默认不写入；要用它训练推理模型，在导出页选择“推理过程”的写法。</source>
        <translation>The model&apos;s reasoning before it answered (its chain of thought), kept apart from the answer and not part of it. Exports leave it out by default; to train a reasoning model with it, choose how it is written under “Reasoning” on the Export page.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/reasoning_fold.py" line="25"/>
        <source>推理过程（清空后保存即删除）</source>
        <translation>Reasoning (empty it and save to delete it)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/reasoning_fold.py" line="48"/>
        <source>推理过程（{0} 字）</source>
        <translation>Reasoning ({0} characters)</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../ui/pages/review.py" line="49"/>
        <source>全部类型</source>
        <translation>All kinds</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="50"/>
        <source>问答</source>
        <translation>QA</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="50"/>
        <source>对话</source>
        <translation>Dialogue</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="51"/>
        <source>预训练</source>
        <translation>Pre-training</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="55"/>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="56"/>
        <source>待审</source>
        <translation>Pending</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="56"/>
        <source>已接受</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="57"/>
        <source>已拒绝</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="60"/>
        <source>全部评分</source>
        <translation>All scores</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="60"/>
        <source>未评分</source>
        <translation>Not scored</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="61"/>
        <source>已评分</source>
        <translation>Scored</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="61"/>
        <source>低于 3 分</source>
        <translation>Below 3</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="62"/>
        <source>3 分及以上</source>
        <translation>3 and above</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="63"/>
        <source>{0} 分</source>
        <translation>Score {0}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="66"/>
        <source>搜索文本…</source>
        <translation>Search text…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="74"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="76"/>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="78"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="80"/>
        <source>AI 评分</source>
        <translation>AI score</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="104"/>
        <source>接受 (A)</source>
        <translation>Accept (A)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="105"/>
        <source>拒绝 (R)</source>
        <translation>Reject (R)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="106"/>
        <source>改回待审 (P)</source>
        <translation>Back to pending (P)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="107"/>
        <source>删除 (Del)</source>
        <translation>Delete (Del)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="110"/>
        <source>搜索 (Ctrl+F)</source>
        <translation>Search (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="112"/>
        <source>编辑当前样本 (F2)</source>
        <translation>Edit the current sample (F2)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="126"/>
        <source>批量操作</source>
        <translation>Bulk actions</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="129"/>
        <source>接受当前筛选出的全部样本</source>
        <translation>Accept every sample the filter shows</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="130"/>
        <source>拒绝当前筛选出的全部样本</source>
        <translation>Reject every sample the filter shows</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="132"/>
        <source>去除完全重复的样本</source>
        <translation>Reject exact duplicates</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="133"/>
        <source>质量筛查（规则、近似重复）…</source>
        <translation>Quality check (rules, near-duplicates)…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="136"/>
        <source>质量报告</source>
        <translation>Quality report</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="137"/>
        <source>每个来源、每个流程产出多少、失败多少、每一关拒绝多少、保留和导出多少</source>
        <translation>What each source and flow made, what failed, what each gate rejected, what was kept and exported</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="147"/>
        <source>详情</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="148"/>
        <source>统计</source>
        <translation>Stats</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="203"/>
        <source>全部来源</source>
        <translation>All sources</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="227"/>
        <source>显示 {0} / 共 {1} 条</source>
        <translation>Showing {0} of {1}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="264"/>
        <source>审阅时拒绝</source>
        <translation>rejected in review</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="279"/>
        <source>接受</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="279"/>
        <source>拒绝</source>
        <translation>Reject</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="281"/>
        <source>{0}当前筛选出的 {1} 条样本？</source>
        <translation>{0} the {1} samples the filter shows?</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="284"/>
        <source>审阅时批量拒绝</source>
        <translation>rejected in bulk in review</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="293"/>
        <source>删除样本</source>
        <translation>Delete samples</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="293"/>
        <source>永久删除选中的 {0} 条样本？此操作不能撤销。</source>
        <translation>Delete the {0} selected samples for good? This cannot be undone.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="329"/>
        <source>去除重复</source>
        <translation>Duplicates</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="330"/>
        <source>{0} 条完全重复的样本已标为“已拒绝”（原因写明保留的那一条）。</source>
        <translation>{0} exact duplicates were marked rejected (the reason names the copy that stays).</translation>
    </message>
</context>
<context>
    <name>SampleEditor</name>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="67"/>
        <location filename="../../ui/widgets/sample_editor.py" line="148"/>
        <source>在左侧表格中选择一条样本</source>
        <translation>Select a sample in the table</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="70"/>
        <source>系统提示词（可选）</source>
        <translation>System prompt (optional)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="81"/>
        <source>拒绝原因</source>
        <translation>Reason for rejecting</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="85"/>
        <source>生成方式与依据</source>
        <translation>How it was made, and its evidence</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="86"/>
        <source>+ 用户轮</source>
        <translation>+ User turn</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="88"/>
        <source>+ 助手轮</source>
        <translation>+ Assistant turn</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="90"/>
        <source>保存修改 (Ctrl+S)</source>
        <translation>Save changes (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="93"/>
        <source>撤销修改</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="103"/>
        <source>系统提示词</source>
        <translation>System prompt</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="105"/>
        <source>对话</source>
        <translation>Dialogue</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="154"/>
        <source>样本 #{0} · {1} 轮 · {2} 字</source>
        <translation>Sample #{0} · {1} turns · {2} characters</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="168"/>
        <source>依据 {0}：{1}</source>
        <translation>Evidence {0}: {1}</translation>
    </message>
</context>
<context>
    <name>SamplesTableModel</name>
    <message>
        <location filename="../../ui/models/samples_table.py" line="48"/>
        <source>编号</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../../ui/models/samples_table.py" line="48"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../ui/models/samples_table.py" line="48"/>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/models/samples_table.py" line="49"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/models/samples_table.py" line="49"/>
        <source>问题 / 开头</source>
        <translation>Question / start</translation>
    </message>
    <message>
        <location filename="../../ui/models/samples_table.py" line="50"/>
        <source>回答</source>
        <translation>Answer</translation>
    </message>
    <message>
        <location filename="../../ui/models/samples_table.py" line="50"/>
        <source>轮数</source>
        <translation>Turns</translation>
    </message>
    <message>
        <location filename="../../ui/models/samples_table.py" line="50"/>
        <source>字数</source>
        <translation>Characters</translation>
    </message>
    <message>
        <location filename="../../ui/models/samples_table.py" line="51"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/models/samples_table.py" line="51"/>
        <source>评分</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../../ui/models/samples_table.py" line="52"/>
        <source>待审</source>
        <translation>Pending</translation>
    </message>
    <message>
        <location filename="../../ui/models/samples_table.py" line="52"/>
        <source>已接受</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../ui/models/samples_table.py" line="52"/>
        <source>已拒绝</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../ui/models/samples_table.py" line="53"/>
        <source>问答</source>
        <translation>QA</translation>
    </message>
    <message>
        <location filename="../../ui/models/samples_table.py" line="53"/>
        <source>对话</source>
        <translation>Dialogue</translation>
    </message>
    <message>
        <location filename="../../ui/models/samples_table.py" line="53"/>
        <source>预训练</source>
        <translation>Pre-training</translation>
    </message>
</context>
<context>
    <name>SchemaDialog</name>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="57"/>
        <source>抽取字段</source>
        <translation>Extraction fields</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="61"/>
        <source>每行是要从聊天里找出的一项信息。类型：文本＝一句话；列表＝可以有好几项；单选＝只能从可选值里挑一个；多选＝从可选值里挑几个。评分方式和权重只在和人工标注对比打分时用到。</source>
        <translation>Each row is one piece of information to find in a chat. Kind: text = one phrase; list = several items; one of = exactly one of the allowed values; some of = several of the allowed values. Scoring and weight matter only when answers are scored against human labels.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="67"/>
        <source>字段名</source>
        <translation>Field name</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="67"/>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="67"/>
        <source>可选值</source>
        <translation>Allowed values</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="68"/>
        <source>说明（写给模型看）</source>
        <translation>Description (for the model)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="68"/>
        <source>评分方式</source>
        <translation>Scoring</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="68"/>
        <source>权重</source>
        <translation>Weight</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="69"/>
        <source>模型回答里用的键名，例如“客户姓名”。每个字段的名字不能重复。</source>
        <translation>The key the model answers with, e.g. “customer name”. Every field needs its own name.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="70"/>
        <source>这一项是一句话、好几项，还是只能从可选值里挑。</source>
        <translation>Whether this is one phrase, several items, or a choice among allowed values.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="71"/>
        <source>单选、多选才需要：用顿号、逗号或 | 隔开，例如：有意向、无意向。</source>
        <translation>Only for “one of” and “some of”: separate them with commas or |, e.g. interested, not interested.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="72"/>
        <source>告诉模型这一项指什么，例如：客户所在的省市。</source>
        <translation>Tells the model what this field means, e.g. the customer&apos;s province and city.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="73"/>
        <source>和人工标注对比时怎样算对：完全一致、按项算重合，或按文字相似程度给分。</source>
        <translation>How an answer is judged against the labels: exactly equal, overlap of items, or similarity of the text.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="74"/>
        <source>这一项在总分里占多少分量；0 表示不计分。</source>
        <translation>How much this field counts in the total score; 0 leaves it out.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="84"/>
        <source>一段聊天里可能有好几位客户（每人抽出一条记录）</source>
        <translation>A chat may involve several customers (one record each)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="85"/>
        <source>勾上：模型回答一组记录，没找到客户就回答空的一组；不勾：每段聊天只回答一条记录。</source>
        <translation>Ticked: the model answers with a list of records, an empty list when it finds no customer; unticked: one record per chat.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="86"/>
        <source>添加字段</source>
        <translation>Add field</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="88"/>
        <source>删除所选</source>
        <translation>Remove selected</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="90"/>
        <source>上移</source>
        <translation>Move up</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="92"/>
        <source>下移</source>
        <translation>Move down</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="108"/>
        <source>和表格是同一份字段：name 字段名；type 为 string（一句话）或 list（好几项）；values 可选值；description 说明；score 评分方式 exact / set / similarity；weight 权重。</source>
        <translation>The same fields as the table: name; type is string (one phrase) or list (several items); values are the allowed values; description; score is exact / set / similarity; weight.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="113"/>
        <source>专家：编辑 JSON</source>
        <translation>Expert: edit JSON</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="115"/>
        <source>直接改字段的 JSON 原文；再点一次回到表格，改动会带过去。</source>
        <translation>Edit the fields&apos; JSON text directly; click again to go back to the table with your changes.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="120"/>
        <source>检查并保存</source>
        <translation>Check and save</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="122"/>
        <source>恢复内置字段（比赛 21 字段）</source>
        <translation>Restore the built-in fields (the competition’s 21)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="124"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="141"/>
        <source>文本（一句话）</source>
        <translation>Text (one phrase)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="141"/>
        <source>列表（好几项）</source>
        <translation>List (several items)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="142"/>
        <source>单选（从可选值挑一个）</source>
        <translation>One of the allowed values</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="142"/>
        <source>多选（从可选值挑几个）</source>
        <translation>Some of the allowed values</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="145"/>
        <source>完全一致</source>
        <translation>Exact match</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="145"/>
        <source>按项算重合</source>
        <translation>Item overlap</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="145"/>
        <source>文字相似度</source>
        <translation>Text similarity</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="153"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="199"/>
        <source>只有单选、多选需要可选值。</source>
        <translation>Only “one of” and “some of” take allowed values.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="243"/>
        <source>还没有字段：点“添加字段”加一个。</source>
        <translation>There are no fields yet: click “Add field”.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="247"/>
        <source>第 {0} 行没有字段名。</source>
        <translation>Row {0} has no field name.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="249"/>
        <source>第 {0} 行的字段名“{1}”和第 {2} 行重复了。</source>
        <translation>Row {0}: the field name “{1}” is already used in row {2}.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="253"/>
        <source>第 {0} 行“{1}”是单选或多选，请填写可选值（用顿号隔开）。</source>
        <translation>Row {0} (“{1}”) is “one of” or “some of”: fill in its allowed values (separated by commas).</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="255"/>
        <source>第 {0} 行“{1}”的可选值有重复。</source>
        <translation>Row {0} (“{1}”) lists an allowed value twice.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="257"/>
        <source>所有字段的权重都是 0，打分时就没有可算的了：至少给一个字段大于 0 的权重。</source>
        <translation>Every field has weight 0, so nothing would be scored: give at least one field a weight above 0.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="285"/>
        <source>JSON 写法有误：第 {0} 行第 {1} 列</source>
        <translation>The JSON is not well formed: line {0}, column {1}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="290"/>
        <source>：这里用了中文标点“{0}”，JSON 的格式符号要用英文的 {1}。</source>
        <translation>: a Chinese punctuation mark “{0}” is used here; JSON needs the ASCII {1}.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="291"/>
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="295"/>
        <source>少了一个逗号 ,（两项之间要用逗号隔开）。</source>
        <translation>a comma , is missing (items are separated by commas).</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="296"/>
        <source>少了一个冒号 :（键名和值之间要有冒号）。</source>
        <translation>a colon : is missing (between a key and its value).</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="297"/>
        <source>这里应是用英文双引号括起来的键名；也可能是最后一项后面多了逗号。</source>
        <translation>a key in double quotes belongs here; or the last item has a comma after it.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="298"/>
        <source>这里缺一个值；也可能是多了逗号，或者还没写完。</source>
        <translation>a value is missing here; or there is an extra comma, or the text is unfinished.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="299"/>
        <source>引号没有配对，缺了后面的 &quot;。</source>
        <translation>a quotation mark is not closed: the closing &quot; is missing.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="300"/>
        <source>引号里的文字不能直接换行。</source>
        <translation>text in quotation marks cannot break across lines.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="301"/>
        <source>后面多出了内容：整个 JSON 只能有一个最外层的 { } 或 [ ]。</source>
        <translation>there is more after the end: the JSON must be one outer { } or [ ].</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="302"/>
        <source>反斜杠 \ 后面的字符不对。</source>
        <translation>the character after a backslash \ is not allowed.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="303"/>
        <source>格式不对。</source>
        <translation>the format is wrong.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="326"/>
        <source>还不能切换：</source>
        <translation>Cannot switch yet: </translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="337"/>
        <source>未保存：</source>
        <translation>Not saved: </translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="340"/>
        <source>已保存：{0} 个字段。</source>
        <translation>Saved: {0} fields.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/schema_dialog.py" line="346"/>
        <source>已恢复内置字段。</source>
        <translation>The built-in fields are restored.</translation>
    </message>
</context>
<context>
    <name>ScoreTable</name>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="54"/>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="54"/>
        <source>评分方式</source>
        <translation>Scoring</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="54"/>
        <source>权重</source>
        <translation>Weight</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="54"/>
        <source>得分</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="60"/>
        <source>完全一致</source>
        <translation>exact match</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="60"/>
        <source>集合重合</source>
        <translation>set overlap</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="60"/>
        <source>文本相似度</source>
        <translation>text similarity</translation>
    </message>
    <message>
        <location filename="../../ui/pages/chat_predict_tab.py" line="66"/>
        <source>总分（加权）</source>
        <translation>Total (weighted)</translation>
    </message>
</context>
<context>
    <name>ServicePicker</name>
    <message>
        <location filename="../../ui/widgets/service_picker.py" line="27"/>
        <source>在“设置 → 模型服务”里添加的服务，可以为不同用途各存一个（如便宜的云端模型、本机的 Ollama）。</source>
        <translation>The services added in Settings → Model services; keep one per use (for example a cheap cloud model and a local Ollama).</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/service_picker.py" line="31"/>
        <source>更改…</source>
        <translation>Change…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/service_picker.py" line="32"/>
        <source>打开设置，添加或修改模型服务（接口地址、API Key、并发、价格等）</source>
        <translation>Open Settings to add or change model services (URL, API key, concurrency, prices…)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/service_picker.py" line="36"/>
        <source>模型服务</source>
        <translation>Model service</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/service_picker.py" line="107"/>
        <source>还没有模型服务</source>
        <translation>no model service yet</translation>
    </message>
</context>
<context>
    <name>ServicesEditor</name>
    <message>
        <location filename="../../ui/widgets/services_editor.py" line="42"/>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/services_editor.py" line="43"/>
        <source>再存一个服务，比如便宜的云端模型和本机的 Ollama 各一个，在各页面一键切换。</source>
        <translation>Keep another service, for example a cheap cloud model and a local Ollama, and switch between them on each page.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/services_editor.py" line="46"/>
        <source>删除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/services_editor.py" line="50"/>
        <source>起个好认的名字，如“DeepSeek 便宜”“本地 Ollama”</source>
        <translation>A name you will recognise, e.g. “DeepSeek cheap”, “Local Ollama”</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/services_editor.py" line="74"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/services_editor.py" line="178"/>
        <source>每个模型服务都要有名称。</source>
        <translation>Every model service needs a name.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/services_editor.py" line="181"/>
        <source>已经有一个叫“{0}”的服务，请换个名称。</source>
        <translation>There is already a service called “{0}”; choose another name.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/widgets/settings_dialog.py" line="28"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settings_dialog.py" line="32"/>
        <location filename="../../ui/widgets/settings_dialog.py" line="36"/>
        <source>跟随系统</source>
        <translation>Follow the system</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settings_dialog.py" line="37"/>
        <source>浅色</source>
        <translation>Light</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settings_dialog.py" line="38"/>
        <source>深色</source>
        <translation>Dark</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settings_dialog.py" line="39"/>
        <source>启动时打开上次的项目</source>
        <translation>Open the last project at startup</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settings_dialog.py" line="44"/>
        <source>界面语言</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settings_dialog.py" line="46"/>
        <source>外观</source>
        <translation>Appearance</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settings_dialog.py" line="95"/>
        <source>API Key 未保存</source>
        <translation>API key not saved</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settings_dialog.py" line="98"/>
        <source>API Key 已保存</source>
        <translation>API key saved</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settings_dialog.py" line="60"/>
        <source>常规</source>
        <translation>General</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settings_dialog.py" line="53"/>
        <source>可以存几个模型服务，各起一个名字（如“DeepSeek 便宜”“本地 Ollama”）；生成、群聊抽取和评测页面上只需选用哪一个。API Key 按服务保存在系统钥匙串，不写入设置文件、项目文件、导出文件或日志。</source>
        <translation>Keep one or more model services, each under a name (e.g. “DeepSeek cheap”, “Local Ollama”); the Generate, Group chat extraction and testing pages just pick one. Each service&apos;s API key is kept in the system keyring, never in the settings file, project files, exports or logs.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settings_dialog.py" line="61"/>
        <source>模型服务</source>
        <translation>Model service</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/settings_dialog.py" line="82"/>
        <source>重新启动语料匠后生效。</source>
        <translation>Takes effect when Corpusmith is restarted.</translation>
    </message>
</context>
<context>
    <name>StatsView</name>
    <message>
        <location filename="../../ui/widgets/stats_view.py" line="20"/>
        <source>长度分布（字数）</source>
        <translation>Length distribution (characters)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/stats_view.py" line="26"/>
        <source>待审</source>
        <translation>Pending</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/stats_view.py" line="26"/>
        <source>已接受</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/stats_view.py" line="26"/>
        <source>已拒绝</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/stats_view.py" line="27"/>
        <source>问答</source>
        <translation>QA</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/stats_view.py" line="27"/>
        <source>对话</source>
        <translation>Dialogue</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/stats_view.py" line="27"/>
        <source>预训练</source>
        <translation>Pre-training</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/stats_view.py" line="45"/>
        <source>样本总数</source>
        <translation>Samples in total</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/stats_view.py" line="48"/>
        <source>按状态</source>
        <translation>By status</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/stats_view.py" line="49"/>
        <source>按类型</source>
        <translation>By kind</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/stats_view.py" line="50"/>
        <source>按来源</source>
        <translation>By source</translation>
    </message>
</context>
<context>
    <name>StyleDialog</name>
    <message>
        <location filename="../../ui/widgets/style_dialog.py" line="34"/>
        <source>编辑风格</source>
        <translation>Edit style</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/style_dialog.py" line="43"/>
        <source>角色名</source>
        <translation>Character</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/style_dialog.py" line="47"/>
        <source>用这个角色的台词做示例</source>
        <translation>Use this character&apos;s lines as examples</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/style_dialog.py" line="50"/>
        <source>剧本</source>
        <translation>Script</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/style_dialog.py" line="57"/>
        <source>检查并保存到项目</source>
        <translation>Check and save to the project</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/style_dialog.py" line="59"/>
        <source>删除项目里的这个风格</source>
        <translation>Delete this style from the project</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/style_dialog.py" line="61"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/style_dialog.py" line="69"/>
        <source>改名（name）即另存为新风格。</source>
        <translation>Change the name to save it as a new style.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/style_dialog.py" line="80"/>
        <source>不是有效的 JSON：{0}</source>
        <translation>Not valid JSON: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/style_dialog.py" line="82"/>
        <source>风格应是一个 JSON 对象。</source>
        <translation>A style is one JSON object.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/style_dialog.py" line="95"/>
        <source>已换成 {0} 组真实台词。</source>
        <translation>Replaced by {0} real exchanges.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/style_dialog.py" line="102"/>
        <source>未保存：</source>
        <translation>Not saved: </translation>
    </message>
    <message>
        <location filename="../../ui/widgets/style_dialog.py" line="105"/>
        <source>已保存风格“{0}”。</source>
        <translation>Saved the style “{0}”.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/style_dialog.py" line="115"/>
        <source>已从项目删除“{0}”（内置风格仍在）。</source>
        <translation>Deleted “{0}” from the project (a built-in style of that name stays).</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/style_dialog.py" line="117"/>
        <source>项目里没有叫“{0}”的风格。</source>
        <translation>The project has no style called “{0}”.</translation>
    </message>
</context>
<context>
    <name>StylePanel</name>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="175"/>
        <source>风格扩写（逐条校验）</source>
        <translation>Style augmentation (every reply checked)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="179"/>
        <source>自动（目标数 × 3）</source>
        <translation>Automatic (3 × the target)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="181"/>
        <source>用户输入池，每行一条（可留空，由模型生成）</source>
        <translation>User inputs, one per line (may be empty: the model writes them)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="183"/>
        <source>输入不够时让模型生成（去重）</source>
        <translation>Let the model write more inputs when needed (deduplicated)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="186"/>
        <source>向量模型（留空则用字符相似度代替，会标明）</source>
        <translation>Embedding model (empty: character similarity stands in, labelled as such)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="187"/>
        <source>编辑风格…</source>
        <translation>Edit style…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="193"/>
        <source>风格</source>
        <translation>Style</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="194"/>
        <source>目标通过数</source>
        <translation>Accepted samples wanted</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="195"/>
        <source>最多尝试</source>
        <translation>Most attempts</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="196"/>
        <source>输入</source>
        <translation>Inputs</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="198"/>
        <source>向量模型</source>
        <translation>Embedding model</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="224"/>
        <source>温柔</source>
        <translation>Gentle (温柔)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/generate_panels.py" line="224"/>
        <source>毒舌</source>
        <translation>Snarky (毒舌)</translation>
    </message>
</context>
<context>
    <name>TemplateDialog</name>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="36"/>
        <source>提示词模板</source>
        <translation>Prompt templates</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="39"/>
        <source>出题（每个文本段）</source>
        <translation>Questions (per chunk)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="39"/>
        <source>作答（问题 + 检索到的原文）</source>
        <translation>Answers (question + retrieved text)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="40"/>
        <source>聊天摘要</source>
        <translation>Chat summary</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="40"/>
        <source>聊天信息抽取</source>
        <translation>Chat extraction</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="41"/>
        <source>按方面出题（主题 + 方面）</source>
        <translation>Questions by aspect (topic + aspect)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="42"/>
        <source>小说段落摘要（写作指令）</source>
        <translation>Novel passage summary (writing instruction)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="43"/>
        <source>生成用户输入（风格扩写）</source>
        <translation>User inputs (style augmentation)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="44"/>
        <source>对白提取（标注说话人）</source>
        <translation>Dialogue extraction (speakers marked)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="45"/>
        <source>AI 评分：问答</source>
        <translation>AI score: question-answer pairs</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="45"/>
        <source>AI 评分：多轮对话</source>
        <translation>AI score: dialogues</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="46"/>
        <source>AI 评分：信息抽取</source>
        <translation>AI score: extraction</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="59"/>
        <source>系统提示词告诉模型它是谁、要守什么规矩；用户提示词是每次交给模型的具体任务。{{…}} 是占位符，发送前换成实际内容，用“插入占位符…”从列表里选。</source>
        <translation>The system prompt tells the model who it is and what rules to keep; the user prompt is the task it gets each time. {{…}} is a placeholder, replaced by the real content before sending; pick one from “Insert placeholder…”.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="66"/>
        <source>保存到项目</source>
        <translation>Save to project</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="68"/>
        <source>恢复内置模板</source>
        <translation>Restore built-in template</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="70"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="74"/>
        <source>系统提示词</source>
        <translation>System prompt</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="75"/>
        <source>模型的身份和规矩，每次都先发给模型（预览里标作【系统】）。</source>
        <translation>The model&apos;s role and rules, sent first every time (marked [System] in the preview).</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="76"/>
        <source>用户提示词</source>
        <translation>User prompt</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="77"/>
        <source>每次交给模型的具体任务，占位符在这里换成原文、问题等（预览里标作【用户】）。</source>
        <translation>The task given to the model each time; placeholders here are replaced by the source text, the question and so on (marked [User] in the preview).</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="91"/>
        <source>预览（第一个文本段）</source>
        <translation>Preview (first chunk)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="105"/>
        <source>（项目里还没有文本段）</source>
        <translation>(the project has no chunks yet)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="120"/>
        <source>这个模板要用到：</source>
        <translation>This template uses: </translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="121"/>
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="130"/>
        <source>✔ 变量检查通过</source>
        <translation>✔ Variables check out</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="132"/>
        <source>（示例问题）</source>
        <translation>(example question)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="133"/>
        <source>林晓2：您好，我是顾问林晓
赵磊5：沙发报价发我一下</source>
        <translation>Lin Xiao 2: Hello, I am Lin Xiao, your consultant
Zhao Lei 5: Please send me the sofa quote</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="134"/>
        <source>- 基本信息-姓名
- 意向产品</source>
        <translation>- 基本信息-姓名
- 意向产品</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="136"/>
        <source>（示例主题）</source>
        <translation>(example topic)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="136"/>
        <source>（示例方面）</source>
        <translation>(example aspect)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="137"/>
        <source>（上一段的摘要）</source>
        <translation>(the previous passage&apos;s summary)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="137"/>
        <source>情节概要（发生了什么事、谁做了什么）</source>
        <translation>plot summary (what happens, who does what)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="138"/>
        <source>（示例话题）</source>
        <translation>(example topics)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="140"/>
        <source>（示例回答）</source>
        <translation>(an example answer)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="141"/>
        <source>用户：你好
助手：你好，有什么可以帮你？</source>
        <translation>User: Hello
Assistant: Hello, how can I help?</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="142"/>
        <source>（示例材料和抽取要求）</source>
        <translation>(example material and what to extract)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="142"/>
        <source>（示例抽取结果）</source>
        <translation>(an example extraction result)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="144"/>
        <source>【系统】</source>
        <translation>[System]</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="144"/>
        <source>【用户】</source>
        <translation>[User]</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/template_dialog.py" line="154"/>
        <source>✔ 已保存到项目（只影响这个项目）</source>
        <translation>✔ Saved to the project (affects this project only)</translation>
    </message>
</context>
<context>
    <name>TrainingBox</name>
    <message>
        <location filename="../../ui/pages/export_training.py" line="47"/>
        <source>训练配置</source>
        <translation>Training config</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_training.py" line="49"/>
        <source>导出时同时写训练配置、运行脚本和说明</source>
        <translation>With the export, also write a training config, a run script and a README</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_training.py" line="51"/>
        <source>LLaMA-Factory（YAML）</source>
        <translation>LLaMA-Factory (YAML)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_training.py" line="52"/>
        <source>XTuner（Python 配置）</source>
        <translation>XTuner (Python config)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_training.py" line="59"/>
        <source>LoRA（默认）</source>
        <translation>LoRA (default)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_training.py" line="60"/>
        <source>QLoRA（4 位量化，更省显存）</source>
        <translation>QLoRA (4-bit, less GPU memory)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_training.py" line="61"/>
        <location filename="../../ui/pages/export_training.py" line="132"/>
        <source>全参数微调</source>
        <translation>Full fine-tuning</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_training.py" line="66"/>
        <source>导出后，这里显示运行训练的命令。</source>
        <translation>After the export, the command that runs the training shows here.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_training.py" line="67"/>
        <source>复制命令</source>
        <translation>Copy command</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_training.py" line="73"/>
        <source>在线微调…</source>
        <translation>Fine-tune at a provider…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_training.py" line="74"/>
        <source>把 OpenAI messages 格式（JSON Lines）的导出上传到服务方，创建微调任务并查看进度。</source>
        <translation>Upload the OpenAI messages export (JSON Lines) to a provider, create a fine-tuning job and follow it.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_training.py" line="81"/>
        <source>训练框架</source>
        <translation>Trainer</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_training.py" line="82"/>
        <source>基础模型</source>
        <translation>Base model</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_training.py" line="83"/>
        <source>方式</source>
        <translation>Method</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_training.py" line="85"/>
        <source>命令</source>
        <translation>Command</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_training.py" line="117"/>
        <source>{0}，对话模板 {1}，约 {2}B 参数</source>
        <translation>{0}, chat template {1}, about {2}B parameters</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_training.py" line="120"/>
        <source>导出时不写训练配置。</source>
        <translation>The export writes no training config.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_training.py" line="128"/>
        <source>模板 {0}；导出后写在数据旁边。</source>
        <translation>Template {0}; written beside the data after the export.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export_training.py" line="130"/>
        <source>导出时同时写 {0} 训练配置：{1}，{2}。</source>
        <translation>The export also writes a {0} training config: {1}, {2}.</translation>
    </message>
</context>
<context>
    <name>TurnEditor</name>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="33"/>
        <source>用户</source>
        <translation>User</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="34"/>
        <source>助手</source>
        <translation>Assistant</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="37"/>
        <source>说话人（可选）</source>
        <translation>Speaker (optional)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="40"/>
        <source>删除此轮</source>
        <translation>Delete turn</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../ui/pages/welcome.py" line="37"/>
        <source>语料匠 Corpusmith</source>
        <translation>Corpusmith</translation>
    </message>
    <message>
        <location filename="../../ui/pages/welcome.py" line="48"/>
        <source>把评论区、文档和聊天记录变成大模型微调数据集。
一个项目就是一个 .corpus 文件：导入的材料、生成的样本和任务进度都保存在里面，随时关闭，下次接着做。</source>
        <translation>Turn comment sections, documents and chat logs into fine-tuning datasets for LLMs.
A project is one .corpus file: imported material, generated samples and job progress are all saved in it — close it any time and carry on later.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/welcome.py" line="53"/>
        <source>新建项目…</source>
        <translation>New project…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/welcome.py" line="55"/>
        <source>打开项目…</source>
        <translation>Open project…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/welcome.py" line="57"/>
        <source>打开示例项目</source>
        <translation>Open the demo project</translation>
    </message>
    <message>
        <location filename="../../ui/pages/welcome.py" line="60"/>
        <source>一个小剧本、一段评论区和一份群聊记录，已经导入并生成了样本：不需要 API Key，就能看看审阅和导出怎么用。</source>
        <translation>A short script, a comment section and a group chat, already imported and turned into samples: see how Review and Export work without an API key.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/welcome.py" line="67"/>
        <source>第一次使用？先打开示例项目看看：不需要 API Key。</source>
        <translation>First time here? Open the demo project to look around: no API key needed.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/welcome.py" line="70"/>
        <source>最近的项目（双击打开）</source>
        <translation>Recent projects (double-click to open)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/welcome.py" line="91"/>
        <source>三步开始</source>
        <translation>Three steps to start</translation>
    </message>
    <message>
        <location filename="../../ui/pages/welcome.py" line="97"/>
        <source>B站视频 → 网址抓取</source>
        <translation>Bilibili videos → URL crawl</translation>
    </message>
    <message>
        <location filename="../../ui/pages/welcome.py" line="98"/>
        <source>贴上视频链接，抓取评论区，再整理成多轮对话。</source>
        <translation>Paste video links, fetch the comment sections, then turn them into multi-turn dialogues.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/welcome.py" line="99"/>
        <source>文档、剧本、小说 → 文档</source>
        <translation>Documents, scripts, novels → Documents</translation>
    </message>
    <message>
        <location filename="../../ui/pages/welcome.py" line="100"/>
        <source>DOCX、PDF、TXT、Markdown、EPUB 文件；剧本可以按角色生成问答和对话。</source>
        <translation>DOCX, PDF, TXT, Markdown or EPUB files; a script can become QA pairs and dialogues per character.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/welcome.py" line="101"/>
        <source>群聊记录 → 群聊</source>
        <translation>Group chat logs → Group chat</translation>
    </message>
    <message>
        <location filename="../../ui/pages/welcome.py" line="102"/>
        <source>微信、QQ、Telegram 等聊天导出文件：抽取结构化信息，或整理成对话。</source>
        <translation>Chat exports from WeChat, QQ, Telegram and others: extract structured information, or turn them into dialogues.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/welcome.py" line="105"/>
        <source>（还没有项目时，先新建一个。）</source>
        <translation> (With no project open, you make a new one first.)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/welcome.py" line="111"/>
        <source>① 带来材料</source>
        <translation>① Bring your material</translation>
    </message>
    <message>
        <location filename="../../ui/pages/welcome.py" line="112"/>
        <source>② 生成</source>
        <translation>② Generate</translation>
    </message>
    <message>
        <location filename="../../ui/pages/welcome.py" line="113"/>
        <source>③ 审阅并导出</source>
        <translation>③ Review and export</translation>
    </message>
    <message>
        <location filename="../../ui/pages/welcome.py" line="117"/>
        <source>在「生成」页选生成方式，让大模型从文档写出问答、对话或写作指令；评论区、剧本和群聊也能不用大模型直接整理成对话。需要大模型时，先在「设置」里填好模型服务。</source>
        <translation>On the Generate tab, choose a flow and let a model write QA pairs, dialogues or writing instructions from your documents; comment sections, scripts and chats also become dialogues without a model. To use a model, set up the model service in Settings first.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/welcome.py" line="119"/>
        <source>在「审阅」页逐条接受、修改或拒绝样本（可用「质量筛查」批量检查），再到「导出」页选训练框架需要的格式，写出数据文件。</source>
        <translation>On the Review tab, accept, edit or reject each sample (Quality check finds the weak ones in bulk); then on the Export tab choose the format your trainer reads and write the data file.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/welcome.py" line="131"/>
        <source>阅读使用指南</source>
        <translation>Read the user guide</translation>
    </message>
</context>
</TS>
