"""Turn a resolution file of any supported format into text for the layout cleanup.

Text and markdown are decoded (:func:`indexer.corpus.reader.decode`); Word files are
read with python-docx and PDFs with pdfminer.six. Whatever the format, the text then
goes through the same cleanup, so a PDF's page headers and hard wraps are
handled as in the text seeds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from indexer.errors import UnreadableFile

if TYPE_CHECKING:  # python-docx is imported only when a Word file is read
    from docx.document import Document as DocxDocument
    from docx.table import Table, _Cell
    from lxml.html import HtmlElement

TEXT_SUFFIXES = {".txt", ".md"}
WORD_SUFFIXES = {".docx"}
DOC_SUFFIXES = {".doc"}
HTML_SUFFIXES = {".html", ".htm"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED = TEXT_SUFFIXES | WORD_SUFFIXES | DOC_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES
ANTIWORD_HINT = "apt-get install antiword"


def docx_text(data_path: Path) -> str:
    """Paragraphs and table rows of a .docx, one block each."""
    import zipfile  # noqa: PLC0415

    from docx import Document as Docx  # noqa: PLC0415
    from docx.opc.exceptions import PackageNotFoundError  # noqa: PLC0415
    from lxml.etree import LxmlError  # noqa: PLC0415

    try:
        doc = Docx(str(data_path))
    except (zipfile.BadZipFile, PackageNotFoundError, LxmlError, KeyError, ValueError, OSError) as exc:
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        if isinstance(exc, PackageNotFoundError):
            reason = "not a Word package"  # python-docx's message names a temporary path
        raise UnreadableFile(f"{data_path.name}: not a readable Word file ({reason})") from None
    notes = _docx_footnotes(doc)
    blocks = _docx_blocks(doc)
    blocks += [f"⁽{label.translate(_SUPERSCRIPT)}⁾ {text}" for label, text in notes.items()]
    return "\n\n".join(blocks)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _docx_footnotes(doc: DocxDocument) -> dict[str, str]:
    """Word's footnotes (word/footnotes.xml) by their number: a resolution gives a cited
    document's date and issuer there ("¹ Nghị quyết số 59-NQ/TW, ngày 24/01/2025 của Bộ Chính
    trị …"). They are written after the text as "⁽¹⁾ …" notes, which the layout lifts out
    like a markdown conversion's, each knowing the paragraph whose mark cites it."""
    from lxml import etree  # noqa: PLC0415

    part = next((r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/footnotes")), None)
    if part is None:
        return {}
    notes: dict[str, str] = {}
    for note in etree.fromstring(part.blob).iter(f"{_W}footnote"):
        label = note.get(f"{_W}id", "")
        text = " ".join("".join(t.text or "" for t in p.iter(f"{_W}t")).strip() for p in note.iter(f"{_W}p"))
        if label.isdigit() and int(label) > 0 and text.strip():
            notes[label] = " ".join(text.split())
    return notes


def _paragraph_text(item: object) -> str:
    """A paragraph's text with its footnote marks kept in place as "⁽¹⁾" (python-docx drops them)."""
    element = item._p  # type: ignore[attr-defined]
    if element.find(f".//{_W}footnoteReference") is None:
        return item.text  # type: ignore[attr-defined]
    parts: list[str] = []
    for node in element.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}footnoteReference"):
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        elif node.tag == f"{_W}footnoteReference":
            parts.append(f"⁽{node.get(f'{_W}id', '').translate(_SUPERSCRIPT)}⁾")
        else:
            parts.append(" " if node.tag == f"{_W}tab" else "\n")
    return "".join(parts)


def _docx_blocks(container: DocxDocument | _Cell) -> list[str]:
    """The blocks of a document (or a cell), paragraphs and tables in the order they stand."""
    from docx.table import Table  # noqa: PLC0415

    blocks: list[str] = []
    for item in container.iter_inner_content():
        if isinstance(item, Table):
            blocks.extend(_table_blocks(item))
            continue
        text = _paragraph_text(item).strip()
        if not text:
            continue
        style = (item.style.name or "").lower() if item.style is not None else ""
        blocks.append(f"**{text}**" if style.startswith("heading") or style == "title" else text)
    return blocks


def _table_blocks(table: Table) -> list[str]:
    """A table's rows as ``| a | b |`` lines; a layout table's cells as blocks of their own.

    Word sets a party document's header (issuing body, ``*``, number beside the
    party title, place and date) and its signature (Nơi nhận beside T/M, title,
    name) in borderless two-cell tables. Read as rows, each cell's lines would be
    run together into one table row; read cell by cell (left then right), they
    are the left-block-then-right-block arrangement the header and closing
    readers know.
    """
    rows = []
    for row in table.rows:
        seen: set[int] = set()
        cells = []
        for cell in row.cells:  # a merged cell is repeated once per grid column
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(cell)
        rows.append(cells)
    if _is_layout_table(rows):
        blocks = ["\n".join(_docx_blocks(cell)) for cells in rows for cell in cells]
        return [b for b in blocks if b]
    out = []
    for cells in rows:
        texts = [c.text.strip() for c in cells]
        if any(texts):
            out.append("| " + " | ".join(texts) + " |")
    return out


def _is_layout_table(rows: list[list[_Cell]]) -> bool:
    """A table that only places the header or the signature: few cells, holding the standard's words."""
    from indexer.corpus import metadata  # noqa: PLC0415

    if not rows or len(rows) > 4 or max(len(cells) for cells in rows) > 3:
        return False
    lines = [p.text.strip() for cells in rows for cell in cells for p in cell.paragraphs]
    return any(metadata.is_anchor(t) or metadata.is_closing_line(t) for t in lines if t)


def doc_text(path: Path) -> str:
    """A Word 97–2003 file's text, read by Debian's ``antiword`` (UTF-8 out, paragraphs kept)."""
    import shutil  # noqa: PLC0415
    import subprocess  # noqa: PLC0415

    binary = shutil.which("antiword")
    if not binary:
        raise UnreadableFile(f"{path.name}: reading .doc files needs antiword: {ANTIWORD_HINT}")
    try:
        out = subprocess.run(
            [binary, "-m", "UTF-8.txt", "-w", "0", str(path)], capture_output=True, timeout=300, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise UnreadableFile(f"{path.name}: antiword failed ({exc})") from None
    text = out.stdout.decode("utf-8", errors="replace")
    if out.returncode != 0 or not text.strip():
        reason = out.stderr.decode("utf-8", errors="replace").strip().splitlines()[:1] or ["no text"]
        raise UnreadableFile(f"{path.name}: not a readable Word 97-2003 file ({reason[0][:120]})")
    return text


def html_text(data: bytes, name: str) -> str:
    """The visible text of a saved web page, one block per paragraph, cell row or heading.

    Parsed by lxml's HTML parser (a real parser: broken markup, entities,
    ``<meta charset>``); scripts, styles and navigation are dropped.
    """
    import lxml.html  # noqa: PLC0415
    from lxml.etree import LxmlError  # noqa: PLC0415

    try:
        source: bytes | str = data.decode("utf-8")  # most saved pages; lxml alone would guess Latin-1
    except UnicodeDecodeError:
        source = data  # let the parser read <meta charset>
    try:
        try:
            root = lxml.html.document_fromstring(source)
        except ValueError:  # a str that declares its encoding: hand lxml the bytes
            root = lxml.html.document_fromstring(data)
    except (LxmlError, ValueError) as exc:
        raise UnreadableFile(f"{name}: not a readable HTML page ({exc})") from None
    _drop_page_chrome(root)
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for p in root.xpath("//td//p|//th//p|//td//div|//th//div"):  # a cell's paragraphs are its lines
        p.tail = "\n" + (p.tail or "")
    blocks: list[str] = []
    for el in root.iter("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "pre", "blockquote", "dt", "dd"):
        if el.tag == "tr":
            blocks.extend(_html_row(el))
            continue
        if el.xpath("ancestor::tr|ancestor::p|ancestor::li"):
            continue
        text = "\n".join(" ".join(x.split()) for x in el.text_content().split("\n")).strip()
        if text:
            blocks.append(f"**{text}**" if el.tag in ("h1", "h2", "h3") else text)
    if not blocks:
        text = root.text_content().strip()
        blocks = [text] if text else []
    if not blocks:
        raise UnreadableFile(f"{name}: the HTML page has no text")
    return "\n\n".join(blocks)


# A portal's own parts around a document, named by their class or id: a list of other
# documents, the site's footer, menus, sharing buttons. Whole tokens only ("footer-vb" stays).
_CHROME = frozenset(
    "related footer sidebar menu navbar breadcrumb breadcrumbs share social comments comment tags widget banner".split()
)


def _drop_page_chrome(root: HtmlElement) -> None:
    """Remove what is the page's and not the document's: scripts, menus, headers, footers, sidebars."""
    chrome = "//script|//style|//noscript|//nav|//aside|//header[@role='banner']|//footer|//head"
    for bad in [*root.xpath(chrome), *(el for el in root.iter() if _is_page_chrome(el))]:
        if bad.getparent() is not None:
            bad.drop_tree()


def _is_page_chrome(el: HtmlElement) -> bool:
    if not isinstance(el.tag, str):
        return False
    tokens = [*(el.get("class") or "").lower().split(), (el.get("id") or "").lower()]
    return any(t in _CHROME for t in tokens)


def _html_row(tr: HtmlElement) -> list[str]:
    """A table row as ``| a | b |``; in a layout table (header or signature), each cell's lines as a block.

    As in Word files (:func:`_table_blocks`): a web page sets the header and the
    signature in two-cell tables, one line per ``<br>`` or ``<p>`` in a cell.
    """
    from indexer.corpus import metadata  # noqa: PLC0415

    cells = [c for c in tr if c.tag in ("td", "th")]
    table = next(tr.iterancestors("table"), None)
    rows = table.xpath(".//tr") if table is not None else [tr]
    lines = [[x.strip() for x in c.text_content().split("\n") if x.strip()] for c in cells]
    if len(rows) <= 4 and len(cells) <= 3:
        if any(metadata.is_anchor(t) or metadata.is_closing_line(t) for cell in lines for t in cell):
            return ["\n".join(" ".join(t.split()) for t in cell) for cell in lines if cell]
    texts = [" ".join(c.text_content().split()) for c in cells]
    return ["| " + " | ".join(texts) + " |"] if any(texts) else []


def pdf_text(path: Path, progress: Callable[[int, int, str], None] | None = None) -> str:
    """The text layer of a PDF, page after page; pages without one are OCR'd.

    pdfminer.six places characters by their positions, which keeps Vietnamese
    words whole where glyphs come from a fallback font (pypdf splits them:
    "NGH Ị  QUY Ế T"). A page with (almost) no text is a scan: it is rendered
    and read by Tesseract (:mod:`indexer.corpus.ocr`).
    """
    import logging  # noqa: PLC0415

    from pdfminer.high_level import extract_text  # noqa: PLC0415
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect  # noqa: PLC0415
    from pdfminer.pdfparser import PDFSyntaxError  # noqa: PLC0415
    from pdfminer.psparser import PSException  # noqa: PLC0415

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        text = extract_text(str(path))
    except (PDFEncryptionError, PDFPasswordIncorrect):
        raise UnreadableFile(f"{path.name}: the PDF is encrypted") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AssertionError, IndexError) as exc:
        raise UnreadableFile(f"{path.name}: not a readable PDF ({exc or type(exc).__name__})") from None
    except Exception as exc:  # pdfminer raises bare exceptions on some broken files
        if "encrypt" in str(exc).lower():
            raise UnreadableFile(f"{path.name}: the PDF is encrypted") from None
        raise UnreadableFile(f"{path.name}: not a readable PDF ({type(exc).__name__})") from None
    pages = text.split("\x0c")
    if pages and not pages[-1].strip():
        pages.pop()
    scans = [i for i, page in enumerate(pages) if sum(c.isalpha() for c in page) < 20]
    if scans:
        from indexer.corpus import ocr  # noqa: PLC0415

        for i, page in ocr.ocr_pages(path, scans, progress).items():
            pages[i] = page
    text = "\n\n".join(pages)
    if sum(c.isalpha() for c in text) < 20:
        raise UnreadableFile(f"{path.name}: no text found, even by OCR")
    return text
