"""Queueing formulas for pick/pack stations and supplier queues.

Rates are per unit of time of the caller's choosing (per day, per minute); a = λ/μ is the offered
load in Erlangs.
"""

from __future__ import annotations

from typing import NamedTuple


def erlang_b(servers: int, offered_load: float) -> float:
    """Erlang's loss formula B(c, a): the probability that an arrival finds all c servers busy in an
    M/G/c/c system, by the stable recursion B(0) = 1, B(k) = a·B(k−1)/(k + a·B(k−1)) (Erlang 1917;
    GSTH §2.6, M/M/c/c, and its insensitivity to the service distribution)."""
    if servers < 0 or offered_load < 0:
        raise ValueError("need servers ≥ 0 and offered load ≥ 0")
    b = 1.0
    for k in range(1, servers + 1):
        b = offered_load * b / (k + offered_load * b)
    return b


def erlang_c(servers: int, offered_load: float) -> float:
    """Erlang's delay formula C(c, a) = c·B / (c − a·(1 − B)): the probability that an arrival waits
    in an M/M/c queue (GSTH §2.3); requires a < c."""
    if not 0 <= offered_load < servers:
        raise ValueError(f"an M/M/c queue needs offered load < servers, got a={offered_load}, c={servers}")
    b = erlang_b(servers, offered_load)
    return servers * b / (servers - offered_load * (1 - b))


class MMc(NamedTuple):
    """Steady state of an M/M/c queue (GSTH §2.3)."""

    p_wait: float  # Erlang C
    wait: float  # mean time in queue Wq = C/(cμ − λ)
    sojourn: float  # W = Wq + 1/μ
    queue_length: float  # Lq = λ·Wq (Little)
    in_system: float  # L = λ·W (Little)
    utilisation: float  # ρ = λ/(cμ)


def mmc(servers: int, arrival_rate: float, service_rate: float) -> MMc:
    """M/M/c with arrival rate λ and service rate μ per server (same time unit)."""
    a = arrival_rate / service_rate
    c_wait = erlang_c(servers, a)
    wq = c_wait / (servers * service_rate - arrival_rate)
    w = wq + 1 / service_rate
    return MMc(c_wait, wq, w, arrival_rate * wq, arrival_rate * w, a / servers)


def mg1_mean_wait(arrival_rate: float, service_mean: float, service_second_moment: float) -> float:
    """Pollaczek–Khinchine: mean wait in queue of an M/G/1 queue, Wq = λ·E[S²] / (2(1 − ρ)), ρ = λ·E[S]
    (GSTH §5.1.1). For deterministic service (M/D/1) E[S²] = E[S]², so Wq = ρ·E[S]/(2(1 − ρ))."""
    rho = arrival_rate * service_mean
    if not 0 <= rho < 1:
        raise ValueError(f"an M/G/1 queue needs utilisation < 1, got {rho}")
    return arrival_rate * service_second_moment / (2 * (1 - rho))


def little_l(arrival_rate: float, mean_time: float) -> float:
    """Little's law L = λ·W: the time-average number in a system equals the arrival rate times the
    mean time each arrival spends in it (Little 1961; GSTH §1.5)."""
    return arrival_rate * mean_time
