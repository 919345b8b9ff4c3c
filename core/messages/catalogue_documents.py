"""Document import messages: what a file really is, why it was not imported, what was done to it.
(code → (Chinese, English))

{path} is the file as the user chose it; {name} its file name; {error} a library's or the
system's own words: English, so the Chinese sentences of damaged files leave them out (the
English keeps them for whoever reads on); {what} and {fix} are nested messages from this table."""

_SAVE_AS_DOCX_ZH = "请用 Word 或 WPS 打开它，另存为 Word 文档（.docx），再导入那个文件"
_SAVE_AS_DOCX_EN = "Open it in Word or WPS and save it as a Word document (.docx), then import that file"
_OCR_ZH = "图片里的文字需要先做文字识别（OCR），本软件暂不支持。"
_OCR_EN = "Text in images needs OCR, which is not supported yet."
_GET_AGAIN_ZH = "文件可能在下载或复制时被截断了：请重新获取，或用生成它的程序打开后重新保存。"

MESSAGES = {
    # ---- what a file is (nested in other messages) ----
    "documents.kind.pdf": ("PDF 文档", "a PDF document"),
    "documents.kind.docx": ("Word 文档（.docx）", "a Word document (.docx)"),
    "documents.kind.epub": ("EPUB 电子书", "an EPUB e-book"),
    "documents.kind.text": ("纯文本文件", "a plain text file"),
    "documents.kind.markdown": ("Markdown 文件", "a Markdown file"),
    "documents.kind.zip": ("ZIP 压缩包", "a ZIP file"),
    # the short tag after a document's name in the list, and in the import line
    "documents.format.text": ("纯文本", "text"),
    "documents.format.markdown": ("Markdown 文本", "Markdown"),
    "documents.format.docx": ("Word 文档", "DOCX"),
    "documents.format.pdf": ("PDF 文档", "PDF"),
    "documents.format.epub": ("EPUB 电子书", "EPUB"),
    "documents.binary.rtf": ("RTF 文档", "an RTF document"),
    "documents.binary.png": ("PNG 图片", "a PNG image"),
    "documents.binary.jpeg": ("JPEG 图片", "a JPEG image"),
    "documents.binary.gif": ("GIF 图片", "a GIF image"),
    "documents.binary.tiff": ("TIFF 图片", "a TIFF image"),
    "documents.binary.gzip": ("gzip 压缩包", "a gzip archive"),
    "documents.binary.rar": ("RAR 压缩包", "a RAR archive"),
    "documents.binary.7z": ("7-Zip 压缩包", "a 7-Zip archive"),
    "documents.binary.sqlite": ("SQLite 数据库", "an SQLite database"),
    "documents.binary.elf": ("程序文件", "a program"),
    "documents.binary.exe": ("Windows 程序", "a Windows program"),
    "documents.binary.zip_any": ("ZIP 压缩包（Word 的 .docx、.epub、.xlsx 文件都是这种格式）",
                                 "a ZIP archive (a Word .docx, an .epub or an .xlsx file is one)"),
    "documents.binary.old_office": ("旧版 Microsoft Office 文件（.doc、.xls）", "an old Microsoft Office file (.doc, .xls)"),
    "documents.fix.rtf": ("请用 Word 或 WPS 打开，另存为 .docx（或纯文本 .txt）。",
                          "Open it in Word or WPS and save it as .docx (or as plain text, .txt)."),
    "documents.fix.ocr": (_OCR_ZH, _OCR_EN),
    "documents.fix.extract": ("请先解压，再导入里面的文档。", "Extract it first and import the documents inside."),
    "documents.fix.choose_document": ("请选择文档（.txt、.md、.docx、.pdf、.epub）。",
                                      "Choose a document (.txt, .md, .docx, .pdf, .epub)."),
    # ---- finding the file ----
    "documents.folder": ("“{path}”是文件夹，不是文件。请选择里面的文档。",
                         "“{path}” is a folder, not a file. Pick the documents inside it."),
    "documents.missing": ("“{path}”不存在。请检查路径，或重新选择文件。",
                          "“{path}” does not exist. Check the path, or pick the file again."),
    "documents.permission": ("“{path}”无法读取：没有权限。请检查文件的权限。",
                             "“{path}” cannot be read: permission denied. Check the file's permissions."),
    "documents.os_error": ("“{path}”无法读取：{error}。", "“{path}” cannot be read: {error}."),
    "documents.empty": ("“{path}”是空文件（0 字节）。请选择有文字的文件。",
                        "“{path}” is empty (0 bytes). Choose a file that contains text."),
    # ---- what the content says it is ----
    "documents.office_encrypted": (
        "“{path}”是设了密码的 Office 文档，无法读取。请用 Word 或 WPS 打开，去掉密码（文件 → 信息 → 保护文档 → "
        "用密码进行加密：清空），另存为 .docx 后再导入。",
        "“{path}” is a password-protected Office document, which cannot be read. Open it in Word or WPS, "
        "remove the password (File → Info → Protect Document → Encrypt with Password: clear it), "
        "save it as .docx and import it again.",
    ),
    "documents.old_doc": (
        "“{path}”是旧版 Word 文档（Word 97–2003 .doc），无法读取。" + _SAVE_AS_DOCX_ZH + "。",
        "“{path}” is an old Word document (Word 97–2003 .doc), which cannot be read. " + _SAVE_AS_DOCX_EN + ".",
    ),
    "documents.old_xls_ppt": (
        "“{path}”是旧版 Excel/PowerPoint 文件，不支持。请把其中的文字复制到 .docx 或 .txt 文件里再导入。",
        "“{path}” is an old Excel/PowerPoint file, which is not supported. "
        "Copy its text into a .docx or .txt file and import that.",
    ),
    "documents.old_office_named": (
        "“{path}”的扩展名是 {suffix}，实际却是旧版 Microsoft Office 文件（Word 97–2003 .doc，或 .xls/.ppt），无法读取。"
        + _SAVE_AS_DOCX_ZH + "。",
        "“{path}” is named {suffix} but is an old Microsoft Office file "
        "(Word 97–2003 .doc, or .xls/.ppt), which cannot be read. " + _SAVE_AS_DOCX_EN + ".",
    ),
    "documents.old_office_no_ext": (
        "“{path}”没有扩展名，实际是旧版 Microsoft Office 文件（Word 97–2003 .doc，或 .xls/.ppt），无法读取。"
        + _SAVE_AS_DOCX_ZH + "。",
        "“{path}” is named without an extension but is an old Microsoft Office file "
        "(Word 97–2003 .doc, or .xls/.ppt), which cannot be read. " + _SAVE_AS_DOCX_EN + ".",
    ),
    "documents.zip_damaged": (
        "“{path}”看起来是{what}，但已损坏，打不开。" + _GET_AGAIN_ZH,
        "“{path}” looks like {what} but is damaged and cannot be opened ({error}). It may have been "
        "cut off while downloading or copying: get the file again, or open it in the program "
        "that made it and save it again.",
    ),
    "documents.xlsx": ("“{path}”是 Excel 表格，不支持。请把文字复制到 .docx 或 .txt 文件里再导入。",
                       "“{path}” is an Excel workbook, which is not supported. Copy the text into a "
                       ".docx or .txt file and import that."),
    "documents.pptx": ("“{path}”是 PowerPoint 演示文稿，不支持。请另存为 PDF（文件 → 另存为 → PDF）再导入 PDF。",
                       "“{path}” is a PowerPoint presentation, which is not supported. Save it as PDF "
                       "(File → Save As → PDF) and import the PDF."),
    "documents.odf": ("“{path}”是 OpenDocument 文件（LibreOffice/WPS），不支持。请另存为 Word 文档（.docx）再导入。",
                      "“{path}” is an OpenDocument file (LibreOffice/WPS), which is not supported. "
                      "Save it as a Word document (.docx) and import that."),
    "documents.zip_not_kind": (
        "“{path}”的扩展名是 {suffix}，但它不是{what}：它是一个缺少{what}应有内容的 ZIP 压缩包。"
        "可能已损坏或被改过名；如果是压缩包，请解压后导入里面的文档。",
        "“{path}” is named {suffix} but is not {what}: it is a ZIP archive without the parts "
        "{what} has. It may be damaged or renamed; if it is an archive, extract it and import "
        "the documents inside.",
    ),
    "documents.zip_archive": ("“{path}”是 ZIP 压缩包，不是文档。请解压后导入里面的文档。",
                              "“{path}” is a ZIP archive, not a document. Extract it and import the documents inside."),
    "documents.other_binary": ("“{path}”是{what}，不是文档。{fix}", "“{path}” is {what}, not a document. {fix}"),
    "documents.not_format": (
        "“{path}”的扩展名是 {suffix}，但它不是{what}：内容的开头和{what}不一样。文件可能已损坏、"
        "下载不完整，或是从别的格式改名来的：请重新获取，或用生成它的程序打开后重新保存。",
        "“{path}” is named {suffix} but is not {what}: its content does not start "
        "the way {what} does. The file may be damaged, cut off while "
        "downloading, or renamed from another format: get it again, or open it in the program "
        "that made it and save it again.",
    ),
    "documents.doc_not_word": (
        "“{path}”的扩展名是 .doc，但它不是 Word 文档。" + _SAVE_AS_DOCX_ZH + "，或另存为纯文本（.txt）。",
        "“{path}” is named .doc but is not a Word document. " + _SAVE_AS_DOCX_EN + ", or save it as plain text (.txt).",
    ),
    "documents.renamed": ("“{name}”的扩展名是 {suffix}，实际是{what}：已按{what}导入。",
                          "“{name}” is named {suffix} but is {what}: imported as {what}."),
    # ---- plain text ----
    "documents.txt.folder": ("“{path}”是文件夹，不是文件。请选择里面的 .txt 或 .md 文件。",
                             "“{path}” is a folder, not a file. Pick a .txt or .md file inside it."),
    "documents.txt.bad_bom": (
        "“{path}”开头标着 {bom} 编码，内容却不是有效的 {bom}（第 {offset} 字节处出错）。请用文本编辑器打开，另存为 UTF-8。",
        "“{path}” starts with a {bom} byte-order mark but is not valid {bom} "
        "(bad bytes at offset {offset}). Open it in a text editor and save it again as UTF-8.",
    ),
    "documents.txt.looks_like": ("“{path}”不是纯文本文件：它看起来是{what}。{fix}",
                                 "“{path}” is not a plain text file: it looks like {what}. {fix}"),
    "documents.txt.fix_zip": (
        "如果它是 Word 文档或电子书，请改回真正的扩展名（.docx、.epub）再导入；否则请用生成它的程序打开，另存为纯文本（.txt）。",
        "If it is a Word document or an e-book, give it its real extension (.docx, .epub) and import it "
        "as that; otherwise open it in the program that made it and save it as plain text (.txt).",
    ),
    "documents.txt.fix_pdf": ("请把扩展名改成 .pdf 按 PDF 导入，或用生成它的程序打开，另存为纯文本（.txt）。",
                              "Give it the .pdf extension and import it as a PDF, or open it in the program "
                              "that made it and save it as plain text (.txt)."),
    "documents.txt.fix_office": ("请用 Word 打开，另存为 .docx 或纯文本（.txt）。",
                                 "Open it in Word and save it as .docx or plain text (.txt)."),
    "documents.txt.fix_rtf": ("请用文字处理软件打开，另存为 .docx 或纯文本（.txt）。",
                              "Open it in a word processor and save it as .docx or plain text (.txt)."),
    "documents.txt.fix_image": ("请选择文本文件本身。", "Choose the text file itself."),
    "documents.txt.fix_extract": ("请先解压，再导入里面的文本文件。", "Extract it first and import the text file inside."),
    "documents.txt.fix_sqlite": ("请选择 .txt 或 .md 文件。", "Choose a .txt or .md file."),
    "documents.txt.nul": (
        "“{path}”不是文本文件：里面有空字节（NUL），看起来是二进制文件（或没有字节顺序标记的 UTF-16 文本）。"
        "请用文本编辑器打开，另存为 UTF-8 纯文本。",
        "“{path}” is not a text file: it contains NUL bytes, so it looks like a binary file "
        "(or UTF-16 text saved without a byte-order mark). "
        "Open it in a text editor and save it as UTF-8 plain text.",
    ),
    "documents.txt.control": (
        "“{path}”不是文本文件：里面满是控制字符，看起来是二进制文件。请用生成它的程序打开，另存为纯文本（.txt）。",
        "“{path}” is not a text file: it is full of control bytes, so it looks like a binary file. "
        "Open it in the program that made it and save it as plain text (.txt).",
    ),
    "documents.txt.encoding": (
        "认不出“{path}”的文字编码：它不是 UTF-8、UTF-16、GBK/GB18030 或 Big5。请用文本编辑器打开，另存为 UTF-8。",
        "Cannot tell the text encoding of “{path}”: it is not UTF-8, UTF-16, GBK/GB18030 or Big5. "
        "Open it in a text editor and save it as UTF-8.",
    ),
    "documents.txt.blank": ("“{path}”里没有文字，只有空白。请选择有文字的文件。",
                            "“{path}” contains no text, only whitespace. Choose a file that contains text."),
    # ---- Word ----
    "documents.docx.macro": ("“{path}”是带宏的 Word 文档或模板，无法读取。请用 Word 打开，另存为 Word 文档（.docx）。",
                             "“{path}” is a macro-enabled Word document or a template, which cannot be read. "
                             "Open it in Word and save it as a Word document (.docx)."),
    "documents.docx.unreadable": ("“{path}”不是能读取的 Word 文档。请用 Word 或 WPS 打开，重新另存为 .docx。",
                                  "“{path}” is not a Word document that can be read ({error}). Open it in Word or WPS "
                                  "and save it as .docx again."),
    "documents.docx.damaged": ("“{path}”是损坏的 Word 文档，无法读取。请用 Word 或 WPS 打开（它们可能会修复），"
                               "再重新另存为 .docx。",
                               "“{path}” is a damaged Word document and cannot be read ({error}). Open it in "
                               "Word or WPS (which may repair it) and save it again as .docx."),
    "documents.docx.no_text": ("“{path}”里没有文字（正文是空的，或只有图片、文本框）。请选择有文字的文档。",
                               "“{path}” contains no text (its body is empty, or holds only images or text "
                               "boxes). Choose a document that contains text."),
    # ---- PDF ----
    "documents.pdf.aes": ("“{path}”用 AES 加密，打开它需要“cryptography”组件：请安装（pip install cryptography）后再导入。",
                          "“{path}” is encrypted with AES, which needs the “cryptography” package to open: "
                          "install it (pip install cryptography) and import the file again."),
    "documents.pdf.damaged": (
        "“{path}”是损坏的 PDF，无法读取。文件可能在下载或复制时被截断了：请重新获取，"
        "或用 PDF 阅读器打开后“打印”成新的 PDF。",
        "“{path}” is a damaged PDF and cannot be read ({error}). It may have been cut off while "
        "downloading or copying: get the file again, or open it in a PDF viewer and print it "
        "to a new PDF.",
    ),
    "documents.pdf.encryption": ("“{path}”的加密方式打不开。",
                                 "“{path}” is encrypted in a way that cannot be opened ({error})."),
    "documents.pdf.wrong_password": ("“{path}”的密码不对。请输入在 PDF 阅读器里能打开它的密码。",
                                     "The password given for “{path}” is wrong. Enter the password that opens it in a "
                                     "PDF viewer."),
    "documents.pdf.password_needed": ("“{path}”已加密：需要密码才能打开。请提供密码（命令行用 --password）后再导入。",
                                      "“{path}” is encrypted: it needs a password to open. Give the password "
                                      "(--password on the command line) and import it again."),
    "documents.pdf.pages_lost": ("“{path}”是损坏的 PDF：找不到它的页面。请重新获取，或用 PDF 阅读器打开后“打印”成新的 PDF。",
                                 "“{path}” is a damaged PDF: its pages cannot be found ({error}). Get the file again, "
                                 "or open it in a PDF viewer and print it to a new PDF."),
    "documents.pdf.no_pages": ("“{path}”没有页面。请选择有文字的 PDF。", "“{path}” has no pages. Choose a PDF that contains text."),
    "documents.pdf.all_failed": ("“{path}”是损坏的 PDF：{n} 页都读不出来。请重新获取，或用 PDF 阅读器打开后“打印”成新的 PDF。",
                                 "“{path}” is a damaged PDF: none of its {n} pages can be read. Get the file again, "
                                 "or open it in a PDF viewer and print it to a new PDF."),
    "documents.pdf.scanned": (
        "“{path}”没有文字层：{n} 页全是图片（是扫描件吗？）。暂不支持文字识别（OCR）：请先用 OCR 软件"
        "（如 ocrmypdf）给它加上文字层，或导入文字版。",
        {"one": "“{path}” has no text layer: its {n} page is only images (a scanned "
                "document?). OCR is not supported yet: run it through an OCR program that adds a text "
                "layer (e.g. ocrmypdf), or import a text version.",
         "other": "“{path}” has no text layer: its {n} pages are only images (a scanned "
                  "document?). OCR is not supported yet: run it through an OCR program that adds a text "
                  "layer (e.g. ocrmypdf), or import a text version."},
    ),
    "documents.pdf.pages_failed": ("“{name}”的第 {pages} 页读不出来，已跳过",
                                   "pages {pages} of “{name}” could not be read and were skipped"),
    "documents.pdf.pages_empty": ("“{name}”的第 {pages} 页没有文字（只有图片？），已跳过",
                                  "pages {pages} of “{name}” have no text (images only?) and were skipped"),
    # ---- EPUB ----
    "documents.epub.damaged": ("“{path}”是损坏的 EPUB，无法读取。请重新获取，或用电子书软件（如 Calibre）重新转换成 EPUB。",
                               "“{path}” is a damaged EPUB and cannot be read ({error}). Get the file again, or "
                               "open it in an e-book program (e.g. Calibre) and convert it to EPUB again."),
    "documents.epub.no_package": ("“{path}”是损坏的 EPUB：缺少列出章节的目录文件（.opf）。请重新获取，或用电子书软件重新转换成 EPUB。",
                                  "“{path}” is a damaged EPUB: it has no package (.opf) file listing its chapters. "
                                  "Get the file again, or convert it to EPUB again in an e-book program."),
    "documents.epub.no_spine": ("“{name}”没有阅读顺序（spine），各章按列出的顺序读取",
                                "“{name}” has no reading order (spine); its chapters were read in listed order"),
    "documents.epub.drm": ("“{path}”有 DRM 版权保护：章节是加密的，无法读取。请导入没有 DRM 的版本。",
                           "“{path}” is DRM-protected: its chapters are encrypted and cannot be read. "
                           "Import a copy without DRM."),
    "documents.epub.missing_chapters": ("“{name}”里列出的 {n} 个章节文件不见了，已跳过",
                                        {"one": "{n} chapter file listed in “{name}” is missing from it and was skipped",
                                         "other": "{n} chapter files listed in “{name}” are missing from it and were skipped"}),
    "documents.epub.no_text": ("“{path}”里没有文字（章节是空的或只有图片）。请选择有文字的书。",
                               "“{path}” contains no text (its chapters are empty or only images). "
                               "Choose a book that contains text."),
    # ---- how documents are cut into chunks (--size/--overlap, the generate options) ----
    "documents.chunk_size": ("文本段长度要是不小于 1 的整数字数（现在是 {value}）。",
                             "Chunk size must be a whole number of characters, at least 1 (got {value})."),
    "documents.chunk_overlap": ("相邻文本段的重叠字数要不小于 0，且小于文本段长度 {size}（现在是 {value}）。",
                                "Chunk overlap must be at least 0 and smaller than the chunk size {size} (got {value})."),
    # ---- the import as a whole ----
    "documents.unexpected": (
        "“{path}”读不出来。文件可能已损坏，或是这个版本读不了的形式：请用生成它的程序打开，"
        "重新保存（或另存为 .docx/.txt）后导入。",
        "“{path}” could not be read ({error}). The file may be damaged or in a "
        "form this version cannot read: open it in the program that made it, save it again "
        "(or as .docx/.txt) and import that.",
    ),
    "documents.too_large": ("“{path}”太大，可用内存不够导入它。", "“{path}” is too large to import in the memory available."),
    "documents.imported_encoding": ("已导入 {path}：{chars:,} 字，{chunks:,} 个文本段（{encoding}），来源 #{source_id}",
                                    "imported {path}: {chars} characters, {chunks} chunks ({encoding}), source #{source_id}"),
    "documents.imported_format": ("已导入 {path}：{chars:,} 字，{chunks:,} 个文本段（{format}），来源 #{source_id}",
                                  "imported {path}: {chars} characters, {chunks} chunks ({format}), source #{source_id}"),
    "documents.imported_pages": ("已导入 {path}：{chars:,} 字，{chunks:,} 个文本段（{format}，{pages} 页），来源 #{source_id}",
                                 "imported {path}: {chars} characters, {chunks} chunks ({format}, {pages} pages), "
                                 "source #{source_id}"),
    "documents.failed": ("未导入：{message}", "failed: {message}"),
    "documents.cleaned": ("已清理：{what}", "cleaned: {what}"),
    "documents.removed.page_numbers": ("页码 {n:,} 处", {"one": "{n:,} page number", "other": "{n:,} page numbers"}),
    "documents.removed.headers": ("页眉页脚 {n:,} 行", {"one": "{n:,} header/footer line", "other": "{n:,} header/footer lines"}),
    "documents.removed.joined": ("接回断行 {n:,} 处", {"one": "{n:,} line break joined", "other": "{n:,} line breaks joined"}),
}
