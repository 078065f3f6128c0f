"""One duty, one unit: duties a resume builder ran together in one paragraph are judged one by one."""

from __future__ import annotations

import json

import pytest

from cvlint.cli import cli

RUN_ON = ("Front Desk Agent\n- Handled room reservations Adjusted auditing reports Received and sent telephone "
          "messages\n- Checked in 60 guests a night.\n")


def bullets(runner, tmp_path, body: str) -> list[dict]:
    (tmp_path / "cv.txt").write_text(f"Jane Roe\nEXPERIENCE\n{body}", encoding="utf-8")
    result = runner.invoke(cli, ["check", "cv.txt", "--format", "json", "--exit-zero"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)[0]["bullets"]


def test_run_together_duties_are_judged_one_by_one(runner, tmp_path):
    got = bullets(runner, tmp_path, RUN_ON)
    texts = [b["text"] for b in got if b["not_judged"] is None]
    assert texts == ["Handled room reservations", "Adjusted auditing reports", "Received and sent telephone messages",
                     "Checked in 60 guests a night."]
    assert [b["id"] for b in got] == [f"b{i}" for i in range(1, len(got) + 1)]   # numbered anew, in reading order
    duties = [b for b in got if b["text"] in texts[:3]]
    assert len({b["line"] for b in duties}) == 1            # each duty still points at its line in the CV
    assert all("task-only-bullet" in b["signals"] for b in duties)


@pytest.mark.parametrize(("text", "duties"), [
    # the tagger reads "Maintain" inside a line as a name; asked in lower case, it is a verb
    ("Stock shelves and clean the walk-in cooler Maintain the food safety logs every shift",
     ["Stock shelves and clean the walk-in cooler", "Maintain the food safety logs every shift"]),
    ("Providing prompt service to hotel guests Anticipating guest needs before they ask",
     ["Providing prompt service to hotel guests", "Anticipating guest needs before they ask"]),
])
def test_duties_in_any_tense_are_told_apart(runner, tmp_path, text, duties):
    got = [b["text"] for b in bullets(runner, tmp_path, f"Cook\n- {text}\n")]
    assert got[-len(duties):] == duties


@pytest.mark.parametrize("text", [
    "Trained new staff to Perform check-in duties for 40 guests a day.",   # a capital after "to"
    "Set up reporting for Hilton Garden Inn and Marriott properties.",     # names
    "Cut food waste by 20% across the Kitchen Team and front of house.",
])
def test_a_bullet_with_one_duty_stays_whole(runner, tmp_path, text):
    got = bullets(runner, tmp_path, f"Chef\n- {text}\n")
    assert text in [b["text"] for b in got]


def test_each_duty_of_a_pdf_line_keeps_its_own_part_of_the_page(runner, tmp_path):
    """The boxes of a run-together PDF line are shared out, so an annotation lands on its own duty."""
    from test_parse_pdf import BULLET, build, text

    page = (text(72, 72, "EXPERIENCE", font="F2")
            + text(72, 100, BULLET) + text(84, 100, "Handled room reservations and group bookings Adjusted")
            + text(84, 113, "auditing reports every night Received and sent telephone messages")
            + text(72, 126, BULLET) + text(84, 126, "Checked in 60 guests a night."))
    (tmp_path / "cv.pdf").write_bytes(build([page]))
    result = runner.invoke(cli, ["check", "cv.pdf", "--format", "json", "--exit-zero"])
    assert result.exit_code == 0, result.output
    got = {b["text"]: b["bbox"] for b in json.loads(result.stdout)[0]["bullets"]}
    first = got["Handled room reservations and group bookings"]
    second = got["Adjusted auditing reports every night"]
    third = got["Received and sent telephone messages"]
    assert first[3] < third[1] and third[0] > 150            # the first on line one, the third right on line two
    assert abs(second[1] - first[1]) < 1 and abs(second[3] - third[3]) < 1   # the second runs from one to two
    assert first[2] < 320                                    # and the first stops where the second starts
