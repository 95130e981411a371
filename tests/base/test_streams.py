"""Named random streams: reproducible, independent by name, immune to PYTHONHASHSEED."""

import os
import subprocess
import sys

import numpy as np

from sim.base.streams import Streams, name_key


def test_same_name_same_numbers_across_instances() -> None:
    a = Streams(7, 3).get("demand", "north", "A").random(5)
    b = Streams(7, 3).get("demand", "north", "A").random(5)
    assert np.array_equal(a, b)


def test_names_replications_and_seeds_give_different_streams() -> None:
    base = Streams(7, 3).get("demand", "north", "A").random(5)
    assert not np.array_equal(base, Streams(7, 3).get("demand", "north", "B").random(5))
    assert not np.array_equal(base, Streams(7, 4).get("demand", "north", "A").random(5))
    assert not np.array_equal(base, Streams(8, 3).get("demand", "north", "A").random(5))


def test_name_parts_are_separated() -> None:
    assert name_key(("ab", "c")) != name_key(("a", "bc"))


def test_asking_for_other_streams_first_changes_nothing() -> None:
    first = Streams(1, 0)
    first.get("lead_time", "sup", "wh").random(100)
    first.get("demand", "north", "Z").random(100)
    a = first.get("demand", "north", "A").random(5)
    b = Streams(1, 0).get("demand", "north", "A").random(5)
    assert np.array_equal(a, b)


def test_streams_do_not_depend_on_pythonhashseed() -> None:
    code = "from sim.base.streams import Streams; print(Streams(5, 1).get('x', 'y').integers(0, 10**9, 3).tolist())"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("0", "1", "12345")
    }
    assert len(outputs) == 1
