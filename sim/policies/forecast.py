"""Forecast-driven dynamic reorder point: the rule re-estimates demand from what its slot has seen.

At the start of every day the model hands the rule the units demanded at its slot the day before
(`observe(day, units)`; see sim.model.model). The rule updates its forecaster and recomputes, once a
day, an (s,S) pair over the protection interval P = L + R (lead time plus review period):

    s = ⌈F_P + z·√(P·σ̂² + d̄²·σ_L²)⌉,      S = s + Q,

where F_P is the forecast of demand over the next P days, d̄ = F_P / P, σ̂ the estimated standard
deviation of one day's forecast error, σ_L the lead time's standard deviation, z = Φ⁻¹(service
level), and Q the EOQ at the current demand level (or a fixed number of units). This is the
textbook reorder point of SPT §6.7/§6.10.2 with the forecast in place of a known mean (SPT ch. 4:
"the standard deviation of forecast errors" replaces σ_d). `decide` then only compares numbers.

Forecasters (SPT ch. 4; the lesson's table "promedio móvil, suavizado exponencial, estacional"):

* `MovingAverage(window_days)`: the mean and sample standard deviation of the last N days; until N
  days have been seen, the plan's prior (the scenario's stated demand);
* `ExponentialSmoothing(alpha)`: level ← level + α·e with e = actual − forecast, and the error
  variance smoothed the same way, σ̂² ← (1 − α)·σ̂² + α·e² (starting from the prior);
* `SeasonalIndex(season_days, alpha, gamma)`: multiplicative seasonal indices (Winters' method
  without trend, SPT §4.6): the deseasonalised level is smoothed with α, the index of the day's
  position in the season (day mod season_days; 7 = weekdays) with γ, the indices kept averaging 1;
  the forecast for a day is level × its index, so F_P follows the pattern over the coming days.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from typing import Protocol

from sim.analytics import eoq, z_value
from sim.policies.reorder import SlotFacts, Snapshot

METHODS = ("moving_average", "exponential_smoothing", "seasonal")
DEFAULTS = {"window_days": 28, "alpha": 0.2, "gamma": 0.1, "season_days": 7}
"""Defaults of the forecast parameters (also filled in by the scenario schema)."""


class Forecaster(Protocol):
    """Learns one slot's daily demand."""

    def update(self, day: int, units: float) -> None: ...

    def daily(self, day: int) -> float:
        """The forecast of demand on `day`."""
        ...

    @property
    def level(self) -> float:
        """The deseasonalised mean daily demand."""
        ...

    @property
    def error_sd(self) -> float:
        """The estimated standard deviation of one day's forecast error."""
        ...


class MovingAverage:
    """Mean and sample standard deviation of the last `window_days` days (the prior until the window is full)."""

    def __init__(self, window_days: int, prior_mean: float, prior_sd: float) -> None:
        if window_days < 2:
            raise ValueError(f"window_days must be at least 2, got {window_days}")
        self.window_days = window_days
        self.prior_mean = prior_mean
        self.prior_sd = prior_sd
        self.history: deque[float] = deque(maxlen=window_days)
        self.total = 0.0
        self.total_sq = 0.0

    def update(self, day: int, units: float) -> None:
        if len(self.history) == self.window_days:
            old = self.history[0]
            self.total -= old
            self.total_sq -= old * old
        self.history.append(units)
        self.total += units
        self.total_sq += units * units

    def daily(self, day: int) -> float:
        return self.level

    @property
    def full(self) -> bool:
        return len(self.history) == self.window_days

    @property
    def level(self) -> float:
        return self.total / self.window_days if self.full else self.prior_mean

    @property
    def error_sd(self) -> float:
        if not self.full:
            return self.prior_sd
        n = self.window_days
        variance = (self.total_sq - self.total * self.total / n) / (n - 1)
        return math.sqrt(max(variance, 0.0))


class ExponentialSmoothing:
    """Simple exponential smoothing of the level and of the squared forecast error."""

    def __init__(self, alpha: float, prior_mean: float, prior_sd: float) -> None:
        if not 0 < alpha <= 1:
            raise ValueError(f"alpha must be in (0, 1], got {alpha}")
        self.alpha = alpha
        self._level = prior_mean
        self.variance = prior_sd * prior_sd

    def update(self, day: int, units: float) -> None:
        error = units - self._level
        self._level += self.alpha * error
        self.variance = (1 - self.alpha) * self.variance + self.alpha * error * error

    def daily(self, day: int) -> float:
        return self._level

    @property
    def level(self) -> float:
        return self._level

    @property
    def error_sd(self) -> float:
        return math.sqrt(self.variance)


class SeasonalIndex:
    """Multiplicative seasonal indices over a season of `season_days` days, with a smoothed level."""

    def __init__(self, season_days: int, alpha: float, gamma: float, prior_mean: float, prior_sd: float) -> None:
        if season_days < 2:
            raise ValueError(f"season_days must be at least 2, got {season_days}")
        if not 0 < alpha <= 1 or not 0 < gamma <= 1:
            raise ValueError(f"alpha and gamma must be in (0, 1], got alpha={alpha}, gamma={gamma}")
        self.season_days = season_days
        self.alpha = alpha
        self.gamma = gamma
        self._level = prior_mean
        self.index = [1.0] * season_days
        self.variance = prior_sd * prior_sd

    def update(self, day: int, units: float) -> None:
        i = day % self.season_days
        error = units - self._level * self.index[i]
        self.variance = (1 - self.alpha) * self.variance + self.alpha * error * error
        if self.index[i] > 0:
            self._level = self.alpha * units / self.index[i] + (1 - self.alpha) * self._level
        if self._level > 1e-12:
            self.index[i] = self.gamma * units / self._level + (1 - self.gamma) * self.index[i]
            mean = sum(self.index) / self.season_days
            if mean > 0:
                self.index = [x / mean for x in self.index]

    def daily(self, day: int) -> float:
        return self._level * self.index[day % self.season_days]

    @property
    def level(self) -> float:
        return self._level

    @property
    def error_sd(self) -> float:
        return math.sqrt(self.variance)


class ForecastRule:
    """(s,S) whose s and S follow a demand forecast, re-estimated every day from observed demand."""

    kind = "forecast"
    observes = True

    def __init__(
        self,
        forecaster: Forecaster,
        *,
        service_level: float,
        order_quantity: int | str,
        lead_time_days: float,
        lead_time_sd_days: float = 0.0,
        review_period_days: float = 0.0,
        order_cost: float = 0.0,
        holding_per_unit_year: float = 0.0,
        known_factor: Sequence[float] | None = None,
    ) -> None:
        if order_quantity != "eoq" and not (isinstance(order_quantity, int) and order_quantity >= 1):
            raise ValueError(f"order_quantity must be 'eoq' or a whole number ≥ 1, got {order_quantity!r}")
        self.forecaster = forecaster
        self.service_level = service_level
        self.z = z_value(service_level)
        self.order_quantity = order_quantity
        self.protection_days = lead_time_days + review_period_days
        self.lead_time_sd_days = lead_time_sd_days
        self.order_cost = order_cost
        self.holding_per_unit_year = holding_per_unit_year
        self.known = list(known_factor) if known_factor is not None else None
        self.s = 0
        self.S = 1
        self.reorder_point = 0
        self._resize(0)
        self._initial = self.S

    @classmethod
    def from_facts(
        cls,
        facts: SlotFacts,
        *,
        method: str,
        service_level: float = 0.95,
        order_quantity: int | str = "eoq",
        window_days: int | None = None,
        alpha: float | None = None,
        gamma: float | None = None,
        season_days: int | None = None,
        known_events: bool = True,
    ) -> ForecastRule:
        """The plan's demand estimate is the forecaster's prior; parameters not given take `DEFAULTS`."""
        mean, sd = facts.daily_units_mean, facts.daily_units_sd
        a = alpha if alpha is not None else float(DEFAULTS["alpha"])
        forecaster: Forecaster
        if method == "moving_average":
            forecaster = MovingAverage(window_days or int(DEFAULTS["window_days"]), mean, sd)
        elif method == "exponential_smoothing":
            forecaster = ExponentialSmoothing(a, mean, sd)
        elif method == "seasonal":
            g = gamma if gamma is not None else float(DEFAULTS["gamma"])
            forecaster = SeasonalIndex(season_days or int(DEFAULTS["season_days"]), a, g, mean, sd)
        else:
            raise ValueError(f"unknown forecast method {method!r}; use one of {', '.join(METHODS)}")
        return cls(
            forecaster,
            service_level=service_level,
            order_quantity=order_quantity,
            lead_time_days=facts.lead_time_days_mean,
            lead_time_sd_days=facts.lead_time_days_sd,
            review_period_days=facts.review_period_days,
            order_cost=facts.order_cost,
            holding_per_unit_year=facts.holding_per_unit_year,
            known_factor=facts.known_factor if known_events else None,
        )

    def observe(self, day: int, units: int) -> None:
        """`units` were demanded at the slot on `day`; re-estimate and resize for the days from `day + 1`.
        With known factors the forecaster learns the day's units divided by its factor (a day with
        factor 0 teaches nothing)."""
        if self.known is None:
            self.forecaster.update(day, units)
        else:
            factor = self.known[day] if 0 <= day < len(self.known) else 1.0
            if factor > 0:
                self.forecaster.update(day, units / factor)
        self._resize(day + 1)

    def protection_forecast(self, first_day: int) -> float:
        """Forecast demand over the P days starting at `first_day` (a fractional last day counts pro rata)."""
        forecaster = self.forecaster
        if self.known is not None:
            return self._known_forecast(first_day)
        if not isinstance(forecaster, SeasonalIndex):  # a flat forecast: no need to walk the days
            return forecaster.level * self.protection_days
        whole = int(self.protection_days)
        m = forecaster.season_days
        cycles, rest = divmod(whole, m)
        index = forecaster.index
        total = cycles * sum(index) + sum(index[(first_day + k) % m] for k in range(rest))
        total *= forecaster.level
        fraction = self.protection_days - whole
        if fraction > 0:
            total += fraction * forecaster.daily(first_day + whole)
        return total

    def _known_forecast(self, first_day: int) -> float:
        """The forecast over the P days from `first_day`, each day × its known factor."""
        known = self.known
        assert known is not None
        whole = int(self.protection_days)
        total = 0.0
        for k in range(whole + 1):
            weight = 1.0 if k < whole else self.protection_days - whole
            if weight <= 0:
                break
            d = first_day + k
            total += weight * self.forecaster.daily(d) * (known[d] if 0 <= d < len(known) else 1.0)
        return total

    def _resize(self, first_day: int) -> None:
        p = self.protection_days
        mean_p = self.protection_forecast(first_day)
        d_bar = mean_p / p if p > 0 else self.forecaster.level
        sd = self.forecaster.error_sd
        sigma = math.sqrt(p * sd * sd + d_bar * d_bar * self.lead_time_sd_days**2)
        s = max(0, math.ceil(mean_p + self.z * sigma))
        if self.order_quantity == "eoq":
            q = max(1, round(eoq(self.forecaster.level * 365, self.order_cost, self.holding_per_unit_year)))
        else:
            q = int(self.order_quantity)
        self.s = s
        self.S = s + q
        self.reorder_point = s

    def decide(self, snapshot: Snapshot) -> int:
        position = snapshot.position
        return self.S - position if position <= self.s else 0

    @property
    def initial_level(self) -> int:
        return self._initial

    def __repr__(self) -> str:
        return f"ForecastRule({type(self.forecaster).__name__}, s={self.s}, S={self.S})"
