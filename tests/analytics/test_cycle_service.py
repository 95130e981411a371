"""The exact cycle service level of periodic (s,S) with whole-unit demand (undershoot × lead-time
demand), against hand-computed cases."""

from __future__ import annotations

import numpy as np
import pytest

from sim import analytics as a
from sim.analytics.discrete import convolve_power, rounded_normal_pmf


def test_one_unit_a_day_hits_s_exactly() -> None:
    """Demand of exactly 1 a day: the order is placed at x = s = 3; L = 2 days of demand (2 ≤ 3)
    never run out, L = 4 days (4 > 3) always do."""
    one = np.array([0.0, 1.0])
    assert a.periodic_sS_cycle_service_level(one, 2, 1, 3, 10) == pytest.approx(1.0)
    assert a.periodic_sS_cycle_service_level(one, 4, 1, 3, 10) == pytest.approx(0.0)


def test_even_demand_by_hand() -> None:
    """Demand 0 or 2 a day (½ each) from S = 12 keeps the position even, so orders go out at
    x = 4 (s = 4); over L = 3 days D = 2·Binomial(3, ½) ≤ 4 with probability 7/8."""
    assert a.periodic_sS_cycle_service_level(np.array([0.5, 0.0, 0.5]), 3, 1, 4, 12) == pytest.approx(7 / 8)


def test_undershoot_lowers_service_below_the_no_undershoot_value() -> None:
    """With daily demand of several units the order goes out below s: the exact CSL is below
    P(D_L ≤ s), the value without undershoot."""
    pmf = rounded_normal_pmf(12, 3)
    exact = a.periodic_sS_cycle_service_level(pmf, 10, 1, 136, 378)
    no_undershoot = float(np.cumsum(convolve_power(pmf, 10))[136])
    assert exact < no_undershoot - 0.05


def test_refuses_when_two_orders_could_be_outstanding() -> None:
    with pytest.raises(ValueError, match="one order outstanding"):
        a.periodic_sS_cycle_service_level(rounded_normal_pmf(12, 3), 10, 1, 136, 150)
    with pytest.raises(ValueError, match="0 ≤ s < S"):
        a.periodic_sS_cycle_service_level(rounded_normal_pmf(12, 3), 10, 1, -1, 300)
