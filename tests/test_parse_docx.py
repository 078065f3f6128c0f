"""DOCX -> lines: body order, merged cells, content controls, text boxes, bullets, and hostile packages.

Fixtures are built here, with python-docx or by writing the package's XML into a ZIP; the real and
hostile corpora in ../shared/corpus are used when they are beside the checkout.
"""

from __future__ import annotations

import io
import os
import struct
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.shared import Pt
from lxml import etree

from corpus import CORPUS, needs

from cvlint.errors import CvlintError
from cvlint.limits import Limits
from cvlint.parse.docx import extract_lines, iter_body_paragraphs
from cvlint.parse.glyphs import strip_glyph

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = (f'xmlns:w="{W_NS}" '
          'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
          'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
          'xmlns:v="urn:schemas-microsoft-com:vml"')
REAL_DOCX = CORPUS / "real" / "docx"
BAD = CORPUS / "bad"


# ------------------------------------------------------------------------------------------------
# building fixtures


def saved(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def package(body: str, *, styles: str | None = None, numbering: str | None = None,
            parts: dict[str, bytes | str] | None = None, ns: str = NSDECL) -> bytes:
    """A minimal DOCX whose word/document.xml body is ``body`` (WordprocessingML, ``w:`` prefix)."""
    files: dict[str, bytes | str] = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
        "word/document.xml": (f'<?xml version="1.0" encoding="UTF-8"?>'
                              f'<w:document {ns}><w:body>{body}</w:body></w:document>'),
    }
    if styles is not None:
        files["word/styles.xml"] = f'<?xml version="1.0"?><w:styles {NSDECL}>{styles}</w:styles>'
    if numbering is not None:
        files["word/numbering.xml"] = f'<?xml version="1.0"?><w:numbering {NSDECL}>{numbering}</w:numbering>'
    files.update(parts or {})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    return buf.getvalue()


def p(text: str, ppr: str = "", rpr: str = "") -> str:
    return f"<w:p><w:pPr>{ppr}</w:pPr><w:r><w:rPr>{rpr}</w:rPr><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def lines_of(data: bytes, limits: Limits = Limits()):
    lines, pages = extract_lines(data, limits)
    assert pages is None
    return lines


def texts(data: bytes, limits: Limits = Limits()) -> list[str]:
    return [line.text for line in lines_of(data, limits)]


def error_of(data: bytes, limits: Limits = Limits()) -> CvlintError:
    with pytest.raises(CvlintError) as info:
        extract_lines(data, limits)
    return info.value


# ------------------------------------------------------------------------------------------------
# body order: tables, merged cells, content controls, text boxes


def test_paragraphs_and_tables_come_in_body_order():
    d = docx.Document()
    d.add_paragraph("Ana Costa")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Experience"
    table.cell(0, 1).text = "ML Engineer, Acme"
    table.cell(1, 0).text = "Education"
    table.cell(1, 1).text = "MSc AI"
    d.add_paragraph("Skills: Python")
    assert texts(saved(d)) == ["Ana Costa", "Experience", "ML Engineer, Acme", "Education", "MSc AI",
                               "Skills: Python"]


def test_merged_cells_are_read_once():
    d = docx.Document()
    table = d.add_table(rows=3, cols=3)
    wide = table.cell(0, 0).merge(table.cell(0, 2))  # w:gridSpan
    wide.text = "Professional Experience"
    tall = table.cell(1, 0).merge(table.cell(2, 0))  # w:vMerge restart + continue
    tall.text = "2019 - 2023"
    table.cell(1, 1).text = "Data Scientist"
    table.cell(2, 1).text = "Cut churn by 12%"
    data = saved(d)
    # python-docx itself repeats the merged text once per grid cell ...
    repeated = [c.text for row in docx.Document(io.BytesIO(data)).tables[0].rows for c in row.cells]
    assert repeated.count("Professional Experience") == 3
    # ... a reader sees it once
    got = texts(data)
    assert got.count("Professional Experience") == 1
    assert got.count("2019 - 2023") == 1
    assert got == ["Professional Experience", "2019 - 2023", "Data Scientist", "Cut churn by 12%"]


def test_vmerge_continuation_cell_with_its_own_text_is_kept():
    body = ("<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>" + p("Top") + "</w:tc></w:tr>"
            "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr>" + p("Stray text") + "</w:tc></w:tr>"
            "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>")
    assert texts(package(body)) == ["Top", "Stray text"]


def test_content_controls_are_read_at_every_level():
    body = (
        "<w:sdt><w:sdtPr><w:tag w:val=\"x\"/></w:sdtPr><w:sdtContent>" + p("Header in a control")
        + "</w:sdtContent></w:sdt>"
        "<w:tbl><w:sdt><w:sdtContent><w:tr>"  # a row inside a control
        "<w:sdt><w:sdtContent><w:tc>" + p("Cell in a control") + "</w:tc></w:sdtContent></w:sdt>"
        "</w:tr></w:sdtContent></w:sdt></w:tbl>"
        "<w:p><w:r><w:t xml:space=\"preserve\">Inline </w:t></w:r><w:sdt><w:sdtContent><w:r><w:t>control</w:t></w:r>"
        "</w:sdtContent></w:sdt></w:p>"
        "<w:customXml w:element=\"cv\">" + p("Inside custom XML") + "</w:customXml>")
    data = package(body)
    assert texts(data) == ["Header in a control", "Cell in a control", "Inline control", "Inside custom XML"]
    # python-docx sees only the paragraph around the inline control, and not all of its text
    assert [x.text for x in docx.Document(io.BytesIO(data)).paragraphs] == ["Inline "]


def _textbox(text: str) -> str:
    txbx = f"<w:txbxContent>{p(text)}</w:txbxContent>"
    return ("<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor><a:graphic><a:graphicData>"
            f"<wps:wsp><wps:txbx>{txbx}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
            f"</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{txbx}</v:textbox></v:shape></w:pict>"
            "</mc:Fallback></mc:AlternateContent></w:r>")


def test_text_boxes_are_read_once_after_their_anchor():
    body = (p("Before")
            + "<w:p><w:r><w:t>Anchor</w:t></w:r>" + _textbox("PROFESSIONAL SUMMARY") + "</w:p>"
            + "<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent>" + p("Legacy VML box")
            + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
            + p("After"))
    lines = lines_of(package(body))
    assert [x.text for x in lines] == ["Before", "Anchor", "PROFESSIONAL SUMMARY", "Legacy VML box", "After"]
    boxed = lines[2]
    assert boxed.gap_before  # a text box is a block of its own


def test_tracked_deletions_hidden_text_and_field_codes_are_not_text():
    body = ("<w:p><w:r><w:t xml:space=\"preserve\">Cut costs by </w:t></w:r>"
            "<w:del><w:r><w:delText>10%</w:delText></w:r></w:del>"
            "<w:ins><w:r><w:t>12%</w:t></w:r></w:ins>"
            "<w:r><w:rPr><w:vanish/></w:rPr><w:t>SECRET NOTE</w:t></w:r></w:p>"
            "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
            "<w:r><w:instrText>HYPERLINK \"https://example.com/tracker\"</w:instrText></w:r>"
            "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>my site</w:t></w:r>"
            "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>")
    assert texts(package(body)) == ["Cut costs by 12%", "my site"]


def test_headers_and_footers_are_not_body():
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "Page header text"
    d.sections[0].footer.paragraphs[0].text = "Confidential footer"
    d.add_paragraph("Body line")
    assert texts(saved(d)) == ["Body line"]


# ------------------------------------------------------------------------------------------------
# bullets


def test_list_styles_and_numbering_are_bullets():
    d = docx.Document()
    d.add_paragraph("Experience", style="Heading 1")
    d.add_paragraph("Deployed a model serving 2M users", style="List Bullet")
    d.add_paragraph("Reduced latency by 40%", style="List Number")
    d.add_paragraph("Plain paragraph")
    lines = lines_of(saved(d))
    assert [(x.text, x.bullet) for x in lines] == [
        ("Experience", False), ("Deployed a model serving 2M users", True), ("Reduced latency by 40%", True),
        ("Plain paragraph", False)]


NUMBERING = (
    '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:numFmt w:val="none"/><w:lvlText w:val=""/></w:lvl></w:abstractNum>'
    '<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
    '</w:abstractNum>'
    '<w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="6"><w:abstractNumId w:val="2"/></w:num>')
STYLES = (
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    '<w:rPr><w:sz w:val="20"/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="CVBullets"><w:name w:val="CV Bullets"/><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="CVBulletsDeep"><w:name w:val="CV Bullets Deep"/>'
    '<w:basedOn w:val="CVBullets"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:numPr><w:numId w:val="6"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Loop1"><w:name w:val="Loop 1"/><w:basedOn w:val="Loop2"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Loop2"><w:name w:val="Loop 2"/><w:basedOn w:val="Loop1"/></w:style>')


def _num(num_id: str, ilvl: str = "0") -> str:
    return f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'


def test_numbering_is_resolved_through_paragraph_and_style_chain():
    body = (p("direct bullet", _num("5"))
            + p("numbered item", _num("6"))
            + p("inherited bullet", '<w:pStyle w:val="CVBulletsDeep"/>')
            + p("style bullet switched off", '<w:pStyle w:val="CVBullets"/>' + _num("0"))
            + p("level without a marker", _num("5", "1"))
            + p("unknown list", _num("99"))
            + p("Numbered heading", '<w:pStyle w:val="Heading2"/>')
            + p("style cycle is harmless", '<w:pStyle w:val="Loop1"/>'))
    lines = lines_of(package(body, styles=STYLES, numbering=NUMBERING))
    assert {x.text: x.bullet for x in lines} == {
        "direct bullet": True, "numbered item": True, "inherited bullet": True,
        "style bullet switched off": False, "level without a marker": False, "unknown list": False,
        "Numbered heading": False, "style cycle is harmless": False}
    assert {x.text: x.heading for x in lines}["Numbered heading"]


@pytest.mark.parametrize("typed, text", [
    ("• Led the migration", "Led the migration"),
    ("🚀 Shipped 12 releases", "Shipped 12 releases"),
    ("✅ Cut costs by 30%", "Cut costs by 30%"),
    ("- Built dashboards", "Built dashboards"),
    ("➤\tOwned the roadmap", "Owned the roadmap"),
])
def test_glyph_led_paragraphs_are_bullets_without_the_glyph(typed, text):
    d = docx.Document()
    d.add_paragraph(typed)
    [line] = lines_of(saved(d))
    assert (line.text, line.bullet) == (text, True)


def test_symbol_font_bullets_and_separators():
    body = ('<w:p><w:r><w:sym w:font="Symbol" w:char="F0B7"/></w:r><w:r><w:tab/><w:t>Wrote a utility</w:t></w:r></w:p>'
            '<w:p><w:r><w:t xml:space="preserve">London </w:t></w:r><w:r><w:sym w:font="Symbol" w:char="F0B7"/></w:r>'
            '<w:r><w:t xml:space="preserve"> ana@example.com</w:t></w:r></w:p>')
    lines = lines_of(package(body))
    assert [(x.text, x.bullet) for x in lines] == [("Wrote a utility", True), ("London • ana@example.com", False)]


def test_several_hand_typed_bullets_in_one_paragraph_become_several_lines():
    d = docx.Document()
    d.add_paragraph("✓ Shipped 12 releases   ✔ Cut latency by 40%")
    d.add_paragraph("College:\t➢ Mountaineering club secretary")
    lines = lines_of(saved(d))
    assert [(x.text, x.bullet) for x in lines] == [
        ("Shipped 12 releases", True), ("Cut latency by 40%", True),
        ("College:", False), ("Mountaineering club secretary", True)]
    assert len({x.locator for x in lines[:2]}) == 1


def test_icons_before_headings_and_contact_details_are_not_bullets():
    d = docx.Document()
    d.add_paragraph("📧 ana@example.com   ☎️ +44 20 7946 0000   🏠 London")
    d.add_paragraph("🎓 EDUCATION")
    d.add_paragraph("🚀 Shipped the app to 40k users")
    lines = lines_of(saved(d))
    assert [(x.text, x.bullet, x.heading) for x in lines] == [
        ("ana@example.com | +44 20 7946 0000 | London", False, False),
        ("EDUCATION", False, True),
        ("Shipped the app to 40k users", True, False)]
    assert all(not strip_glyph(x.text)[1] for x in lines)


def test_dingbats_are_pictographs_like_emoji_as_in_a_pdf():
    """✉ and ➢ (dingbats) label contact details and decorate headings as 📧 and 🎓 do, in DOCX as in PDF."""
    d = docx.Document()
    d.add_paragraph("✉ ana@example.com   ☎ +44 20 7946 0000")
    d.add_paragraph("➢ EDUCATION")
    d.add_paragraph("➢ Cut the weekly pricing report from 2 days to 1 hour")
    assert [(x.text, x.bullet, x.heading) for x in lines_of(saved(d))] == [
        ("ana@example.com | +44 20 7946 0000", False, False),
        ("EDUCATION", False, True),
        ("Cut the weekly pricing report from 2 days to 1 hour", True, False)]


def test_a_soft_break_after_a_connector_word_continues_the_sentence():
    """The words that leave a line open are the PDF reader's too: "such as", "at", a semicolon."""
    d = docx.Document()
    for first, second in (("Built data tools such as", "Airflow and Spark"), ("Data Scientist at", "Acme Ltd"),
                          ("Owned pricing;", "Led 3 analysts"), ("Data Scientist", "Acme Ltd")):
        para = d.add_paragraph(first)
        para.add_run().add_break()
        para.add_run(second)
    assert [x.text for x in lines_of(saved(d))] == [
        "Built data tools such as Airflow and Spark", "Data Scientist at Acme Ltd", "Owned pricing; Led 3 analysts",
        "Data Scientist", "Acme Ltd"]


# ------------------------------------------------------------------------------------------------
# hints, breaks, tabs, gaps, locators


def test_heading_hints_from_style_bold_and_size():
    d = docx.Document()
    d.add_paragraph("Work Experience", style="Heading 1")
    d.add_paragraph("Document Title", style="Title")
    d.add_paragraph().add_run("Bold Line").bold = True
    big = d.add_paragraph().add_run("Ana Costa")
    big.font.size = Pt(20)
    mixed = d.add_paragraph()
    mixed.add_run("Skills: ").bold = True
    mixed.add_run("Python, SQL")
    d.add_paragraph("Ordinary body text that is long enough to set the body size of this document.")
    d.add_paragraph().add_run("Bold bullet").bold = True
    d.paragraphs[-1].style = d.styles["List Bullet"]
    hints = {x.text: x.heading for x in lines_of(saved(d))}
    assert hints == {"Work Experience": True, "Document Title": True, "Bold Line": True, "Ana Costa": True,
                     "Skills: Python, SQL": False,
                     "Ordinary body text that is long enough to set the body size of this document.": False,
                     "Bold bullet": False}


def test_soft_breaks_split_clear_lines_and_join_sentences():
    d = docx.Document()
    para = d.add_paragraph("Data Scientist")
    para.add_run().add_break()
    para.add_run("Acme Ltd")
    para.add_run().add_break()
    para.add_run("2020 - 2023")
    wrapped = d.add_paragraph("Built the feature store that")
    wrapped.add_run().add_break()
    wrapped.add_run("cut training time by half")
    bullet = d.add_paragraph("Led the migration of 40 services", style="List Bullet")
    bullet.add_run().add_break()
    bullet.add_run("To Kubernetes, saving 30% in cost")
    page = d.add_paragraph("Page one text")
    page.add_run().add_break(WD_BREAK.PAGE)
    page.add_run("Page two text")
    lines = lines_of(saved(d))
    assert [(x.text, x.bullet, x.locator) for x in lines] == [
        ("Data Scientist", False, 0), ("Acme Ltd", False, 0), ("2020 - 2023", False, 0),
        ("Built the feature store that cut training time by half", False, 1),
        ("Led the migration of 40 services To Kubernetes, saving 30% in cost", True, 2),
        ("Page one text", False, 3), ("Page two text", False, 3)]


def test_tabs_separate_columns_but_not_bullet_words():
    d = docx.Document()
    d.add_paragraph("ML Engineer\t\tJan 2021 – Present")
    d.add_paragraph("Acme Retail                     London")
    d.add_paragraph("Deployed\tthe model", style="List Bullet")
    assert texts(saved(d)) == ["ML Engineer\tJan 2021 – Present", "Acme Retail\tLondon", "Deployed the model"]


def test_gap_before_marks_empty_paragraphs_and_blocks():
    d = docx.Document()
    d.add_paragraph("Ana Costa")
    d.add_paragraph("London")
    d.add_paragraph("")
    d.add_paragraph("   ")
    d.add_paragraph("Experience")
    d.add_table(rows=1, cols=1).cell(0, 0).text = "In a table"
    d.add_paragraph("After the table")
    gaps = [(x.text, x.gap_before) for x in lines_of(saved(d))]
    assert gaps == [("Ana Costa", False), ("London", False), ("Experience", True), ("In a table", True),
                    ("After the table", True)]


def test_locator_finds_the_paragraph_again():
    d = docx.Document()
    d.add_paragraph("Intro")
    d.add_paragraph("")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Left"
    table.cell(0, 1).text = "Right"
    d.add_paragraph("• Outro bullet")
    data = saved(d)
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    paragraphs = list(iter_body_paragraphs(root))
    for line in lines_of(data):
        found = "".join(t.text or "" for t in paragraphs[line.locator].iter(f"{{{W_NS}}}t"))
        assert line.text in found
    assert [x.locator for x in lines_of(data)] == [0, 2, 3, 4]
    body = root.find(f"{{{W_NS}}}body")
    assert list(iter_body_paragraphs(body)) == paragraphs  # the w:body works as well as w:document


def test_strict_ooxml_namespace_is_read():
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    data = package(p("Strict document"), ns=f'xmlns:w="{strict}"')
    assert texts(data) == ["Strict document"]


def test_right_to_left_text_is_read_in_logical_order():
    body = p("الخبرة العملية", "<w:bidi/>", "<w:rtl/><w:bCs/>") + p("مهندس برمجيات", "<w:bidi/>", "<w:rtl/>")
    lines = lines_of(package(body))
    assert [(x.text, x.heading) for x in lines] == [("الخبرة العملية", True), ("مهندس برمجيات", False)]


# ------------------------------------------------------------------------------------------------
# hostile and damaged packages


def test_declared_size_over_the_limit_is_refused_before_inflating():
    body = "".join(p(f"line {i} " + "x" * 1000) for i in range(3000))  # about 3.5 MB of XML
    data = package(body)
    err = error_of(data, Limits(max_uncompressed=1_000_000))
    assert err.code == "too-large"
    assert len(texts(data, Limits(max_uncompressed=10_000_000))) == 3000


def _patch_uncompressed_size(data: bytes, name: str, size: int) -> bytes:
    """Rewrite the uncompressed size that the local header and central directory claim for ``name``."""
    buf = bytearray(data)
    encoded = name.encode()
    i = buf.find(b"PK\x01\x02")
    while i != -1:
        name_len = struct.unpack_from("<H", buf, i + 28)[0]
        if bytes(buf[i + 46:i + 46 + name_len]) == encoded:
            struct.pack_into("<I", buf, i + 24, size)
            local = struct.unpack_from("<I", buf, i + 42)[0]
            struct.pack_into("<I", buf, local + 22, size)
        i = buf.find(b"PK\x01\x02", i + 4)
    return bytes(buf)


def test_zip_bomb_claiming_gigabytes_is_refused_from_the_directory_fast():
    data = _patch_uncompressed_size(package(p("tiny")), "word/document.xml", 0xFFFF0000)
    start = time.perf_counter()
    err = error_of(data)
    assert err.code == "too-large" and time.perf_counter() - start < 0.5


def test_extreme_compression_ratio_is_refused():
    data = package("<w:p><w:r><w:t>" + " " * 8_000_000 + "</w:t></w:r></w:p>")
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml").file_size < 50 * 2**20
    assert error_of(data).code == "too-large"


def test_a_part_that_inflates_past_its_declared_size_is_not_read_past_it():
    body = p("The real text of this paragraph is much longer than the size declared for it") * 50
    data = _patch_uncompressed_size(package(body), "word/document.xml", 200)
    assert error_of(data).code == "corrupt"


@pytest.mark.parametrize("part", ["word/document.xml", "word/styles.xml"])
def test_internal_entities_are_refused(part):
    bomb = ('<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')
    if part == "word/document.xml":
        doc = (f'<?xml version="1.0"?>{bomb}<w:document {NSDECL}><w:body>'
               '<w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>')
        data = package("", parts={part: doc})
    else:
        styles = f'<?xml version="1.0"?>{bomb.replace("w:document", "w:styles")}<w:styles {NSDECL}/>'
        data = package(p("Hello"), parts={part: styles})
    err = error_of(data)
    assert err.code == "corrupt" and "aaaa" not in err.message


def test_external_entity_content_never_appears(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT-1234")
    doc = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
           f'<w:document {NSDECL}><w:body><w:p><w:r><w:t>Ref: &xxe;</w:t></w:r></w:p></w:body></w:document>')
    err = error_of(package("", parts={"word/document.xml": doc}))
    assert err.code == "corrupt"
    assert "TOP-SECRET" not in err.message and "TOP-SECRET" not in str(err)


def test_undefined_entity_and_malformed_xml_are_corrupt():
    assert error_of(package(p("Fish &amp; chips &unknown;"))).code == "corrupt"
    assert error_of(package("<w:p><w:r><w:t>unclosed</w:r></w:p>")).code == "corrupt"


def test_too_many_paragraphs_is_refused_early():
    assert len(texts(package(p("line") * 50), Limits(max_paragraphs=50))) == 50
    err = error_of(package(p("line") * 51), Limits(max_paragraphs=50))
    assert err.code == "too-large" and "50" in err.message
    strict = 'xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"'
    assert error_of(package(p("line") * 51, ns=strict), Limits(max_paragraphs=50)).code == "too-large"


def test_too_many_elements_is_refused():
    body = "<w:p>" + "<w:r><w:t>x</w:t></w:r>" * 30_000 + "</w:p>"
    assert error_of(package(body), Limits(max_paragraphs=1000)).code == "too-large"


def test_deep_nesting_does_not_crash():
    deep = "<w:sdt><w:sdtContent>" * 1000 + p("deep") + "</w:sdtContent></w:sdt>" * 1000
    assert error_of(package(deep)).code == "corrupt"  # lxml refuses XML nested over 256 deep
    nested = "<w:tbl><w:tr><w:tc>" * 60 + p("nested cell") + "</w:tc></w:tr></w:tbl>" * 60
    assert texts(package(nested)) == ["nested cell"]


@pytest.mark.parametrize("data", [b"", b"not a zip at all", b"PK\x03\x04broken"])
def test_not_a_zip_is_corrupt(data):
    assert error_of(data).code == "corrupt"


def test_zip_needing_an_unknown_zip_version_is_corrupt():
    data = bytearray(package(p("x")))
    struct.pack_into("<H", data, data.find(b"PK\x01\x02") + 6, 132)  # "version needed to extract": 13.2
    assert error_of(bytes(data)).code == "corrupt"


def test_zip_level_encryption_is_reported_as_encrypted():
    data = bytearray(package(p("x")))
    i = data.find(b"PK\x01\x02")
    while i != -1:  # set the "encrypted" flag on every central-directory entry
        struct.pack_into("<H", data, i + 8, struct.unpack_from("<H", data, i + 8)[0] | 0x1)
        i = data.find(b"PK\x01\x02", i + 4)
    assert error_of(bytes(data)).code == "encrypted"


def test_package_without_a_main_document_is_corrupt():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("cv/readme.txt", "hello")
    assert error_of(buf.getvalue()).code == "corrupt"


def test_document_without_body_is_corrupt():
    data = package("", parts={"word/document.xml": f'<w:document {NSDECL}/>'})
    assert error_of(data).code == "corrupt"


def test_damaged_relationships_fall_back_to_the_usual_part_names():
    data = package(p("Still readable"), parts={"_rels/.rels": "<Relationships><oops"})
    assert texts(data) == ["Still readable"]


# ------------------------------------------------------------------------------------------------
# the shared corpus

needs_real = needs("real")
needs_bad = needs("bad")


def _real_files() -> list[Path]:
    return sorted(REAL_DOCX.glob("*.docx")) if REAL_DOCX.is_dir() else []


@needs_real
@pytest.mark.slow
def test_every_real_docx_extracts_quickly():
    start = time.perf_counter()
    for file in _real_files():
        lines = lines_of(file.read_bytes())
        assert len(lines) >= 15, file.name
        assert all(x.text and x.text == x.text.strip() for x in lines), file.name
        assert all(not strip_glyph(x.text)[1] or not x.bullet for x in lines), file.name
    assert time.perf_counter() - start < 0.2 * len(_real_files()) + 2


@needs_real
def test_content_controls_cv_yields_its_experience_lines():
    data = (REAL_DOCX / "ghcv-23.docx").read_bytes()
    assert not any(x.text.strip() for x in docx.Document(io.BytesIO(data)).paragraphs)  # python-docx: nothing
    got = texts(data)
    assert "EXPERIENCE" in got
    assert len(got[got.index("EXPERIENCE"):]) >= 20
    assert any("Kibana" in t for t in got)


@needs_real
def test_merged_cell_cv_has_no_repeated_lines():
    got = texts((REAL_DOCX / "ghcv-32.docx").read_bytes())
    long_lines = [t for t in got if len(t) > 20]
    assert long_lines and len(long_lines) == len(set(long_lines))


@needs_real
def test_text_box_cv_reads_each_box_once():
    got = texts((REAL_DOCX / "soupboss-10.docx").read_bytes())
    headings = [t for t in got if t.isupper() and len(t) > 8]
    assert headings and len(headings) == len(set(headings))


@needs_bad
def test_bad_zip_bomb_is_too_large_fast():
    start = time.perf_counter()
    assert error_of((BAD / "zip_bomb.docx").read_bytes()).code == "too-large"
    assert time.perf_counter() - start < 1


@needs_bad
def test_bad_hundred_thousand_paragraphs_is_too_large_within_seconds():
    start = time.perf_counter()
    assert error_of((BAD / "huge_100k_paragraphs.docx").read_bytes()).code == "too-large"
    assert time.perf_counter() - start < 5


@needs_bad
@pytest.mark.parametrize("name", ["billion_laughs.docx", "xxe_external_entity.docx"])
def test_bad_entity_files_are_corrupt_and_leak_nothing(name):
    err = error_of((BAD / name).read_bytes())
    assert err.code == "corrupt"
    for target in ("/etc/passwd", "/etc/hostname"):
        if os.path.exists(target):
            content = Path(target).read_text(errors="ignore").strip()
            for line in content.splitlines()[:5]:
                assert line.strip() not in err.message


@needs_bad
def test_bad_emoji_bullets_have_no_glyph_in_text():
    lines = lines_of((BAD / "cv_emoji_bullets.docx").read_bytes())
    bullets = [x for x in lines if x.bullet]
    assert len(bullets) >= 8
    assert all(not strip_glyph(x.text)[1] for x in lines)


@needs_bad
def test_bad_arabic_cv_is_parsed():
    lines = lines_of((BAD / "cv_arabic_rtl.docx").read_bytes())
    assert len(lines) >= 10 and any(x.bullet for x in lines)


@needs_bad
def test_bad_good_control_has_bullets():
    lines = lines_of((BAD / "good_cv.docx").read_bytes())
    assert sum(x.bullet for x in lines) >= 3 and any(x.heading for x in lines)
