"""How a paired difference between two policies is said: the metrics' words, the `Effect` (one paired
difference, policy − baseline) and the sentences that word it.

* a difference is *meaningful* when its paired 95 % CI lies wholly beyond the threshold worth
  acting on (the scenario's `decision.thresholds`, sim.config.decision; zero when none is given,
  which is plain significance: the CI excludes zero); only then is it worded as a gain or a loss
  ("cuts", "significantly faster"). A CI inside ±threshold is "no meaningful difference"; a CI
  that includes zero is "no significant difference"; a CI that excludes zero but reaches inside
  the threshold says the difference is not clearly larger than the threshold. Each shows the
  interval, signed;
* rates (fill rate) differ in percentage **points**; cost per order differs in **percent** of the
  baseline's mean (the interval is the paired interval divided by that mean, which treats the
  baseline mean as known: with common random numbers its own error is small, and it is said in
  docs/REPORT.md); delivery times differ in **days**;
* direction words follow the sign and the metric: costs are cut or raised, rates are higher or
  lower, deliveries are faster or slower;
* numbers are rounded so the interval's half-width shows one significant digit;
* with one replication there is no interval, and no claim of a difference is made.

sim.report.verdict reads the effects from the results folder and puts the sentences together.
No SimPy here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

Scale = Literal["percent", "points", "days", "absolute"]


@dataclass(frozen=True)
class Wording:
    """How one metric is spoken of."""

    metric: str
    noun: str  # "cost per order"
    article: str  # "a " or ""
    scale: Scale
    lower: str  # the word when the policy's value is lower: "lower", "faster"
    higher: str
    cut: str  # the verb when it is lower: "cuts"
    raise_: str  # the verb when it is higher: "raises"
    better: Literal["lower", "higher"]
    best: str  # "Lowest cost per order"


VERDICT_METRICS: tuple[Wording, ...] = (
    Wording(
        "cost_per_order",
        "cost per order",
        "a ",
        "percent",
        "lower",
        "higher",
        "cuts",
        "raises",
        "lower",
        "Lowest cost per order",
    ),
    Wording(
        "fill_rate_units",
        "fill rate",
        "a ",
        "points",
        "lower",
        "higher",
        "lowers",
        "raises",
        "higher",
        "Highest fill rate",
    ),
    Wording(
        "delivery_days_p90",
        "90th-percentile delivery",
        "",
        "days",
        "faster",
        "slower",
        "speeds up",
        "slows down",
        "lower",
        "Fastest 90th-percentile delivery",
    ),
)
"""The verdict's metrics, lead first: cost per order, then fill rate and delivery speed (DESIGN §1)."""

WORDING = {w.metric: w for w in VERDICT_METRICS}
MINUS = "\u2212"


@dataclass(frozen=True)
class Effect:
    """One paired difference, policy − baseline, in the metric's own unit (share, money, days)."""

    policy: str
    baseline: str
    metric: str
    diff: float
    low: float
    high: float
    n: int
    significant: bool
    baseline_mean: float = math.nan
    setting: tuple[tuple[str, Any], ...] = ()
    threshold: float = 0.0  # the smallest difference worth acting on, in the metric's own unit

    @property
    def wording(self) -> Wording:
        return WORDING[self.metric]

    @property
    def scale(self) -> Scale:
        """Percent of the baseline for costs when that mean is positive; else the metric's own unit."""
        scale = self.wording.scale
        if scale == "percent" and not (math.isfinite(self.baseline_mean) and self.baseline_mean > 0):
            return "absolute"
        return scale

    def scaled(self) -> tuple[float, float, float]:
        """(difference, ci_low, ci_high) on the spoken scale: points, percent of baseline, days or absolute."""
        factor = {"points": 100.0, "days": 1.0, "absolute": 1.0}.get(self.scale)
        if factor is None:
            factor = 100.0 / self.baseline_mean
        return self.diff * factor, self.low * factor, self.high * factor

    @property
    def has_interval(self) -> bool:
        return self.n >= 2 and math.isfinite(self.low) and math.isfinite(self.high)

    @property
    def identical(self) -> bool:
        """The same value in every replication (a zero-width interval at zero)."""
        return self.has_interval and self.diff == 0 and self.low == 0 and self.high == 0

    @property
    def meaningful(self) -> bool:
        """The paired CI lies wholly beyond ±threshold (with threshold 0: the CI excludes zero)."""
        if not self.has_interval or self.diff == 0:
            return False
        if self.threshold <= 0:
            return self.significant
        return self.low > self.threshold or self.high < -self.threshold

    @property
    def negligible(self) -> bool:
        """The paired CI lies wholly inside ±threshold: no difference worth acting on."""
        t = self.threshold
        return self.has_interval and t > 0 and -t <= self.low and self.high <= t

    @property
    def better(self) -> bool | None:
        """Whether the policy is meaningfully better than the baseline; None when not meaningful."""
        if not self.meaningful:
            return None
        return (self.diff < 0) == (self.wording.better == "lower")

    def as_record(self) -> dict[str, Any]:
        """A flat row for JSON/CSV output."""
        value, low, high = self.scaled()
        return {
            **dict(self.setting),
            "policy": self.policy,
            "baseline": self.baseline,
            "metric": self.metric,
            "difference": self.diff,
            "ci_low": self.low,
            "ci_high": self.high,
            "n": self.n,
            "significant": self.significant,
            "scale": self.scale,
            "scaled_difference": value,
            "scaled_ci_low": low,
            "scaled_ci_high": high,
            "better": self.better,
            "threshold": self.threshold,
            "meaningful": self.meaningful,
        }


# ---------------------------------------------------------------------------------------------
# numbers


def decimals_for(half_width: float) -> int:
    """Decimals that show an interval's half-width to one significant digit (between 1 and 3)."""
    if not math.isfinite(half_width) or half_width <= 0:
        return 1
    return min(3, max(1, -math.floor(math.log10(half_width))))


def signed(x: float, decimals: int, plus: bool = False) -> str:
    """A number with a true minus sign (and a plus sign when `plus`)."""
    text = f"{abs(x):,.{decimals}f}"
    if x < 0 and float(text.replace(",", "")) != 0:
        return MINUS + text
    return ("+" + text) if plus and x > 0 else text


def _unit(scale: Scale) -> tuple[str, str]:
    """(after the amount, after a range) for a scale."""
    return {
        "percent": (" %", " %"),
        "points": (" points", ""),
        "days": (" days", ""),
        "absolute": ("", ""),
    }[scale]


def _magnitude(effect: Effect) -> tuple[str, str]:
    """('11.8 %', '10.9–12.7 %'): the size of a significant difference and its interval, unsigned."""
    value, low, high = effect.scaled()
    d = decimals_for((high - low) / 2)
    lo, hi = (-high, -low) if value < 0 else (low, high)
    amount_unit, range_unit = _unit(effect.scale)
    return f"{signed(abs(value), d)}{amount_unit}", f"{signed(lo, d)}–{signed(hi, d)}{range_unit}"


def _span(effect: Effect) -> str:
    """'−0.3 % to +0.5 %': a signed interval (policy − baseline) that spans zero."""
    _, low, high = effect.scaled()
    d = decimals_for((high - low) / 2)
    if effect.scale == "percent":
        return f"{signed(low, d, True)} % to {signed(high, d, True)} %"
    amount_unit = _unit(effect.scale)[0]
    return f"{signed(low, d, True)} to {signed(high, d, True)}{amount_unit}"


def threshold_text(metric: str, threshold: float) -> str:
    """'0.25 days', '0.5 points', '0.10 per order': a threshold in the words its metric is spoken in."""
    scale = WORDING[metric].scale if metric in WORDING else "absolute"
    if scale == "points":
        return f"{100 * threshold:g} points"
    if scale == "days":
        return f"{threshold:g} days"
    if metric == "cost_per_order":
        return f"{threshold:.2f} per order"
    return f"{threshold:g}"


def _unclear(effect: Effect, ci_label: str, against: str = "") -> str:
    """'no meaningful difference in … (CI …, inside ±…)' or 'no significant difference …' or
    'a difference in … not clearly beyond the … that matters (CI …)': a difference that is not meaningful."""
    w = effect.wording
    thr = threshold_text(effect.metric, effect.threshold)
    if effect.negligible:
        return f"no meaningful difference in {w.noun}{against} ({ci_label} {_span(effect)}, inside \u00b1{thr})"
    if not effect.significant:
        return f"no significant difference in {w.noun}{against} ({ci_label} {_span(effect)})"
    return (
        f"a difference in {w.noun}{against} not clearly beyond the {thr} worth acting on ({ci_label} {_span(effect)})"
    )


def _point(effect: Effect) -> str:
    """'11.8 % lower': a difference without an interval (one replication)."""
    value, _, _ = effect.scaled()
    w = effect.wording
    if value == 0:
        return f"the same {w.noun}"
    amount_unit = _unit(effect.scale)[0]
    return f"{w.noun} {signed(abs(value), 2)}{amount_unit} {w.lower if value < 0 else w.higher}"


# ---------------------------------------------------------------------------------------------
# sentences


def lead_clause(effect: Effect, ci_label: str = "95 % CI") -> str:
    """The sentence's opening: 'hybrid cuts cost per order by 11.8 % (95 % CI 10.9–12.7 %) against stocked'."""
    w = effect.wording
    p, b = effect.policy, effect.baseline
    if effect.identical:
        return f"{p} has the same {w.noun} as {b} in every replication"
    if not effect.meaningful:
        return f"{p} shows {_unclear(effect, ci_label, f' against {b}')}"
    amount, interval = _magnitude(effect)
    verb = w.cut if effect.diff < 0 else w.raise_
    return f"{p} {verb} {w.noun} by {amount} ({ci_label} {interval}) against {b}"


def clause(effect: Effect, ci_label: str = "CI") -> str:
    """A following clause: 'a fill rate 0.4 points lower (CI 0.2–0.6)'."""
    w = effect.wording
    if effect.identical:
        return f"the same {w.noun} in every replication"
    if not effect.meaningful:
        return _unclear(effect, ci_label)
    amount, interval = _magnitude(effect)
    word = w.lower if effect.diff < 0 else w.higher
    return f"{w.article}{w.noun} {amount} {word} ({ci_label} {interval})"


def join_words(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _setting_text(setting: tuple[tuple[str, Any], ...]) -> str:
    return ", ".join(f"{k} = {v}" for k, v in setting)


def pair_sentence(effects: Sequence[Effect]) -> str:
    """One sentence for one (policy, baseline[, setting]): the lead metric first, then the others."""
    if not effects:
        raise ValueError("pair_sentence needs at least one effect")
    order = {w.metric: i for i, w in enumerate(VERDICT_METRICS)}
    effects = sorted(effects, key=lambda e: order[e.metric])
    first = effects[0]
    prefix = f"At {_setting_text(first.setting)}: " if first.setting else ""
    if not any(e.has_interval for e in effects):
        points = join_words([_point(e) for e in effects])
        text = (
            f"{first.policy} against {first.baseline}: {points}, from a single replication, so there is no "
            f"confidence interval and no claim of a difference (run 2 or more replications)"
        )
    else:
        text = lead_clause(first)
        rest = [clause(e) for e in effects[1:]]
        if rest:
            text += ", with " + join_words(rest)
    # Policy names are identifiers (as in the scenario and the tables), so they are not capitalised.
    return prefix + text + "."
