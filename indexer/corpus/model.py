"""Plain data passed between the reader, the index and the front ends."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Chunk:
    """One searchable unit: a paragraph of body text or a footnote."""

    paragraph: int
    text: str
    section: str = ""
    kind: str = "body"  # "body" or "footnote"
    footnotes: list[str] = field(default_factory=list)  # labels this paragraph cites
    label: str = ""  # a footnote's own label ("1")
    refers_to: int | None = None  # for a footnote: the paragraph that cites it
    cites: list[str] = field(default_factory=list)  # document codes this paragraph cites


@dataclass
class Document:
    """A resolution read from the corpus, cleaned into chunks, with metadata."""

    doc_id: str
    path: str
    sha256: str
    title: str = ""
    doc_type: str = ""
    number: str = ""
    date: str = ""
    year: int | None = None
    issuer: str = ""
    signer: str = ""
    province: str = ""
    signer_title: str = ""  # "Bí thư"
    authority: str = ""  # "T/M BAN THƯỜNG VỤ"
    place: str = ""  # "Lào Cai", as the header writes it
    recipients: list[str] = field(default_factory=list)
    marks: list[str] = field(default_factory=list)  # ["MẬT", "KHẨN"]
    # Documents cited: {"number", "date" (ISO or ""), "relation", "issuer"}; never the own number.
    cites: list[dict] = field(default_factory=list)
    chunks: list[Chunk] = field(default_factory=list)
    # What the cleanup removed, as (kind, text): page headers, markdown
    # marks, headings (kept as section paths), the title block, recipients.
    debris: list[tuple[str, str]] = field(default_factory=list)

    def metadata(self) -> dict:
        """The document's metadata without its text, for listings and the index."""
        data = asdict(self)
        data.pop("chunks")
        data.pop("debris")
        data["paragraphs"] = sum(1 for c in self.chunks if c.kind == "body")
        data["footnotes"] = sum(1 for c in self.chunks if c.kind == "footnote")
        return data
