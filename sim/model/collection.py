"""Continuous collection: an outbound whose carrier takes each parcel the moment it is packed.

A carrier service with `collection: continuous` (a courier on call, a partner's own van) has no
pickup schedule and no cut-off: a parcel ready at t leaves at t, so it is delivered at t + transit
(plus any lateness or delay window of the service, by the day it leaves). The pickup rule of
sim.routing.pickups says the same for the routing estimates (`next_pickup_s`). Everything else is
`Outbound`'s: parcels leaving at the same instant form one batch (one event), rates, transit draws
and the after-pickup hooks are unchanged. At a node with closure windows a parcel ready inside a
window leaves when the node reopens.

The class is chosen once per node when the model is built (`outbound_class`), so scheduled
services keep their calendar look-up and pay nothing per parcel for this.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.model.closures import ClosableOutbound
from sim.model.outbound import Outbound

if TYPE_CHECKING:
    from sim.network.build import NodeInfo


class ContinuousOutbound(Outbound):
    """Outbound of a node whose service collects continuously: the parcel leaves when ready."""

    __slots__ = ()

    def pickup_for(self, ready_s: int) -> int:
        return ready_s


class ClosableContinuousOutbound(ClosableOutbound):
    """Continuous collection at a node with closure windows: a parcel ready while closed leaves at reopening."""

    __slots__ = ()

    def pickup_for(self, ready_s: int) -> int:
        return self.closed.open_at(ready_s)


def outbound_class(info: NodeInfo, closed: bool) -> type[Outbound]:
    """The outbound class of a node shipping to customers: by its service's collection and its closures."""
    continuous = info.service is not None and info.service.continuous
    if continuous:
        return ClosableContinuousOutbound if closed else ContinuousOutbound
    return ClosableOutbound if closed else Outbound
