"""The schools of a network that its meetings know: the accepted ones attend, and they or an
anchor school may host."""

from sqlalchemy import Select, select

from netwerk.extensions import db
from netwerk.networks.models import Network, Registration, RegistrationStatus
from netwerk.schools.models import School


def _accepted_ids(network: Network) -> Select:
    """The ids of the schools whose registration for the network is accepted now."""
    return select(Registration.school_id).where(
        Registration.status == RegistrationStatus.accepted,
        Registration.network_id == network.id,
    )


def accepted_schools(network: Network) -> list[School]:
    """The schools accepted in the network now, by name."""
    query = select(School).where(School.id.in_(_accepted_ids(network))).order_by(School.name)
    return list(db.session.scalars(query))


def accepted_school_ids(network: Network) -> set[int]:
    """The ids of the schools accepted in the network now."""
    return set(db.session.scalars(_accepted_ids(network)))


def host_schools(network: Network) -> list[School]:
    """The schools that may host a meeting of the network (anchors and accepted), by name."""
    schools = {s.id: s for s in network.anchors}
    schools.update({s.id: s for s in accepted_schools(network)})
    return sorted(schools.values(), key=lambda s: s.name)
