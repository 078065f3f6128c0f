"""The batch runner: one row per input, stable order, per-file time and memory limits, crashes, kill -9 and
--resume, progress only on a terminal, the Dask engine."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ptyrun import run_on_pty

from cvlint.run.schedule import chunk_size, run
from cvlint.pipeline import Options

ROOT = Path(__file__).resolve().parents[1]
CV = ("Jane Doe\n\nEXPERIENCE\nData Analyst | Acme | 2020 – 2022\n"
      "- Responsible for building dashboards to track KPIs.\n"
      "- Cut report preparation time by {n}% for 4 finance teams by automating the monthly close.\n")

# Runs the CLI with the parser patched by file name, so a test can make one input hang, crash or hog memory.
# The workers are forked from this process, so they carry the patch.
RUNNER = '''
import os, signal, sys, time
import cvlint.parse as P

original = P.parse

def parse(source, **kw):
    name = os.path.basename(str(kw.get("name") or source))
    if "hang" in name:                     # a loop in Python: the worker's own deadline stops it
        time.sleep(3600)
    if "stuck" in name:                    # a loop in C code that ignores the deadline: the watchdog ends it
        signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])
        time.sleep(3600)
    if "crash" in name:
        os.kill(os.getpid(), signal.SIGSEGV)
    if "hog" in name:                      # grows until the worker's memory cap stops it
        hoard = []
        for _ in range(256):
            hoard.append(bytearray(16 * 1024 * 1024))
    if "slow" in name:
        time.sleep(float(os.environ.get("CVLINT_TEST_DELAY", "0.4")))
    return original(source, **kw)

P.parse = parse

if __name__ == "__main__":
    from cvlint.cli import main
    sys.argv[0] = "cvlint"
    main()
'''


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CVLINT_")}
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    env.update(PYTHONPATH=path, XDG_CONFIG_HOME="/nonexistent", PYTHONWARNINGS="ignore", **extra)
    return env


def _folder(tmp_path: Path, names: list[str]) -> Path:
    folder = tmp_path / "cvs"
    folder.mkdir()
    for i, name in enumerate(names):
        (folder / name).write_text(CV.format(n=10 + i), encoding="utf-8")
    return folder


def _runner(tmp_path: Path) -> Path:
    path = tmp_path / "run_cvlint.py"
    path.write_text(RUNNER, encoding="utf-8")
    return path


def _rows(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_rows_come_in_input_order_one_per_input(tmp_path):
    folder = _folder(tmp_path, [f"cv{i:02d}.txt" for i in range(9)])
    (folder / "empty.txt").write_bytes(b"")
    inputs = [(str(p), str(p)) for p in sorted(folder.iterdir())]
    inputs.append(inputs[0])  # the same file named twice is two inputs, two rows
    rows = list(run(inputs, Options(), jobs=2, chunk=2))
    assert [r["file"] for r in rows] == [label for label, _ in inputs]
    by_file = {r["file"]: r for r in rows}
    assert by_file[str(folder / "empty.txt")]["error"]["code"] == "empty"
    assert all(r["status"] == "ok" for f, r in by_file.items() if not f.endswith("empty.txt"))


def test_unordered_rows_still_one_per_input(tmp_path):
    folder = _folder(tmp_path, [f"cv{i}.txt" for i in range(6)])
    inputs = [(str(p), str(p)) for p in folder.iterdir()]
    rows = list(run(inputs, Options(), jobs=2, chunk=1, ordered=False))
    assert sorted(r["file"] for r in rows) == sorted(label for label, _ in inputs)


def test_bytes_inputs_and_chunk_sizes(tmp_path):
    data = CV.format(n=30).encode()
    rows = list(run([("-", data)], Options(), jobs=4))
    assert len(rows) == 1 and rows[0]["status"] == "ok" and rows[0]["file"] == "-"
    assert chunk_size(1, 8) == 1 and chunk_size(10_000, 2) >= 2 and chunk_size(10, 2, chunk=500) <= 2


def test_hang_crash_and_memory_hog_get_their_rows_and_the_rest_finish(tmp_path):
    names = ["a.txt", "b-hang.txt", "c.txt", "d-crash.txt", "e.txt", "f-hog.txt", "g-stuck.txt", "h.txt"]
    folder = _folder(tmp_path, names)
    start = time.monotonic()
    proc = subprocess.run([sys.executable, str(_runner(tmp_path)), "check", str(folder), "--format", "jsonl",
                           "--jobs", "2", "--timeout", "2", "--isolated", "--no-progress"],
                          capture_output=True, text=True, cwd=tmp_path, env=_env(CVLINT_MEMORY_MB="200"),
                          timeout=120)
    elapsed = time.monotonic() - start
    rows = _rows(proc.stdout)
    assert [Path(r["file"]).name for r in rows] == names, proc.stderr
    codes = {Path(r["file"]).name: (r.get("error") or {}).get("code") for r in rows}
    assert codes == {"a.txt": None, "b-hang.txt": "timeout", "c.txt": None, "d-crash.txt": "crashed",
                     "e.txt": None, "f-hog.txt": "too-large", "g-stuck.txt": "timeout", "h.txt": None}
    assert all(r["status"] == "ok" for r in rows if codes[Path(r["file"]).name] is None)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert elapsed < 60, f"a hang must cost about its --timeout, not minutes ({elapsed:.0f} s)"


def test_timeout_applies_to_one_file_too(tmp_path):
    folder = _folder(tmp_path, ["only-hang.txt"])
    proc = subprocess.run([sys.executable, str(_runner(tmp_path)), "check", str(folder / "only-hang.txt"),
                           "--format", "json", "--timeout", "0.5", "--isolated"],
                          capture_output=True, text=True, cwd=tmp_path, env=_env(), timeout=60)
    (row,) = json.loads(proc.stdout)
    assert row["error"]["code"] == "timeout" and proc.returncode == 1


def _children(pid: int) -> list[int]:
    import psutil

    try:
        return [p.pid for p in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_kill_9_mid_run_then_resume_gives_one_row_per_input(tmp_path, fmt):
    import psutil

    names = [f"cv{i:02d}-slow.txt" for i in range(16)]
    folder = _folder(tmp_path, names)
    out = tmp_path / f"out.{fmt}"
    args = [sys.executable, str(_runner(tmp_path)), "check", str(folder), "--format", fmt, "-o", str(out),
            "--jobs", "2", "--isolated", "--no-progress"]
    proc = subprocess.Popen(args, cwd=tmp_path, env=_env(CVLINT_TEST_DELAY="0.5"), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if out.exists() and out.read_text().count("\n") >= 4:
            break
        time.sleep(0.05)
    workers = _children(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    # The workers notice their parent is gone and end; none keeps running orphaned.
    gone, alive = psutil.wait_procs([psutil.Process(p) for p in workers if psutil.pid_exists(p)], timeout=10)
    assert not alive
    partial = out.read_text()
    with out.open("a") as fh:  # a torn last row, as a kill during a write leaves it
        fh.write('{"schema": "cvlint/report@1", "file": "' if fmt == "jsonl" else f"{folder}/cv15-sl")
    resumed = subprocess.run(args + ["--resume"], cwd=tmp_path, env=_env(CVLINT_TEST_DELAY="0"),
                             capture_output=True, text=True, timeout=120)
    assert resumed.returncode in (0, 1), resumed.stderr
    text = out.read_text()
    assert text.startswith(partial)
    if fmt == "jsonl":
        files = [r["file"] for r in _rows(text)]
    else:
        files = [r["file"] for r in csv.DictReader(io.StringIO(text))]
    assert sorted(files) == sorted(str(folder / n) for n in names)
    assert files == sorted(files), "a sorted run killed and resumed still lists the files in sorted order"


def test_no_sort_streams_rows_as_they_finish(tmp_path):
    folder = _folder(tmp_path, ["a-slow.txt", "b.txt", "c.txt", "d.txt"])
    proc = subprocess.run([sys.executable, str(_runner(tmp_path)), "check", str(folder), "--format", "jsonl",
                           "--jobs", "2", "--no-sort", "--isolated"],
                          capture_output=True, text=True, cwd=tmp_path, env=_env(CVLINT_TEST_DELAY="1.5"), timeout=60)
    files = [Path(r["file"]).name for r in _rows(proc.stdout)]
    assert sorted(files) == ["a-slow.txt", "b.txt", "c.txt", "d.txt"]
    assert files[-1] == "a-slow.txt", "with --no-sort a slow first file does not hold back the others"


def _run_on_pty(args: list[str], cwd: Path) -> tuple[str, bytes]:
    """Run with stderr on a pseudo-terminal and stdout on a pipe; return (stdout, what the terminal got)."""
    return run_on_pty(args, cwd=cwd, env=_env(TERM="xterm-256color", COLUMNS="100", CVLINT_TEST_DELAY="0.1"),
                      stdout_on_pty=False, timeout=60)


def test_progress_goes_to_a_terminal_stderr_only(tmp_path):
    folder = _folder(tmp_path, [f"cv{i}-slow.txt" for i in range(4)])
    base = [sys.executable, str(_runner(tmp_path)), "check", str(folder), "--format", "jsonl", "--jobs", "2",
            "--isolated"]
    stdout, terminal = _run_on_pty(base, tmp_path)
    assert len(_rows(stdout)) == 4 and "\x1b" not in stdout
    assert b"4/4" in terminal and b"CV/s" in terminal and b"ETA" in terminal
    stdout, terminal = _run_on_pty(base + ["--no-progress"], tmp_path)  # --quiet sets the same switch
    assert len(_rows(stdout)) == 4 and b"4/4" not in terminal and b"ETA" not in terminal
    piped = subprocess.run(base, capture_output=True, text=True, cwd=tmp_path, env=_env(CVLINT_TEST_DELAY="0.1"),
                           timeout=60)
    assert "ETA" not in piped.stderr and "\x1b" not in piped.stderr


def test_workers_load_the_pipeline_once(tmp_path):
    """spaCy loads once in the parent; forked workers, and the replacement for a crashed one, reuse it."""
    log = tmp_path / "loads.log"
    script = tmp_path / "count_loads.py"
    script.write_text(RUNNER.replace('if __name__ == "__main__":', f'''
import spacy
_load = spacy.load
def counted(*a, **kw):
    with open({str(log)!r}, "a") as fh:
        fh.write(f"{{os.getpid()}}\\n")
    return _load(*a, **kw)
spacy.load = counted

if __name__ == "__main__":'''), encoding="utf-8")
    folder = _folder(tmp_path, [f"cv{i}.txt" for i in range(8)] + ["x-crash.txt"])
    proc = subprocess.run([sys.executable, str(script), "check", str(folder), "--format", "jsonl", "--jobs", "2",
                           "--isolated"], capture_output=True, text=True, cwd=tmp_path, env=_env(), timeout=120)
    assert len(_rows(proc.stdout)) == 9, proc.stderr
    assert len(log.read_text().split()) == 1


def test_usage_error_stops_the_batch_with_exit_2(tmp_path):
    folder = _folder(tmp_path, ["a.txt", "b.txt"])
    proc = subprocess.run([sys.executable, "-m", "cvlint", "check", str(folder), "--model", "no_such_pipeline_xx",
                           "--isolated"], capture_output=True, text=True, cwd=ROOT, env=_env(), timeout=60)
    assert proc.returncode == 2 and "no_such_pipeline_xx" in proc.stderr and "Traceback" not in proc.stderr


def test_dask_engine_writes_the_same_jsonl(tmp_path):
    pytest.importorskip("dask.distributed", reason="dask is not installed (pip install 'cvlint[dask]')")
    from cvlint.output.json import render_jsonl_line

    folder = _folder(tmp_path, [f"cv{i}.txt" for i in range(5)])
    (folder / "empty.pdf").write_bytes(b"")
    dask = subprocess.run([sys.executable, "-m", "cvlint", "check", str(folder), "--format", "jsonl", "--isolated",
                           "--jobs", "2", "--engine", "dask"],
                          capture_output=True, text=True, cwd=ROOT, env=_env(), timeout=180)
    inputs = [(str(p), str(p)) for p in sorted(folder.iterdir())]
    local = "".join(render_jsonl_line(row) for row in run(inputs, Options(), jobs=2))
    assert dask.returncode == 1 and "Traceback" not in dask.stderr, dask.stderr
    assert dask.stdout == local and len(_rows(dask.stdout)) == 6


def test_resume_knows_csv_rows_whose_file_names_were_guarded_against_formulas(runner, tmp_path):
    """A CSV cell that opens like a formula ("=sum.txt") is written with a quote in front; a name that really
    opens with a quote ("'draft.txt") is written as it is. --resume reads both back as the names they are."""
    from cvlint.cli import cli

    names = ["=sum.txt", "'draft.txt"]
    for name in names:
        (tmp_path / name).write_text(CV, encoding="utf-8")
    args = ["check", *names, "--format", "csv", "-o", "out.csv", "--isolated", "--no-progress", "--jobs", "1"]
    runner.invoke(cli, args)
    runner.invoke(cli, args + ["--resume"])
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8"))))
    assert sorted(r["file"] for r in rows) == ["'=sum.txt", "'draft.txt"]   # each input once
