"""`cvlint annotate`: Word comments on the flagged words, PDF highlights over the bullet's lines, and a
self-contained HTML page; the source is never modified and the text of a DOCX never changes."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from browser import picture
from lxml import etree

from corpus import CORPUS, needs

from cvlint.coach import annotate as an
from cvlint.coach import annotate_docx as ad
from cvlint.model import Document, Finding, Report, Severity, Signal

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "coach"
W = ad.W


@pytest.fixture(scope="session")
def nlp():
    from cvlint.nlp import load

    return load(None)


# ----------------------------------------------------------------------------------------------
# helpers shared by the DOCX and PDF tests


def fake_findings(doc: Document) -> tuple[Finding, ...]:
    """Findings as the rules engine gives them: the duty openings the built-in rules mark (with their span), and
    task-only on every bullet with a verb, so every bullet of a CV gets a comment (a stand-in until the engine is
    wired in)."""
    from cvlint.coach.coaching import coaching_for
    from cvlint.lint.catalog import load_catalog
    from cvlint.lint.engine import lint
    from cvlint.nlp import load

    coaching = coaching_for()
    bullets = set(doc.bullets)
    (found,) = lint([doc], load_catalog(), load(None))
    out = [f for f in found if f.bullet in bullets and coaching.coach_of(f.rule_id).rewrite == "opening"]
    for b in doc.bullets:
        if len(b.text.split()) >= 3:
            out.append(Finding("task-only-bullet", Signal.WEAK, Severity.WARNING, "States a duty, no outcome.", b))
    return tuple(out)


def real_or_fake(path: Path, data: bytes) -> Report:
    """The real pipeline when the rules engine is in place, else parsed structure + fake findings."""
    from cvlint.errors import UsageError
    from cvlint.parse import parse
    from cvlint.pipeline import Options

    try:
        from cvlint.pipeline import analyse

        (result,) = analyse([(str(path), data)], Options())
        if isinstance(result, Report) and result.findings:
            return result
    except (ImportError, UsageError, UnicodeError):  # the tier model or rules engine is not there yet
        pass
    doc = parse(data, name=str(path))
    try:
        from cvlint.lint.catalog import load_catalog
        from cvlint.lint.engine import lint
        from cvlint.nlp import load

        if doc.language == "en":
            (found,) = lint([doc], load_catalog(), load(None))
            if any(f.bullet is not None and f.signal == Signal.WEAK for f in found):
                return Report(str(path), doc, tuple(found))
    except (ImportError, UsageError, UnicodeError):
        pass
    return Report(str(path), doc, fake_findings(doc))


def make_docx() -> bytes:
    import docx
    from docx.shared import Pt

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "Responsible for the header: never annotated"
    d.add_heading("Ana Test", 0)
    d.add_paragraph("Experience", style="Heading 1")
    d.add_paragraph("ML Engineer, Acme, 2021 – Present")
    p = d.add_paragraph(style="List Bullet")
    r = p.add_run("Responsible ")
    r.bold = True
    r = p.add_run("for maintaining the ")
    r.italic = True
    r = p.add_run("CI pipeline")
    r.font.size = Pt(12)
    p.add_run(" for 4 teams.")
    d.add_paragraph("Worked on the billing service using Python, Django and Redis.", style="List Bullet")
    d.add_paragraph("Projects", style="Heading 1")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Churn model"
    cell = table.cell(0, 1)
    cell.paragraphs[0].style = d.styles["List Bullet"]
    cell.paragraphs[0].add_run("Helped ").underline = True
    cell.paragraphs[0].add_run("build a churn model <script>alert(1)</script> in scikit-learn.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def body_signature(data: bytes) -> list[list[tuple[str, bytes]]]:
    """Every body paragraph as (character, its run's formatting) pairs: what must never change."""
    import docx

    from cvlint.parse.docx import iter_body_paragraphs

    document = docx.Document(io.BytesIO(data))
    out = []
    for p in iter_body_paragraphs(document.element):
        sig = []
        for c in ad.char_map(p):
            rpr = c.run.find(ad._RPR) if c.run is not None else None
            sig.append((c.char, etree.tostring(rpr, method="c14n") if rpr is not None else b""))
        out.append(sig)
    return out


def anchored_comments(data: bytes) -> dict[int, str]:
    """comment id -> the document text between its commentRangeStart and commentRangeEnd."""
    import docx

    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    open_ranges: dict[int, list[str]] = {}
    done: dict[int, str] = {}
    for el in body.iter():
        tag = el.tag
        if tag == f"{{{W}}}commentRangeStart":
            open_ranges[int(el.get(f"{{{W}}}id"))] = []
        elif tag == f"{{{W}}}commentRangeEnd":
            cid = int(el.get(f"{{{W}}}id"))
            done[cid] = "".join(open_ranges.pop(cid))
        elif tag in (f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br"):
            text = el.text or "" if tag == f"{{{W}}}t" else " "
            for parts in open_ranges.values():
                parts.append(text)
    return done


def header_has_no_comment(data: bytes) -> bool:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return not any(b"commentRange" in z.read(n) for n in z.namelist()
                       if re.match(r"word/(header|footer)\d*\.xml", n))


def check_docx_annotation(src: bytes, out: bytes, report: Report, summary: dict) -> int:
    """Every comment anchored on its flagged text, the text and formatting of the body unchanged."""
    import docx

    assert body_signature(out) == body_signature(src), "annotating changed the document's text or formatting"
    assert header_has_no_comment(out)
    anchored = anchored_comments(out)
    comments = {c.comment_id: c for c in docx.Document(io.BytesIO(out)).comments}
    before = {c.comment_id for c in docx.Document(io.BytesIO(src)).comments}
    new = {cid: c for cid, c in comments.items() if cid not in before}
    assert len(new) == summary["placed"]
    for cid, comment in new.items():
        assert comment.author == "cvlint"
        assert "Try: " in comment.text
        assert cid in anchored
    return len(new)


# ----------------------------------------------------------------------------------------------
# DOCX


def test_docx_comments_on_the_exact_span(tmp_path, nlp):
    src = make_docx()
    path = tmp_path / "cv.docx"
    path.write_bytes(src)
    digest = hashlib.sha256(src).hexdigest()
    from cvlint.parse import parse

    doc = parse(src, name=str(path))
    report = Report(str(path), doc, fake_findings(doc))
    out = tmp_path / "cv.annotated.docx"
    summary = an.annotate_report(src, report, out, "docx", nlp=nlp)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    data = out.read_bytes()
    assert check_docx_annotation(src, data, report, summary) == 3
    anchored = sorted(anchored_comments(data).values())
    # the weak opening spans two runs of different formatting; the comment covers exactly it
    assert "Responsible for" in anchored
    assert "Worked on" in anchored
    assert "Helped" in anchored


def test_docx_comment_holds_finding_why_and_rewrite(tmp_path, nlp):
    import docx

    src = make_docx()
    from cvlint.parse import parse

    doc = parse(src, name="cv.docx")
    report = Report("cv.docx", doc, fake_findings(doc))
    out = tmp_path / "out.docx"
    an.annotate_report(src, report, out, "docx", nlp=nlp)
    texts = [c.text for c in docx.Document(str(out)).comments]
    first = next(t for t in texts if "Maintain the CI pipeline" in t)  # the role is current ("2021 – Present")
    assert "weak-opening (warning)" in first and "Try: Maintain the CI pipeline for 4 teams" in first
    assert "Ask: " in first


def test_split_run_keeps_text_and_formatting():
    p = etree.fromstring(
        f'<w:p xmlns:w="{W}"><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Hello brave </w:t><w:tab/>'
        f'<w:t>world</w:t></w:r></w:p>')
    chars = ad.char_map(p)
    first = next(c for c in chars if c.char == "b")
    last = next(c for c in chars if c.char == "w")
    start, end = ad.anchor_runs(first, last)
    runs = p.findall(f"{{{W}}}r")
    assert len(runs) == 3
    assert all(r.find(f"{{{W}}}rPr/{{{W}}}b") is not None for r in runs)
    assert "".join(c.char for c in ad.char_map(p)) == "Hello brave \tworld"
    inside = "".join(c.char for c in chars if False)
    del inside
    covered = []
    on = False
    for r in runs:
        on = on or r is start
        if on:
            covered.extend(c.char for c in ad.char_map(etree.fromstring(
                f'<w:p xmlns:w="{W}">' + etree.tostring(r).decode() + "</w:p>")))
        if r is end:
            break
    assert "".join(covered) == "brave \tw"


def _corpus_docx():
    folder = CORPUS / "real" / "docx"
    return sorted(folder.glob("*.docx")) if folder.is_dir() else []


@needs("real")
def test_real_docx_comments_anchored_and_text_unchanged(tmp_path, nlp):
    placed_total = files = 0
    for path in _corpus_docx():
        src = path.read_bytes()
        report = real_or_fake(path, src)
        if not report.document.bullets or report.document.language not in (None, "en"):
            continue
        out = tmp_path / (path.stem + ".annotated.docx")
        try:
            summary = an.annotate_report(src, report, out, "docx", nlp=nlp)
        except Exception as exc:  # a file python-docx cannot open must fail with a one-line CvlintError
            from cvlint.errors import CvlintError

            assert isinstance(exc, CvlintError), f"{path.name}: {exc!r}"
            continue
        placed_total += check_docx_annotation(src, out.read_bytes(), report, summary)
        files += 1
    assert files >= 10 and placed_total >= 50, (files, placed_total)


# ----------------------------------------------------------------------------------------------
# output paths


def test_refuses_the_input_as_output(tmp_path):
    src = tmp_path / "cv.docx"
    src.write_bytes(make_docx())
    with pytest.raises(an.OutputRefused, match="this is the input file"):
        an.check_output(src, tmp_path / "." / "cv.docx")
    link = tmp_path / "link.docx"
    link.symlink_to(src)
    with pytest.raises(an.OutputRefused):
        an.check_output(src, link)


def test_mismatched_format_says_what_is_possible(tmp_path):
    with pytest.raises(an.OutputRefused, match=r"use -o NAME\.docx or -o NAME\.html"):
        an.check_match("pdf", "docx", tmp_path / "out.pdf")
    with pytest.raises(an.OutputRefused, match=r"-o NAME\.html"):
        an.check_match("docx", "markdown", tmp_path / "out.docx")
    with pytest.raises(an.OutputRefused, match="extension"):
        an.check_output(tmp_path / "cv.docx", tmp_path / "out.txt")
    an.check_match("html", "markdown", tmp_path / "out.html")


# ----------------------------------------------------------------------------------------------
# PDF

SAMPLE_PDF = ROOT / "samples" / "ana-costa.pdf"


def _words(text: str) -> list[str]:
    return [w for w in (re.sub(r"[^0-9a-z]", "", w.lower()) for w in text.split()) if w]


def check_pdf_highlights(out: bytes, report: Report) -> int:
    """Every highlight's lines hold its bullet's words (read back with pdfium in user space)."""
    import pypdfium2 as pdfium
    from pypdf import PdfReader

    bullets = {b.id: b for b in report.document.bullets}
    reader = PdfReader(io.BytesIO(out))
    pdf = pdfium.PdfDocument(out)
    count = 0
    try:
        for index, page in enumerate(reader.pages):
            annots = [a.get_object() for a in (page.get("/Annots") or [])]
            mine = [a for a in annots if a.get("/Subtype") == "/Highlight" and str(a.get("/NM", "")).startswith("cvlint-")]
            if not mine:
                continue
            textpage = pdf[index].get_textpage()
            for a in mine:
                bullet = bullets[str(a["/NM"]).split("-")[1]]
                expected = set(_words(bullet.text))
                q = [float(v) for v in a["/QuadPoints"]]
                assert len(q) % 8 == 0 and q
                assert a.get("/Contents") and "Try: " in str(a["/Contents"])
                assert a.get("/Popup") is not None
                for i in range(0, len(q), 8):
                    xs, ys = q[i:i + 8:2], q[i + 1:i + 8:2]
                    text = textpage.get_text_bounded(min(xs) + 0.5, min(ys) + 1, max(xs) - 0.5, max(ys) - 1)
                    found = _words(text)
                    assert found, f"highlight {a['/NM']} line {i // 8} covers no text"
                    hits = sum(1 for w in found if w in expected or any(w in e or e in w for e in expected))
                    assert hits / len(found) >= 0.6, (a["/NM"], text, bullet.text)
                count += 1
            textpage.close()
    finally:
        pdf.close()
    return count


def _variant(data: bytes, *, rotate: int = 0, crop: tuple | None = None, shift: tuple | None = None) -> bytes:
    """The sample with a /Rotate whose content is turned the other way (so it still reads upright, as in a
    real rotated export), a CropBox, or a MediaBox whose origin is not 0,0 (content moved along)."""
    from pypdf import PdfReader, PdfWriter, Transformation
    from pypdf.generic import NameObject, NumberObject, RectangleObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for page in writer.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        if rotate:
            ctm = {90: (0, 1, -1, 0, h, 0), 180: (-1, 0, 0, -1, w, h), 270: (0, -1, 1, 0, 0, w)}[rotate]
            page.add_transformation(Transformation(ctm))
            if rotate in (90, 270):
                w, h = h, w
            page.mediabox = RectangleObject([0, 0, w, h])
            page.cropbox = RectangleObject([0, 0, w, h])
            page[NameObject("/Rotate")] = NumberObject(rotate)
        if shift:
            page.add_transformation(Transformation().translate(*shift))
            page.mediabox = RectangleObject([shift[0], shift[1], shift[0] + w, shift[1] + h])
            page.cropbox = RectangleObject([shift[0], shift[1], shift[0] + w, shift[1] + h])
        if crop:
            page.cropbox = RectangleObject(crop)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


@pytest.mark.skipif(not SAMPLE_PDF.exists(), reason="samples/ana-costa.pdf is not there")
@pytest.mark.parametrize("variant", [{}, {"rotate": 90}, {"rotate": 180}, {"rotate": 270},
                                     {"crop": (20, 30, 590, 800)}, {"shift": (100, 200)},
                                     {"rotate": 90, "shift": (-50, 40), "crop": (-20, 80, 700, 560)}],
                         ids=["plain", "rot90", "rot180", "rot270", "cropbox", "mediabox-origin", "all"])
def test_pdf_highlights_cover_their_bullets(tmp_path, nlp, variant):
    src = _variant(SAMPLE_PDF.read_bytes(), **variant) if variant else SAMPLE_PDF.read_bytes()
    path = tmp_path / "cv.pdf"
    path.write_bytes(src)
    report = real_or_fake(path, src)
    out = tmp_path / "cv.annotated.pdf"
    summary = an.annotate_report(src, report, out, "pdf", nlp=nlp)
    assert path.read_bytes() == src
    assert summary["placed"] >= 5 and not summary["skipped"]
    assert check_pdf_highlights(out.read_bytes(), report) == summary["placed"]


@pytest.mark.skipif(not SAMPLE_PDF.exists(), reason="samples/ana-costa.pdf is not there")
def test_pdfplumber_sees_each_highlight_over_its_bullet(tmp_path, nlp):
    import pdfplumber

    src = SAMPLE_PDF.read_bytes()
    report = real_or_fake(SAMPLE_PDF, src)
    out = tmp_path / "out.pdf"
    an.annotate_report(src, report, out, "pdf", nlp=nlp)
    bullets = {b.id: b for b in report.document.bullets}
    seen = 0
    with pdfplumber.open(out) as pdf:
        for page in pdf.pages:
            for a in page.annots:
                name = a["data"].get("NM")
                name = name.decode() if isinstance(name, bytes) else name
                if not name or not str(name).startswith("cvlint-"):
                    continue
                bullet = bullets[str(name).split("-")[1]]
                inside = page.crop((a["x0"], a["top"], a["x1"], a["bottom"]), strict=False)
                words = _words(inside.extract_text() or "")
                assert words and set(words) & set(_words(bullet.text)), (name, bullet.text)
                assert "Try: " in (a["contents"] or "")
                seen += 1
    assert seen >= 5


def _corpus_pdfs(step: int = 1):
    import csv

    folder = CORPUS / "real"
    if not (folder / "MANIFEST.csv").is_file():
        return []
    with (folder / "MANIFEST.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["format"] == "pdf" and r["has_text_layer"] == "yes"
                and r["language"] == "en"]
    return [folder / r["file"] for r in rows][::step]


def _annotate_corpus_pdfs(tmp_path, nlp, paths) -> tuple[int, int]:
    from cvlint.errors import CvlintError

    files = placed = 0
    for path in paths:
        src = path.read_bytes()
        try:
            report = real_or_fake(path, src)
        except CvlintError:
            continue
        if not report.document.bullets:
            continue
        out = tmp_path / (path.stem + ".annotated.pdf")
        an.annotate_report(src, report, out, "pdf", nlp=nlp)
        assert path.read_bytes() == src
        placed += check_pdf_highlights(out.read_bytes(), report)
        files += 1
    return files, placed


@needs("real")
def test_real_pdf_highlights_cover_their_bullets(tmp_path, nlp):
    files, placed = _annotate_corpus_pdfs(tmp_path, nlp, _corpus_pdfs(step=6))
    assert files >= 8 and placed >= 50, (files, placed)


@pytest.mark.slow
@needs("real")
def test_every_real_pdf_highlight_covers_its_bullet(tmp_path, nlp):
    files, placed = _annotate_corpus_pdfs(tmp_path, nlp, _corpus_pdfs())
    assert files >= 50 and placed >= 500, (files, placed)


# ----------------------------------------------------------------------------------------------
# HTML

HOSTILE = ("Responsible for <script>alert(1)</script> the <img src=x onerror=alert(1)> pipeline "
           "\x1b[31mred\x1b[0m </details><iframe src=//evil> & \"quotes\"")


def _html_for(tmp_path, nlp, texts: list[str]) -> tuple[str, Report]:
    from cvlint.model import Bullet, Entry, Section

    bullets = tuple(Bullet(id=f"b{i + 1}", text=t, section="experience", line=i, entry=0) for i, t in enumerate(texts))
    doc = Document("cv.md", "markdown", (Section("experience", "Work <b>History</b>",
                                                 (Entry("<script>x</script>", "Acme", None, "2020", bullets),)),),
                   language="en")
    report = Report("cv<script>.md", doc, fake_findings(doc))
    out = tmp_path / "report.html"
    an.annotate_report(b"", report, out, "html", nlp=nlp)
    return out.read_text(encoding="utf-8"), report


def test_html_is_self_contained_and_marks_spans(tmp_path, nlp):
    html, report = _html_for(tmp_path, nlp, ["Responsible for maintaining the CI pipeline.",
                                             "Cut cloud spend by 30% in 2023."])
    assert html.startswith("<!DOCTYPE html>")
    assert "<mark>Responsible for</mark>" in html
    assert "<details>" in html and "Maintained the CI pipeline" in html
    lowered = html.lower()
    for banned in ("http", "<script", "<link", "@import", "url(", "@font-face", "src=", "href="):
        assert banned not in lowered, banned


def test_html_renders_hostile_text_inert(tmp_path, nlp):
    html, _ = _html_for(tmp_path, nlp, [HOSTILE])
    lowered = html.lower()
    assert "<script" not in lowered and "<img" not in lowered and "<iframe" not in lowered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "\x1b" not in html
    assert html.count("</details>") == html.count("<details>")


def test_html_works_for_every_input_format(tmp_path, nlp):
    for name in ("ana-costa.md", "ana-costa.docx", "ana-costa.pdf"):
        path = ROOT / "samples" / name
        if not path.exists():
            pytest.skip("samples/ana-costa.* are not there")
        src = path.read_bytes()
        report = real_or_fake(path, src)
        out = tmp_path / (name + ".html")
        summary = an.annotate_report(src, report, out, "html", nlp=nlp)
        assert summary["placed"] == summary["weak_bullets"] > 0
        assert "<mark>" in out.read_text(encoding="utf-8")


# ----------------------------------------------------------------------------------------------
# render checks: real viewers open what we write (deselected in CI: pytest -m render)

def _tool(*names):
    for n in names:
        if shutil.which(n):
            return shutil.which(n)
    pytest.skip(f"{names[0]} is not installed (apt-get install -y libreoffice-writer-nogui poppler-utils chromium)")


@pytest.mark.render
def test_render_libreoffice_opens_the_annotated_docx(tmp_path, nlp):
    soffice = _tool("soffice", "libreoffice")
    src = (ROOT / "samples" / "ana-costa.docx") if (ROOT / "samples" / "ana-costa.docx").exists() else None
    data = src.read_bytes() if src else make_docx()
    report = real_or_fake(src or tmp_path / "cv.docx", data)
    out = tmp_path / "annotated.docx"
    an.annotate_report(data, report, out, "docx", nlp=nlp)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(out)], check=True, timeout=180, capture_output=True)
    pdf = tmp_path / "annotated.pdf"
    assert pdf.exists() and pdf.stat().st_size > 1000


@pytest.mark.render
def test_render_poppler_draws_the_highlights(tmp_path, nlp):
    pdftoppm = _tool("pdftoppm")
    if not SAMPLE_PDF.exists():
        pytest.skip("samples/ana-costa.pdf is not there")
    src = SAMPLE_PDF.read_bytes()
    report = real_or_fake(SAMPLE_PDF, src)
    out = tmp_path / "annotated.pdf"
    an.annotate_report(src, report, out, "pdf", nlp=nlp)
    for name, pdf in (("plain", SAMPLE_PDF), ("annotated", out)):
        subprocess.run([pdftoppm, "-r", "60", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / name)],
                       check=True, timeout=120)
    plain, annotated = (tmp_path / "plain-1.png").read_bytes(), (tmp_path / "annotated-1.png").read_bytes()
    assert plain != annotated, "the highlights did not render"
    page = picture("annotated-pdf-page.png", tmp_path)
    subprocess.run([pdftoppm, "-r", "80", "-f", "1", "-l", "1", "-png", "-singlefile", str(out),
                    str(page.with_suffix(""))], check=True, timeout=120)
    assert page.stat().st_size < 300_000


@pytest.mark.render
def test_render_chromium_screenshots_the_html(tmp_path, nlp):
    chromium = _tool("chromium", "chromium-browser", "google-chrome")
    path = ROOT / "samples" / "ana-costa.md"
    if not path.exists():
        pytest.skip("samples/ana-costa.md is not there")
    src = path.read_bytes()
    report = real_or_fake(path.relative_to(ROOT), src)  # the page shows the label: no machine path
    out = tmp_path / "report.html"
    an.annotate_report(src, report, out, "html", nlp=nlp)
    shot = tmp_path / "shot.png"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}", "--window-size=1200,1600",
                    "--hide-scrollbars", f"file://{out}"], check=True, timeout=120, capture_output=True)
    assert shot.exists() and shot.stat().st_size > 10_000
    page = picture("html-report.png", tmp_path)
    _shrink(shot, page)
    assert page.stat().st_size < 300_000


def _shrink(src: Path, dst: Path) -> None:
    """Copy a PNG, palette-quantised by pdftoppm-free means when Pillow is there, else as is."""
    try:
        from PIL import Image
    except ImportError:
        shutil.copyfile(src, dst)
        return
    image = Image.open(src).convert("RGB")
    image = image.resize((image.width * 3 // 4, image.height * 3 // 4))
    image.quantize(colors=64).save(dst, optimize=True)


def test_cli_refuses_in_one_line(tmp_path):
    from click.testing import CliRunner

    from cvlint.cli import cli

    src = tmp_path / "cv.docx"
    original = make_docx()
    src.write_bytes(original)
    runner = CliRunner()
    same = runner.invoke(cli, ["annotate", str(src), "-o", str(tmp_path / "." / "cv.docx")])
    assert same.exit_code == 2
    assert same.output.strip().count("\n") == 0 and "this is the input file" in same.output
    wrong = runner.invoke(cli, ["annotate", str(src), "-o", str(tmp_path / "out.pdf")])
    assert wrong.exit_code == 2 and "use -o NAME.docx or -o NAME.html" in wrong.output
    assert src.read_bytes() == original
