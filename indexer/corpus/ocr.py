"""Read the pages of a scanned PDF with Tesseract's Vietnamese model.

Why Tesseract through its binary: Debian ships it with a trained Vietnamese
model (``tesseract-ocr`` + ``tesseract-ocr-vie``), and calling the binary needs
no wrapper library. Pages are rendered with pdfium (the ``pypdfium2`` wheel),
so nothing else has to be installed.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from indexer.errors import UnreadableFile

INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie"
DPI = 300  # Tesseract reads body text best at about 300 dots per inch


def available(language: str = "vie") -> str:
    """ "" when Tesseract and its ``language`` model are installed, else what is missing."""
    binary = shutil.which("tesseract")
    if not binary:
        return "Tesseract is not installed"
    try:
        out = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"Tesseract does not run ({exc})"
    if language not in out.stdout.split():
        return f"Tesseract has no '{language}' model"
    return ""


def ocr_image(image: Path, language: str = "vie") -> str:
    """The text Tesseract reads on one page image."""
    out = subprocess.run(
        ["tesseract", str(image), "stdout", "-l", language, "--psm", "3"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if out.returncode != 0:
        raise UnreadableFile(f"{image.name}: Tesseract failed ({out.stderr.strip().splitlines()[-1:]})")
    return out.stdout


# Pages already read, by (file digest, page, language): ``add`` reads a file to check it and
# then indexes it in the same process, and a scan takes seconds per page.
_DONE: OrderedDict[tuple[str, int, str], str] = OrderedDict()
_KEEP = 256


def ocr_pages(
    pdf: Path, pages: list[int], progress: Callable[[int, int, str], None] | None = None, language: str = "vie"
) -> dict[int, str]:
    """OCR the given 0-based ``pages`` of ``pdf``; a progress call per page."""
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    if all((digest, i, language) in _DONE for i in pages):
        return {i: _DONE[digest, i, language] for i in pages}
    texts = _read_pages(pdf, pages, progress, language)
    for i, text in texts.items():
        _DONE[digest, i, language] = text
        while len(_DONE) > _KEEP:
            _DONE.popitem(last=False)
    return texts


def _read_pages(
    pdf: Path, pages: list[int], progress: Callable[[int, int, str], None] | None, language: str
) -> dict[int, str]:
    missing = available(language)
    if missing:
        raise UnreadableFile(f"{pdf.name}: a scan without a text layer, and {missing}: {INSTALL_HINT}")
    import pypdfium2  # noqa: PLC0415

    try:
        document = pypdfium2.PdfDocument(str(pdf))
    except pypdfium2.PdfiumError as exc:
        raise UnreadableFile(f"{pdf.name}: not a readable PDF ({exc})") from None
    texts: dict[int, str] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="nghiquyet-ocr-") as tmp:
            for done, index in enumerate(pages, 1):
                if progress:
                    progress(done, len(pages), pdf.name)
                image = Path(tmp) / f"page-{index + 1}.png"
                page = document[index]
                page.render(scale=DPI / 72, grayscale=True).to_pil().save(image)
                page.close()
                texts[index] = ocr_image(image, language)
    finally:
        document.close()
    return texts
