"""Problems found in a scenario, each located by file, line, column and key path.

`ScenarioError` carries every problem found, so a user fixes them all in one pass. The printed
form is `file:line:col  key.path  message`, one per line, which editors and CI logs turn into links.
"""

from __future__ import annotations

from dataclasses import dataclass

Path = tuple[str | int, ...]


def dotted(path: Path) -> str:
    """`("nodes", 0, "pick_pack")` → `nodes[0].pick_pack`; the empty path is `(top-level)`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top-level)"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, and where."""

    path: Path
    message: str
    file: str | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based

    def format(self) -> str:
        where = f"{self.file or '<scenario>'}:{self.line or 1}:{self.column or 1}"
        message = " ".join(self.message.split())  # one line per problem, whatever the source said
        return f"{where}  {dotted(self.path)}  {message}"


class ScenarioError(Exception):
    """The input is not a valid scenario; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file or "", p.line or 0, p.column or 0, dotted(p.path)))
        super().__init__("\n".join(p.format() for p in self.problems))
