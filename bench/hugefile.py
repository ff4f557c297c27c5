"""A huge one-paragraph file for the build benchmark, drawn with a seed from real text.

    python -m bench.hugefile --legal DIR --out CORPUS_DIR [--bytes 20000000] [--seed 17]
        [--distinct | --resolution | --blob]

Why generated, not hand-picked: the figure should not rest on one file's
quirks. Sentences are taken from the legal corpus (and the seeds) in a seeded
random order and joined with a space, never a newline, until the file holds
``--bytes`` bytes of UTF-8: one paragraph, as a badly converted PDF gives.
With ``--distinct`` no sentence appears twice, so no figure rests on caching
repeated text; without it sentences are drawn with replacement, as repeated
legal boilerplate is. With ``--resolution`` the seed resolutions themselves
(``../shared/seeds``), each with its header, title and closing, are set on one
line and repeated: a whole badly converted document, as the reader sees it.
With ``--blob`` the file is base64 of seeded random bytes (an attachment pasted
into a text, an extraction gone wrong): no sentence ends, few spaces, and
nearly every token a new term, the worst case for the writer's memory.
"""

from __future__ import annotations

import argparse
import base64
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
# A sentence ends at ". ", "; ", "! " or "? " (the reader's own cut points).
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+")
_MARKUP = re.compile(r"[#*|>`_\[\]]+")


def sentences(folders: list[Path]) -> list[str]:
    """Every sentence of the ``.md``/``.txt`` files under ``folders``, in a stable order, markup removed."""
    out: list[str] = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix not in {".md", ".txt"} or not path.is_file():
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            for line in text.splitlines():
                line = " ".join(_MARKUP.sub(" ", line).split())
                if len(line) < 20:
                    continue
                out.extend(s for s in _SENTENCE_END.split(line) if len(s) >= 20)
    return out


def huge_text(pool: list[str], size: int, seed: int, distinct: bool) -> str:
    """Sentences of ``pool`` in a seeded order joined by spaces until ``size`` UTF-8 bytes (cut to exactly that)."""
    rng = random.Random(seed)
    if distinct:
        unique = list(dict.fromkeys(pool))
        rng.shuffle(unique)
        draw = iter(unique)
    else:
        draw = (rng.choice(pool) for _ in iter(int, 1))
    parts: list[str] = []
    total = 0
    for sentence in draw:
        parts.append(sentence)
        total += len(sentence.encode("utf-8")) + 1
        if total >= size:
            break
    else:
        raise SystemExit(f"not enough distinct sentences for {size} bytes (got {total})")
    text = " ".join(parts).encode("utf-8")[:size].decode("utf-8", errors="ignore")
    return text + " " * (size - len(text.encode("utf-8")))  # a character cut in two becomes spaces


def resolution_text(folder: Path, size: int) -> str:
    """The resolutions of ``folder``, each on one line, joined and repeated to ``size`` UTF-8 bytes."""
    docs = [" ".join(p.read_text(encoding="utf-8").split()) for p in sorted(folder.glob("*.txt"))]
    if not docs:
        raise SystemExit(f"no resolutions in {folder}")
    one = " ".join(docs) + " "
    text = (one * (size // len(one.encode("utf-8")) + 1)).encode("utf-8")[:size].decode("utf-8", errors="ignore")
    return text + " " * (size - len(text.encode("utf-8")))


def blob_text(size: int, seed: int) -> str:
    """Base64 of seeded random bytes, exactly ``size`` characters on one line."""
    raw = random.Random(seed).randbytes(size * 3 // 4 + 3)
    return base64.b64encode(raw).decode("ascii")[:size]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--legal", type=Path, required=True, help="the unpacked legal corpus")
    ap.add_argument("--out", type=Path, required=True, help="a new corpus folder to write huge.txt into")
    ap.add_argument("--bytes", type=int, default=20_000_000)
    ap.add_argument("--seed", type=int, default=17)
    kind = ap.add_mutually_exclusive_group()
    kind.add_argument("--distinct", action="store_true", help="never repeat a sentence")
    kind.add_argument("--resolution", action="store_true", help=f"whole resolutions of {SEEDS}, repeated")
    kind.add_argument("--blob", action="store_true", help="base64 of seeded random bytes: a new term per token")
    args = ap.parse_args(argv)
    if args.blob:
        pool = ["random bytes"]
        text = blob_text(args.bytes, args.seed)
    elif args.resolution:
        pool = sorted(SEEDS.glob("*.txt"))
        text = resolution_text(SEEDS, args.bytes)
    else:
        pool = sentences([args.legal, ROOT / "corpus"])
        text = huge_text(pool, args.bytes, args.seed, args.distinct)
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / "huge.txt"
    target.write_text(text, encoding="utf-8")
    what = "files" if args.resolution else "sources" if args.blob else "sentences"
    print(f"{target}: {len(text.encode('utf-8')):,} bytes, one line, from {len(pool):,} {what}")


if __name__ == "__main__":
    main()
