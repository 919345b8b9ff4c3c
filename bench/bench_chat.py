"""Chat import, sessionising and masking at scale, each beside a bare baseline measured in the same run.

    python bench/bench_chat.py [--messages 100000] [--chats 1000] [--lines 100] [--repeat 2]

Writes fictional Chinese chat exports into a temporary folder (a community group-buying chat of
~200 senders, three of them staff who write most; [图片]-only messages, text emoji such as
[玫瑰], @mentions, URLs, phone numbers and other contact details, replies, repeated messages;
times 1–600 s apart, most gaps short) and times:

1. a generic JSON message list: ``import_chat_file`` into a fresh project (target < 3 s), split
   into read + parse (``read_chat_file``), clean (``clean_chats``) and store. Baseline: ``json.load``
   and one ``executemany`` INSERT of (sender, text, time) rows into a bare sqlite3 table, in one
   transaction;
2. the same messages as a Telegram Desktop ``result.json`` and as a QQ message record .txt (GBK):
   ``import_chat_file`` beside json.load / a plain regex header split + ``executemany``;
3. competition JSON (``{"chat_text", "infos"}`` records with WeCom quote blocks, 21-key labels)
   imported with ``make_samples=label_samples(store)``. Baseline: json.load, ``line.partition('：')``
   per line, executemany of the lines and of one row per record with its labels;
4. sessionising the 100k-message chat: ``split_sessions`` + ``session_turns`` for every session,
   and ``chat_dialogues`` end to end from the stored project. Baseline: a plain loop cutting the
   time-sorted messages at pauses (and, end to end, the same from the bare table plus one INSERT
   per session);
5. masking: ``Masker("surrogate").mask_text`` over the 100k texts beside one precompiled
   phone-number regex ``.sub``.

Every figure is the best of ``--repeat`` runs (the machine is small and noisy); "ratio" is ours
divided by the baseline of the same run. Scoring 10k predictions is bench/bench_score.py. Not a test.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from operator import attrgetter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_score import Gen as LabelGen  # noqa: E402

from core.flows.chat_dialogues import chat_dialogues  # noqa: E402
from core.flows.extract import label_samples  # noqa: E402
from core.sources.chats.clean import CleanOptions, clean_chats  # noqa: E402
from core.sources.chats.detect import read_chat_file  # noqa: E402
from core.sources.chats.importer import import_chat_file, store_chats  # noqa: E402
from core.sources.chats.model import ChatMessage  # noqa: E402
from core.sources.chats.sessions import DialogueOptions, SessionOptions, session_turns, split_sessions  # noqa: E402
from core.store import Store  # noqa: E402
from core.text.masking import Masker  # noqa: E402

TARGET_IMPORT = 3.0
START = datetime(2023, 3, 1, 8, 0, 0).timestamp()
GROUP = "星河湾业主团购群"
STAFF = ("团长小美", "客服阿杰", "店长老王")
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦许何吕张孔曹严华金魏陶姜"
GIVEN = "磊晓伟芳娜敏静丽强军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"
PRODUCTS = ("草莓", "车厘子", "牛排", "大米", "鸡蛋", "纸巾", "洗衣液", "牛奶", "面包", "酸奶", "榴莲", "蜂蜜")
PHRASES = (
    "好的", "收到", "谢谢", "请问{p}还有货吗", "{p}多少钱一份", "今天下单明天能到吗", "{p}质量怎么样",
    "有优惠吗", "我要两份{p}", "已付款", "麻烦帮我看一下订单", "明天上午送到小区门口", "团购价比超市便宜",
    "上次买的{p}很好吃", "帮我留一份{p}", "几号楼自提", "晚上八点截单", "{p}到了吗", "我家孩子很喜欢",
    "可以开发票吗", "物流到哪了", "快递放驿站就行", "这个月还团{p}吗", "群里有人拼单吗", "我也要",
    "辛苦团长", "{p}坏了一个能退吗", "下次什么时候开团", "周末在家", "东门还是西门取货",
)
EMOJI = ("[玫瑰]", "[微笑]", "[捂脸]", "[强]", "[OK]", "[耶]", "[抱拳]", "[偷笑]")
MEDIA = ("[图片]", "[图片]", "[图片]", "[语音]", "[视频]", "[动画表情]")


# ---- timing ---------------------------------------------------------------------------------------


def best_of(n: int, fn, setup=None):
    """Best time of ``n`` runs of ``fn(setup())``; garbage from the previous run is collected first
    so that no run pays for another's."""
    best, result = float("inf"), None
    for _ in range(n):
        arg = setup() if setup is not None else None
        gc.collect()
        t0 = time.perf_counter()
        result = fn(arg) if setup is not None else fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def max_rss_mib() -> float | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 1024


def table_header() -> None:
    print(f"   {'':<46}{'seconds':>8}{'baseline':>10}{'ratio':>8}")


def row(label: str, t: float, base: float | None = None, note: str = "") -> None:
    b = f"{base:>10.3f}" if base is not None else f"{'—':>10}"
    r = f"{t / base:>7.1f}x" if base else f"{'':>8}"
    print(f"   {label:<46}{t:>8.3f}{b}{r}  {note}".rstrip())


def target(t: float, limit: float = TARGET_IMPORT) -> str:
    return f"target < {limit:g} s: {'met' if t < limit else 'missed'}"


# ---- fictional chats ------------------------------------------------------------------------------


class Msg:
    """One generated message, before it is written in any layout."""

    __slots__ = ("id", "sender", "qq", "text", "t", "reply", "media")

    def __init__(self, id: int, sender: str, qq: str, text: str, t: int, reply: int | None, media: bool):
        self.id, self.sender, self.qq, self.text, self.t, self.reply, self.media = (
            id, sender, qq, text, t, reply, media)


class ChatGen:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def name(self) -> str:
        rng = self.rng
        return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2)))

    def phone(self) -> str:
        rng = self.rng
        n = f"1{rng.choice('3456789')}{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}"
        r = rng.random()
        if r < 0.2:
            return f"{n[:3]} {n[3:7]} {n[7:]}"
        if r < 0.3:
            return f"{n[:3]}****{n[7:]}"
        return n

    def sentence(self) -> str:
        rng = self.rng
        parts = [rng.choice(PHRASES).format(p=rng.choice(PRODUCTS)) for _ in range(rng.randint(1, 4))]
        return "，".join(parts) + rng.choice("。。！？～")

    def text(self, senders: list[str], wide_space: bool) -> str:
        """A message text with a realistic share of noise and contact details."""
        rng = self.rng
        text = self.sentence()
        if rng.random() < 0.08:
            text += "\n" + self.sentence()  # a second line
        r = rng.random()
        if r < 0.04:
            text = f"我电话{self.phone()}，到了打给我"
        elif r < 0.05:
            text += f" 邮箱user{rng.randint(1, 9999)}@example.com"
        elif r < 0.06:
            text += f" 我QQ是{rng.randint(10000, 999999999)}"
        elif r < 0.07:
            text += f" 加我微信 {rng.choice('abcdefghk')}{rng.randint(10000, 99999)}_{rng.choice('xyz')}"
        elif r < 0.08:
            text += f"，送到{rng.choice(('滨江区', '西湖区', '余杭区'))}星光路{rng.randint(1, 300)}号{rng.randint(1, 30)}幢"
        if rng.random() < 0.06:
            gap = "\u2005" if wide_space else " "
            text = f"@{rng.choice(senders)}{gap}{text}"
        if rng.random() < 0.03:
            text += f" https://shop.example.com/item/{rng.randint(1000, 99999)}?from=group"
        if rng.random() < 0.12:
            text += rng.choice(EMOJI) * rng.randint(1, 3)
        return text

    def group_chat(self, n: int, n_senders: int = 200) -> list[Msg]:
        """One group chat of ``n`` messages: staff write most, a long tail of customers the rest."""
        rng = self.rng
        customers: list[str] = []
        seen = set(STAFF)
        while len(customers) < n_senders - len(STAFF):
            name = self.name()
            if name not in seen:
                seen.add(name)
                customers.append(name)
        senders = [*STAFF, *customers]
        qq = {s: str(rng.randint(10000, 3999999999)) for s in senders}
        weights = [12.0, 9.0, 7.0] + [1 / (k + 1) ** 0.6 for k in range(len(customers))]
        out: list[Msg] = []
        t = 0
        for i in range(n):
            t += 1 + int(599 * rng.random() ** 3)  # 1–600 s; most gaps short, ~20 % over 300 s
            if out and rng.random() < 0.01:  # the same message again (a double send)
                prev = out[-1]
                out.append(Msg(i + 1, prev.sender, prev.qq, prev.text, t, None, prev.media))
                continue
            sender = rng.choices(senders, weights)[0]
            reply = rng.randint(max(1, i - 20), i) if i and rng.random() < 0.08 else None
            if rng.random() < 0.04:
                out.append(Msg(i + 1, sender, qq[sender], rng.choice(MEDIA), t, None, True))
            else:
                out.append(Msg(i + 1, sender, qq[sender], self.text(senders, wide_space=True), t, reply, False))
        return out


def iso(t: int) -> str:
    return datetime.fromtimestamp(START + t).strftime("%Y-%m-%d %H:%M:%S")


def write_generic(path: Path, msgs: list[Msg]) -> None:
    records = []
    for m in msgs:
        r = {"id": m.id, "sender": m.sender, "content": m.text, "time": iso(m.t)}
        if m.reply is not None:
            r["reply_to"] = m.reply
        records.append(r)
    path.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")


_URL_IN_TEXT = re.compile(r"https://\S+")


def write_telegram(path: Path, msgs: list[Msg], rng: random.Random) -> None:
    out = []
    for m in msgs:
        date = {"date": iso(m.t).replace(" ", "T"), "date_unixtime": str(int(START + m.t))}
        if rng.random() < 0.005:  # someone joined
            out.append({"id": m.id, "type": "service", **date, "actor": m.sender, "actor_id": f"user{m.qq}",
                        "action": "invite_members", "members": ["新人"], "text": "", "text_entities": []})
            continue
        d = {"id": m.id, "type": "message", **date, "from": m.sender, "from_id": f"user{m.qq}"}
        if m.reply is not None:
            d["reply_to_message_id"] = m.reply
        if m.media:
            d.update({"photo": f"photos/photo_{m.id}@01-03-2023.jpg", "width": 1280, "height": 960,
                      "text": "", "text_entities": []})
        else:
            url = _URL_IN_TEXT.search(m.text)
            if url is None:
                d["text"] = m.text
                entities = [{"type": "plain", "text": m.text}]
            else:
                entities = [{"type": "plain", "text": m.text[:url.start()]},
                            {"type": "link", "text": url.group()},
                            {"type": "plain", "text": m.text[url.end():]}]
                d["text"] = [entities[0]["text"], entities[1], entities[2]["text"]]
            d["text_entities"] = entities
        out.append(d)
    data = {"name": GROUP, "type": "private_supergroup", "id": 1987654321, "messages": out}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def write_qq(path: Path, msgs: list[Msg]) -> None:
    bar = "=" * 64
    lines = ["消息记录（此消息记录为文本格式，不支持重新导入）", "", bar, "消息分组:我的群聊", bar,
             f"消息对象:{GROUP}", bar, ""]
    for m in msgs:
        dt = datetime.fromtimestamp(START + m.t)
        who = f"【管理员】{m.sender}" if m.sender in STAFF else m.sender
        lines += [f"{dt.year}-{dt.month:02d}-{dt.day:02d} {dt.hour}:{dt.minute:02d}:{dt.second:02d} {who}({m.qq})",
                  m.text.replace("\u2005", " "), ""]
    path.write_bytes("\r\n".join(lines).encode("gbk"))


def competition_chat(gen: ChatGen, n_lines: int) -> str:
    """One WeCom chat of about ``n_lines`` lines with quote blocks in the three shapes seen."""
    rng = gen.rng
    staff = [gen.name() + str(rng.randint(1, 9)) for _ in range(rng.randint(1, 2))]
    customers = [gen.name() + str(rng.randint(1, 9)) for _ in range(rng.randint(1, 3))]
    people = staff + customers
    said: list[tuple[str, str]] = []
    lines: list[str] = []
    while len(lines) < n_lines:
        who = rng.choice(staff) if rng.random() < 0.45 else rng.choice(customers)
        if said and rng.random() < 0.06:
            q_who, q_text = rng.choice(said[-15:])
            q_text = q_text.split("\n")[0]
            reply = gen.sentence()
            shape = rng.random()
            if shape < 0.6:
                lines += [f"{who}：这是一条引用/回复消息：", f"“{q_who}：", f"{q_text}”", "------", reply]
            elif shape < 0.85:
                lines += [f'{who}：这是一条引用/回复消息："{q_who}：{q_text}"', "------", reply]
            else:
                lines += [f"{who}：这是一条引用/回复消息：", f"“{q_who}：{q_text}”", reply]
            said.append((who, reply))
            continue
        if rng.random() < 0.04:
            text = rng.choice(MEDIA)
        else:
            text = gen.text(people, wide_space=False)
        lines.append(f"{who}：{text}")
        said.append((who, text))
    return "\n".join(lines)


def write_competition(path: Path, n_chats: int, n_lines: int, seed: int) -> int:
    gen, labels = ChatGen(seed), LabelGen(seed + 1)
    records = []
    lines = 0
    for _ in range(n_chats):
        text = competition_chat(gen, gen.rng.randint(n_lines * 4 // 5, n_lines * 6 // 5))
        lines += text.count("\n") + 1
        records.append({"chat_text": text, "infos": labels.chat()})
    path.write_text(json.dumps(records, ensure_ascii=False, indent=4), encoding="utf-8")
    return lines


# ---- baselines ------------------------------------------------------------------------------------


def bare_insert(db: Path, rows: list[tuple], table: str = "msg", columns: str = "sender, text, time") -> None:
    """One executemany INSERT into a fresh table of a bare sqlite3 database, in one transaction."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute(f"CREATE TABLE IF NOT EXISTS {table} (id INTEGER PRIMARY KEY, {columns})")
        conn.execute("BEGIN")
        conn.executemany(f"INSERT INTO {table} ({columns}) VALUES ({','.join('?' * len(rows[0]))})", rows)
        conn.execute("COMMIT")
    finally:
        conn.close()


def load_json(path: Path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def generic_rows(data: list[dict]) -> list[tuple]:
    return [(r["sender"], r["content"], r["time"]) for r in data]


def telegram_rows(data: dict) -> list[tuple]:
    rows = []
    for m in data["messages"]:
        if m["type"] == "message":
            text = m["text"]
            if type(text) is not str:
                text = "".join(e["text"] for e in m["text_entities"])
            rows.append((m["from"], text, m["date_unixtime"]))
    return rows


_QQ_SPLIT = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2}:\d{2}) (.*)$", re.MULTILINE)


def qq_rows(path: Path) -> list[tuple]:
    parts = _QQ_SPLIT.split(path.read_bytes().decode("gbk").replace("\r\n", "\n"))
    return [(parts[i + 1], parts[i + 2].strip(), parts[i]) for i in range(1, len(parts), 3)]


def competition_bare(path: Path, db: Path) -> None:
    data = load_json(path)
    rows, chats = [], []
    for index, record in enumerate(data, 1):
        chats.append((index, record["chat_text"], json.dumps(record.get("infos"), ensure_ascii=False)))
        for line in record["chat_text"].split("\n"):
            sender, _, text = line.partition("：")
            rows.append((index, sender, text))
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("CREATE TABLE chat (id INTEGER PRIMARY KEY, text, labels)")
        conn.execute("CREATE TABLE msg (id INTEGER PRIMARY KEY, chat, sender, text)")
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO chat VALUES (?,?,?)", chats)
        conn.executemany("INSERT INTO msg (chat, sender, text) VALUES (?,?,?)", rows)
        conn.execute("COMMIT")
    finally:
        conn.close()


def gap_split(messages: list[ChatMessage], gap: float) -> list[list[ChatMessage]]:
    """The simplest sessioniser: sort by time, cut where the pause is longer than ``gap``."""
    sessions: list[list[ChatMessage]] = []
    current: list[ChatMessage] = []
    last = None
    for m in sorted(messages, key=attrgetter("time")):
        if last is not None and m.time - last > gap:
            sessions.append(current)
            current = []
        current.append(m)
        last = m.time
    if current:
        sessions.append(current)
    return sessions


def bare_dialogues(db: Path, assistants: set[str], gap: float) -> int:
    """From the bare table: read the rows back, cut at pauses, one JSON row per session."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        rows = conn.execute("SELECT sender, text, time FROM msg ORDER BY time").fetchall()
        out: list[tuple[str]] = []
        current: list[dict] = []
        last = None
        for sender, text, when in rows:
            t = datetime.fromisoformat(when).timestamp()
            if last is not None and t - last > gap and current:
                out.append((json.dumps(current, ensure_ascii=False),))
                current = []
            current.append({"from": "gpt" if sender in assistants else "human", "value": text})
            last = t
        if current:
            out.append((json.dumps(current, ensure_ascii=False),))
        conn.execute("CREATE TABLE IF NOT EXISTS dialogue (id INTEGER PRIMARY KEY, turns)")
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO dialogue (turns) VALUES (?)", out)
        conn.execute("COMMIT")
        return len(out)
    finally:
        conn.close()


# ---- the benches ----------------------------------------------------------------------------------


class Projects:
    """Fresh project (and bare database) paths in the temporary folder."""

    def __init__(self, tmp: Path) -> None:
        self.tmp, self.n = tmp, 0

    def __call__(self, suffix: str = ".corpus") -> Path:
        self.n += 1
        return self.tmp / f"p{self.n}{suffix}"


_NO_CLEAN = CleanOptions(media=False, emoji=False, mentions=False, urls=False, repeats=False)


def bench_generic(path: Path, new: Projects, repeat: int) -> tuple[float, Path, Path]:
    size = path.stat().st_size / 2**20
    print(f"\n1. Generic JSON message list: {path.name}, {size:.1f} MiB")
    t_load, data = best_of(repeat, lambda: load_json(path))
    rows = generic_rows(data)
    del data
    t_insert, _ = best_of(repeat, lambda db: bare_insert(db, rows), lambda: new(".db"))
    bare_db = new(".db")
    bare_insert(bare_db, rows)  # kept for the end-to-end dialogue baseline
    t_bare = t_load + t_insert

    t_read, chat_file = best_of(repeat, lambda: read_chat_file(path))
    counts = {}

    def clean(cf):
        counts.update(clean_chats(cf.chats, CleanOptions()))

    t_clean, _ = best_of(repeat, clean, lambda: read_chat_file(path))

    def store_only(cf):
        with Store(new(), create=True) as store:
            return store_chats(store, path, cf, clean=_NO_CLEAN)

    def cleaned():
        cf = read_chat_file(path)
        clean_chats(cf.chats, CleanOptions())
        return cf

    t_store, _ = best_of(repeat, store_only, cleaned)
    projects: list[Path] = []

    def run(project):
        projects.append(project)
        with Store(project, create=True) as store:
            return import_chat_file(store, path)

    t_import, r = best_of(repeat, run, new)
    print(f"   {r.messages:,} messages stored of {chat_file.n_messages:,} read, {r.chats} chat; removed: "
          + ", ".join(f"{k} {v:,}" for k, v in counts.items() if v))
    table_header()
    row("read + parse (read_chat_file)", t_read, t_load, "baseline: json.load")
    row("clean (clean_chats)", t_clean)
    row("store (store_chats, cleaning off)", t_store, t_insert, "baseline: executemany")
    row("  sum of the parts", t_read + t_clean + t_store, t_bare)
    row("import_chat_file (read+parse+clean+store)", t_import, t_bare, target(t_import))
    return t_import, projects[-1], bare_db


def bench_import_only(title: str, path: Path, new: Projects, repeat: int, bare, bare_label: str) -> None:
    size = path.stat().st_size / 2**20
    t_bare, n_rows = best_of(repeat, bare, lambda: new(".db"))

    def run(project):
        with Store(project, create=True) as store:
            return import_chat_file(store, path)

    t_import, r = best_of(repeat, run, new)
    print(f"   {title}: {path.name}, {size:.1f} MiB ({r.encoding}); {r.messages:,} messages stored"
          f" ({n_rows:,} baseline rows)")
    table_header()
    row(f"baseline: {bare_label}", t_bare)
    row("import_chat_file", t_import, t_bare, target(t_import))


def bench_formats(telegram: Path, qq: Path, new: Projects, repeat: int) -> None:
    print("\n2. Other layouts, the same messages")

    def bare_telegram(db):
        rows = telegram_rows(load_json(telegram))
        bare_insert(db, rows)
        return len(rows)

    def bare_qq(db):
        rows = qq_rows(qq)
        bare_insert(db, rows)
        return len(rows)

    bench_import_only("Telegram result.json", telegram, new, repeat, bare_telegram, "json.load + executemany")
    print()
    bench_import_only("QQ .txt", qq, new, repeat, bare_qq, "decode + regex split + executemany")


def bench_competition(path: Path, n_lines: int, new: Projects, repeat: int) -> None:
    size = path.stat().st_size / 2**20
    t_bare, _ = best_of(repeat, lambda db: competition_bare(path, db), lambda: new(".db"))

    def run(project):
        with Store(project, create=True) as store:
            return import_chat_file(store, path, make_samples=label_samples(store))

    t_read, chat_file = best_of(repeat, lambda: read_chat_file(path))
    t_import, r = best_of(repeat, run, new)
    quotes = sum(1 for c in chat_file.chats for m in c.messages if m.quote is not None)
    linked = sum(1 for c in chat_file.chats for m in c.messages if m.quote is not None and m.reply_to)
    print(f"\n3. Competition JSON: {path.name}, {size:.1f} MiB; {r.chats:,} chats, {n_lines:,} lines → "
          f"{chat_file.n_messages:,} messages ({quotes:,} quoting, {linked:,} linked), {r.messages:,} stored, "
          f"{r.labelled:,} labelled → {r.samples:,} samples")
    table_header()
    row("baseline: json.load + line split + executemany", t_bare)
    row("read + parse (read_chat_file)", t_read, t_bare)
    row("import_chat_file + label_samples", t_import, t_bare, target(t_import))


def bench_sessions(path: Path, project: Path, bare_db: Path, new: Projects, repeat: int,
                   t_import: float) -> None:
    chat_file = read_chat_file(path)
    clean_chats(chat_file.chats, CleanOptions())
    messages = chat_file.chats[0].messages  # what the project holds: cleaned
    options = SessionOptions()
    top = Counter(m.sender for m in messages).most_common(3)
    dialogue = DialogueOptions(assistants={name for name, _ in top})
    print(f"\n4. Sessions of the {len(messages):,} stored messages (pause > {options.gap_seconds:g} s, "
          f"max {options.max_chars:,} chars); assistants: "
          + "、".join(f"{name} ({n:,})" for name, n in top))

    t_gap, base_sessions = best_of(repeat, lambda: gap_split(messages, options.gap_seconds))
    t_split, sessions = best_of(repeat, lambda: split_sessions(messages, options))

    def turns_all():
        return sum(1 for s in sessions if session_turns(s, dialogue)[1] is None)

    t_turns, n_dialogues = best_of(repeat, turns_all)

    def both():
        return [session_turns(s, dialogue) for s in split_sessions(messages, options)]

    t_both, _ = best_of(repeat, both)

    def both_paused():
        gc.disable()
        try:
            return both()
        finally:
            gc.enable()

    t_paused, _ = best_of(repeat, both_paused)

    def copy():
        target_path = new()
        shutil.copyfile(project, target_path)
        return target_path

    def end_to_end(p):
        with Store(p) as store:
            return chat_dialogues(store, None, dialogue)

    t_e2e, report = best_of(repeat, end_to_end, copy)

    def bare_copy():
        db = new(".db")
        shutil.copyfile(bare_db, db)
        return db

    t_bare_e2e, n_bare = best_of(repeat, lambda db: bare_dialogues(db, dialogue.assistants, options.gap_seconds),
                                 bare_copy)
    print(f"   {len(sessions):,} sessions ({len(base_sessions):,} by pauses alone), {n_dialogues:,} usable as "
          f"dialogues; chat_dialogues: {report.created:,} samples of {report.sessions:,} sessions")
    table_header()
    row("baseline: sort + cut at pauses (plain loop)", t_gap)
    row("split_sessions", t_split, t_gap)
    row("session_turns, every session", t_turns, t_gap)
    row("split_sessions + session_turns", t_both, t_gap)
    row("  the same, garbage collector paused", t_paused, t_gap)
    row("chat_dialogues end to end (read back + store)", t_e2e, t_gap)
    row("  beside: bare table → cut → one INSERT/session", t_e2e, t_bare_e2e, f"({n_bare:,} rows)")
    print(f"   import (1.) + split_sessions + session_turns: {t_import + t_both:.3f} s "
          f"({target(t_import + t_both)}, if sessionising counts toward it)")


def bench_masking(msgs: list[Msg], repeat: int) -> None:
    texts = [m.text for m in msgs]
    phone = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
    print(f"\n5. Masking {len(texts):,} message texts ({sum(map(len, texts)):,} characters)")

    def bare():
        return [phone.sub("<PHONE>", t) for t in texts]

    def ours():
        masker = Masker("surrogate", seed="bench")
        out = [masker.mask_text(t) for t in texts]
        return masker, out

    t_bare, bare_out = best_of(repeat, bare)
    t_mask, (masker, _) = best_of(repeat, ours)
    counts = masker.counts()
    changed = sum(1 for a, b in zip(texts, bare_out, strict=True) if a != b)
    print("   Masker hits: " + ", ".join(f"{k} {v:,}" for k, v in counts.items() if v)
          + f"; bare regex changed {changed:,} texts")
    table_header()
    row("baseline: one phone regex .sub per text", t_bare)
    row("Masker('surrogate').mask_text per text", t_mask, t_bare)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--messages", type=int, default=100_000, help="messages of the group chat (1., 2., 4., 5.)")
    ap.add_argument("--chats", type=int, default=1_000, help="competition records (3.)")
    ap.add_argument("--lines", type=int, default=100, help="lines per competition record, about (3.)")
    ap.add_argument("--repeat", type=int, default=2, help="runs per figure; the best is shown")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--dir", default=None, help="folder for the temporary files (default: system temp)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="corpusmith-bench-chat-", dir=args.dir) as d:
        tmp = Path(d)
        t0 = time.perf_counter()
        gen = ChatGen(args.seed)
        msgs = gen.group_chat(args.messages)
        generic, telegram, qq, comp = (tmp / "group.json", tmp / "result.json", tmp / "qq.txt",
                                       tmp / "train.json")
        write_generic(generic, msgs)
        write_telegram(telegram, msgs, random.Random(args.seed + 2))
        write_qq(qq, msgs)
        comp_lines = write_competition(comp, args.chats, args.lines, args.seed + 3)
        for p in (generic, telegram, qq, comp):
            p.read_bytes()  # warms the page cache for every run alike
        senders = len({m.sender for m in msgs})
        long = sum(1 for a, b in zip(msgs, msgs[1:], strict=False) if b.t - a.t > 300) / max(1, len(msgs) - 1)
        print(f"{args.messages:,} chat messages from {senders} senders over "
              f"{(msgs[-1].t - msgs[0].t) / 86400:.0f} days, times 1–600 s apart ({long:.0%} over 300 s); "
              f"{args.chats:,} competition chats of ~{args.lines} lines; files written in "
              f"{time.perf_counter() - t0:.1f} s; best of {args.repeat} runs")
        new = Projects(tmp)
        t_import, project, bare_db = bench_generic(generic, new, args.repeat)
        bench_formats(telegram, qq, new, args.repeat)
        bench_competition(comp, comp_lines, new, args.repeat)
        bench_sessions(generic, project, bare_db, new, args.repeat, t_import)
        bench_masking(msgs, args.repeat)
    rss = max_rss_mib()
    if rss is not None:
        print(f"\nmax RSS of the whole run: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
