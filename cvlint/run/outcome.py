"""The exit-code policy of `cvlint check`, kept as rows stream by: 1 when an input failed or a weak finding reaches
`fail_on`, else 0 (`exit_zero` makes it 0 always)."""

from __future__ import annotations

from cvlint.model import Severity


class Outcome:
    """Fed every row with `add`; holds two booleans, not the rows, so a streamed batch of any size fits."""

    def __init__(self, fail_on: str):
        self.threshold = None if fail_on == "never" else Severity(fail_on).rank
        self.failed_input = False
        self.weak_finding = False

    def add(self, row: dict) -> None:
        if row["status"] != "ok":
            self.failed_input = True
        elif self.threshold is not None and not self.weak_finding:
            self.weak_finding = any(f["signal"] == "weak" and Severity(f["severity"]).rank >= self.threshold
                                    for f in row["findings"])

    def exit_code(self, exit_zero: bool) -> int:
        return 1 if (self.failed_input or self.weak_finding) and not exit_zero else 0
