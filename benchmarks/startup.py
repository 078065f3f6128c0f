"""Start-up cost of cvlint's commands, each as a fresh process: min (and median) of N runs.

    python benchmarks/startup.py [--runs 5] [--sample samples/ana-costa.pdf]

Targets: `--help`, `explain`, `rules` <= 0.3 s; `check` of one CV <= 1.5 s cold. Also prints, for `check`, the
import time of the heavy modules (python -X importtime) so a regression can be traced to its import.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"--help": 0.3, "explain task-only-bullet": 0.3, "rules": 0.3, "check": 1.5}


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env.setdefault("PYTHONWARNINGS", "ignore")
    return env


def time_once(args: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "cvlint", *args], cwd=ROOT, env=_env(), capture_output=True)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"cvlint {' '.join(args)} failed ({proc.returncode}): {proc.stderr.decode()[-1500:]}")
    return seconds


def import_costs(args: list[str], top: int = 12) -> list[tuple[float, str]]:
    """The slowest top-level imports (cumulative, seconds) of one run, from -X importtime."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "cvlint", *args], cwd=ROOT, env=_env(),
                          capture_output=True, text=True)
    costs = []
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", line)
        if m and len(m.group(2)) <= 3:  # top-level or one below
            costs.append((int(m.group(1)) / 1e6, m.group(2) + m.group(3)))
    return sorted(costs, reverse=True)[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sample", default="samples/ana-costa.pdf")
    args = parser.parse_args()
    commands = {"--help": ["--help"], "explain task-only-bullet": ["explain", "task-only-bullet"],
                "rules": ["rules"], "check": ["check", args.sample, "--isolated", "--no-progress"]}
    baseline = [sys.executable, "-c", "pass"]
    times: dict[str, list[float]] = {name: [] for name in ["python -c pass", *commands]}
    for _ in range(args.runs):  # interleaved, so a busy moment hits every command alike
        start = time.perf_counter()
        subprocess.run(baseline, capture_output=True)
        times["python -c pass"].append(time.perf_counter() - start)
        for name, argv in commands.items():
            times[name].append(time_once(argv))
    print(f"# cvlint start-up, fresh processes, {args.runs} runs each (python {sys.version.split()[0]}, "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())})\n")
    print("| command | min s | median s | target s | |")
    print("| --- | ---: | ---: | ---: | --- |")
    for name, ts in times.items():
        target = TARGETS.get(name)
        verdict = "" if target is None else ("ok" if min(ts) <= target else "**over**")
        shown = f"check {args.sample}" if name == "check" else name
        print(f"| `cvlint {shown}` | {min(ts):.3f} | {statistics.median(ts):.3f} | "
              f"{target if target else '-'} | {verdict} |" if name != "python -c pass" else
              f"| `python -c pass` | {min(ts):.3f} | {statistics.median(ts):.3f} | - | |")
    print(f"\n### Slowest imports of `cvlint check {args.sample}` (-X importtime, cumulative s)\n")
    for seconds, module in import_costs(commands["check"]):
        print(f"- {seconds:.3f} `{module.strip()}`")


if __name__ == "__main__":
    main()
