"""Write a minimal Word 97–2003 (.doc) file, so a test can make the old format itself.

No Python library writes .doc, and LibreOffice is far too heavy for a test. A .doc
is a compound file (OLE2/CFB) holding a ``WordDocument`` stream — the FIB header,
then the text — and a ``1Table`` stream with the piece table that says where the
text is. This writes exactly that: one piece of UTF-16 text, paragraphs ended by
``\\r``, every stream at least 4096 bytes so that no mini-stream is needed.
(Layout from [MS-DOC] 2.5 "File Information Block" and [MS-CFB] 2.)
"""

from __future__ import annotations

import struct
from pathlib import Path

SECTOR = 512
FREE, END, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
TEXT_AT = 0x800


def _fib(n_chars: int, clx_size: int, extra: dict[int, tuple[int, int]]) -> bytes:
    fib = bytearray(0x382)
    struct.pack_into("<HHHHH", fib, 0, 0xA5EC, 0x00C1, 0x6027, 0x042A, 0)
    struct.pack_into("<H", fib, 0x0A, 0x0200)  # fWhichTblStm: the table stream is "1Table"
    struct.pack_into("<H", fib, 0x0C, 0x00BF)
    struct.pack_into("<II", fib, 0x18, TEXT_AT, TEXT_AT + 2 * n_chars)  # fcMin, fcMac
    struct.pack_into("<H", fib, 0x20, 14)  # csw
    struct.pack_into("<H", fib, 0x3E, 22)  # cslw
    struct.pack_into("<I", fib, 0x40, TEXT_AT + 2 * n_chars)  # cbMac
    struct.pack_into("<I", fib, 0x4C, n_chars)  # ccpText
    struct.pack_into("<H", fib, 0x98, 93)  # cbRgFcLcb
    struct.pack_into("<II", fib, 0x01A2, 0, clx_size)  # fcClx, lcbClx (in 1Table)
    for at, (fc, lcb) in extra.items():
        struct.pack_into("<II", fib, at, fc, lcb)
    return bytes(fib)


def _streams(text: str) -> tuple[bytes, bytes]:
    body = text.replace("\r\n", "\n").replace("\n", "\r")
    if not body.endswith("\r"):
        body += "\r"
    n = len(body)
    pcd = struct.pack("<HIH", 0, TEXT_AT, 0)  # one piece: UTF-16 text at TEXT_AT
    plc = struct.pack("<II", 0, n) + pcd
    clx = b"\x02" + struct.pack("<I", len(plc)) + plc
    # One section without properties, and default document properties, after the piece table.
    sed = struct.pack("<II", 0, n) + struct.pack("<HIHI", 0, 0xFFFFFFFF, 0, 0)
    dop = b"\0" * 0x1F4
    # A stylesheet of one empty style (STSHI of 18 bytes, then a zero-length STD).
    stsh = struct.pack("<HHHHHHH", 18, 1, 10, 0, 0, 0, 0) + b"\0" * 6 + struct.pack("<H", 0)
    # A font table with one font, "Times New Roman" (FFN: cbFfnM1, flags, weight, chs, ixchSzAlt, panose, fs, name).
    name = "Times New Roman\0".encode("utf-16-le")
    ffn_body = struct.pack("<BhBB", 0x16, 400, 0, 0) + b"\0" * 10 + b"\0" * 24 + name
    sttbf = struct.pack("<HH", 1, 0) + bytes([len(ffn_body)]) + ffn_body
    at = len(clx)
    extra = {}
    for fib_at, block in ((0x00CA, sed), (0x0192, dop), (0x00A2, stsh), (0x0112, sttbf)):
        extra[fib_at] = (at, len(block))
        at += len(block)
    word = bytearray(_fib(n, len(clx), extra))
    clx += sed + dop + stsh + sttbf
    word += b"\0" * (TEXT_AT - len(word))
    word += body.encode("utf-16-le")
    word += b"\0" * max(0, 4096 - len(word))
    table = clx + b"\0" * max(0, 4096 - len(clx))
    return bytes(word), table


def _pad(data: bytes) -> bytes:
    return data + b"\0" * (-len(data) % SECTOR)


def _entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
    raw = (name + "\0").encode("utf-16-le") if name else b""
    e = bytearray(128)
    e[: len(raw)] = raw
    struct.pack_into("<HBB", e, 64, len(raw), kind, 1)
    struct.pack_into("<III", e, 68, left, right, child)
    struct.pack_into("<II", e, 116, start, size)
    return bytes(e)


def write_doc(path: Path, text: str) -> None:
    """Write ``text`` (paragraphs separated by newlines) as a Word 97 .doc at ``path``."""
    word, table = _streams(text)
    word, table = _pad(word), _pad(table)
    n_word, n_table = len(word) // SECTOR, len(table) // SECTOR
    # Sectors: [WordDocument …][1Table …][directory][FAT]
    dir_at = n_word + n_table
    fat_at = dir_at + 1
    fat = [FREE] * (SECTOR // 4)
    for i in range(n_word):
        fat[i] = i + 1 if i + 1 < n_word else END
    for i in range(n_table):
        fat[n_word + i] = n_word + i + 1 if i + 1 < n_table else END
    fat[dir_at] = END
    fat[fat_at] = FATSECT
    directory = (
        _entry("Root Entry", 5, FREE, FREE, 1, END, 0)
        + _entry("WordDocument", 2, 2, FREE, FREE, 0, len(word))
        + _entry("1Table", 2, FREE, FREE, FREE, n_word, len(table))
        + _entry("", 0, FREE, FREE, FREE, 0, 0)
    )
    header = bytearray(SECTOR)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, dir_at, 0, 4096, END, 0, END, 0)
    difat = [fat_at] + [FREE] * 108
    struct.pack_into("<109I", header, 76, *difat)
    path.write_bytes(bytes(header) + word + table + directory + struct.pack(f"<{len(fat)}I", *fat))
