"""The Whoosh schema: one document per chunk (paragraph or footnote).

Matching rests on ``syl`` (exact syllables, tone placement ignored) and
``fold`` (accent-free syllables); ``words`` holds pyvi's compound words and
only adds to the score. Facet fields are plain ids.

Only ``pairs`` keeps positions: phrases are matched as pairs of adjacent
syllables, so positions in ``syl`` and ``fold`` would only be read and thrown
away. Without them each posting block unpickles a third faster (AND queries
30–45% faster at 10^5 paragraphs) and the index is 19% smaller.

No field is indexed that no query asks for: a paragraph is found by its
document (``doc_id``, which updates delete by) and read by number, so the
paragraph number is stored only, and there is no per-paragraph unique key
(it was a second copy of ``doc_id`` and the number, one term per paragraph).
"""

from collections import Counter
from itertools import accumulate

from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.formats import Format, Positions, tokens

from analyzers.whoosh_analysis import folded_analyzer, pair_analyzer, syllable_analyzer, word_analyzer

SCHEMA_VERSION = 11  # raise when the fields or the analysis change: older indexes are then refused, not misread


def encode_positions(positions) -> bytes:
    """A posting's positions (ascending) as :class:`CompactPositions` stores them: the gaps
    between them, each a LEB128 varint (one byte below 128)."""
    out = bytearray()
    previous = 0
    for p in positions:
        gap = p - previous
        previous = p
        while gap >= 0x80:
            out.append(gap & 0x7F | 0x80)
            gap >>= 7
        out.append(gap)
    return bytes(out)


def decode_positions(value: bytes) -> list[int]:
    """The positions :func:`encode_positions` wrote."""
    if max(value) < 0x80:  # every gap in one byte: most postings
        return list(accumulate(value))
    positions, position, gap, shift = [], 0, 0, 0
    for byte in value:
        gap |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
            continue
        position += gap
        positions.append(position)
        gap, shift = 0, 0
    return positions


class CompactPositions(Positions):
    """Whoosh's ``Positions`` format with each posting's positions as varint gaps.

    Why: Whoosh writes a posting's frequency (4 bytes) and its gaps pickled (a
    list's opcodes around them): 8 bytes for a pair in one paragraph at one
    position, where the gap alone takes one. The pair field has a term for
    almost every pair of adjacent syllables, most in one paragraph, so those
    values were a large part of its term rows and blocks. The frequency is the
    number of gaps. Whoosh's writer and reader use the format's own encoder and
    decoder (``word_values``, ``decoder("positions")``), so Whoosh's searcher
    still reads the field and matches phrases on it.
    """

    def encode(self, poslist) -> bytes:
        return encode_positions(poslist)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return decode_positions(valuestring)

    def decode_frequency(self, valuestring: bytes) -> int:
        return sum(1 for byte in valuestring if byte < 0x80)

    def combine(self, vs) -> bytes:
        return encode_positions(sorted({p for v in vs for p in decode_positions(v)}))


class Counts(Format):
    """A term's frequency in each paragraph as the posting's weight, and nothing else.

    Why: Whoosh's ``Frequency`` format writes each posting's frequency twice,
    as its weight and again as a 4-byte value; the scorer (Whoosh's BM25F, and
    ours) reads only the weight. With no value (``posting_size`` 0) Whoosh's
    blocks carry no value column. Whoosh's writer and searcher use it as they
    use ``Frequency``; what they cannot do is decode a frequency from a value
    (no ``decode_frequency``): a matcher's ``weight()`` is the frequency.
    """

    posting_size = 0

    def word_values(self, value, analyzer, **kwargs):
        kwargs["boosts"] = True
        counts = Counter(t.text for t in tokens(value, analyzer, kwargs))
        boost = self.field_boost
        return ((w, n, n * boost, b"") for w, n in counts.items())

    def combine(self, vs) -> bytes:
        return b""


def _counted(field: TEXT) -> TEXT:
    field.format = Counts(field_boost=field.format.field_boost)
    return field


def _pairs_field() -> TEXT:
    field = TEXT(analyzer=pair_analyzer(), phrase=True)
    field.format = CompactPositions(field_boost=field.format.field_boost)
    return field


def make_schema() -> Schema:
    return Schema(
        doc_id=ID(stored=True),
        paragraph=STORED,
        kind=ID(stored=True),
        section=STORED,
        text=STORED,
        footnotes=STORED,
        label=STORED,
        refers_to=STORED,
        syl=_counted(TEXT(analyzer=syllable_analyzer(), phrase=False)),
        fold=_counted(TEXT(analyzer=folded_analyzer(), phrase=False)),
        pairs=_pairs_field(),
        words=_counted(TEXT(analyzer=word_analyzer(), phrase=False)),
        province=ID,
        doc_type=ID,
        year=ID,
    )
