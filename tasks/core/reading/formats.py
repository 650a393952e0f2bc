"""Readers of the formats that are not plain text: Word (.docx, and .doc/.wps through
LibreOffice), PDF (text layer, or OCR when it has none or it is garbage) and images (OCR).

Each returns the document's `Assembled` text (with table cells and OCR lines as spans) or
raises `UnreadableReport` with a message that names the file and says what to do.
"""

from __future__ import annotations

import io
import re
import zipfile

from tasks.core.reading.layout import Assembled, Line, assemble
from tasks.core.reading.limits import TooLarge, check_docx_xml
from tasks.core.reading.plausible import plausible


class UnreadableReport(Exception):
    """A report that cannot be read; the message is for the office clerk (Chinese)."""


ZIP = b"PK\x03\x04"
PDF = b"%PDF"
_WORDS = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]")
_HANZI = re.compile(r"[\u4e00-\u9fff]")
# A text layer with fewer words than this per page is no text layer (a scan with a stamp).
_MIN_WORDS_PER_PAGE = 20
# A Chinese report's letters are mostly hanzi; a text layer whose letters are not is a
# font mapped wrongly (GBK bytes shown as Latin-1: "¹¤»á"), however plausible each glyph.
_MIN_HANZI_SHARE = 0.3
_LEGACY_NAMES = {".doc": "Word 97-2003（.doc）", ".wps": "WPS（.wps）", ".dot": "Word 模板（.dot）"}
_LEGACY_NAMES |= {".rtf": "RTF（.rtf）", ".odt": "OpenDocument（.odt）"}


def is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


def read_docx(data: bytes, name: str) -> Assembled:
    from tasks.core.reading.docxtext import docx_lines  # python-docx loads lxml: when needed

    if not data.startswith(ZIP) or not is_docx(data):
        raise UnreadableReport(f"{name}：不是有效的 .docx 文件（可能已损坏或只是改了扩展名）")
    with zipfile.ZipFile(io.BytesIO(data)) as z:  # measured before python-docx parses any
        check_docx_xml({i.filename: i.file_size for i in z.infolist()})
    try:
        lines = docx_lines(data)
    except TooLarge:
        raise
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise UnreadableReport(
            f"{name}：Word 文件已损坏，无法读取（{type(exc).__name__}）"
        ) from exc
    if not any(line.text.strip() for line in lines):
        raise UnreadableReport(f"{name}：Word 文件中没有文字（可能只有图片）")
    return assemble(lines)


def read_legacy(data: bytes, name: str, suffix: str) -> Assembled:
    """A .doc, .wps, .rtf or .odt file, converted to .docx by LibreOffice, then read."""
    from tasks.core.reading.convert import ConversionFailed, ConverterMissing, convert_document

    kind = _LEGACY_NAMES.get(suffix, "旧版 Word/WPS")
    try:
        converted = convert_document(data, suffix if suffix in _LEGACY_NAMES else ".doc")
    except ConverterMissing as exc:
        raise UnreadableReport(
            f"{name}：{kind}文件需要 LibreOffice 才能读取，本机未安装。请安装 LibreOffice"
            "（见 README 的安装说明），或用 Word/WPS 把它另存为 .docx 后再放入"
        ) from exc
    except ConversionFailed as exc:
        raise UnreadableReport(
            f"{name}：{kind}文件无法转换（{exc}），可能已损坏，请用 Word/WPS 打开后另存为 .docx"
        ) from exc
    return read_docx(converted, name)


def read_pdf(data: bytes, name: str) -> tuple[Assembled, str]:
    """A PDF's text layer rebuilt; by OCR when it has none or it is garbage.

    Returns the text and how it was read: "pdf" or "pdf-ocr".
    """
    from tasks.core.reading.pdftext import pdf_lines

    if not data.startswith(PDF):
        raise UnreadableReport(f"{name}：不是有效的 PDF 文件（可能已损坏或只是改了扩展名）")
    try:
        lines, pages = pdf_lines(data), _page_count(data)
    except TooLarge:
        raise
    except PermissionError as exc:
        raise UnreadableReport(f"{name}：PDF 设有密码，无法读取，请提供未加密的文件") from exc
    except Exception as exc:  # pdfminer raises many kinds on a damaged file
        raise UnreadableReport(f"{name}：PDF 文件已损坏，无法读取（{type(exc).__name__}）") from exc
    text = "\n".join(line.text for line in lines)
    if usable_text_layer(text, pages):
        return assemble(lines), "pdf"
    return _ocr(name, "pdf", data), "pdf-ocr"


def read_image(data: bytes, name: str) -> Assembled:
    return _ocr(name, "image", data)


def usable_text_layer(text: str, pages: int = 1) -> bool:
    """Whether a PDF's text layer reads as a report: enough words, plausible characters,
    mostly hanzi among its letters (a wrong font mapping gives none of these).

    >>> usable_text_layer("新建工会组织42家，新发展会员3168人，培训职工5200余人次。")
    True
    >>> usable_text_layer("ÐÂ½¨¹¤»á×éÖ¯42¼Ò£¬ÐÂ·¢Õ¹»áÔ±3168ÈË£¬ÅàÑµÖ°¹¤5200ÓàÈË´Î")
    False
    """
    if len(_WORDS.findall(text)) < _MIN_WORDS_PER_PAGE * max(pages, 1) // 2:
        return False
    letters = sum(ch.isalpha() for ch in text)
    hanzi = len(_HANZI.findall(text))
    return plausible(text) and hanzi >= _MIN_HANZI_SHARE * letters


def _page_count(data: bytes) -> int:
    import pypdf

    try:
        return len(pypdf.PdfReader(io.BytesIO(data)).pages)
    except Exception:  # counting pages only sets the bar for "enough words"
        return 1


def _ocr(name: str, kind: str, data: bytes) -> Assembled:
    from tasks.core.reading.ocr import OcrMissing, ocr_image, ocr_pdf

    try:
        lines: list[Line] = ocr_pdf(data) if kind == "pdf" else ocr_image(data)
    except OcrMissing as exc:
        raise UnreadableReport(
            f"{name}：{'PDF 没有可用的文字层（可能是扫描件）' if kind == 'pdf' else '图片'}"
            f"需要文字识别（OCR），本机未安装 {exc}。请运行 pip install -e . 安装，"
            "或提供 Word 版"
        ) from exc
    except Exception as exc:  # a damaged image or page
        raise UnreadableReport(
            f"{name}：文件已损坏，无法做文字识别（{type(exc).__name__}）"
        ) from exc
    if len(_WORDS.findall("".join(line.text for line in lines))) < _MIN_WORDS_PER_PAGE:
        what = "PDF 没有文字层，文字识别（OCR）" if kind == "pdf" else "图片经文字识别（OCR）"
        raise UnreadableReport(
            f"{name}：{what}也没有读出文字（可能太模糊或不是报告），请提供 Word 版或更清晰的扫描件"
        )
    return assemble(lines)
