"""Measure `cvlint suggest` on the livecareer CVs: tense, invented numbers, Start here and the questions.

    python benchmarks/suggest_eval.py                 # the figures
    python benchmarks/suggest_eval.py --show 50       # also 50 random rewrites of past roles, to read by hand

Reads ../shared/corpus/livecareer beside the checkout (skips with a message when it is not there). For each CV:
`cvlint.coach.suggest.suggestions`, then

- past roles (an experience entry whose dates do not mark it current): every weak bullet of one gets a suggestion;
  a rewrite is offered unless the bullet names no action (a noun phrase: the coach does not invent a verb, and
  asks its questions only). A rewrite "starts past" when its first word (after a kept "Label:" and up to two
  adverbs) is tagged VBD/VBN, or is the past form (lemminflect) of the tagger's lemma (the tagger often calls a
  title-case irregular past "Oversaw", "Met" VB). Reported: the share of past-role suggestions with a rewrite
  offered; the past-tense share over the rewrites offered (the issue's figure); over the suggestions whose bullet
  had an action to put in the past (it opened with a verb that is not a title's first word, a duty opening or a
  duty noun), also less the rewrites opening with the verb placeholder; and over all past-role suggestions, a
  suggestion without a rewrite counting as not past (the figure before rewrites were withheld);
- rewrites containing a number (a run of digits) the bullet did not have (must be 0);
- Start here lists with the same bullet twice (punctuation and case aside; must be 0);
- questions: distinct questions per CV against questions asked, and the most times one question is repeated.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "livecareer"
sys.path.insert(0, str(ROOT))

from lemminflect import getInflection  # noqa: E402

from cvlint.coach.suggest import suggestions  # noqa: E402
from cvlint.coach.tense import PAST, role_tense  # noqa: E402
from cvlint.model import Report  # noqa: E402
from cvlint.nlp import load  # noqa: E402
from cvlint.pipeline import Options, analyse  # noqa: E402

_NUMBER = re.compile(r"\d+")
# What the tense figures count (printed with them). A suggestion: a weak bullet of a past role; a rewrite is
# offered for it unless it names no action; "starts past": the rewrite's first word is a past-tense verb.
MEANING = {
    "rewrite_offered_share": "past-role suggestions with a rewrite offered / past-role suggestions",
    "past_tense_start_share_of_rewrites_offered": "rewrites offered that start past / rewrites offered",
    "past_tense_start_share_where_an_action": "starting past / suggestions whose bullet had an action",
    "past_tense_start_share_of_all_suggestions": "starting past / all past-role suggestions, no rewrite counting "
                                                 "as not past (the figure before rewrites were withheld)",
}
_ACTED = ("removed the duty opening", "turned the duty into an action")


def reports(paths: list[Path], chunk: int = 20):
    """The analysed CVs, `chunk` at a time (one nlp.pipe per chunk)."""
    for i in range(0, len(paths), chunk):
        for result in analyse([(str(p), p) for p in paths[i:i + chunk]], Options()):
            if isinstance(result, Report):
                yield result


def _past_roles(report: Report) -> set[str]:
    return {b.id for s in report.document.sections for e in s.entries for b in e.bullets
            if role_tense(s.name, e.dates) == PAST and s.name == "experience"}


def _first_word(doc, label: bool):
    """The rewrite's first word after a kept 'Label:' and up to two adverbs."""
    toks = [t for t in doc if not t.is_space]
    if label and ":" in [t.text for t in toks[:6]]:
        toks = toks[[t.text for t in toks].index(":") + 1:]
    for _ in range(2):
        if len(toks) > 1 and toks[0].tag_ == "RB":
            toks = toks[1:]
    return toks[0] if toks else None


def _is_past(tok) -> bool:
    return tok.tag_ in ("VBD", "VBN") or tok.lower_ in getInflection(tok.lemma_.lower(), tag="VBD")


def _opens_with_action(doc) -> bool:
    """The bullet opens with a verb: tagged so, and not a title's first word ("Company Name", "Project Manager")."""
    toks = [t for t in doc if not t.is_space and t.tag_ != "RB"]
    if not toks or not toks[0].tag_.startswith("VB"):
        return False
    title = toks[0].dep_ in ("compound", "amod", "nmod") and len(toks) > 1 and toks[1].text[:1].isupper()
    return not title


def evaluate(cvs, nlp, show: int = 0, seed: int = 7) -> dict:
    """The figures over the analysed CVs `cvs`."""
    counts: Counter[str] = Counter()
    per_cv: list[tuple[int, int, int]] = []
    samples = []
    for report in cvs:
        obj = suggestions(report, nlp)
        past = _past_roles(report)
        items = obj["suggestions"]
        counts["cvs"] += 1
        counts["rewrites"] += len(items)
        for item in items:
            invented = Counter(_NUMBER.findall(item["rewrite"] or "")) - Counter(_NUMBER.findall(item["text"]))
            counts["invented_number"] += bool(invented)
        mine = [i for i in items if i["bullet"] in past]
        for item, rw_doc, src_doc in zip(mine, nlp.pipe([i["rewrite"] or "" for i in mine]),
                                         nlp.pipe([i["text"] for i in mine])):
            first = _first_word(rw_doc, item["text"].split(":")[0] != item["text"])
            is_past = first is not None and _is_past(first)
            actionable = _opens_with_action(src_doc) or any(c in item["changes"] for c in _ACTED)
            counts["past_all"] += 1
            counts["past_all_ok"] += is_past
            counts["past_offered"] += item["rewrite"] is not None
            counts["past_offered_ok"] += is_past
            counts["past_action"] += actionable
            counts["past_action_ok"] += actionable and is_past
            counts["past_action_tagged"] += actionable and first is not None and first.tag_ in ("VBD", "VBN")
            placeholder = (item["rewrite"] or "").startswith("[")
            counts["starts_with_placeholder"] += placeholder
            counts["past_worded"] += actionable and not placeholder
            counts["past_worded_ok"] += actionable and not placeholder and is_past
            samples.append((item["text"], item["rewrite"], is_past, actionable))
        keys = [" ".join(re.findall(r"[^\W_]+", i["text"].lower())) for i in obj["start_here"]["items"]]
        counts["start_here_duplicates"] += len(keys) - len(set(keys))
        asked = [q for i in items for q in i["questions"]]
        if asked:
            per_cv.append((len(set(asked)), len(asked), max(Counter(asked).values())))
    share = lambda a, b: round(counts[a] / counts[b], 3) if counts[b] else None  # noqa: E731
    out = {"cvs": counts["cvs"], "rewrites": counts["rewrites"],
           "past_role_suggestions": counts["past_all"],
           "past_role_rewrites_offered": counts["past_offered"],
           "rewrite_offered_share": share("past_offered", "past_all"),
           "past_tense_start_share_of_rewrites_offered": share("past_offered_ok", "past_offered"),
           "past_tense_start_share_where_an_action": share("past_action_ok", "past_action"),
           "same_by_the_tagger_alone": share("past_action_tagged", "past_action"),
           "past_role_rewrites_with_an_action": counts["past_action"],
           "past_tense_start_share_where_an_action_less_verb_placeholders": share("past_worded_ok", "past_worded"),
           "past_tense_start_share_of_all_suggestions": share("past_all_ok", "past_all"),
           "starting_with_a_verb_placeholder": counts["starts_with_placeholder"],
           "rewrites_with_an_invented_number": counts["invented_number"],
           "start_here_duplicates": counts["start_here_duplicates"]}
    if per_cv:
        out["questions_distinct_per_cv_mean"] = round(sum(d for d, _, _ in per_cv) / len(per_cv), 1)
        out["questions_asked_per_cv_mean"] = round(sum(n for _, n, _ in per_cv) / len(per_cv), 1)
        out["questions_distinct_share"] = round(sum(d for d, _, _ in per_cv) / sum(n for _, n, _ in per_cv), 3)
        out["most_repeats_of_one_question_median"] = sorted(m for _, _, m in per_cv)[len(per_cv) // 2]
    if show:
        for text, rewrite, is_past, actionable in random.Random(seed).sample(samples, min(show, len(samples))):
            mark = "past" if is_past else "no rewrite" if rewrite is None else "NOT past" if actionable else \
                "no action"
            print(f"[{mark}] {text}\n    -> {rewrite}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="print this many random rewrites of past roles")
    parser.add_argument("--limit", type=int, default=None, help="only the first N CVs (by path)")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"skipped: {CORPUS.relative_to(ROOT.parent)} is not beside this checkout")
        return
    paths = sorted(CORPUS.rglob("*.pdf"))[:args.limit]
    for key, value in evaluate(reports(paths), load(), show=args.show).items():
        print(f"{key}: {value}" + (f"    ({MEANING[key]})" if key in MEANING else ""))


if __name__ == "__main__":
    main()
