"""`cvlint.api.score_path`: the report object for a path or bytes, pure and picklable, one pipeline load per
process, usable from any process pool."""

from __future__ import annotations

import multiprocessing
import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from cvlint.api import score_path
from cvlint.run.schedule import run
from cvlint.errors import UsageError
from cvlint.pipeline import Options

CV = ("Ana Silva\n\nEXPERIENCE\nData Engineer | Acme | 2020 – 2023\n"
      "- Cut nightly pipeline runtime from 6 hours to {n} minutes for 12 analysts.\n"
      "- Responsible for maintaining dashboards.\n")


@pytest.fixture(scope="module")
def cvs(tmp_path_factory) -> list[Path]:
    root = tmp_path_factory.mktemp("api")
    paths = []
    for i in range(6):
        path = root / f"cv{i}.txt"
        path.write_text(CV.format(n=20 + i), encoding="utf-8")
        paths.append(path)
    (root / "empty.pdf").write_bytes(b"")
    return paths + [root / "empty.pdf"]


def test_a_path_gives_the_report_object(cvs):
    obj = score_path(str(cvs[0]))
    assert obj["schema"] == "cvlint/report@1" and obj["status"] == "ok" and obj["file"] == str(cvs[0])
    assert obj["format"] == "text" and obj["summary"]["bullets"] == 2 and obj["tier"]["label"]
    assert obj["tool"]["name"] == "cvlint" and obj["tool"]["rules"].startswith("sha256:")
    assert score_path(cvs[0]) == obj, "a Path and its str give the same object"


def test_bytes_and_a_name(cvs):
    data = cvs[0].read_bytes()
    assert score_path(data)["file"] == "-"
    named = score_path(data, name="ana.txt")
    assert named["file"] == "ana.txt" and named["summary"] == score_path(str(cvs[0]))["summary"]


def test_a_bad_input_is_an_error_object_never_an_exception(cvs, tmp_path):
    assert score_path(str(cvs[-1]))["error"]["code"] == "empty"
    assert score_path(str(tmp_path / "missing.pdf"))["error"]["code"] == "not-found"
    assert score_path(b"%PDF-1.7 truncated")["status"] == "error"


def test_options_pass_through(cvs):
    assert score_path(str(cvs[0]), max_bytes=10)["error"]["code"] == "too-large"
    only = score_path(str(cvs[0]), select="weak-opening")
    assert {f["rule"] for f in only["findings"]} <= {"weak-opening"}
    with pytest.raises(UsageError):
        score_path(str(cvs[0]), model="no_such_pipeline_xx")


def test_pure_and_the_same_as_the_batch_row(cvs):
    first = score_path(str(cvs[1]))
    assert score_path(str(cvs[1])) == first
    inputs = [(str(p), str(p)) for p in cvs]
    assert list(run(inputs, Options(), jobs=2)) == [score_path(str(p)) for p in cvs]


def _pid_and_pipeline(path: str) -> tuple[int, int, dict]:
    from cvlint.nlp import load
    from cvlint.pipeline import catalogs_for

    obj = score_path(path)
    return os.getpid(), id(load(lean=catalogs_for(Options())[0])), obj  # the pipeline the lint pass uses


def _count_loads() -> None:
    import spacy

    original = spacy.load

    def counted(*args, **kwargs):
        os.environ["CVLINT_TEST_LOADS"] = str(int(os.environ.get("CVLINT_TEST_LOADS", "0")) + 1)
        return original(*args, **kwargs)

    spacy.load = counted


def _loads(_path: str) -> tuple[int, int]:
    return os.getpid(), int(os.environ.get("CVLINT_TEST_LOADS", "0"))


def test_picklable_and_one_pipeline_load_per_process_in_a_pool(cvs):
    assert pickle.loads(pickle.dumps(score_path)) is score_path
    paths = [str(p) for p in cvs] * 2
    expected = [score_path(p) for p in paths]
    # spawn: fresh interpreters that import cvlint themselves, as Ray or Spark workers do
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"), initializer=_count_loads) as pool:
        results = list(pool.map(_pid_and_pipeline, paths))
        loads = list(pool.map(_loads, paths))
    assert [obj for _, _, obj in results] == expected
    pipelines: dict[int, set[int]] = {}
    for pid, pipeline, _ in results:
        pipelines.setdefault(pid, set()).add(pipeline)
    assert all(len(ids) == 1 for ids in pipelines.values()), "each process keeps one pipeline"
    assert {n for _, n in loads} <= {0, 1}, "spaCy loads at most once per process"
