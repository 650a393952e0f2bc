"""Turn the bytes of a report file into its text, or say plainly why it cannot be read.

Supported: `.txt` (UTF-8, UTF-8 with BOM, GB18030/GBK, UTF-16 with or without BOM),
`.docx` and `.pdf` with a text layer. Everything else raises `UnreadableReport` with a
Chinese message naming the file, because the person who reads it is an office clerk.

Offsets. Every figure offset indexes the text *returned here*. A byte-order mark is not
part of that text: it is dropped, so offset 0 is the first character after the BOM.
Nothing else is changed for `.txt` (line ends stay as stored), so `text[start:end]`
always reproduces a figure's text. For `.docx` the text is built from paragraphs and
table cells joined by "\\n"; for `.pdf` from the text layer with wrapped lines rejoined.

Encodings are never guessed blindly: each candidate must decode strictly *and* read as
plausible Chinese/ASCII; if none does, reading fails loudly instead of yielding mojibake.
"""

from __future__ import annotations

import errno
import io
import re
import zipfile

from tasks.core.reading.limits import TooLarge, check_chars, check_docx_xml
from tasks.core.reading.pdftext import pdf_text
from tasks.core.reading.plausible import plausibility, plausible


class UnreadableReport(Exception):
    """A report that cannot be read; the message is for the office clerk (Chinese)."""


# Appended to the encoding of a text whose last character was cut off; the report is read
# and the cut is listed as hidden content, since what followed is unknown.
TRUNCATED = "（末尾不完整）"


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office (.doc/.wps/.xls) container
_ZIP = b"PK\x03\x04"
_PDF = b"%PDF"

_LEGACY_WORD = "旧版 Word 格式（.doc）无法读取，请用 Word 或 WPS 另存为 .docx 后再放入"
_WPS = "WPS 格式（.wps）无法读取，请用 WPS 另存为 .docx 后再放入"
_MESSAGES = {
    ".doc": _LEGACY_WORD,
    ".wps": _WPS,
    ".dot": _LEGACY_WORD,
    ".rtf": "RTF 格式无法读取，请另存为 .docx 后再放入",
    ".odt": "OpenDocument 格式（.odt）无法读取，请另存为 .docx 后再放入",
    ".xls": "Excel 表格不是工作报告，请把报告另存为 .docx、.pdf 或 .txt",
    ".xlsx": "Excel 表格不是工作报告，请把报告另存为 .docx、.pdf 或 .txt",
    ".jpg": "图片无法读取文字，请提供 Word、带文字的 PDF 或文本文件",
    ".jpeg": "图片无法读取文字，请提供 Word、带文字的 PDF 或文本文件",
    ".png": "图片无法读取文字，请提供 Word、带文字的 PDF 或文本文件",
    ".zip": "压缩包无法直接读取，请解压后放入报告文件夹",
    ".rar": "压缩包无法直接读取，请解压后放入报告文件夹",
}


_OS_ERRORS = {
    errno.ENOENT: "文件不存在（可能在读取时被移走、删除，或是失效的快捷方式）",
    errno.EACCES: "没有读取权限，请让管理员开放该文件的读取权限",
    errno.EPERM: "没有读取权限，请让管理员开放该文件的读取权限",
    errno.ELOOP: "快捷方式（符号链接）互相指向，形成循环",
    errno.EISDIR: "这是一个文件夹，不是报告文件",
    errno.EIO: "磁盘或网络共享读取出错，请稍后再试或把文件复制到本机",
}


def os_error_message(name: str, exc: OSError) -> str:
    """Why a file could not be opened, in the clerk's words (strerror is English).

    >>> os_error_message("a.txt", PermissionError(13, "Permission denied"))
    'a.txt：无法读取，没有读取权限，请让管理员开放该文件的读取权限'
    """
    reason = _OS_ERRORS.get(exc.errno or 0, f"{exc.strerror or exc}")
    return f"{name}：无法读取，{reason}"


def decode_report(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding name) of a report's bytes; `name` picks the format.

    >>> decode_report("工会".encode("gb18030"), "a.txt")
    ('工会', 'gb18030')
    >>> decode_report(b"\\xef\\xbb\\xbf2021", "a.txt")
    ('2021', 'utf-8-sig')
    """
    try:
        text, encoding = _decode_report(data, name)
        check_chars(len(text))
    except TooLarge as exc:
        raise UnreadableReport(f"{name}：{exc}，已跳过") from exc
    return text, encoding


def _decode_report(data: bytes, name: str) -> tuple[str, str]:
    suffix = _suffix(name)
    if not data.strip():
        raise UnreadableReport(f"{name}：文件是空的，没有任何文字")
    if data.startswith(_OLE):
        raise UnreadableReport(f"{name}：{_MESSAGES['.wps' if suffix == '.wps' else '.doc']}")
    if suffix == ".docx" or (suffix != ".pdf" and data.startswith(_ZIP) and _is_docx(data)):
        return _docx_text(data, name), "docx"
    if suffix == ".pdf" or data.startswith(_PDF):
        return _pdf_text(data, name), "pdf"
    if suffix in _MESSAGES:
        raise UnreadableReport(f"{name}：{_MESSAGES[suffix]}")
    if suffix not in (".txt", ".text", ""):
        raise UnreadableReport(
            f"{name}：不支持 {suffix} 文件，请提供 .docx、带文字的 .pdf 或 .txt 文本"
        )
    return decode_text(data, name)


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Decode plain text: BOM first, then UTF-8, UTF-16 and GB18030, each checked.

    Also used for `manifest.csv`, which Excel saves as GBK or UTF-8 with BOM.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], enc.replace("-sig", ""))
            # A BOM is strong evidence: do not also demand simplified hanzi.
            if text is not None and plausible(text, check_hanzi=False):
                return text, enc
            raise UnreadableReport(f"{name}：文件开头标明为 {enc} 编码，但内容无法按此编码读取")
    # UTF-8 first: random bytes almost never form valid UTF-8, so validity is proof enough
    # once the text is not binary.
    text = _strict(data, "utf-8")
    if text is not None and plausible(text, check_hanzi=False):
        return text, "utf-8"
    cut = _utf8_cut_short(data)
    if cut is not None and plausible(cut, check_hanzi=False):
        return cut, "utf-8" + TRUNCATED
    scored = []
    for enc in ("utf-16-le", "utf-16-be", "gb18030"):
        text = _strict(data, enc)
        if text is not None and plausible(text):
            scored.append((plausibility(text), enc, text))
    if scored:
        _, enc, text = max(scored)
        return text, enc
    if _looks_binary(data):
        raise UnreadableReport(f"{name}：不是文本文件（可能是图片或其他二进制文件），无法读取")
    raise UnreadableReport(
        f"{name}：无法确定文字编码（不是 UTF-8、GBK/GB18030 或 UTF-16{_where_utf8_breaks(data)}），"
        "请用记事本打开后另存为 UTF-8 编码"
    )


def _utf8_cut_short(data: bytes) -> str | None:
    """UTF-8 whose only flaw is a character cut off at the very end (a copy interrupted)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            return _strict(data[: exc.start], "utf-8")
    return None


def _where_utf8_breaks(data: bytes) -> str:
    """Where mostly-UTF-8 text stops being UTF-8: the line a clerk should look at when two
    encodings were pasted into one file."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        head = data[: exc.start]
        if exc.start and _strict(head, "utf-8") is not None:
            line = head.count(b"\n") + 1
            return f"；从第 {line} 行起不是 UTF-8，可能混用了两种编码"
    return ""


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > name.replace("\\", "/").rfind("/") else ""


def _strict(data: bytes, encoding: str) -> str | None:
    if encoding.startswith("utf-16") and len(data) % 2:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    controls = sum(b < 9 or 13 < b < 32 for b in sample)
    return b"\x00" in sample or controls / len(sample) > 0.05


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


def _docx_sizes(data: bytes) -> dict[str, int]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.filename: i.file_size for i in z.infolist()}


def _docx_text(data: bytes, name: str) -> str:
    from tasks.core.reading.docxtext import docx_text  # python-docx loads lxml: only when needed

    if not data.startswith(_ZIP) or not _is_docx(data):
        raise UnreadableReport(f"{name}：不是有效的 .docx 文件（可能已损坏或只是改了扩展名）")
    check_docx_xml(_docx_sizes(data))  # before python-docx parses any of it
    try:
        text = docx_text(data)
    except TooLarge:
        raise
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise UnreadableReport(
            f"{name}：Word 文件已损坏，无法读取（{type(exc).__name__}）"
        ) from exc
    if not text.strip():
        raise UnreadableReport(f"{name}：Word 文件中没有文字（可能只有图片）")
    return text


_WORDS = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]")


def _pdf_text(data: bytes, name: str) -> str:
    if not data.startswith(_PDF):
        raise UnreadableReport(f"{name}：不是有效的 PDF 文件（可能已损坏或只是改了扩展名）")
    try:
        text = pdf_text(data)
    except TooLarge:
        raise
    except PermissionError as exc:
        raise UnreadableReport(f"{name}：PDF 设有密码，无法读取，请提供未加密的文件") from exc
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        raise UnreadableReport(f"{name}：PDF 文件已损坏，无法读取（{type(exc).__name__}）") from exc
    if len(_WORDS.findall(text)) < 20:
        raise UnreadableReport(
            f"{name}：PDF 没有文字层（可能是扫描件或图片），请提供 Word 版，或先做文字识别（OCR）"
        )
    return text
