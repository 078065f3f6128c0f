"""The package's import graph: no cycle, and nothing below the batch runtime imports it (or the API, or the CLI)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

PACKAGE = Path(__file__).resolve().parents[1] / "cvlint"
# The top of the stack: what turns arguments or a Python call into a batch. Only these may import it.
TOP = ("cvlint.__main__", "cvlint.cli", "cvlint.api", "cvlint.run.schedule", "cvlint.run.local",
       "cvlint.run.dask_engine", "cvlint.run.worker", "cvlint.run.resume", "cvlint.run.outcome", "cvlint.run.progress")


def _modules() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """Every cvlint module `path` imports, at module level or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            subs = {f"{node.module}.{alias.name}" for alias in node.names} & modules.keys()
            found.update(subs or {node.module})
    return found & modules.keys()


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, modules) - {name} for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                return path[path.index(dep):] + [dep]
            if dep not in state and (found := visit(dep)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_module_imports_one_that_imports_it_back():
    assert _cycle(_graph()) is None


def test_nothing_below_the_runtime_imports_it():
    upward = sorted(f"{name} -> {dep}" for name, deps in _graph().items() for dep in deps
                    if dep in TOP and name not in TOP)
    assert upward == []


@pytest.mark.parametrize("module", sorted(m for m in _modules() if m.startswith("cvlint.run")))
def test_each_runtime_module_imports_alone(module):
    proc = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_the_architecture_doc_names_every_module():
    """docs/architecture.md is where a newcomer finds each module: none is missing from it."""
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [str(p.relative_to(ROOT)) for p in sorted((ROOT / "cvlint").rglob("*.py"))
               if p.name != "__init__.py" and not re.search(rf"\b{re.escape(p.name)}\b", doc)]
    assert not missing, missing


def test_no_module_is_over_600_lines():
    """Small modules with one job each: a module that grows past 600 lines is split."""
    long = {str(p.relative_to(ROOT)): n for p in sorted((ROOT / "cvlint").rglob("*.py"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600}
    assert not long, long
