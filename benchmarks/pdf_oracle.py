"""cvlint's PDF extraction (pypdfium2) checked against pdfplumber (pdfminer) on the real corpus's text-layer PDFs.

    python benchmarks/pdf_oracle.py [CORPUS_DIR] [--per-file]

pdfplumber is an independent reader of the same files, so where the two agree neither invented nor lost text. For
each PDF the MANIFEST marks as having a text layer:

- text: the characters of cvlint's lines against pdfplumber's characters (whitespace removed, NFKC, case folded),
  as multisets: recall (pdfplumber's characters cvlint kept) and precision (cvlint's characters pdfplumber has).
  cvlint drops running headers, footers, page numbers and watermarks on purpose, so recall below 1 is expected there.
- boxes: for every line cvlint returns, the text pdfplumber finds inside the line's boxes (characters whose centre
  lies in a box, 1 pt of slack) compared with the line's text: equal, or similar (difflib ratio >= 0.9).
- reading order: the similarity (difflib ratio) of the two documents' character sequences. On one-column files both
  readers should agree; on multi-column files pdfplumber reads across the columns row by row, so the ratio is lower,
  and `mixed` counts pdfplumber text lines that join two of cvlint's lines lying side by side (x-disjoint): text of
  two columns, or a title and its right-aligned dates, run together, which cvlint keeps apart.
- bullets: pdfplumber text lines that open with a bullet glyph (Symbol and Wingdings bullets included), and how
  many of them open one of cvlint's bullet lines (cvlint strips the glyph); plus cvlint's bullet lines in all
  (drawn bullets and numbering included).
- words: words of five letters or more, compared with pdfplumber's `extract_words` in both directions: *glued* is
  a word of cvlint's that pdfplumber reads as two or more of its words ("offilled"), *split* a word of pdfplumber's
  that cvlint reads as two or more ("fulfill ment"); per producer (the PDF's /Producer, its first word). On LaTeX
  files pdfplumber's own word grouping (x_tolerance 3 pt) runs tight words together, which shows here as cvlint
  "splitting" them: read the split column per producer. Where poppler's `pdftotext` is installed it referees each
  disagreement as a third reader: *confirmed* glued words are ones pdftotext also reads as two or more words,
  confirmed split words ones it also reads whole (two readers of three against cvlint).
- time: cvlint's `extract_lines` against pdfplumber's `extract_text` + `extract_words` for the same file.

Works on `corpus/real` (its MANIFEST names text-layer PDFs and layouts) and `corpus/livecareer` (all PDFs).
"""

from __future__ import annotations

import argparse
import csv
import difflib
import re
import shutil
import statistics
import subprocess
import time
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's cvlint, not an installed one

from cvlint.errors import CvlintError  # noqa: E402
from cvlint.limits import Limits  # noqa: E402
from cvlint.parse.pdf import extract_lines  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "real"
GLYPHS = "•●▪■◦‣○◆◇►▶➢➤✓✔❖➔✦◾◼⚫⦁∙*-–—·\uf0b7\uf0a7\uf076\uf0d8\uf0fc"   # Symbol/Wingdings bullets last
SYMBOLS = {"So", "Co", "Cn", "Cc"}   # other symbols (❖, ✉), private use, unassigned, controls
CID = re.compile(r"\(cid:\d+\)")
SLACK = 1.0


def norm(text: str) -> str:
    """Characters only: NFKC, case folded, without whitespace, bullet glyphs, symbols and icons (private use), or
    pdfplumber's ``(cid:N)`` for a glyph without a Unicode value."""
    text = unicodedata.normalize("NFKC", CID.sub("", text)).casefold()
    return "".join(c for c in text if not c.isspace() and c not in GLYPHS and unicodedata.category(c) not in SYMBOLS)


def opens_with_glyph(text: str) -> bool:
    """A bullet glyph, then a space (icons before headings and contact details are not bullets)."""
    return len(text) > 2 and text[0] in GLYPHS and text[1].isspace()


def pdfplumber_pages(path: Path) -> tuple[list[dict], float]:
    """Per page: its chars (coordinates from the page's visible top-left) and text lines; and the seconds taken."""
    import pdfplumber

    start = time.perf_counter()
    pages = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            x_origin, top_origin = page.bbox[0], page.bbox[1]
            page.extract_text()
            words = [w["text"] for w in page.extract_words()]
            chars = [(c["text"], (c["x0"] + c["x1"]) / 2 - x_origin, (c["top"] + c["bottom"]) / 2 - top_origin)
                     for c in page.chars]
            lines = [{"text": ln["text"], "x0": ln["x0"] - x_origin, "x1": ln["x1"] - x_origin,
                      "top": ln["top"] - top_origin, "bottom": ln["bottom"] - top_origin}
                     for ln in page.extract_text_lines(return_chars=False)]
            pages.append({"chars": chars, "lines": lines, "words": words})
    return pages, time.perf_counter() - start


LETTERS = re.compile(r"[^\W\d_]+")


def letter_words(texts) -> list[str]:
    return [w.lower() for text in texts for w in LETTERS.findall(text)]


def joins(word: str, vocabulary: set[str]) -> bool:
    """Whether `word` is two or more words of `vocabulary` written together."""
    ends = {0}
    for i in range(1, len(word) + 1):
        if any(word[j:i] in vocabulary for j in ends if i - j >= 2):
            ends.add(i)
    return len(word) in ends and word not in vocabulary


def word_agreement(ours: list[str], theirs: list[str], referee: list[str] | None) -> dict[str, int]:
    """cvlint's 5+-letter words and how many pdfplumber reads as several ("glued"); pdfplumber's 5+-letter words and
    how many cvlint reads as several ("split"); of each, how many the referee (pdftotext) reads as pdfplumber does."""
    ours_v, theirs_v = set(ours), set(theirs)
    glued = [w for w in ours if len(w) >= 5 and w not in theirs_v and joins(w, theirs_v)]
    split = [w for w in theirs if len(w) >= 5 and w not in ours_v and joins(w, ours_v)]
    counts = {"words_ours": sum(len(w) >= 5 for w in ours), "glued": len(glued),
              "words_plumber": sum(len(w) >= 5 for w in theirs), "split": len(split)}
    if referee is not None:
        ref_v = set(referee)
        counts["glued_confirmed"] = sum(w not in ref_v and joins(w, ref_v) for w in glued)
        counts["split_confirmed"] = sum(w in ref_v for w in split)
    return counts


def pdftotext_words(path: Path) -> list[str] | None:
    """The words poppler's pdftotext reads in the file, or None where it is not installed."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    done = subprocess.run([exe, "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=60, check=False)
    return letter_words([done.stdout.decode("utf-8", "replace")])


def producer(path: Path) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    try:
        name = (doc.get_metadata_dict().get("Producer") or "").strip()
    finally:
        doc.close()
    return re.sub(r"[-\d.®]+$", "", re.split(r"[\s/;(,]", name, maxsplit=1)[0]) or "(none)"


def inside(box, x: float, y: float) -> bool:
    return box.x0 - SLACK <= x <= box.x1 + SLACK and box.top - SLACK <= y <= box.bottom + SLACK


def compare(path: Path) -> dict:
    start = time.perf_counter()
    lines, _pages = extract_lines(path.read_bytes(), Limits())
    ours_s = time.perf_counter() - start
    pages, plumber_s = pdfplumber_pages(path)

    ours_text = "".join(norm(line.text) for line in lines)
    theirs_text = "".join(norm(c[0]) for page in pages for c in page["chars"])
    plumber_order = "".join(norm(ln["text"]) for page in pages for ln in page["lines"])
    common = sum((Counter(ours_text) & Counter(theirs_text)).values())

    equal = similar = boxed = 0
    for line in lines:
        if not line.boxes:
            continue
        boxed += 1
        found = "".join(ch for box in line.boxes if box.page <= len(pages)
                        for ch, x, y in pages[box.page - 1]["chars"] if inside(box, x, y))
        mine, theirs = norm(line.text), norm(found)
        equal += mine == theirs
        similar += mine == theirs or difflib.SequenceMatcher(None, mine, theirs, autojunk=False).ratio() >= 0.9

    mixed = 0
    for number, page in enumerate(pages, 1):
        ours_here = [b for line in lines for b in line.boxes if b.page == number]
        for ln in page["lines"]:
            hit = [b for b in ours_here if b.top - SLACK <= (ln["top"] + ln["bottom"]) / 2 <= b.bottom + SLACK
                   and b.x0 < ln["x1"] and ln["x0"] < b.x1]
            if any(a.x1 < b.x0 or b.x1 < a.x0 for a in hit for b in hit):
                mixed += 1

    words = word_agreement(letter_words(line.text for line in lines),
                           letter_words(w for page in pages for w in page["words"]), pdftotext_words(path))

    glyph_lines = [norm(ln["text"])[:24] for page in pages for ln in page["lines"]
                   if opens_with_glyph(ln["text"]) and norm(ln["text"])]
    bullet_starts = [norm(line.text) for line in lines if line.bullet]
    glyphs_found = sum(any(b.startswith(g) for b in bullet_starts) for g in glyph_lines)

    return {"file": path.name, "lines": len(lines), "boxed": boxed, "box_equal": equal, "box_similar": similar,
            "chars_ours": len(ours_text), "chars_plumber": len(theirs_text), "chars_common": common,
            "order": difflib.SequenceMatcher(None, ours_text, plumber_order, autojunk=False).ratio()
            if ours_text and plumber_order else 0.0,
            "mixed": mixed, "glyph_lines": len(glyph_lines), "glyph_found": glyphs_found,
            "bullets": len(bullet_starts), "ours_s": ours_s, "plumber_s": plumber_s, "producer": producer(path),
            **words}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--per-file", action="store_true", help="print a row per file too")
    args = parser.parse_args()
    with (args.corpus / "MANIFEST.csv").open(encoding="utf-8") as fh:
        manifest = [row for row in csv.DictReader(fh)
                    if row.get("format", "pdf") == "pdf" and row.get("has_text_layer", "yes") == "yes"]
    rows, failed = [], []
    for meta in manifest:
        try:
            row = compare(args.corpus / meta["file"])
        except CvlintError as exc:
            failed.append(f"{meta['file']}: {exc.code}")
            continue
        row["layout"] = {"one-column": "one-column", None: "not recorded"}.get(meta.get("layout"), "multi-column")
        rows.append(row)

    def total(key: str, subset=rows) -> int:
        return sum(r[key] for r in subset)

    print(f"# cvlint (pypdfium2) against pdfplumber: {len(rows)} text-layer PDFs of {args.corpus.name}")
    if failed:
        print(f"not compared (cvlint refused them): {', '.join(failed)}")
    print(f"\n- text: recall {total('chars_common') / total('chars_plumber'):.3f} of pdfplumber's "
          f"{total('chars_plumber'):,} characters, precision {total('chars_common') / total('chars_ours'):.3f} "
          f"of cvlint's {total('chars_ours'):,}; files with recall < 0.95: "
          f"{sum(r['chars_common'] < 0.95 * r['chars_plumber'] for r in rows)}")
    print(f"- boxes: {total('boxed'):,} lines; pdfplumber's text inside the boxes equals the line's text for "
          f"{total('box_equal') / total('boxed'):.1%}, is similar (ratio >= 0.9) for "
          f"{total('box_similar') / total('boxed'):.1%}")
    for layout in ("one-column", "multi-column"):
        subset = [r for r in rows if r["layout"] == layout]
        if subset:
            orders = [r["order"] for r in subset]
            print(f"- reading order, {layout} ({len(subset)} files): similarity to pdfplumber's order median "
                  f"{statistics.median(orders):.3f}, min {min(orders):.3f}; pdfplumber lines mixing two of "
                  f"cvlint's side-by-side lines: {total('mixed', subset)} in "
                  f"{sum(r['mixed'] > 0 for r in subset)} files")
    print(f"- bullets: {total('glyph_lines')} pdfplumber lines open with a bullet glyph; "
          f"{total('glyph_found')} of them ({total('glyph_found') / max(1, total('glyph_lines')):.1%}) open one of "
          f"cvlint's bullet lines; cvlint has {total('bullets'):,} bullet lines in all")
    print(f"- words of 5+ letters: glued {total('glued')} of cvlint's {total('words_ours'):,} "
          f"({total('glued') / max(1, total('words_ours')):.2%}), split {total('split')} of pdfplumber's "
          f"{total('words_plumber'):,} ({total('split') / max(1, total('words_plumber')):.2%})")
    refereed = all("glued_confirmed" in r for r in rows)
    if refereed:
        print(f"- refereed by pdftotext: glued {total('glued_confirmed')} "
              f"({total('glued_confirmed') / max(1, total('words_ours')):.2%}), split {total('split_confirmed')} "
              f"({total('split_confirmed') / max(1, total('words_plumber')):.2%}): pdftotext reads these as "
              f"pdfplumber does")
    else:
        print("- not refereed: pdftotext (poppler-utils) is not installed")
    extra = " glued, confirmed | split, confirmed |" if refereed else ""
    print(f"\n| producer | PDFs | glued | split |{extra}\n| --- | ---: | ---: | ---: |{' ---: | ---: |' if refereed else ''}")
    for name in sorted({r["producer"] for r in rows}, key=lambda n: -sum(r["producer"] == n for r in rows)):
        subset = [r for r in rows if r["producer"] == name]
        cells = [total("glued", subset) / max(1, total("words_ours", subset)),
                 total("split", subset) / max(1, total("words_plumber", subset))]
        if refereed:
            cells += [total("glued_confirmed", subset) / max(1, total("words_ours", subset)),
                      total("split_confirmed", subset) / max(1, total("words_plumber", subset))]
        print(f"| {name} | {len(subset)} | " + " | ".join(f"{c:.2%}" for c in cells) + " |")
    print()
    ours_ms = [1000 * r["ours_s"] for r in rows]
    theirs_ms = [1000 * r["plumber_s"] for r in rows]
    print(f"- time per PDF: cvlint median {statistics.median(ours_ms):.0f} ms (total {sum(ours_ms) / 1000:.1f} s), "
          f"pdfplumber median {statistics.median(theirs_ms):.0f} ms (total {sum(theirs_ms) / 1000:.1f} s)")
    if args.per_file:
        keys = ["file", "layout", "lines", "box_equal", "box_similar", "chars_plumber", "chars_ours", "chars_common",
                "order", "mixed", "glyph_lines", "glyph_found", "bullets"]
        print("\n| " + " | ".join(keys) + " |\n|" + " --- |" * len(keys))
        for r in rows:
            print("| " + " | ".join(f"{r[k]:.3f}" if isinstance(r[k], float) else str(r[k]) for k in keys) + " |")


if __name__ == "__main__":
    main()
