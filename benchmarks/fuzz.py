"""Coverage-guided fuzzing of cvlint's readers with atheris (libFuzzer for Python).

    pip install ".[fuzz]"
    python benchmarks/fuzz.py --format pdf --minutes 30      # also docx, text, json-resume

Each run mutates seed files of one format (the CVs in `samples/`, plus small hostile files made here: a Flate
chain, a form that draws itself, ASCII85 before Flate, a DOCX with a DTD, UTF-16 text, control characters, nested
JSON) and feeds every input to
`cvlint.parse.parse`, the whole reading path (sniffing, the format's reader, structure, language). cvlint's own
modules are instrumented for coverage. A `CvlintError` is the documented answer to a bad file; any other
exception is a finding: a bug in cvlint, or a library error not yet mapped to an error code where the library is
called. Findings are kept (one per exception type and cvlint source line) with the input that raised them, in
`--findings` (default `.fuzz/<format>/findings`), and the run goes on. A run that libFuzzer itself stops (a
timeout, memory past `--rss-mb`, a crash in C code) keeps its input as a finding too and restarts for the time
left.

Prints executions, coverage (libFuzzer's `cov` edges at start and at the end, and the inputs that added
coverage), and the findings.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import subprocess
import sys
import time
import traceback
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ("pdf", "docx", "text", "json-resume")


# ---------------------------------------------------------------------------------------------- seeds

def _pdf(objects: dict[int, bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (max(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offsets[n] for n in sorted(objects))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (max(objects) + 1, start)
    return bytes(out)


def _pdf_page(content: bytes, filters: bytes = b"", extra: bytes = b"") -> bytes:
    return _pdf({1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >>"
                    b" /XObject << /X1 6 0 R >> >> /Contents 4 0 R >>",
                 4: b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(content), filters, content),
                 5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
                 6: b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] %s /Length 8 >>\nstream\n/X1 Do Q\n"
                    b"endstream" % extra})


def _docx(document_xml: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("word/document.xml", document_xml)
    return buf.getvalue()


def seeds(fmt: str) -> dict[str, bytes]:
    """Small, readable seed inputs for one format: the sample CV in it, and hostile shapes of it."""
    text = (ROOT / "samples" / "ana-costa.md").read_bytes()
    lines = b"BT /F1 10 Tf 72 700 Td (EXPERIENCE) Tj 0 -14 Td (\x95 Cut costs by 20% for 12 teams) Tj ET"
    if fmt == "pdf":
        return {"sample.pdf": (ROOT / "samples" / "ana-costa.pdf").read_bytes(),
                "page.pdf": _pdf_page(lines),
                "chain.pdf": _pdf_page(zlib.compress(zlib.compress(lines)), b"/Filter [/FlateDecode /Fl]"),
                "form-loop.pdf": _pdf_page(lines + b" /X1 Do"),
                "a85.pdf": _pdf_page(b"<~" + __import__("base64").a85encode(zlib.compress(lines)) + b"~>",
                                     b"/Filter [/A85 /FlateDecode]")}
    if fmt == "docx":
        w = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        body = b"<w:p><w:r><w:t>EXPERIENCE</w:t></w:r></w:p><w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/>" \
               b"</w:numPr></w:pPr><w:r><w:t>Cut costs by 20% for 12 teams</w:t></w:r></w:p>"
        return {"sample.docx": (ROOT / "samples" / "ana-costa.docx").read_bytes(),
                "small.docx": _docx(b"<w:document %s><w:body>%s</w:body></w:document>" % (w, body)),
                "dtd.docx": _docx(b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><w:document %s>'
                                  b"<w:body>%s</w:body></w:document>" % (w, body)),
                "table.docx": _docx(b"<w:document %s><w:body><w:tbl><w:tr><w:tc>%s</w:tc></w:tr></w:tbl>"
                                    b"</w:body></w:document>" % (w, body))}
    if fmt == "text":
        return {"sample.md": text, "sample.txt": text.replace(b"#", b"").replace(b"**", b""),
                "utf16le.txt": text.decode().encode("utf-16-le"), "cp1252.txt": "Café – résumé\n".encode("cp1252"),
                "controls.txt": b"EXPERIENCE\n- \x1b[31mCut\x1b[0m costs \x00by 20%\r\n\t- nested\n"}
    export = subprocess.run([sys.executable, "-m", "cvlint", "export", str(ROOT / "samples" / "ana-costa.md")],
                            capture_output=True, check=True).stdout
    return {"sample.json": export, "nested.json": b'{"basics": {"summary": ' + b"[" * 200 + b"]" * 200 + b"}}",
            "minimal.json": b'{"work": [{"name": "Acme", "highlights": ["Cut costs by 20%"]}]}'}


# ---------------------------------------------------------------------------------------------- the worker

def worker(findings: Path, libfuzzer_args: list[str]) -> None:
    """Run inside libFuzzer: every input through cvlint.parse.parse; unexpected exceptions are kept."""
    import atheris

    with atheris.instrument_imports(include=["cvlint"]):
        import cvlint.parse
        from cvlint.parse import (contact, docx, glyphs, jsonresume, language, ooxml, pdf,  # noqa: F401
                                  pdfstreams, sniff, structure, text)
        from cvlint.errors import CvlintError
        from cvlint.limits import Limits

    limits = Limits(timeout=10)
    findings.mkdir(parents=True, exist_ok=True)

    def one(data: bytes) -> None:
        try:
            cvlint.parse.parse(data, limits=limits)
        except CvlintError:
            return
        except Exception as exc:  # noqa: BLE001 - the point: every other exception is a finding
            _keep(findings, exc, data)

    atheris.Setup([sys.argv[0], *libfuzzer_args], one)
    atheris.Fuzz()


def _keep(findings: Path, exc: BaseException, data: bytes) -> None:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/cvlint/" in f.filename.replace("\\", "/")]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "library"
    key = hashlib.sha1(f"{type(exc).__name__}@{where}".encode()).hexdigest()[:12]
    if (findings / f"{key}.json").exists():
        return
    (findings / f"{key}.bin").write_bytes(data)
    (findings / f"{key}.json").write_text(json.dumps({
        "exception": type(exc).__name__, "where": where, "message": str(exc)[:300],
        "traceback": traceback.format_exception(exc)[-6:]}, indent=1))


# ---------------------------------------------------------------------------------------------- the runner

_COV = re.compile(r"#(\d+)\s+(INITED|DONE|NEW|REDUCE|pulse|RELOAD)\s+cov: (\d+) ft: (\d+)")
_STAT = re.compile(r"stat::(\w+):\s+(\d+)")


def run(fmt: str, minutes: float, work: Path, rss_mb: int) -> dict:
    corpus, findings, crashes = work / "corpus", work / "findings", work / "crashes"
    for folder in (corpus, findings, crashes):
        folder.mkdir(parents=True, exist_ok=True)
    for name, data in seeds(fmt).items():
        (corpus / f"seed-{name}").write_bytes(data)
    end = time.monotonic() + 60 * minutes
    totals = {"executions": 0, "new_units": 0, "cov_start": None, "cov_end": 0, "restarts": 0}
    while (left := end - time.monotonic()) > 5:
        args = [str(corpus), f"-max_total_time={int(left)}", f"-rss_limit_mb={rss_mb}", "-timeout=30",
                "-max_len=200000", "-print_final_stats=1", f"-artifact_prefix={crashes}/"]
        proc = subprocess.run([sys.executable, __file__, "--worker", "--findings", str(findings), "--", *args],
                              capture_output=True, text=True, cwd=ROOT)
        log = proc.stderr
        (work / "last.log").write_text(log[-200_000:])
        cov = [(m.group(2), int(m.group(3))) for m in _COV.finditer(log)]
        if cov:
            totals["cov_start"] = totals["cov_start"] if totals["cov_start"] is not None else cov[0][1]
            totals["cov_end"] = max(totals["cov_end"], cov[-1][1])
        stats = dict((k, int(v)) for k, v in _STAT.findall(log))
        totals["executions"] += stats.get("number_of_executed_units", 0)
        totals["new_units"] += stats.get("new_units_added", 0)
        if proc.returncode != 0:
            totals["restarts"] += 1
            tail = "\n".join(line for line in log.splitlines()[-40:] if "ERROR" in line or "==" in line)
            (crashes / f"stop-{totals['restarts']}.txt").write_text(tail or log[-4000:])
    found = [json.loads(p.read_text()) for p in sorted(findings.glob("*.json"))]
    return {"format": fmt, "minutes": minutes, **totals,
            "findings": [f"{f['exception']} at {f['where']}: {f['message'][:120]}" for f in found],
            "libfuzzer_stops": sorted(p.name for p in crashes.iterdir())}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--format", choices=FORMATS, default="pdf")
    ap.add_argument("--minutes", type=float, default=5.0)
    ap.add_argument("--work", type=Path, help="corpus and findings folder [.fuzz/<format>]")
    ap.add_argument("--rss-mb", type=int, default=2048, help="libFuzzer's memory limit per run [2048]")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--findings", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("rest", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.findings, args.rest)
        return
    work = args.work or ROOT / ".fuzz" / args.format
    result = run(args.format, args.minutes, work, args.rss_mb)
    print(f"{result['format']}: {result['executions']:,} executions in {result['minutes']:g} min; coverage "
          f"{result['cov_start']} -> {result['cov_end']} edges ({result['new_units']} inputs added coverage); "
          f"{len(result['findings'])} findings; libFuzzer stopped {result['restarts']} times")
    for line in result["findings"]:
        print("  finding:", line)
    for name in result["libfuzzer_stops"]:
        print("  stop:", name)
    (work / "result.json").write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
