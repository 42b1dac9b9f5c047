"""Which units to inspect: per kind of unit, at least its quota (a share of the units of
that kind), drawn at random, stratified, or by risk. Pure: no database, no framework.

The number a quota asks is ``ceil(units × percent / 100)`` (40 % of 11 departments is 5):
a quota is a floor ("ít nhất 40 % sở"), so the count is rounded up, and never more than
the units there are. Every method draws exactly that many of each kind:

- ``random``: a uniform draw among the units of the kind;
- ``stratified``: spread over the strata (a commune's district; one stratum when the
  units have none): the strata take turns in a random order, each giving one unit at
  random, so that no district is left out while another gives two;
- ``risk``: the units with the highest risk first (overdue tasks, reports not sent…,
  as the caller scores them), ties in random order.

The same seed draws the same units (``random.Random(seed)``).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

RANDOM, STRATIFIED, RISK = "random", "stratified", "risk"
METHODS = (RANDOM, STRATIFIED, RISK)


@dataclass(frozen=True)
class Unit:
    pk: int
    kind: str
    stratum: int | None = None
    risk: float = 0


@dataclass
class QuotaRow:
    kind: str
    percent: Decimal
    available: int
    required: int
    chosen: list[Unit] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return len(self.chosen) >= self.required

    @property
    def share(self) -> Decimal | None:
        """The share of the kind's units chosen, %, unrounded."""
        return Decimal(len(self.chosen)) * 100 / self.available if self.available else None


@dataclass
class Selection:
    method: str
    seed: int
    rows: list[QuotaRow]

    @property
    def met(self) -> bool:
        return all(row.met for row in self.rows)

    @property
    def chosen(self) -> list[Unit]:
        return [unit for row in self.rows for unit in row.chosen]


def required(available: int, percent) -> int:
    """The number of units a quota of ``percent`` % asks among ``available`` (rounded up)."""
    percent = Decimal(str(percent))
    if percent < 0 or percent > 100:
        raise ValueError("a quota is between 0 and 100 %")
    return min(available, math.ceil(Decimal(available) * percent / 100))


def _stratified(pool: list[Unit], need: int, rng: random.Random) -> list[Unit]:
    strata: dict[int | None, list[Unit]] = {}
    for unit in pool:
        strata.setdefault(unit.stratum, []).append(unit)
    queues = [rng.sample(units, len(units)) for _key, units in sorted(strata.items(), key=_key)]
    rng.shuffle(queues)
    chosen: list[Unit] = []
    while len(chosen) < need:
        for queue in queues:
            if queue and len(chosen) < need:
                chosen.append(queue.pop())
    return chosen


def _key(item) -> tuple:
    stratum = item[0]
    return (stratum is None, stratum or 0)


def select(
    units: Iterable[Unit], quotas: dict[str, Decimal], method: str = RANDOM, seed: int = 1
) -> Selection:
    """The units to inspect: ``quotas`` is {kind: percent}; every kind's quota is met."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    rng = random.Random(seed)
    units = sorted(units, key=lambda u: u.pk)
    rows = []
    for kind in sorted(quotas):
        pool = [u for u in units if u.kind == kind]
        need = required(len(pool), quotas[kind])
        if method == RANDOM:
            chosen = rng.sample(pool, need)
        elif method == STRATIFIED:
            chosen = _stratified(pool, need, rng)
        else:
            ties = {u.pk: rng.random() for u in pool}
            chosen = sorted(pool, key=lambda u: (-u.risk, ties[u.pk]))[:need]
        rows.append(QuotaRow(kind, Decimal(str(quotas[kind])), len(pool), need, chosen))
    return Selection(method, seed, rows)
