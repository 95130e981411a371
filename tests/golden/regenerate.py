"""Rewrite the golden KPI files from the current model: `python -m tests.golden.regenerate`."""

from __future__ import annotations

from tests.golden import SCENARIOS, compute, golden_path


def main() -> None:
    for path in sorted(SCENARIOS.glob("*.yaml")):
        frame = compute(path)
        frame.to_csv(golden_path(path), index=False, lineterminator="\n", float_format="%.10g")
        print(golden_path(path))


if __name__ == "__main__":
    main()
