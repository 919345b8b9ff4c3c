<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>App</name>
    <message>
        <location filename="../../ui/app.py" line="51"/>
        <source>出现了一个意外错误，已记录到日志：
{0}

你的项目数据已经保存，可以继续操作。</source>
        <translation>An unexpected error occurred and was written to the log:
{0}

Your project data is saved; you can carry on.</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="55"/>
        <source>出错了</source>
        <translation>Something went wrong</translation>
    </message>
</context>
<context>
    <name>ExportPage</name>
    <message>
        <location filename="../../ui/pages/export.py" line="36"/>
        <source>Alpaca（LLaMA-Factory 默认）</source>
        <translation>Alpaca (LLaMA-Factory default)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="37"/>
        <source>ShareGPT（多轮对话）</source>
        <translation>ShareGPT (multi-turn)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="38"/>
        <source>OpenAI messages（在线微调平台）</source>
        <translation>OpenAI messages (online fine-tuning platforms)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="39"/>
        <source>XTuner</source>
        <translation>XTuner</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="40"/>
        <source>Aquila / 带说话人</source>
        <translation>Aquila / named speakers</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="41"/>
        <source>CSV（input, target）</source>
        <translation>CSV (input, target)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="45"/>
        <source>JSON Lines（每行一条）</source>
        <translation>JSON Lines (one sample per line)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="46"/>
        <source>仅已接受的样本</source>
        <translation>Accepted samples only</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="48"/>
        <source>所有未拒绝的样本（含待审）</source>
        <translation>All samples not rejected (incl. pending)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="54"/>
        <source>全部（问答与对话）</source>
        <translation>All (QA and dialogues)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="55"/>
        <source>仅问答</source>
        <translation>QA only</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="56"/>
        <source>仅对话</source>
        <translation>Dialogues only</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="57"/>
        <source>仅预训练文本</source>
        <translation>Pre-training text only</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="62"/>
        <source>不划分</source>
        <translation>No split</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="66"/>
        <source>同时写入 LLaMA-Factory 的 dataset_info.json</source>
        <translation>Also write LLaMA-Factory&apos;s dataset_info.json</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="69"/>
        <source>选择输出文件…</source>
        <translation>Choose the output file…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="70"/>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="76"/>
        <source>格式</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="78"/>
        <source>范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="79"/>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="80"/>
        <source>测试集比例</source>
        <translation>Test share</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="81"/>
        <source>随机种子</source>
        <translation>Random seed</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="83"/>
        <source>输出文件</source>
        <translation>Output file</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="84"/>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="90"/>
        <source>导出结果会显示在这里：写了哪些文件、多少条、哪些样本被修复或跳过及原因。</source>
        <translation>The result appears here: which files were written, how many samples, and which samples were repaired or skipped and why.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="97"/>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="124"/>
        <source>导出到</source>
        <translation>Export to</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="124"/>
        <source>数据文件 (*.json *.jsonl *.csv)</source>
        <translation>Data files (*.json *.jsonl *.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="150"/>
        <source>请先选择输出文件。</source>
        <translation>Choose an output file first.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="165"/>
        <source>导出失败，没有写入任何文件：</source>
        <translation>Export failed; no file was written:</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="171"/>
        <source>跳过 #{0}：{1}</source>
        <translation>skipped #{0}: {1}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/export.py" line="172"/>
        <source>修复 #{0}：{1}</source>
        <translation>repaired #{0}: {1}</translation>
    </message>
</context>
<context>
    <name>HistogramWidget</name>
    <message>
        <location filename="../../ui/widgets/histogram.py" line="13"/>
        <source>字数</source>
        <translation>Characters</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/histogram.py" line="14"/>
        <source>样本数</source>
        <translation>Samples</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/histogram.py" line="38"/>
        <source>还没有样本</source>
        <translation>No samples yet</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="31"/>
        <source>审阅</source>
        <translation>Review</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="32"/>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="41"/>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="42"/>
        <source>新建项目…</source>
        <translation>New project…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="44"/>
        <source>打开项目…</source>
        <translation>Open project…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="46"/>
        <source>最近的项目</source>
        <translation>Recent projects</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="47"/>
        <source>关闭项目</source>
        <translation>Close project</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="48"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="55"/>
        <source>语言(&amp;L)</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="71"/>
        <source>界面语言将在重新启动后切换。</source>
        <translation>The interface language changes after a restart.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="82"/>
        <source>新建项目</source>
        <translation>New project</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="83"/>
        <source>语料匠项目 (*{0})</source>
        <translation>Corpusmith projects (*{0})</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="92"/>
        <source>打开项目</source>
        <translation>Open project</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="93"/>
        <source>语料匠项目 (*{0});;所有文件 (*)</source>
        <translation>Corpusmith projects (*{0});;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="102"/>
        <source>无法打开项目</source>
        <translation>Cannot open the project</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="128"/>
        <source>语料匠 Corpusmith</source>
        <translation>Corpusmith</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../ui/pages/review.py" line="44"/>
        <source>全部类型</source>
        <translation>All kinds</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="45"/>
        <source>问答</source>
        <translation>QA</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="45"/>
        <source>对话</source>
        <translation>Dialogue</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="46"/>
        <source>预训练</source>
        <translation>Pre-training</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="49"/>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="50"/>
        <source>待审</source>
        <translation>Pending</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="50"/>
        <source>已接受</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="51"/>
        <source>已拒绝</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="54"/>
        <source>搜索文本…</source>
        <translation>Search text…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="65"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="67"/>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="69"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="91"/>
        <source>接受 (A)</source>
        <translation>Accept (A)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="92"/>
        <source>拒绝 (R)</source>
        <translation>Reject (R)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="93"/>
        <source>改回待审 (P)</source>
        <translation>Back to pending (P)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="94"/>
        <source>删除 (Del)</source>
        <translation>Delete (Del)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="102"/>
        <source>批量操作</source>
        <translation>Bulk actions</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="105"/>
        <source>接受当前筛选出的全部样本</source>
        <translation>Accept every sample the filter shows</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="106"/>
        <source>拒绝当前筛选出的全部样本</source>
        <translation>Reject every sample the filter shows</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="108"/>
        <source>去除完全重复的样本</source>
        <translation>Reject exact duplicates</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="118"/>
        <source>详情</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="119"/>
        <source>统计</source>
        <translation>Stats</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="161"/>
        <source>全部来源</source>
        <translation>All sources</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="183"/>
        <source>显示 {0} / 共 {1} 条</source>
        <translation>Showing {0} of {1}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="202"/>
        <source>审阅时拒绝</source>
        <translation>rejected in review</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="217"/>
        <source>接受</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="217"/>
        <source>拒绝</source>
        <translation>Reject</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="219"/>
        <source>{0}当前筛选出的 {1} 条样本？</source>
        <translation>{0} the {1} samples the filter shows?</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="222"/>
        <source>审阅时批量拒绝</source>
        <translation>rejected in bulk in review</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="231"/>
        <source>删除样本</source>
        <translation>Delete samples</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="231"/>
        <source>永久删除选中的 {0} 条样本？此操作不能撤销。</source>
        <translation>Delete the {0} selected samples for good? This cannot be undone.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="245"/>
        <source>去除重复</source>
        <translation>Duplicates</translation>
    </message>
    <message>
        <location filename="../../ui/pages/review.py" line="246"/>
        <source>{0} 条完全重复的样本已标为“已拒绝”（原因写明保留的那一条）。</source>
        <translation>{0} exact duplicates were marked rejected (the reason names the copy that stays).</translation>
    </message>
</context>
<context>
    <name>SampleEditor</name>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="63"/>
        <location filename="../../ui/widgets/sample_editor.py" line="131"/>
        <source>在左侧表格中选择一条样本</source>
        <translation>Select a sample in the table</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="66"/>
        <source>系统提示词（可选）</source>
        <translation>System prompt (optional)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="76"/>
        <source>拒绝原因</source>
        <translation>Reason for rejecting</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="77"/>
        <source>+ 用户轮</source>
        <translation>+ User turn</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="79"/>
        <source>+ 助手轮</source>
        <translation>+ Assistant turn</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="81"/>
        <source>保存修改 (Ctrl+S)</source>
        <translation>Save changes (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="84"/>
        <source>撤销修改</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="94"/>
        <source>系统提示词</source>
        <translation>System prompt</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="96"/>
        <source>对话</source>
        <translation>Dialogue</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="135"/>
        <source>样本 #{0} · {1} 轮 · {2} 字</source>
        <translation>Sample #{0} · {1} turns · {2} characters</translation>
    </message>
</context>
<context>
    <name>SamplesTableModel</name>
    <message>
        <location filename="../../ui/models/samples_table.py" line="45"/>
        <source>编号</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../../ui/models/samples_table.py" line="45"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../ui/models/samples_table.py" line="45"/>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/models/samples_table.py" line="46"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/models/samples_table.py" line="46"/>
        <source>问题 / 开头</source>
        <translation>Question / start</translation>
    </message>
    <message>
        <location filename="../../ui/models/samples_table.py" line="47"/>
        <source>回答</source>
        <translation>Answer</translation>
    </message>
    <message>
        <location filename="../../ui/models/samples_table.py" line="47"/>
        <source>轮数</source>
        <translation>Turns</translation>
    </message>
    <message>
        <location filename="../../ui/models/samples_table.py" line="47"/>
        <source>字数</source>
        <translation>Characters</translation>
    </message>
    <message>
        <location filename="../../ui/models/samples_table.py" line="48"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/models/samples_table.py" line="49"/>
        <source>待审</source>
        <translation>Pending</translation>
    </message>
    <message>
        <location filename="../../ui/models/samples_table.py" line="49"/>
        <source>已接受</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../ui/models/samples_table.py" line="49"/>
        <source>已拒绝</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../ui/models/samples_table.py" line="50"/>
        <source>问答</source>
        <translation>QA</translation>
    </message>
    <message>
        <location filename="../../ui/models/samples_table.py" line="50"/>
        <source>对话</source>
        <translation>Dialogue</translation>
    </message>
    <message>
        <location filename="../../ui/models/samples_table.py" line="50"/>
        <source>预训练</source>
        <translation>Pre-training</translation>
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
    <name>TurnEditor</name>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="29"/>
        <source>用户</source>
        <translation>User</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="30"/>
        <source>助手</source>
        <translation>Assistant</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="33"/>
        <source>说话人（可选）</source>
        <translation>Speaker (optional)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/sample_editor.py" line="36"/>
        <source>删除此轮</source>
        <translation>Delete turn</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../ui/pages/welcome.py" line="17"/>
        <source>语料匠 Corpusmith</source>
        <translation>Corpusmith</translation>
    </message>
    <message>
        <location filename="../../ui/pages/welcome.py" line="23"/>
        <source>把评论区、文档和聊天记录变成大模型微调数据集。
一个项目就是一个 .corpus 文件：导入的材料、生成的样本和任务进度都保存在里面，随时关闭，下次接着做。</source>
        <translation>Turn comment sections, documents and chat logs into fine-tuning datasets for LLMs.
A project is one .corpus file: imported material, generated samples and job progress are all saved in it — close it any time and carry on later.</translation>
    </message>
    <message>
        <location filename="../../ui/pages/welcome.py" line="28"/>
        <source>新建项目…</source>
        <translation>New project…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/welcome.py" line="30"/>
        <source>打开项目…</source>
        <translation>Open project…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/welcome.py" line="45"/>
        <source>最近的项目（双击打开）</source>
        <translation>Recent projects (double-click to open)</translation>
    </message>
</context>
</TS>
