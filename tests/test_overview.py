"""The batch overview page: `cvlint report RESULTS` and `cvlint check DIR --format html`."""

from __future__ import annotations

import base64
import hashlib
import json
import random
import subprocess
import sys
from dataclasses import replace

import pytest
from lxml import html as lxml_html

from browser import chromium, picture
from corpus import CORPUS, needs

from cvlint.cli import cli
from cvlint.inputs import collect
from cvlint.output import tabular
from cvlint.output.json import render_jsonl_line
from cvlint.output.overview import from_report, render_page
from cvlint.output.results import read_rows


def ok(file: str, label: str | None, score: int | None, *, bullets: int = 10, weak: int = 4,
       by_rule: dict | None = None) -> dict:
    """A report object (docs/contract.md) with what the overview reads."""
    tier = {"label": label, "confidence": 0.7, "probabilities": {}, "reasons": []} if label else \
        {"label": None, "reason": "not an English CV"}
    return {"schema": "cvlint/report@1", "file": file, "status": "ok", "tier": tier, "score": score,
            "summary": {"bullets": bullets, "weak": weak, "strong": 1,
                        "by_rule": by_rule or {"task-only-bullet": 3, "missing-metric": 2}},
            "findings": [], "bullets": [], "sections": [], "notes": []}


def failed(file: str, code: str = "corrupt", message: str = "the PDF is damaged (open it and save it again)") -> dict:
    return {"schema": "cvlint/report@1", "file": file, "status": "error", "error": {"code": code, "message": message}}


BATCH = [ok("cvs/ana.pdf", "high-impact", 81), ok("cvs/ben.docx", "junior", 12), ok("cvs/cara.md", "junior", 25),
         ok("cvs/dan.pdf", "mid", 47), ok("cvs/emil.pdf", None, None), failed("cvs/broken.pdf")]

SHOWN = "cvs/<script>alert(1)</script><img src=x onerror=alert(2)>.pdf"
HOSTILE = SHOWN.replace(".pdf", "\x1b[31m.pdf")     # a terminal escape too: removed, not shown


def page(objs, **kwargs) -> str:
    return render_page([from_report(o) for o in objs], source="results.jsonl", **kwargs)


def body_rows(text: str):
    return lxml_html.fromstring(text).xpath("//table[@id='rows']/tbody/tr")


def test_a_row_per_input_and_error_rows_show_their_code():
    rows = body_rows(page(BATCH))
    assert [r.xpath("string(td[1])").strip() for r in rows] == [o["file"] for o in BATCH]
    broken = rows[-1]
    assert broken.get("data-group") == "error"
    assert broken.xpath("string(td[7]/code)") == "corrupt"
    assert "the PDF is damaged" in broken.xpath("string(td[7])")
    assert rows[0].xpath("string(td[3])").strip() == "81"
    assert rows[0].xpath("string(td[5])").split() == ["40%", "(4/10)"]
    assert rows[1].xpath("string(td[6])") == "task-only-bullet (3); missing-metric (2)"


def test_tier_chart_counts_match_the_rows():
    tree = lxml_html.fromstring(page(BATCH))
    counts = {g.get("data-value"): g.get("aria-label") for g in tree.xpath("//g[@data-filter='group']")}
    assert counts == {"junior": "junior: 2", "mid": "mid: 1", "high-impact": "high-impact: 1",
                      "not-judged": "not judged: 1", "error": "error: 1"}
    scores = {g.get("data-value"): g.get("aria-label") for g in tree.xpath("//g[@data-filter='range']")}
    assert scores["10-19"] == "10–19: 1" and scores["80-89"] == "80–89: 1" and scores["90-100"] == "90–100: 0"
    totals = [t.text_content().split() for t in tree.xpath("//section[@class='totals']/div")]
    assert totals[:3] == [["6", "inputs"], ["5", "analysed"], ["1", "could", "not", "be", "analysed"]]


def test_page_is_self_contained_and_runs_only_its_own_script():
    text = page(BATCH)
    lowered = text.lower()
    for banned in ("http://", "https://", "//cdn", "src=", "url(", "@import", "<link", "<iframe"):
        assert banned not in lowered, banned
    scripts = lxml_html.fromstring(text).xpath("//script")
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].text.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in text and "default-src 'none'" in text


def test_text_from_a_cv_is_escaped():
    text = page([ok(HOSTILE, "mid", 50, by_rule={"<b>rule</b>": 2}),
                 failed("cv&.pdf", message="<svg onload=alert(3)>")])
    lowered = text.lower()
    assert lowered.count("<script") == 1            # the page's own
    assert "<img" not in lowered and "<svg onload" not in lowered and "<b>rule" not in lowered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "&lt;b&gt;rule&lt;/b&gt; (2)" in text
    assert "\x1b" not in text
    assert [r.xpath("string(td[1])").strip() for r in body_rows(text)] == [SHOWN, "cv&.pdf"]


def test_jsonl_and_csv_give_the_same_page(tmp_path):
    objs = [*BATCH, ok("=cmd|' /C calc'!A0.pdf", "mid", 40)]  # a name CSV defangs
    (tmp_path / "r.jsonl").write_text("".join(render_jsonl_line(o) for o in objs), encoding="utf-8")
    (tmp_path / "r.csv").write_text(tabular.csv_header() + "".join(tabular.csv_line(o) for o in objs),
                                    encoding="utf-8")
    from_jsonl, _ = read_rows(tmp_path / "r.jsonl")
    from_csv, _ = read_rows(tmp_path / "r.csv")
    assert from_csv == [replace(r, tier_note=None) for r in from_jsonl]   # CSV has no column for it
    assert from_csv[-1].file == "=cmd|' /C calc'!A0.pdf"


def test_report_command_writes_the_page(runner, tmp_path):
    (tmp_path / "r.jsonl").write_text("".join(render_jsonl_line(o) for o in BATCH), encoding="utf-8")
    result = runner.invoke(cli, ["report", "r.jsonl", "-o", "overview.html"])
    assert result.exit_code == 0, result.output
    assert len(body_rows((tmp_path / "overview.html").read_text(encoding="utf-8"))) == len(BATCH)


def test_report_skips_a_torn_last_line_and_says_so(runner, tmp_path):
    lines = "".join(render_jsonl_line(o) for o in BATCH)
    (tmp_path / "r.jsonl").write_text(lines + render_jsonl_line(ok("cvs/zed.pdf", "mid", 50))[:40],
                                      encoding="utf-8")
    result = runner.invoke(cli, ["report", "r.jsonl", "-o", "overview.html"])
    assert result.exit_code == 0
    assert result.stderr == "cvlint: r.jsonl: the last line is cut short (an interrupted run); skipped\n"
    assert len(body_rows((tmp_path / "overview.html").read_text(encoding="utf-8"))) == len(BATCH)


def test_a_torn_csv_row_is_skipped_even_when_it_has_every_column(tmp_path):
    text = tabular.csv_header() + "".join(tabular.csv_line(o) for o in BATCH)
    (tmp_path / "r.csv").write_text(text[:-20], encoding="utf-8")     # cut inside the last row's error message
    rows, skipped = read_rows(tmp_path / "r.csv")
    assert skipped and [r.file for r in rows] == [o["file"] for o in BATCH[:-1]]


@pytest.mark.parametrize("content, says", [
    ('{"file": "a.pdf", "status": "ok"}\nnot json\n{"file": "b.pdf"}\n', "line 2 is not JSON"),
    ('{"status": "ok"}\n', "line 1 is not a cvlint report"),
    ("name,score\nana,3\n", "not cvlint results"),
    ("", "the file is empty"),
])
def test_report_refuses_what_is_not_results_in_one_line(runner, tmp_path, content, says):
    (tmp_path / "r.jsonl").write_text(content, encoding="utf-8")
    result = runner.invoke(cli, ["report", "r.jsonl", "-o", "overview.html"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and says in result.stderr
    assert not (tmp_path / "overview.html").exists()


def test_rows_link_to_annotated_copies_by_relative_path(runner, tmp_path):
    (tmp_path / "annotated").mkdir()
    (tmp_path / "annotated" / "ana.html").write_text("<p>ana</p>", encoding="utf-8")
    (tmp_path / "annotated" / "ben.docx").write_bytes(b"PK")
    (tmp_path / "site").mkdir()
    (tmp_path / "r.jsonl").write_text("".join(render_jsonl_line(o) for o in BATCH), encoding="utf-8")
    result = runner.invoke(cli, ["report", "r.jsonl", "-o", "site/overview.html", "--annotations", "annotated"])
    assert result.exit_code == 0, result.output
    rows = body_rows((tmp_path / "site" / "overview.html").read_text(encoding="utf-8"))
    links = {r.xpath("string(td[1])").strip(): r.xpath("td[1]/a/@href") for r in rows}
    assert links["cvs/ana.pdf"] == ["../annotated/ana.html"]
    assert links["cvs/ben.docx"] == ["../annotated/ben.docx"]
    assert links["cvs/cara.md"] == [] and links["cvs/broken.pdf"] == []


def test_cvs_of_the_same_name_link_to_their_own_annotated_copies(runner, tmp_path):
    rows = [{"file": f"cvs/{market}/ana.pdf", "status": "ok", "score": 50} for market in ("uk", "us")]
    rows.append({"file": "cvs/uk/ben.pdf", "status": "ok", "score": 40})
    (tmp_path / "r.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    for name in ("uk/ana.html", "us/ana.html", "ana.html", "ben.html"):
        (tmp_path / "annotated" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "annotated" / name).write_text("<p>copy</p>", encoding="utf-8")
    result = runner.invoke(cli, ["report", "r.jsonl", "-o", "overview.html", "--annotations", "annotated"])
    assert result.exit_code == 0, result.output
    rows = body_rows((tmp_path / "overview.html").read_text(encoding="utf-8"))
    links = {r.xpath("string(td[1])").strip(): r.xpath("td[1]/a/@href") for r in rows}
    assert links == {"cvs/uk/ana.pdf": ["annotated/uk/ana.html"], "cvs/us/ana.pdf": ["annotated/us/ana.html"],
                     "cvs/uk/ben.pdf": ["annotated/ben.html"]}


def test_annotations_need_the_html_format(runner, tmp_path):
    (tmp_path / "annotated").mkdir()
    result = runner.invoke(cli, ["check", "cv.md", "--format", "jsonl", "--annotations", "annotated"])
    assert result.exit_code == 2 and result.stderr == "cvlint: --annotations needs --format html\n"


def test_check_writes_the_page_directly(runner, tmp_path):
    (tmp_path / "cvs").mkdir()
    (tmp_path / "cvs" / "ana.md").write_text("# Ana\n\n## Experience\n\n### Engineer, Acme, 2020-2024\n\n"
                                             "- Responsible for the CI pipeline.\n- Cut cloud spend by 30%.\n",
                                             encoding="utf-8")
    (tmp_path / "cvs" / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<")
    result = runner.invoke(cli, ["check", "cvs", "--format", "html", "-o", "overview.html", "--no-progress"])
    assert result.exit_code == 1       # a failed input, as with every format
    rows = body_rows((tmp_path / "overview.html").read_text(encoding="utf-8"))
    assert [r.get("data-group") for r in rows][1] == "error"
    assert rows[0].get("data-group") in ("junior", "mid", "high-impact")
    assert rows[1].xpath("string(td[7]/code)") == "corrupt"


# ----------------------------------------------------------------------------------------------
# render checks: headless Chromium opens the page, sorts and filters it (deselected in CI: pytest -m render)

def synthetic(n: int = 500) -> list[dict]:
    """`n` plausible rows: scores spread over 0-100, a tier that follows the score, an error every 40th."""
    rng = random.Random(17)
    out = []
    for i in range(n):
        if i % 40 == 39:
            out.append(failed(f"batch/cv-{i:03}.pdf", rng.choice(["corrupt", "encrypted", "no-text-layer"])))
            continue
        score = min(100, max(0, int(rng.gauss(40, 20))))
        label = "junior" if score < 30 else "mid" if score < 65 else "high-impact"
        bullets = rng.randint(5, 60)
        out.append(ok(f"batch/cv-{i:03}.pdf", label, score, bullets=bullets, weak=rng.randint(0, bullets)))
    return out


def scores_shown(pg) -> list[int | None]:
    cells = pg.locator("#rows tbody tr:not([hidden]) td:nth-child(3)").all_text_contents()
    return [int(c) if c.strip() else None for c in cells]


@pytest.mark.render
def test_render_500_rows_open_sort_and_filter_in_chromium(tmp_path):
    objs = synthetic()
    out = tmp_path / "overview.html"
    out.write_text(page(objs), encoding="utf-8")
    with chromium(out) as (pg, requests, errors):
        from playwright.sync_api import expect

        assert pg.locator("#rows tbody tr").count() == 500
        before = scores_shown(pg)
        pg.get_by_role("button", name="Score", exact=True).click()
        ascending = scores_shown(pg)
        assert ascending != before
        numbers = [s for s in ascending if s is not None]
        assert numbers == sorted(numbers) and ascending[len(numbers):] == [None] * (500 - len(numbers))
        pg.get_by_role("button", name="Score", exact=True).click()
        assert [s for s in scores_shown(pg) if s is not None] == sorted(numbers, reverse=True)
        pg.select_option("#group", "junior")
        juniors = sum(1 for o in objs if o["status"] == "ok" and o["tier"]["label"] == "junior")
        assert pg.text_content("#shown") == str(juniors) == str(len(scores_shown(pg)))
        pg.locator("g.col[data-value='error']").click()     # a chart's column filters too
        assert pg.input_value("#group") == "error" and len(scores_shown(pg)) == 12
        pg.select_option("#group", "")
        pg.fill("#query", "cv-12")
        matching = sum("cv-12" in o["file"] for o in objs)
        expect(pg.locator("#shown")).to_have_text(str(matching))     # after the input's short debounce
        assert len(scores_shown(pg)) == matching
        pg.screenshot(path=str(tmp_path / "shot.png"))
        assert errors == [] and requests == [out.resolve().as_uri()]


@pytest.mark.render
def test_render_a_big_batch_shows_its_first_rows_and_sorts_all_of_them(tmp_path):
    """A 2,500-row page lays out its first VISIBLE rows; sorting and filtering run over all; "Show all" shows all."""
    from cvlint.output.overview import VISIBLE

    objs = synthetic(2500)
    out = tmp_path / "overview.html"
    out.write_text(page(objs), encoding="utf-8")
    numbers = sorted(o["score"] for o in objs if o["status"] == "ok")
    with chromium(out) as (pg, requests, errors):
        assert pg.locator("#rows tbody tr").count() == 2500 and len(scores_shown(pg)) == VISIBLE
        assert pg.text_content("#shown") == str(VISIBLE) and pg.text_content("#matching") == "2500"
        pg.get_by_role("button", name="Score", exact=True).click()
        pg.get_by_role("button", name="Score", exact=True).click()
        assert scores_shown(pg) == numbers[::-1][:VISIBLE]       # the best of all 2,500, not of the first rows
        pg.select_option("#group", "high-impact")
        best = [s for s in numbers[::-1] if s >= 65]
        assert scores_shown(pg) == best[:VISIBLE] and pg.text_content("#matching") == str(len(best))
        pg.select_option("#group", "")
        pg.get_by_role("button", name="Show all").click()
        assert len(scores_shown(pg)) == 2500 and pg.text_content("#shown") == "2500"
        assert pg.get_by_role("button", name="Show all").is_hidden()
        assert errors == [] and requests == [out.resolve().as_uri()]


@pytest.mark.render
@needs("livecareer")
@needs("real")
def test_render_the_corpus_overview(tmp_path):
    """`check --format html` over the real corpus (579 CVs), opened and sorted; the README's picture."""
    out = tmp_path / "overview.html"
    subprocess.run([sys.executable, "-m", "cvlint", "check", "livecareer", "real", "--format", "html", "-o", str(out),
                    "--no-progress", "--exit-zero"], cwd=CORPUS, check=True, timeout=1800)
    rows = body_rows(out.read_text(encoding="utf-8"))
    assert len(rows) == len(collect([str(CORPUS / "livecareer"), str(CORPUS / "real")], sort=True)) > 500
    with chromium(out) as (pg, requests, errors):
        pg.get_by_role("button", name="Score", exact=True).click()
        pg.get_by_role("button", name="Score", exact=True).click()
        top = scores_shown(pg)[:20]
        assert top == sorted(top, reverse=True)
        shot = picture("overview.png", tmp_path)
        pg.screenshot(path=str(shot))
        assert errors == [] and requests == [out.resolve().as_uri()]
    assert shot.read_bytes()[:4] == b"\x89PNG" and shot.stat().st_size < 400_000
