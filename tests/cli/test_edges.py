"""Rough edges a new user met (issue 16, point 7): help texts, counts, advice and messages."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from sim.base.words import plural
from sim.cli import VERBS, main

from ..conftest import TINY

RUNNER = CliRunner()


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return RUNNER.invoke(main, list(args))


@pytest.mark.parametrize("verb", [v.name for v in VERBS])
def test_help_shows_single_percent_signs(verb: str) -> None:
    """Click does not %-format help texts: `95 %%` was printed as written."""
    result = invoke(verb, "--help")
    assert result.exit_code == 0 and "%%" not in result.output


def test_counts_agree_with_their_nouns(write_yaml) -> None:  # type: ignore[no-untyped-def]
    result = invoke("validate", str(write_yaml(TINY)))
    assert result.exit_code == 0 and "1 region, 2 SKUs, 2 nodes" in result.output
    assert [plural(n, "policy", "policies") for n in (0, 1, 2)] == ["0 policies", "1 policy", "2 policies"]
