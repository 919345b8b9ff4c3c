"""EPUB (2 and 3) text with the standard library: ``META-INF/container.xml`` → the package (OPF)
file → its spine, in reading order → each XHTML chapter's text.

Block elements (paragraphs, headings, list items, table rows, ``<br>`` …) end a line; scripts,
styles, the ``<head>`` and ruby annotations (``<rt>``/``<rp>``) are left out; white space is
collapsed as a browser does, except that a line break between two Chinese characters in the
source leaves no space. Chapters are separated by a blank line. A DRM-protected book (its
chapters listed in ``META-INF/encryption.xml``) is refused with a message.
"""

from __future__ import annotations

import os
import posixpath
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree as ET

from core.errors import InputError
from core.messages import Message, say
from core.sources.documents.archive import check_archive
from core.sources.documents.importer import DocumentText, Progress

_BLOCK = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li dt dd tr table ul ol dl blockquote pre section article aside header "
    "footer nav figure figcaption hr br title address caption td th".split()
)
_SKIP = frozenset("script style head rt rp svg math noscript template".split())
_CELL = frozenset(("td", "th"))
_WS = re.compile(r"[ \t\r\n\f\u00a0]+")
_CJK_BREAK = re.compile(r"(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])\s*\n\s*(?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])")
_XHTML_TYPES = ("application/xhtml+xml", "text/html", "application/x-dtbook+xml")


class _TextParser(HTMLParser):
    """The text of one XHTML document, a line per block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.skip = 0
        self.pre = 0

    def _flush(self) -> None:
        if not self.buf:
            return
        raw = "".join(self.buf)
        self.buf = []
        if self.pre:
            self.lines.extend(x.rstrip() for x in raw.split("\n"))
            return
        line = _WS.sub(" ", _CJK_BREAK.sub("", raw)).strip()
        if line:
            self.lines.append(line)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag in _CELL:
            self.buf.append(" | " if self.buf and "".join(self.buf).strip() else "")
        elif tag in _BLOCK:
            self._flush()
            if tag == "pre":
                self.pre += 1

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag in _BLOCK and tag not in _CELL:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK and tag not in _CELL:
            self._flush()
            if tag == "pre":
                self.pre = max(0, self.pre - 1)

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.buf.append(data)

    def text(self) -> str:
        self._flush()
        return "\n".join(self.lines)


def html_to_text(html: str) -> str:
    """The readable text of an (X)HTML document, a line per block."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return parser.text()


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    m = re.search(rb"""encoding\s*=\s*["']([A-Za-z0-9_\-]+)["']""", data[:200]) or \
        re.search(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", data[:2000])
    enc = m.group(1).decode("ascii") if m else "utf-8"
    try:
        return data.decode(enc, "replace")
    except LookupError:
        return data.decode("utf-8", "replace")


def read_epub(path: str | os.PathLike, *, progress: Progress | None = None) -> DocumentText:
    """The text of an EPUB's chapters in spine (reading) order. Raises :class:`InputError` for a
    damaged or DRM-protected book or one without text."""
    p = Path(path)
    try:
        with zipfile.ZipFile(p) as z:
            check_archive(z, p)  # before any member is unpacked: no zip bomb
            return _read(z, p, progress)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError, KeyError,
            ET.ParseError, UnicodeError, ValueError) as e:
        raise InputError(say("documents.epub.damaged", path=str(p), error=f"{type(e).__name__}: {e}")) from None


def _read(z: zipfile.ZipFile, p: Path, progress: Progress | None) -> DocumentText:
    names = set(z.namelist())
    opf_path = None
    if "META-INF/container.xml" in names:
        root = ET.fromstring(z.read("META-INF/container.xml"))
        for el in root.iter():
            if _local(el.tag) == "rootfile" and el.get("full-path"):
                opf_path = unquote(el.get("full-path", ""))
                break
    if opf_path not in names:  # no container, or it points nowhere: use the first package file
        opf_path = next((n for n in sorted(names) if n.lower().endswith(".opf")), None)
    if opf_path is None:
        raise InputError(say("documents.epub.no_package", path=str(p)))
    opf = ET.fromstring(z.read(opf_path))
    base = posixpath.dirname(opf_path)
    manifest: dict[str, tuple[str, str]] = {}
    spine: list[str] = []
    title = ""
    for el in opf.iter():
        tag = _local(el.tag)
        if tag == "item" and el.get("id") and el.get("href"):
            href = unquote(el.get("href", "").split("#", 1)[0])
            manifest[el.get("id", "")] = (posixpath.normpath(posixpath.join(base, href)),
                                          el.get("media-type", ""))
        elif tag == "itemref" and el.get("idref"):
            spine.append(el.get("idref", ""))
        elif tag == "title" and not title and (el.text or "").strip():
            title = (el.text or "").strip()
    chapters = [manifest[i][0] for i in spine if i in manifest
                and (manifest[i][1] in _XHTML_TYPES or manifest[i][0].lower().endswith((".xhtml", ".html", ".htm")))]
    notes: list[Message] = []
    if not chapters:  # no usable spine: every XHTML file of the manifest, in manifest order
        chapters = [h for h, t in manifest.values() if t in _XHTML_TYPES]
        if chapters:
            notes.append(say("documents.epub.no_spine", name=p.name))
    if "META-INF/encryption.xml" in names:
        enc = z.read("META-INF/encryption.xml").decode("utf-8", "replace")
        # Font obfuscation also lists files here; only encrypted chapters matter.
        if any(unquote(c) in enc or posixpath.basename(c) in enc for c in chapters):
            raise InputError(say("documents.epub.drm", path=str(p)))
    texts: list[str] = []
    missing = 0
    n = len(chapters)
    for i, name in enumerate(chapters):
        if name not in names:
            missing += 1
            continue
        t = html_to_text(_decode(z.read(name)))
        if t.strip():
            texts.append(t)
        if progress is not None:
            progress(i + 1, n)
    if missing:
        notes.append(say("documents.epub.missing_chapters", n=missing, name=p.name))
    text = "\n\n".join(texts).strip()
    if not text:
        raise InputError(say("documents.epub.no_text", path=str(p)))
    return DocumentText(text=text, format="epub", title=title, notes=notes)
