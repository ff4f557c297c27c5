"""Turn a resolution file of any supported format into text for the layout cleanup.

Text and markdown are decoded (:func:`indexer.reader.decode`); Word files are
read with python-docx and PDFs with pdfminer.six. Whatever the format, the text then
goes through the same cleanup, so a PDF's page headers and hard wraps are
handled as in the text seeds.
"""

from __future__ import annotations

from pathlib import Path

from indexer.errors import UnreadableFile

TEXT_SUFFIXES = {".txt", ".md"}
WORD_SUFFIXES = {".docx"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED = TEXT_SUFFIXES | WORD_SUFFIXES | PDF_SUFFIXES


def docx_text(data_path: Path) -> str:
    """Paragraphs and table rows of a .docx, one block each."""
    import zipfile  # noqa: PLC0415

    from docx import Document as Docx  # noqa: PLC0415

    try:
        doc = Docx(str(data_path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableFile(f"{data_path.name}: not a readable Word file ({exc})") from None
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


def pdf_text(path: Path) -> str:
    """The text layer of a PDF, page after page; a scanned PDF has none.

    pdfminer.six places characters by their positions, which keeps Vietnamese
    words whole where glyphs come from a fallback font (pypdf splits them:
    "NGH Ị  QUY Ế T").
    """
    import logging  # noqa: PLC0415

    from pdfminer.high_level import extract_text  # noqa: PLC0415
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect  # noqa: PLC0415
    from pdfminer.pdfparser import PDFSyntaxError  # noqa: PLC0415

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        text = extract_text(str(path))
    except (PDFEncryptionError, PDFPasswordIncorrect):
        raise UnreadableFile(f"{path.name}: the PDF is encrypted") from None
    except (PDFSyntaxError, ValueError, KeyError, TypeError, AssertionError) as exc:
        raise UnreadableFile(f"{path.name}: not a readable PDF ({exc or type(exc).__name__})") from None
    text = text.replace("\x0c", "\n\n")
    if sum(c.isalpha() for c in text) < 20:
        raise UnreadableFile(f"{path.name}: the PDF has no text layer (a scan?): run OCR on it first")
    return text
