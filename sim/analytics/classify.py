"""The one home of the domain's classification rules: ABC by revenue, XYZ by variability, the DIO alert.

From the domain notes (DESIGN §6; shared/seeds/003): ABC by cumulative revenue share (A ≤ 80 %,
B ≤ 95 %, C the rest), XYZ by coefficient of variation (X < 20 %, Y 20–50 %, Z > 50 %), and the
over-stock alert "DIO above 60 days". The simulator (network build), the alerts log of a run, the
report and `supplysim analyze` all import these; none keeps a copy. Pure functions, no SimPy.
"""

from __future__ import annotations

import math

ABC_A_SHARE = 0.80
"""A while the cumulative revenue share (the SKU included) is at most this."""
ABC_B_SHARE = 0.95
"""B while the cumulative revenue share is at most this; C after."""
XYZ_X_BELOW = 0.20
"""X when the coefficient of variation is below this."""
XYZ_Y_UP_TO = 0.50
"""Y when the coefficient of variation is at most this (and not X); Z above."""
DIO_ALERT_DAYS = 60.0
"""The over-stock alert: days of inventory outstanding above this."""


def abc_classes(revenues: list[float], a_share: float = ABC_A_SHARE, b_share: float = ABC_B_SHARE) -> list[str]:
    """ABC by revenue: sorted by revenue, a SKU whose cumulative share (itself included) is at most
    `a_share` is A, at most `b_share` B, otherwise C. The top SKU is always A."""
    total = sum(revenues)
    order = sorted(range(len(revenues)), key=lambda i: (-revenues[i], i))
    out = ["C"] * len(revenues)
    cumulative = 0.0
    for rank, i in enumerate(order):
        cumulative += revenues[i]
        share = cumulative / total if total > 0 else 1.0
        out[i] = "A" if share <= a_share + 1e-12 or rank == 0 else "B" if share <= b_share + 1e-12 else "C"
    return out


def xyz_class(cv: float, x_below: float = XYZ_X_BELOW, y_up_to: float = XYZ_Y_UP_TO) -> str:
    """X if cv < x_below, Y if cv ≤ y_up_to, else Z (also Z when cv is NaN or infinite: no demand)."""
    if not math.isfinite(cv):
        return "Z"
    if cv < x_below:
        return "X"
    return "Y" if cv <= y_up_to else "Z"


def dio_alert(dio_days: float, limit_days: float = DIO_ALERT_DAYS) -> bool:
    """True when days of inventory outstanding are above the alert limit (NaN never alerts)."""
    return dio_days > limit_days


__all__ = [
    "ABC_A_SHARE",
    "ABC_B_SHARE",
    "DIO_ALERT_DAYS",
    "XYZ_X_BELOW",
    "XYZ_Y_UP_TO",
    "abc_classes",
    "dio_alert",
    "xyz_class",
]
