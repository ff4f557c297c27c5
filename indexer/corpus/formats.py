"""Turn a resolution file of any supported format into text for the layout cleanup.

Text and markdown are decoded (:func:`indexer.corpus.reader.decode`); Word files are
read with python-docx and PDFs with pdfminer.six. Whatever the format, the text then
goes through the same cleanup, so a PDF's page headers and hard wraps are
handled as in the text seeds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from indexer.errors import UnreadableFile

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
    blocks: list[str] = []
    for para in doc.paragraphs:
        text = para.text.strip()
        if not text:
            continue
        style = (para.style.name or "").lower() if para.style is not None else ""
        if style.startswith("heading") or style == "title":
            blocks.append(f"**{text}**")
        else:
            blocks.append(text)
    for table in doc.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells]
            if any(cells):
                blocks.append("| " + " | ".join(cells) + " |")
    return "\n\n".join(blocks)


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
    for bad in root.xpath("//script|//style|//noscript|//nav|//header[@role='banner']|//footer|//head"):
        bad.drop_tree()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks: list[str] = []
    for el in root.iter("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "pre", "blockquote", "dt", "dd"):
        if el.tag == "tr":
            cells = [" ".join(c.text_content().split()) for c in el if c.tag in ("td", "th")]
            if any(cells):
                blocks.append("| " + " | ".join(cells) + " |")
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
