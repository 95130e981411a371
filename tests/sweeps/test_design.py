"""Experimental designs (sim.sweeps.design): grid order, Latin hypercube strata, seeding, value splitting."""

from __future__ import annotations

import numpy as np
import pytest

from sim.sweeps.design import Factor, design, grid, latin_hypercube, random_points, split_values


def test_grid_varies_the_first_factor_slowest():
    a = Factor("a", values=(1, 2))
    b = Factor("b", values=("x", "y", "z"))
    assert grid([a, b]) == [(1, "x"), (1, "y"), (1, "z"), (2, "x"), (2, "y"), (2, "z")]


def test_grid_range_gives_tidy_evenly_spaced_values():
    assert Factor("s", low=0.8, high=0.95, steps=4).grid_values() == [0.8, 0.85, 0.9, 0.95]
    # integer ranges round half up and drop repeats
    assert Factor("n", low=1, high=3, steps=5, integer=True).grid_values() == [1, 2, 3]


def test_latin_hypercube_uses_every_stratum_once_per_factor():
    n = 50
    factors = [Factor("u", low=0.0, high=1.0), Factor("v", low=10.0, high=20.0)]
    points = latin_hypercube(factors, n, seed=7)
    assert len(points) == n
    for j, factor in enumerate(factors):
        assert factor.low is not None and factor.high is not None
        unit = [(p[j] - factor.low) / (factor.high - factor.low) for p in points]
        strata = sorted(int(u * n) for u in unit)
        assert strata == list(range(n))


def test_latin_hypercube_integer_and_categorical_factors_are_balanced():
    points = latin_hypercube([Factor("k", low=1, high=4, integer=True), Factor("c", values=("a", "b"))], 8, seed=1)
    ks = sorted(p[0] for p in points)
    cs = sorted(p[1] for p in points)
    assert ks == [1, 1, 2, 2, 3, 3, 4, 4]  # 8 strata over 4 integers: each exactly twice
    assert cs == ["a"] * 4 + ["b"] * 4


def test_designs_are_reproducible_and_depend_on_the_seed():
    factors = [Factor("u", low=0.0, high=1.0), Factor("c", values=(1, 2, 3))]
    for method in ("latin_hypercube", "random"):
        first = design(factors, method, samples=20, seed=3)
        assert first == design(factors, method, samples=20, seed=3)
        assert first != design(factors, method, samples=20, seed=4)


def test_random_points_are_uniform():
    # Kolmogorov–Smirnov distance of 4000 draws from U(0, 1): the 99.9 % critical value is 1.95/√n.
    draws = np.array([p[0] for p in random_points([Factor("u", low=0.0, high=1.0)], 4000, seed=11)])
    grid_u = np.sort(draws)
    ks = np.max(np.abs(np.arange(1, len(grid_u) + 1) / len(grid_u) - grid_u))
    assert ks < 1.95 / np.sqrt(len(grid_u))


def test_design_needs_samples_for_sampling_methods():
    with pytest.raises(ValueError, match="samples"):
        design([Factor("u", low=0.0, high=1.0)], "latin_hypercube")


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("0.9", ["0.9"]),
        ("0.9,0.95, 0.98", ["0.9", "0.95", "0.98"]),
        ("[a, b]", ["[a, b]"]),
        ("[a],[a, b]", ["[a]", "[a, b]"]),
        ("{kind: fixed, value: 2},{kind: fixed, value: 3}", ["{kind: fixed, value: 2}", "{kind: fixed, value: 3}"]),
        ('"x, y"', ['"x, y"']),
        ("'x, y',z", ["'x, y'", "z"]),
        ("", [""]),
    ],
)
def test_split_values(text, pieces):
    assert split_values(text) == pieces


@pytest.mark.parametrize("text", ["1,,2", "1,2,", ",1"])
def test_split_values_rejects_empty_items(text):
    with pytest.raises(ValueError, match="empty value"):
        split_values(text)
