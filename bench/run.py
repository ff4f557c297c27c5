"""The benchmark suite: nghiquyet beside SQLite FTS5 on the same paragraphs.

    python -m bench.run --legal DIR [--quick] [--sizes 10000,100000,all] [--out bench/results/latest.json]

DIR is the unpacked ../shared/bench/legal-md.tar.xz (unpack it outside the
repository). Each rung of the size ladder is a corpus folder of the first
legal files holding about that many paragraphs, read through the product's
own reader; the seed corpus is measured too. Every figure is printed beside
the peer's and as a ratio, because absolute times on shared machines drift.
--quick runs the seed corpus and the first rung only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.peers import STOCK_WHOOSH_CLI, Fts5, build_stock_whoosh
from bench.queries import HAND_PICKED, PER_CLASS, SEED, sample

ROOT = Path(__file__).resolve().parent.parent
SERVE_CLIENTS = 8
SERVE_REQUESTS = 25  # per client: bounded


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p * len(values)) - 1))]


def ladder_corpus(legal: Path, size: int | None, dest: Path) -> int:
    """Copy the first legal files holding about ``size`` paragraphs; returns the count."""
    from indexer.corpus.reader import corpus_files, read_document  # noqa: PLC0415
    from indexer.errors import UnreadableFile  # noqa: PLC0415

    dest.mkdir(parents=True)
    total = 0
    for path in corpus_files(legal):
        try:
            n = len(read_document(path, legal).chunks)
        except UnreadableFile:
            continue
        target = dest / path.relative_to(legal)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        total += n
        if size is not None and total >= size:
            break
    return total


def unpack(archive: Path, work: Path) -> Path:
    """Unpack the legal corpus archive into the work folder (never into the repository)."""
    import tarfile  # noqa: PLC0415

    dest = work / "legal-md"
    with tarfile.open(archive) as tar:
        tar.extractall(dest, filter="data")
    return dest


def measure_build(corpus: Path, index: Path, code_root: Path = ROOT) -> dict:
    """Build ``corpus`` with the code of ``code_root`` (this checkout, or another one to compare with)."""
    code = (
        "import sys, json, indexer; r = indexer.build(sys.argv[1], sys.argv[2]);"
        "print(json.dumps({'paragraphs': r.paragraphs, 'seconds': r.seconds}))"
    )
    t0 = time.perf_counter()
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(corpus), str(index)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=code_root,
        env={**os.environ, "PYTHONPATH": str(code_root)},
    )
    with ThreadPoolExecutor(1) as pool:
        total = pool.submit(_peak_tree_rss, proc)
        out, err = proc.communicate()
        total_peak = total.result()
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, proc.args, out, err)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the writer processes included: they are waited for
    cpu = (after.ru_utime + after.ru_stime) - (used.ru_utime + used.ru_stime)
    report = json.loads(out.strip().splitlines()[-1])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    size = sum(f.stat().st_size for f in index.rglob("*") if f.is_file())
    return {
        "paragraphs": report["paragraphs"],
        "seconds": round(wall, 2),
        "paragraphs_per_s": round(report["paragraphs"] / wall, 1),
        # CPU time (user + sys) is the steadier figure on a shared machine; per core-second of CPU.
        "cpu_seconds": round(cpu, 2),
        "paragraphs_per_cpu_s": round(report["paragraphs"] / cpu, 1) if cpu else None,
        "index_mb": round(size / 2**20, 1),
        "peak_rss_mb_max_so_far": round(peak, 1),
        # The build's processes together (the parent reading files and its writer processes),
        # sampled every 0.2 s: the memory the machine must have, where the line above is one process's.
        "peak_rss_total_mb": round(total_peak, 1),
    }


def _tree_rss(root: int) -> int:
    """Resident bytes of process ``root`` and its descendants, read from /proc (0 where it has gone)."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as f:
                    fields = f.read().rsplit(b")", 1)[1].split()
                parents[int(entry.name)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    return total


def _peak_tree_rss(proc: subprocess.Popen, every: float = 0.2) -> float:
    """The largest :func:`_tree_rss` of ``proc``'s processes while it runs, in MB."""
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(every)
    return peak / 2**20


def texts_of(index: Path) -> list[str]:
    from indexer.index.store import Reader  # noqa: PLC0415

    searcher = Reader(index).searcher()
    return [f["text"] for f in searcher.reader().all_stored_fields()]


def measure_queries(index: Path, fts: Fts5, repeat: int, queries: dict[str, list[str]]) -> dict:
    """Per class: warm latency over every query and run, beside FTS5's, and the first query on a fresh reader."""
    import indexer  # noqa: PLC0415

    reader = indexer.Reader(index, cache_size=0)  # no result cache: measure the engine itself
    out = {}
    for cls, qs in queries.items():
        ours, peer, first = [], [], []
        for q in qs:
            # First query of a fresh reader (its searcher already open): no term bitsets cached yet.
            fresh = indexer.Reader(index, cache_size=0)
            fresh.searcher()
            t0 = time.perf_counter()
            indexer.search(fresh, q)
            first.append((time.perf_counter() - t0) * 1000)
            indexer.search(reader, q)  # warm
            fts.search(q)
            for _ in range(repeat):
                t0 = time.perf_counter()
                indexer.search(reader, q)
                ours.append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()
                fts.search(q)
                peer.append((time.perf_counter() - t0) * 1000)
        out[cls] = {
            "queries": len(qs),
            "p50_ms": round(pct(ours, 0.5), 2),
            "p95_ms": round(pct(ours, 0.95), 2),
            "fts5_p50_ms": round(pct(peer, 0.5), 2),
            "fts5_p95_ms": round(pct(peer, 0.95), 2),
            "ratio_p50": round(pct(ours, 0.5) / max(pct(peer, 0.5), 1e-3), 1),
            "ratio_p95": round(pct(ours, 0.95) / max(pct(peer, 0.95), 1e-3), 1),
            "first_p50_ms": round(pct(first, 0.5), 2),
            "first_p95_ms": round(pct(first, 0.95), 2),
            "first_max_ms": round(max(first), 2),
        }
    return out


def _child_run(cmd: list[str]) -> tuple[float, float]:
    """One run's wall and CPU seconds (user + system, from the children's resource usage)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, capture_output=True, check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure_cli(index: Path, stock: Path, runs: int = 21) -> dict:
    """A cold ``nghiquyet search`` against the stock-Whoosh script, alternated run by run.

    Why so many runs and CPU beside wall: a process lives ~0.15 s, and on a
    shared machine five runs' wall medians moved the ratio between 1.00 and
    1.14 from one run of the bench to the next. Both sides get a discarded
    first run (the page cache), then ``runs`` alternated pairs.
    """
    # Bytecode for our packages, as a regular `pip install` writes it (an
    # editable install under PYTHONDONTWRITEBYTECODE would recompile every run).
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "analyzers", "indexer", "search_web"], cwd=ROOT, check=True
    )
    exe = str(Path(sys.executable).with_name("nghiquyet"))
    ours_cmd = [exe, "search", "KCN Sơn Mỹ", "--index", str(index)]
    peer_cmd = [sys.executable, "-c", STOCK_WHOOSH_CLI, str(stock), "KCN Sơn Mỹ"]
    _child_run(ours_cmd)
    _child_run(peer_cmd)
    ours, peer = [], []
    for _ in range(runs):
        ours.append(_child_run(ours_cmd))
        peer.append(_child_run(peer_cmd))
    wall, peer_wall = statistics.median(w for w, _ in ours), statistics.median(w for w, _ in peer)
    cpu, peer_cpu = statistics.median(c for _, c in ours), statistics.median(c for _, c in peer)
    return {
        "runs": runs,
        "cold_search_s": round(wall, 3),
        "stock_whoosh_cli_s": round(peer_wall, 3),
        "ratio": round(wall / peer_wall, 2),
        "cold_search_cpu_s": round(cpu, 3),
        "stock_whoosh_cli_cpu_s": round(peer_cpu, 3),
        "cpu_ratio": round(cpu / peer_cpu, 2),
    }


def measure_serve(index: Path) -> dict:
    from tests.serving import served  # noqa: PLC0415

    queries = [q for qs in HAND_PICKED.values() for q in qs]
    with served(index) as base:
        for q in queries:
            urllib.request.urlopen(base + "/search?" + urllib.parse.urlencode({"q": q}), timeout=60).close()

        def client(n: int) -> list[tuple[int, float]]:
            res = []
            for i in range(SERVE_REQUESTS):
                q = queries[(n * 7 + i) % len(queries)]
                t0 = time.perf_counter()
                try:
                    with urllib.request.urlopen(base + "/search?" + urllib.parse.urlencode({"q": q}), timeout=60) as r:
                        r.read()
                        code = r.status
                except urllib.error.HTTPError as exc:
                    code = exc.code
                res.append((code, (time.perf_counter() - t0) * 1000))
            return res

        t0 = time.perf_counter()
        with ThreadPoolExecutor(SERVE_CLIENTS) as pool:
            results = [r for batch in pool.map(client, range(SERVE_CLIENTS)) for r in batch]
        wall = time.perf_counter() - t0
        pid = _serve_pid(base)
    lat = [t for _, t in results]
    return {
        "requests": len(results),
        "errors": sum(1 for c, _ in results if c != 200),
        "p50_ms": round(pct(lat, 0.5), 1),
        "p95_ms": round(pct(lat, 0.95), 1),
        "throughput_rps": round(len(results) / wall, 1),
        "peak_rss_mb": pid,
    }


def _serve_pid(base: str) -> float | None:
    """Peak RSS of the serving process, read from /proc by its listening port."""
    port = base.rsplit(":", 1)[1]
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes().split(b"\0")
            if b"serve" in cmd and port.encode() in cmd:
                for line in (proc / "status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        return round(int(line.split()[1]) / 1024, 1)
        except OSError:
            continue
    return None


def measure_update(corpus: Path, index: Path) -> dict:
    import indexer  # noqa: PLC0415

    seed = sorted((ROOT / "corpus").glob("*.txt"))[0]
    shutil.copyfile(seed, corpus / "bench-new-resolution.txt")
    t0 = time.perf_counter()
    report = indexer.update(corpus, index)
    return {"seconds": round(time.perf_counter() - t0, 2), "added": report.added}


def rung(
    name: str,
    corpus: Path,
    work: Path,
    repeat: int,
    serve: bool,
    per_class: int = PER_CLASS,
    seed: int = SEED,
    before: Path | None = None,
) -> dict:
    index = work / f"ix-{name}"
    result: dict = {}
    if before is not None:
        print(f"[{name}] building with {before} …", file=sys.stderr, flush=True)
        result["build_before"] = measure_build(corpus, work / f"ix-before-{name}", before)
        shutil.rmtree(work / f"ix-before-{name}", ignore_errors=True)
    print(f"[{name}] building …", file=sys.stderr, flush=True)
    build = measure_build(corpus, index)
    texts = texts_of(index)
    fts = Fts5(work / f"fts-{name}.db")
    fts_s = fts.build(texts)
    build.update(
        {
            "fts5_seconds": round(fts_s, 4),  # the seeds index in milliseconds
            "fts5_paragraphs_per_s": round(len(texts) / fts_s, 1),
            "fts5_mb": round(fts.size() / 2**20, 1),
        }
    )
    print(f"[{name}] {build['paragraphs']} paragraphs in {build['seconds']} s; querying …", file=sys.stderr, flush=True)
    queries = sample(texts, per_class, seed)
    result.update({"build": build, "queries": measure_queries(index, fts, repeat, queries)})
    if serve:
        result["serve"] = measure_serve(index)
    result["update_one"] = measure_update(corpus, index)
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--legal", type=Path, help="the legal-md corpus: its unpacked folder or the .tar.xz itself")
    ap.add_argument("--quick", action="store_true", help="seed corpus and the first rung only")
    ap.add_argument("--sizes", default="10000,100000,all")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs of every query")
    ap.add_argument(
        "--per-class", type=int, default=PER_CLASS, help="sampled queries per class (beside the hand-picked)"
    )
    ap.add_argument("--seed", type=int, default=SEED, help="seed of the query sample")
    ap.add_argument("--before", type=Path, help="another checkout (e.g. main) whose build is measured on each rung too")
    ap.add_argument(
        "--before-sizes",
        help="only these rungs (comma-separated, e.g. seeds,10000,100000) are built with --before too; default: all",
    )
    ap.add_argument("--no-seeds", action="store_true", help="skip the seed corpus and the CLI comparison")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "latest.json")
    args = ap.parse_args(argv)
    sizes = args.sizes.split(",")[:1] if args.quick else args.sizes.split(",")
    report: dict = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "query_sample": {"per_class": args.per_class, "seed": args.seed, "repeat": args.repeat},
        "rungs": {},
    }
    with tempfile.TemporaryDirectory(prefix="nghiquyet-bench-") as tmp:
        work = Path(tmp)
        sampling = {"per_class": args.per_class, "seed": args.seed, "before": args.before}
        chosen = set(args.before_sizes.split(",")) if args.before_sizes else None

        def before(name: str) -> Path | None:
            """The other checkout for this rung: a whole-corpus rung built twice may not fit the time there is."""
            return args.before if chosen is None or name in chosen else None

        if not args.no_seeds:
            seeds = work / "seeds"
            shutil.copytree(ROOT / "corpus", seeds)
            report["rungs"]["seeds"] = rung(
                "seeds", seeds, work, args.repeat, serve=True, **{**sampling, "before": before("seeds")}
            )
            stock = work / "stock-whoosh"
            build_stock_whoosh(stock, texts_of(work / "ix-seeds"))
            report["cli"] = measure_cli(work / "ix-seeds", stock)
        if args.legal:
            legal = unpack(args.legal, work) if args.legal.is_file() else args.legal
            for size in sizes:
                n = None if size == "all" else int(size)
                corpus = work / f"legal-{size}"
                ladder_corpus(legal, n, corpus)
                report["rungs"][size] = rung(
                    size, corpus, work, args.repeat, serve=size == sizes[-1], **{**sampling, "before": before(size)}
                )
                shutil.rmtree(corpus, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(table(report))
    return 0


def _markdown(header: list[str], rows: list[list]) -> list[str]:
    """A markdown table, with a blank line before it."""
    lines = ["", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines


def _build_tables(rungs: dict) -> list[str]:
    """Build time and size per rung, and before → after when a rung was built twice."""
    lines = _markdown(
        ["rung", "paragraphs", "build s (para/s)", "FTS5 build s", "index MB (FTS5)", "update one s"],
        [
            [
                name,
                f"{b['paragraphs']:,}",
                f"{b['seconds']} ({b['paragraphs_per_s']:,.0f})",
                b["fts5_seconds"],
                f"{b['index_mb']} ({b['fts5_mb']})",
                r["update_one"]["seconds"],
            ]
            for name, r in rungs.items()
            for b in [r["build"]]
        ],
    )
    before = {name: r["build_before"] for name, r in rungs.items() if "build_before" in r}
    if before:
        lines += _markdown(
            ["rung", "build s (para/s) before → after", "CPU s before → after", "index MB before → after", "FTS5 MB"],
            [
                [
                    name,
                    f"{b['seconds']} ({b['paragraphs_per_s']:,.0f}) → {a['seconds']} ({a['paragraphs_per_s']:,.0f})",
                    f"{b.get('cpu_seconds', '?')} → {a.get('cpu_seconds', '?')}",
                    f"{b['index_mb']} → {a['index_mb']}",
                    a["fts5_mb"],
                ]
                for name, b in before.items()
                for a in [rungs[name]["build"]]
            ],
        )
    return lines


def _query_table(rungs: dict, sampled: dict) -> list[str]:
    """Query latency per rung and class, beside FTS5's."""
    lines = [
        "",
        f"Queries: the hand-picked ones plus {sampled.get('per_class', '?')} per class sampled from each rung's "
        f"paragraphs (seed {sampled.get('seed', '?')}), {sampled.get('repeat', '?')} timed runs each.",
    ]
    return lines + _markdown(
        [
            "rung",
            "query class",
            "queries",
            "p50 / p95 ms",
            "FTS5 p50 / p95 ms",
            "ratio p50 / p95",
            "first query p50 / p95 ms",
        ],
        [
            [
                name,
                cls,
                q["queries"],
                f"{q['p50_ms']} / {q['p95_ms']}",
                f"{q['fts5_p50_ms']} / {q['fts5_p95_ms']}",
                f"{q['ratio_p50']}× / {q['ratio_p95']}×",
                f"{q['first_p50_ms']} / {q['first_p95_ms']}",
            ]
            for name, r in rungs.items()
            for cls, q in r["queries"].items()
        ],
    )


def _serve_table(rungs: dict) -> list[str]:
    """The page under load, for the rungs that were served."""
    return _markdown(
        ["rung", "serve: requests", "errors", "p50 / p95 ms", "req/s", "peak RSS MB"],
        [
            [
                name,
                f"{s['requests']} ({SERVE_CLIENTS} clients)",
                s["errors"],
                f"{s['p50_ms']} / {s['p95_ms']}",
                s["throughput_rps"],
                s["peak_rss_mb"],
            ]
            for name, r in rungs.items()
            if "serve" in r
            for s in [r["serve"]]
        ],
    )


def table(report: dict) -> str:
    """The report as text: a title line, then markdown tables of building, querying and serving."""
    rungs = report["rungs"]
    lines = [f"nghiquyet benchmark — {report['date']} — {report['machine']}"]
    lines += _build_tables(rungs)
    lines += _query_table(rungs, report.get("query_sample", {}))
    lines += _serve_table(rungs)
    c = report.get("cli")
    if c:
        lines += [
            "",
            f"CLI cold search on the seed corpus, median of {c.get('runs', 5)} alternated runs: {c['cold_search_s']} s "
            f"wall, {c.get('cold_search_cpu_s', '–')} s CPU; stock-Whoosh CLI call on the same paragraphs: "
            f"{c['stock_whoosh_cli_s']} s wall, {c.get('stock_whoosh_cli_cpu_s', '–')} s CPU (ratio {c['ratio']} wall, "
            f"{c.get('cpu_ratio', '–')} CPU).",
        ]
    peak = max(r["build"]["peak_rss_mb_max_so_far"] for r in report["rungs"].values())
    total = max((r["build"].get("peak_rss_total_mb", 0) for r in report["rungs"].values()), default=0)
    lines.append(f"Peak RSS of build (largest rung): {total} MB all its processes together, {peak} MB the largest one")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
