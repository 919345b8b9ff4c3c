"""Builders of document fixtures (PDF, DOCX, EPUB) made in the tests themselves, and checks that
they are what they claim. Other test modules (and bench/bench_documents.py) import the builders.

The PDFs are written by hand: Chinese text in the standard non-embedded CJK font STSong-Light
with the UniGB-UCS2-H encoding (what reportlab writes for CJK without a font file), so that
pypdf extracts it on any machine, with no font installed; ASCII lines in Helvetica.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

# ---- PDF ---------------------------------------------------------------------------------------------


def _pdf_string(line: str) -> tuple[str, bytes]:
    """(font, operand) for one line: ASCII in Helvetica as a literal string, anything else as UCS-2."""
    if line.isascii():
        esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return "F2", f"({esc})".encode("latin-1")
    return "F1", b"<" + line.encode("utf-16-be").hex().upper().encode() + b">"


def pdf_bytes(pages: list[list[str]], *, image_only: bool = False, compress: bool = True) -> bytes:
    """A PDF with one page per list of lines, top to bottom (14 pt apart). ``image_only``: each
    page holds a small gray image and no text (a scan without a text layer)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes, extra: bytes = b"") -> int:
        if compress:
            data = zlib.compress(data)
            extra += b" /Filter /FlateDecode"
        return add(b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream")

    catalog = add(b"")  # filled in at the end
    pages_obj = add(b"")
    descriptor = add(b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
                     b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>")
    cid = add(b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry "
              b"(Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor %d 0 R /DW 1000 >>" % descriptor)
    f1 = add(b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
             b"/DescendantFonts [%d 0 R] >>" % cid)
    f2 = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    image = stream(b"\x80" * 16, b" /Type /XObject /Subtype /Image /Width 4 /Height 4 /ColorSpace /DeviceGray "
                   b"/BitsPerComponent 8") if image_only else 0
    kids: list[int] = []
    for lines in pages:
        if image_only:
            content = b"q 400 0 0 600 100 100 cm /Im1 Do Q"
            resources = b"<< /XObject << /Im1 %d 0 R >> >>" % image
        else:
            ops = [b"BT"]
            y = 800
            for line in lines:
                if line:
                    font, operand = _pdf_string(line)
                    ops.append(b"/%s 12 Tf 1 0 0 1 50 %d Tm %s Tj" % (font.encode(), y, operand))
                y -= 14
            ops.append(b"ET")
            content = b"\n".join(ops)
            resources = b"<< /Font << /F1 %d 0 R /F2 %d 0 R >> >>" % (f1, f2)
        c = stream(content)
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources %s /Contents %d 0 R >>"
                        % (pages_obj, resources, c)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    return bytes(out)


def make_pdf(path: Path, pages: list[list[str]], **kw) -> Path:
    path.write_bytes(pdf_bytes(pages, **kw))
    return path


def encrypt_pdf(src: Path, dst: Path, password: str) -> Path:
    from pypdf import PdfReader, PdfWriter

    w = PdfWriter(clone_from=PdfReader(str(src)))
    w.encrypt(user_password=password, owner_password=password + "-owner", algorithm="RC4-128")
    with open(dst, "wb") as f:
        w.write(f)
    return dst


BODY = (
    "雨下了一整夜。客栈掌柜林晚把灯笼挂高，伙计阿福在擦桌子，三更时分，一个从洛阳来的书生推门进来，"
    "浑身湿透，说要一间上房。林晚问他从哪里来，要到哪里去，书生只说往长安赶考，别的一概不提。"
    "次日清晨，赵捕头拍着官府的牌子上门，问昨夜可有生人住店。"
)


def book_pages(n: int, per_line: int = 30, lines_per_page: int = 12, header: str = "长安客栈·卷一") -> list[list[str]]:
    """``n`` pages of Chinese prose broken into full lines mid-sentence, each with a running header
    and a page-number footer (``- 3 -``)."""
    text = BODY * ((n * per_line * lines_per_page) // len(BODY) + 1)
    pages = []
    pos = 0
    for i in range(n):
        lines = [header]
        for _ in range(lines_per_page):
            lines.append(text[pos:pos + per_line])
            pos += per_line
        lines.append(f"- {i + 1} -")
        pages.append(lines)
    return pages


# ---- DOCX ----------------------------------------------------------------------------------------------


def make_docx(path: Path, *, table: bool = True) -> Path:
    import docx

    d = docx.Document()
    d.add_heading("长安客栈经营手册", level=1)
    d.add_paragraph("客栈位于长安城西门外，掌柜林晚，伙计阿福。")
    if table:
        t = d.add_table(rows=3, cols=3)
        for r, row in enumerate([("房间", "价格", "备注"), ("上房", "二两", "临街"), ("通铺", "五十文", "")]):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
        merged = d.add_table(rows=2, cols=2)
        merged.cell(0, 0).merge(merged.cell(0, 1)).text = "合并的标题"
        merged.cell(1, 0).text = "左"
        merged.cell(1, 1).text = "右"
    d.add_paragraph("表格之后的段落：客人须在亥时前回店。")
    p = d.add_paragraph("第二行")
    p.add_run().add_break()
    p.add_run("同一段的换行")
    d.save(str(path))
    return path


# ---- EPUB ----------------------------------------------------------------------------------------------

CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""


def _chapter(title: str, body: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>不要这个</title><style>p {{ color: red }}</style></head>
<body><h1>{title}</h1>{body}<script>var x = "不要脚本";</script></body></html>"""


def make_epub(path: Path, chapters: list[tuple[str, str]] | None = None, *, encrypted: bool = False) -> Path:
    """An EPUB 3 whose manifest lists the chapters in reverse, so that only the spine gives the order."""
    chapters = chapters or [
        ("第一章　雨夜", "<p>雨下了一整夜。林晚把灯笼挂高，\n阿福在擦桌子。</p><p>“店家，可还有空房？”</p>"),
        ("第二章　捕头", "<p>赵捕头上门。<ruby>捕<rt>bǔ</rt></ruby>头问话。</p><ul><li>一</li><li>二</li></ul>"),
        ("第三章　别离", "<p>沈砚<br/>走了。</p>"),
    ]
    items = "".join(f'<item id="c{i}" href="text/ch%20{i}.xhtml" media-type="application/xhtml+xml"/>'
                    for i in reversed(range(len(chapters))))
    spine = "".join(f'<itemref idref="c{i}"/>' for i in range(len(chapters)))
    opf = f"""<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>长安客栈</dc:title></metadata>
  <manifest>{items}<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/></manifest>
  <spine>{spine}</spine>
</package>"""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        z.writestr("META-INF/container.xml", CONTAINER)
        z.writestr("OEBPS/content.opf", opf, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("OEBPS/nav.xhtml", _chapter("目录", "<p>目录不在书脊里</p>"))
        for i, (title, body) in enumerate(chapters):
            z.writestr(f"OEBPS/text/ch {i}.xhtml", _chapter(title, body), compress_type=zipfile.ZIP_DEFLATED)
        if encrypted:
            z.writestr("META-INF/encryption.xml", '<encryption><EncryptedData><CipherReference '
                       'URI="OEBPS/text/ch 0.xhtml"/></EncryptedData></encryption>')
    return path


# ---- the builders build what they claim ---------------------------------------------------------------


def test_pdf_builder_text_is_extractable_by_pypdf(tmp_path):
    from pypdf import PdfReader

    path = make_pdf(tmp_path / "t.pdf", [["第一页：你好", "Page 1"], ["第二页"]])
    reader = PdfReader(str(path))
    assert len(reader.pages) == 2
    assert reader.pages[0].extract_text().split("\n") == ["第一页：你好", "Page 1"]
    assert reader.pages[1].extract_text() == "第二页"
    scan = make_pdf(tmp_path / "scan.pdf", [[], []], image_only=True)
    assert all(not p.extract_text().strip() for p in PdfReader(str(scan)).pages)


def test_docx_and_epub_builders(tmp_path):
    import docx

    d = docx.Document(str(make_docx(tmp_path / "a.docx")))
    assert len(d.tables) == 2
    with zipfile.ZipFile(make_epub(tmp_path / "b.epub")) as z:
        assert z.namelist()[0] == "mimetype" and z.read("mimetype") == b"application/epub+zip"
