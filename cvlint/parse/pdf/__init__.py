"""PDF bytes -> the CV's logical lines in reading order, and the page count.

Coordinates: every `Box` is in PDF points on the page *as displayed*: origin at the top-left corner of
the visible page (the CropBox clipped to the MediaBox), x to the right, y down, the page's /Rotate applied
(`cvlint.coach.annotate_pdf.to_user_space` maps a box back to user space).

The steps, one module each:

- `read`: the entry point and the hostile-file defences; `forms`: form XObject loops, before any page is drawn;
- `source_pdfium` (the default engine) and `source_pdfplumber` (`--pdf-engine pdfplumber`): the character sources
  (a page's characters, their font facts on demand, its drawn paths); `records`: the records they produce;
- `words`: characters -> words; `shapes`: bullets drawn as shapes; `wordtext`: a row of words -> clean text;
- `segments`: words -> segments (rows split at wide gaps), running headers and footers dropped;
- `flows`: segments -> flows (columns, sidebars, label margins) in reading order;
- `lines`: a flow -> visual lines -> logical lines (wrapped bullets joined, heading hints).
"""

from cvlint.parse.pdf.read import extract_lines

__all__ = ["extract_lines"]
