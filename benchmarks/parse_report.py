"""Parse every CV of the shared real corpus and print, per file, status, sections, entries and bullets.

    python benchmarks/parse_report.py [CORPUS_DIR] [--csv]

Run by hand; the targets of the parser issue are checked by tests/test_corpus.py.
"""

from __future__ import annotations

import csv
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's cvlint, not an installed one

from cvlint.errors import CvlintError  # noqa: E402
from cvlint.parse import parse  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "corpus" / "real"


def manifest(corpus: Path) -> dict[str, dict]:
    with (corpus / "MANIFEST.csv").open(encoding="utf-8") as fh:
        return {row["file"]: row for row in csv.DictReader(fh)}


def run(corpus: Path) -> list[dict]:
    rows = []
    for file, meta in sorted(manifest(corpus).items()):
        start = time.perf_counter()
        try:
            doc = parse(corpus / file)
            row = {"file": file, "status": "ok", "code": "", "sections": len(doc.sections),
                   "entries": sum(len(s.entries) for s in doc.sections),
                   "bullets": len(doc.bullets),
                   "experience_bullets": sum(len(s.bullets) for s in doc.section("experience")),
                   "language": doc.language}
        except CvlintError as exc:
            row = {"file": file, "status": "error", "code": exc.code, "sections": 0, "entries": 0, "bullets": 0,
                   "experience_bullets": 0, "language": ""}
        row.update(ms=round((time.perf_counter() - start) * 1000), layout=meta["layout"],
                   text_layer=meta["has_text_layer"])
        rows.append(row)
    return rows


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    corpus = Path(args[0]) if args else DEFAULT
    rows = run(corpus)
    cols = ("file", "status", "code", "sections", "entries", "bullets", "experience_bullets", "language", "layout",
            "ms")
    if "--csv" in sys.argv:
        writer = csv.DictWriter(sys.stdout, cols, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        return
    print(" ".join(f"{c:>8}" if c != "file" else f"{c:<28}" for c in cols))
    for r in rows:
        print(" ".join(f"{str(r[c]):>8}" if c != "file" else f"{r[c]:<28}" for c in cols))
    ok = [r for r in rows if r["status"] == "ok"]
    text_layer = [r for r in rows if r["text_layer"] == "yes"]
    print(f"\n{len(rows)} files: {len(ok)} ok, errors {dict(Counter(r['code'] for r in rows if r['code']))}")
    print(f"text-layer files ok: {sum(r['status'] == 'ok' for r in text_layer)}/{len(text_layer)}")
    print(f"ok files with bullets: {sum(r['bullets'] > 0 for r in ok)}/{len(ok)}; "
          f"with experience bullets: {sum(r['experience_bullets'] > 0 for r in ok)}/{len(ok)}")
    print(f"total sections {sum(r['sections'] for r in ok)}, entries {sum(r['entries'] for r in ok)}, "
          f"bullets {sum(r['bullets'] for r in ok)}; parse time total {sum(r['ms'] for r in rows) / 1000:.1f} s")


if __name__ == "__main__":
    main()
