"""A large batch: the real corpus replicated (symlinks in a temp folder) to 1,000 files, through `cvlint check DIR`
with `--jobs 1`, `--jobs 2` and the Dask engine, against an extraction-only baseline measured in the same run.

    python benchmarks/batch.py [--files 1000] [--reps 1] [--corpus DIR] [--no-dask]

Each variant is a fresh process timed from start to exit, writing JSONL to a file; peak RSS is sampled every
20 ms over the process and all its descendants (psutil). The baseline is pypdfium2 / python-docx text extraction
alone (no spaCy, no structure), in one process and in two forked processes. docs/performance.md holds results.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import (DEFAULT_CORPUS, _env, corpus_files, cvlint_args, floor_text,  # noqa: E402
                        linked_folder, mib, summarize, table, timed)


def baseline_main(paths: list[str], jobs: int) -> None:
    """Extraction only, as its own process (`--baseline-run`)."""
    if jobs <= 1:
        lines = [len(floor_text(p)) for p in paths]
    else:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            lines = list(pool.imap_unordered(floor_text_count, paths, chunksize=8))
    print(json.dumps({"files": len(lines), "lines": sum(lines)}))


def floor_text_count(path: str) -> int:
    return len(floor_text(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--reps", type=int, default=1)
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--baseline-run", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline_run:
        baseline_main(args.paths, args.jobs)
        return
    files = corpus_files(args.corpus)
    copies = -(-args.files // len(files))
    dask = not args.no_dask
    if dask:
        try:
            import dask.distributed  # noqa: F401
        except ImportError:
            print("dask is not installed: skipping the Dask engine (pip install 'cvlint[dask]')", file=sys.stderr)
            dask = False
    print(f"# cvlint batch: {args.files} files ({len(files)} real CVs x {copies}, symlinks)")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average before: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    env = _env()
    with tempfile.TemporaryDirectory() as tmp:
        folder = linked_folder(files, Path(tmp), copies)
        links = sorted(folder.iterdir())[:args.files]
        for extra in sorted(folder.iterdir())[args.files:]:
            extra.unlink()
        n = len(links)
        out = Path(tmp) / "out.jsonl"
        variants = [("extract only -j1", [sys.executable, __file__, "--baseline-run", "--jobs", "1", *map(str, links)]),
                    ("extract only -j2", [sys.executable, __file__, "--baseline-run", "--jobs", "2", *map(str, links)]),
                    ("cvlint -j1", cvlint_args(folder, 1, out)),
                    ("cvlint -j2", cvlint_args(folder, 2, out))]
        if dask:
            variants.append(("cvlint -j2 --engine dask", cvlint_args(folder, 2, out, ("--engine", "dask"))))
        runs: dict[str, list[dict]] = {name: [] for name, _ in variants}
        outputs: dict[str, str] = {}
        for rep in range(args.reps):
            for name, argv in variants:
                r = timed(argv, env)
                runs[name].append(r)
                if name.startswith("cvlint"):
                    text = out.read_text()
                    rows = text.splitlines()
                    assert len(rows) == n, f"{name}: {len(rows)} rows for {n} inputs"
                    outputs[name] = text
                print(f"  rep {rep + 1}: {name}: {r['seconds']:.1f} s", file=sys.stderr)
    summary = [summarize(name, rs, n) for name, rs in runs.items()]
    by = {s["name"]: s for s in summary}
    table(summary, n)
    print()
    for name in by:
        if name.startswith("cvlint"):
            jobs = "2" if "-j2" in name else "1"
            base = by[f"extract only -j{jobs}"]
            print(f"- {name}: {by[name]['rate']:.2f} CVs/s = **{by[name]['rate'] / base['rate']:.2f}** x the "
                  f"extraction-only rate at the same jobs ({base['rate']:.2f} CVs/s); peak RSS per worker "
                  f"{mib(by[name]['worker_rss'])} MiB")
    if "cvlint -j2 --engine dask" in outputs:
        same = outputs["cvlint -j2 --engine dask"] == outputs["cvlint -j2"]
        print(f"- Dask JSONL identical to the local engine's: {same}")
    eff = by["cvlint -j1"]["min"] / by["cvlint -j2"]["min"] / 2
    print(f"- --jobs 2 scaling efficiency: {eff:.0%}")
    print(f"- load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
