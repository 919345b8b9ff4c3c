"""Checks that the app carries everything it loads at run time: run inside the frozen app
(PyInstaller, see build.spec) as part of ``--self-test``, and from source the same way.

Each check goes through the code the app itself uses (resource_path, the BM25 index, the document
readers, the secrets store, the LLM client) on tiny inputs made here, so a data file, hidden import
or native library missing from the bundle fails here with its name, not later in a user's hands.
Nothing touches the user's keyring, settings or files: keys go to a throw-away backend and folder.

    python -c "from ui.selftest_bundle import check_bundle; print(*check_bundle(), sep='\\n')"
"""

from __future__ import annotations

import os
import string
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ui.selftest_openai import check_openai_api


class BundleCheckFailure(Exception):
    """One or more checks failed; ``lines`` holds the report of those that passed."""

    def __init__(self, message: str, lines: list[str]):
        super().__init__(message)
        self.lines = lines


def _need(cond: object, what: str) -> None:
    if not cond:
        raise AssertionError(what)


# ---- resources --------------------------------------------------------------------------------
def check_resources() -> str:
    from core.flows.style import builtin_styles
    from core.llm.templates import LANGS, TEMPLATES, builtin_template
    from core.paths import resource_path

    root = resource_path()
    _need(root.is_dir(), f"no resources folder at {root}")
    for lang in LANGS:
        for name in TEMPLATES:
            builtin_template(name, lang)  # raises naming the file
    qm = resource_path("i18n", "corpusmith_en.qm")
    _need(qm.is_file() and qm.stat().st_size > 0, f"missing or empty {qm}")
    styles = builtin_styles()
    _need(styles, f"no style presets in {resource_path('styles')}")
    parts = [f"{len(TEMPLATES)}x{len(LANGS)} templates", "corpusmith_en.qm", f"{len(styles)} styles"]
    guides = [resource_path("guide", f"{lang}.md") for lang in ("zh", "en")]  # Help → 使用指南
    _need(all(g.is_file() and g.stat().st_size > 0 for g in guides), f"missing user guide in {resource_path('guide')}")
    parts.append("guide zh,en")
    icons = resource_path("icons")
    if icons.is_dir():
        names = sorted(p.name for p in icons.iterdir() if p.is_file())
        _need("corpusmith.png" in names, f"{icons} has no corpusmith.png (the window icon)")
        parts.append("icons " + ",".join(names))
    demo = resource_path("demo")
    if demo.is_dir():
        files = [p for p in demo.rglob("*") if p.is_file()]
        _need(files, f"{demo} is empty")
        parts.append(f"demo ({len(files)} files)")
    return f"{root}: " + ", ".join(parts)


def check_demo(tmp: Path) -> str:
    """The demo project the welcome page offers, built from the bundled files (as the app does)."""
    from core.paths import resource_path

    if not resource_path("demo").is_dir():
        return "no resources/demo: skipped"
    from core.demo import build_demo_project

    summary = build_demo_project(tmp / "demo.corpus")
    _need(summary.total > 0, "the demo project has no samples")
    return f"built from the bundled files: {summary.total} samples from {len(summary.sources)} sources"


# ---- Qt: translations, image formats, the icon -------------------------------------------------
def check_qt() -> str:
    from core.paths import resource_path
    from ui.qt import QtCore, QtGui, QTranslator

    tr_dir = Path(QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.TranslationsPath))
    qm = tr_dir / "qtbase_zh_CN.qm"
    _need(qm.is_file(), f"Qt's qtbase_zh_CN.qm is not in TranslationsPath {tr_dir}")
    _need(QTranslator().load(str(qm)), f"QTranslator cannot load {qm}")
    _need(QTranslator().load(str(resource_path("i18n", "corpusmith_en.qm"))), "QTranslator cannot load corpusmith_en.qm")
    formats = {bytes(f).decode() for f in QtGui.QImageReader.supportedImageFormats()}
    wanted = {"png", "ico"}  # PNG is built in, ICO is build.spec's plugin (the app's icons are PNG/ICO only)
    missing = wanted - formats
    _need(not missing, f"Qt image formats missing: {sorted(missing)} (have {sorted(formats)})")
    loaded = []
    for name in ("corpusmith.png", "corpusmith.ico"):
        path = resource_path("icons", name)
        if path.is_file():
            _need(not QtGui.QImage(str(path)).isNull(), f"Qt cannot read {path}")
            loaded.append(name)
    app = QtGui.QGuiApplication.instance()
    platform = QtGui.QGuiApplication.platformName() if app else "no app"
    icons = f"; icons read: {','.join(loaded)}" if loaded else ""
    return f"qtbase_zh_CN.qm loads from {tr_dir}; image formats {','.join(sorted(wanted))}{icons}; platform {platform}"


# ---- jieba + bm25s + numpy: the real retrieval code --------------------------------------------
def check_retrieval() -> str:
    import jieba

    from core.text.retrieval import ChunkIndex, tokenize

    dict_txt = Path(jieba.__file__).with_name("dict.txt")
    _need(dict_txt.is_file(), f"jieba's dictionary is missing: {dict_txt}")
    index = ChunkIndex([
        ("inn", "雨下了一整夜。客栈掌柜林晚把灯笼挂高，伙计阿福在擦桌子。"),
        ("road", "书生从洛阳来，往长安赶考，路上走了十几天。"),
        ("court", "次日清晨，赵捕头拍着官府的牌子上门，问昨夜可有生人住店。"),
    ])
    words = tokenize("客栈掌柜")
    _need("客栈" in words and "掌柜" in words, f"jieba did not segment 客栈掌柜 with its dictionary: {words}")
    hits = index.search("掌柜的客栈", k=2)
    _need(hits and hits[0][0] == "inn", f"BM25 search for 掌柜的客栈 found {hits}, expected the chunk 'inn' first")
    backend = getattr(index._bm25, "csc_backend", "?")
    return f"jieba segments 客栈掌柜 -> {words}; BM25 top hit ok (bm25s {backend} backend)"


# ---- rensa + numpy: near-duplicate detection ----------------------------------------------------
def check_neardup(tmp: Path) -> str:
    from core.model import Sample
    from core.store import Store
    from core.text.neardup import find_near_duplicates

    with Store.create(tmp / "neardup.corpus") as store:
        sid = store.add_source("import", "bundle-check")
        a = "林晚说客栈开了十年，来往的客人都认得她，雨夜里灯笼总是挂得很高。"
        ids = store.add_samples([
            Sample.qa("客栈开了多少年？", a, source_id=sid),
            Sample.qa("客栈开了多少年？", a.replace("十年", "十一年"), source_id=sid),
            Sample.qa("沈砚从哪里来？", "从洛阳来，往西边去，要在长安住上一阵子。", source_id=sid),
        ])
        groups = find_near_duplicates(store, threshold=0.5)
    _need(len(groups) == 1 and sorted(groups[0].ids) == sorted(ids[:2]),
          f"near-duplicates: expected one group of {ids[:2]}, got {[g.ids for g in groups]}")
    return f"rensa MinHash groups the 2 near-duplicates (similarity {groups[0].similarity:.2f})"


# ---- documents: python-docx, pypdf (+ cryptography for AES), charset-normalizer -----------------
def _pdf_with_text(text: str) -> bytes:
    """A one-page PDF showing ``text`` (ASCII) in Helvetica."""
    content = b"BT /F1 14 Tf 72 720 Td (" + text.encode("ascii") + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def check_documents(tmp: Path) -> str:
    import charset_normalizer
    import docx
    from pypdf import PdfReader, PdfWriter

    from core.sources.documents.importer import read_document

    path = tmp / "check.docx"
    d = docx.Document()  # needs python-docx's bundled default template
    d.add_paragraph("客栈掌柜林晚把灯笼挂高。")
    d.save(str(path))
    text = read_document(path).text
    _need("林晚" in text, f"DOCX read back as {text!r}")

    plain = tmp / "plain.pdf"
    plain.write_bytes(_pdf_with_text("Corpusmith bundle check"))
    _need("bundle check" in read_document(plain).text, "the plain PDF's text was not read")
    aes = tmp / "aes.pdf"
    writer = PdfWriter(clone_from=PdfReader(str(plain)))
    writer.encrypt(user_password="pw", owner_password="owner-pw", algorithm="AES-256")  # needs cryptography
    with open(aes, "wb") as f:
        writer.write(f)
    _need("bundle check" in read_document(aes, password="pw").text, "the AES-256 PDF's text was not read")

    gbk = tmp / "gbk.txt"
    gbk.write_bytes(("雨下了一整夜。客栈掌柜林晚把灯笼挂高，伙计阿福在擦桌子。" * 4).encode("gbk"))
    doc = read_document(gbk)
    _need("林晚" in doc.text, f"GBK text read as {doc.text[:20]!r} ({doc.encoding})")
    big5 = "書生從洛陽來，往長安趕考，路上走了十幾天。".encode("big5") * 4
    best = charset_normalizer.from_bytes(big5).best()
    _need(best is not None and "洛陽" in str(best), "charset-normalizer could not decode a Big5 text")
    return f"DOCX write+read, PDF plain + AES-256 read, GBK TXT read as {doc.encoding}, Big5 detected as {best.encoding}"


# ---- python-stdnum data, rapidfuzz, json-repair ------------------------------------------------
def check_text_libs() -> str:
    from rapidfuzz import fuzz
    from stdnum.cn import ric

    from core.llm.parse import parse_json
    from core.text.masking import find_pii

    place = ric.get_birth_place("11010519491231002X")  # reads stdnum/cn/loc.dat
    _need(place.get("county") == "朝阳区", f"stdnum region table gave {place}")
    hits = find_pii("身份证号11010519491231002X，电话13800138000")
    kinds = sorted({h.kind for h in hits})
    _need(len(kinds) >= 2, f"find_pii found only {kinds}")
    _need(fuzz.ratio("客栈掌柜", "客栈的掌柜") > 80, "rapidfuzz ratio is off")
    value, err = parse_json('{"q": "客栈", "a": "十年",}')
    _need(err is None and value == {"q": "客栈", "a": "十年"}, f"json-repair: {value!r} {err}")
    return f"stdnum cn/loc.dat ({place['province']}{place['county']}), PII {kinds}, rapidfuzz, json-repair"


# ---- the message catalogue: every code of every area, in both languages -------------------------
def check_messages() -> str:
    from core.messages import CATALOGUE_MODULES, catalogue, say

    table = catalogue()
    _need(len(table) > 50, f"only {len(table)} message codes loaded")
    loaded = {code.split(".")[0] for code in table}
    _need({"export", "echo", "rebuild"} <= loaded, f"catalogue areas loaded: {sorted(loaded)}")
    for code, pair in table.items():  # every template fills with numbers for its parameters
        names = {f for t in (pair[0], *(pair[1].values() if isinstance(pair[1], dict) else [pair[1]]))
                 for _, f, _, _ in string.Formatter().parse(t) if f}
        for lang in ("zh", "en"):
            text = say(code, **dict.fromkeys(names, 2)).render(lang)
            left = [n for n in names if "{" + n in text]  # a literal brace ({{"sender"}}) is fine
            _need(not left, f"{code} ({lang}) left placeholders {left}: {text!r}")
    zh = say("export.none_accepted", project="p").render("zh")
    _need("审阅" in zh, f"Chinese rendering: {zh!r}")
    return f"{len(table)} codes from {len(CATALOGUE_MODULES)} catalogues, zh and en"


# ---- keys: keyring backends and the secrets store (never the user's keyring) --------------------
def check_secrets(tmp: Path) -> str:
    import importlib.metadata

    import keyring
    import keyring.backend
    import keyring.backends.fail

    from core.llm import secrets

    found = sorted(e.name for e in importlib.metadata.entry_points(group="keyring.backends"))
    _need(found, "keyring finds no backends: its entry points (package metadata) are not bundled")
    real = keyring.get_keyring()  # resolves the OS backend; reads and writes nothing
    real_name = f"{type(real).__module__}.{type(real).__name__}"

    old_env = os.environ.get("CORPUSMITH_CONFIG_DIR")
    old_fallback = getattr(secrets, "_fallback_in_use", False)
    os.environ["CORPUSMITH_CONFIG_DIR"] = str(tmp / "config")
    key = "sk-bundle-check-0000"
    try:
        keyring.set_keyring(secrets.MemoryKeyring())
        secrets.set_api_key("bundle-check", key)
        _need(secrets.get_api_key("bundle-check") == key, "a key stored in the keyring does not read back")
        secrets.delete_api_key("bundle-check")
        keyring.set_keyring(keyring.backends.fail.Keyring())  # as on a Linux desktop without a keyring
        secrets.set_api_key("bundle-check", key)
        _need(secrets.fallback_path().is_file(), "no keyring, and no fallback key file was written")
        if os.name == "posix":
            mode = secrets.fallback_path().stat().st_mode & 0o777
            _need(mode == 0o600, f"the fallback key file has mode {oct(mode)}, not 0600")
        _need(secrets.get_api_key("bundle-check") == key, "a key in the fallback file does not read back")
        secrets.delete_api_key("bundle-check")
    finally:
        keyring.set_keyring(real)
        if hasattr(secrets, "_fallback_in_use"):
            secrets._fallback_in_use = old_fallback
        if old_env is None:
            os.environ.pop("CORPUSMITH_CONFIG_DIR", None)
        else:
            os.environ["CORPUSMITH_CONFIG_DIR"] = old_env
    return f"keyring backends {','.join(found)}; this system's: {real_name}; set/get via keyring and 0600 file ok"


# ---- segno: the Bilibili login QR code, as the terminal shows it and as the window draws it ---------
def check_qr() -> str:
    from core.sources.bilibili.login import qr_png, qr_text
    from ui.qt import QtGui

    url = "https://account.bilibili.com/h5/account-h5/auth/scan-web?qrcode_key=selftest"
    png = qr_png(url)
    image = QtGui.QImage.fromData(png, "PNG")
    _need(not image.isNull() and image.width() > 100, f"Qt cannot read the QR PNG ({len(png)} bytes)")
    _need("█" in qr_text(url), "the terminal QR has no block characters")
    return f"segno QR: PNG {image.width()}×{image.height()} read by Qt, terminal blocks"


# ---- time zones: the off-peak windows (Asia/Shanghai) from the bundled tzdata package ------------
def check_time_zones() -> str:
    """Read from the tzdata package itself, not the system's database: Windows has none, and the
    frozen app must carry its own (build.spec names it)."""
    import io
    from datetime import UTC, datetime
    from importlib import resources
    from zoneinfo import ZoneInfo

    import tzdata

    from core.llm.providers import DEEPSEEK_TIME_PRICES
    from core.llm.timeprices import TimePrices

    data = resources.files("tzdata").joinpath("zoneinfo", "Asia", "Shanghai").read_bytes()
    _need(data.startswith(b"TZif"), "tzdata's Asia/Shanghai is no zone file")
    zone = ZoneInfo.from_file(io.BytesIO(data), key="Asia/Shanghai")
    ten = datetime(2026, 8, 3, 2, 0, tzinfo=UTC)  # 10:00 Beijing time: DeepSeek's peak
    _need(ten.astimezone(zone).hour == 10, "Asia/Shanghai from tzdata is not UTC+8")
    schedule = TimePrices.from_dict(DEEPSEEK_TIME_PRICES)
    _need(schedule.factor_at(ten) == 2.0 and schedule.next_low(ten).astimezone(zone).hour == 12,
          "the DeepSeek peak windows do not read as 09:00-12:00, 14:00-18:00 Beijing time")
    return f"tzdata {tzdata.IANA_VERSION}: Asia/Shanghai, DeepSeek peak 10:00 ×2, off-peak from 12:00"


# ---- HTTPS: certifi for httpx, the system store for httpx2 (openai); the openai client ----------
def check_network_stack() -> str:
    import certifi
    import httpx
    import httpx2

    from core.llm.client import make_client
    from core.llm.providers import ProviderSettings

    cafile = Path(certifi.where())
    _need(cafile.is_file(), f"certifi's CA bundle is missing: {cafile}")
    n_certifi = httpx.create_ssl_context().cert_store_stats()["x509_ca"]  # httpx loads certifi's bundle
    _need(n_certifi > 50, f"httpx's SSL context (certifi) holds only {n_certifi} CA certificates")
    ctx2 = httpx2.create_ssl_context()  # openai's transport: the OS trust store, not certifi
    if sys.platform.startswith("linux"):  # OpenSSL's default paths, then the usual bundle files
        n_system = ctx2.cert_store_stats()["x509_ca"]
        _need(n_system > 0, "httpx2 (used by openai) found no system CA certificates: HTTPS to LLM "
                            "providers will fail; install the ca-certificates package")
        system = f"{n_system} system CAs"
    else:  # Windows and macOS: truststore asks the OS at each handshake
        system = f"{type(ctx2).__module__}.{type(ctx2).__name__}"
    client = make_client(ProviderSettings(base_url="http://127.0.0.1:9/v1", model="bundle-check"), None)
    _need(str(client.base_url).startswith("http://127.0.0.1:9/v1"), f"openai client base_url {client.base_url}")
    return f"certifi {n_certifi} CAs for httpx; httpx2 {system}; openai client built"


def check_xcb_libraries() -> str:
    """Linux, frozen: the X11 platform plugin's xcb helper libraries come from the bundle, not from
    this machine. The self-test runs offscreen, so the xcb plugin is never loaded here; a user
    desktop without, say, libxcb-cursor0 would then fail with "could not load the Qt platform
    plugin xcb". ldd shows where each library the plugin's library links resolves."""
    if not (sys.platform.startswith("linux") and getattr(sys, "frozen", False)):
        return "not a frozen Linux build: nothing to check"
    import shutil
    import subprocess

    from ui.qt import QtCore

    qpa = Path(QtCore.__file__).resolve().parent / "Qt" / "lib" / "libQt6XcbQpa.so.6"
    _need(qpa.is_file(), f"the X11 platform library is missing: {qpa}")
    if not shutil.which("ldd"):
        return "ldd not found: not checked"
    out = subprocess.run(["ldd", str(qpa)], capture_output=True, text=True, check=True).stdout
    bundle = str(Path(sys._MEIPASS).resolve())  # noqa: SLF001 (PyInstaller's documented attribute)
    must = [line.split()[0] for line in out.splitlines()
            if line.strip().startswith(("libxcb-", "libX11-xcb", "libxkbcommon-x11"))]
    outside = [line.strip() for line in out.splitlines()
               if line.strip().startswith(tuple(must)) and bundle not in line]
    _need(must and not outside, "xcb libraries not bundled (install them on the build machine: "
          "see .ci/run): " + "; ".join(outside))
    return f"{len(must)} xcb libraries of the X11 platform plugin come from the bundle"


def check_bundle() -> list[str]:
    """One line per check; raises BundleCheckFailure naming every check that failed."""
    lines: list[str] = []
    failures: list[str] = []
    frozen = "frozen" if getattr(sys, "frozen", False) else "source"
    with tempfile.TemporaryDirectory(prefix="corpusmith-bundle-") as tmp_name:
        tmp = Path(tmp_name)
        checks: list[tuple[str, Callable[[], str]]] = [
            ("resources", check_resources),
            ("demo", lambda: check_demo(tmp)),
            ("qt", check_qt),
            ("retrieval", check_retrieval),
            ("neardup", lambda: check_neardup(tmp)),
            ("documents", lambda: check_documents(tmp)),
            ("text libs", check_text_libs),
            ("messages", check_messages),
            ("qr", check_qr),
            ("time zones", check_time_zones),
            ("secrets", lambda: check_secrets(tmp)),
            ("network", check_network_stack),
            ("openai api", lambda: check_openai_api(tmp)),
            ("xcb", check_xcb_libraries),
        ]
        start = time.perf_counter()
        for name, check in checks:
            t0 = time.perf_counter()
            try:
                what = check()
            except Exception as e:
                failures.append(f"bundle {name}: {type(e).__name__}: {e}")
                continue
            lines.append(f"bundle {name}: {what} ({time.perf_counter() - t0:.2f} s)")
    lines.append(f"bundle checks ({frozen}): {len(checks) - len(failures)}/{len(checks)} passed "
                 f"in {time.perf_counter() - start:.1f} s")
    if failures:
        raise BundleCheckFailure("; ".join(failures), lines)
    return lines


if __name__ == "__main__":
    try:
        print(*check_bundle(), sep="\n")
    except BundleCheckFailure as e:
        print(*e.lines, sep="\n")
        print(f"bundle check FAILED: {e}", file=sys.stderr)
        sys.exit(1)
