"""The two PDF engines (character sources) side by side: speed, and how far their bullets agree.

    python benchmarks/pdf_engines.py [CORPUS_DIR ...] [--every N]

For every PDF under the folders (default: the shared corpus's `real` and `livecareer`), each engine reads the file
(`cvlint.parse.parse`, so the bullets are the judged units a user sees) and is timed (`extract_lines` alone, the
engine's share of the work). Agreement per CV: the bullets identical after whitespace normalisation, as a share of
the longer list (a multiset match, so order does not count). Printed per folder: PDFs per second per engine, the
median and lowest agreement, how many CVs reach 90 % / 95 % / 100 %, and files whose outcome (ok or an error code)
differs. `tests/test_parse_pdf.py` asserts the tolerance on the real corpus; `docs/parsing.md` has the table.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's cvlint, not an installed one

from cvlint.config import PDF_ENGINES  # noqa: E402
from cvlint.errors import CvlintError  # noqa: E402
from cvlint.limits import Limits  # noqa: E402
from cvlint.parse import parse  # noqa: E402
from cvlint.parse.pdf import extract_lines  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def bullets(data: bytes, engine: str) -> list[str] | str:
    """The CV's bullets, whitespace normalised, or the error code."""
    try:
        return [" ".join(b.text.split()) for b in parse(data, pdf_engine=engine).bullets]
    except CvlintError as exc:
        return exc.code


def agreement(a: list[str], b: list[str]) -> float:
    """Bullets in common (as multisets) over the longer list; 1.0 when both have none."""
    if not a and not b:
        return 1.0
    return sum((Counter(a) & Counter(b)).values()) / max(len(a), len(b))


def timed(data: bytes, engine: str) -> float:
    start = time.perf_counter()
    try:
        extract_lines(data, Limits(), engine)
    except CvlintError:
        pass
    return time.perf_counter() - start


def measure(folder: Path, every: int = 1) -> dict:
    files = sorted(folder.rglob("*.pdf"))[::every]
    seconds = {e: 0.0 for e in PDF_ENGINES}
    shares, differ = [], []
    for path in files:
        data = path.read_bytes()
        for engine in PDF_ENGINES:
            seconds[engine] += timed(data, engine)
        a, b = (bullets(data, e) for e in PDF_ENGINES)
        if isinstance(a, str) or isinstance(b, str):
            if a != b:
                differ.append((path.relative_to(folder), a if isinstance(a, str) else "ok",
                               b if isinstance(b, str) else "ok"))
            continue
        shares.append((agreement(a, b), str(path.relative_to(folder)), len(a), len(b)))
    return {"files": len(files), "seconds": seconds, "shares": shares, "differ": differ}


def report(name: str, m: dict) -> None:
    values = sorted(s for s, *_ in m["shares"])
    speeds = ", ".join(f"{e} {m['files'] / max(t, 1e-9):.1f} PDFs/s ({t:.1f} s)" for e, t in m["seconds"].items())
    print(f"# {name}: {m['files']} PDFs; {speeds}")
    if values:
        reach = ", ".join(f">= {int(t * 100)} %: {sum(v >= t for v in values)}" for t in (0.9, 0.95, 1.0))
        print(f"- bullets identical per CV ({len(values)} read by both): median {statistics.median(values):.3f}, "
              f"mean {statistics.fmean(values):.3f}, min {values[0]:.3f}; CVs {reach}")
        for share, file, na, nb in sorted(m["shares"])[:5]:
            print(f"  lowest: {file} {share:.3f} (pdfium {na} bullets, pdfplumber {nb})")
    print(f"- outcome differs (ok / error code): {len(m['differ'])}")
    for file, a, b in m["differ"]:
        print(f"  {file}: pdfium {a}, pdfplumber {b}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path, default=[CORPUS / "real", CORPUS / "livecareer"])
    ap.add_argument("--every", type=int, default=1, help="read every Nth PDF (sorted by path)")
    args = ap.parse_args()
    for folder in args.folders:
        report(folder.name, measure(folder, args.every))


if __name__ == "__main__":
    main()
