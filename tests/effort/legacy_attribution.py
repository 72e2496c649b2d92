"""Attribution in the effort roll-up: what the networks, their anchor schools and the
programmes look like, and which share of a figure lands on which row (README, "Inzet").

- a figure on a network (planned FTE, an assignment to it, logged hours) is split equally over
  the network's anchor schools;
- an assignment to an anchor school is split equally over the networks that school anchors;
- a figure on a whole programme stays on the programme: its own row per programme, else a
  "programmabreed" row;
- the province of a share is that of its anchor school, else of its network.

A share is an atom (network, anchor school, programme), any of them possibly None.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from netwerk.extensions import db
from netwerk.labels import enum_label
from netwerk.networks.models import Network, Programme, network_anchor
from netwerk.schools.models import Province, School

Target = tuple[str, int]  # ("network" | "school" | "programme", id)
Atom = tuple[int | None, int | None, int | None]  # (network, anchor school, programme) ids
RowKey = tuple[str, int | str | None]  # (kind of row, its id)


@dataclass
class Structure:
    """Networks, their anchor schools (both ways), those schools and the programmes."""

    networks: dict[int, object]  # rows with id, name, programme_id, province
    anchors_of: dict[int, list[int]]  # network -> its anchor schools
    networks_of: dict[int, list[int]]  # anchor school -> the networks it anchors
    schools: dict[int, object]  # rows with id, name, province
    programmes: dict[int, str]

    @classmethod
    def load(cls, per_target: dict[Target, list[int]]) -> "Structure":
        """Four statements (three when no school is involved)."""
        networks = {
            row.id: row
            for row in db.session.execute(
                select(Network.id, Network.name, Network.programme_id, Network.province)
            )
        }
        anchors_of: dict[int, list[int]] = {}
        networks_of: dict[int, list[int]] = {}
        for network_id, school_id in db.session.execute(
            select(network_anchor.c.network_id, network_anchor.c.school_id).order_by(
                network_anchor.c.network_id, network_anchor.c.school_id
            )
        ):
            anchors_of.setdefault(network_id, []).append(school_id)
            networks_of.setdefault(school_id, []).append(network_id)
        school_ids = set(networks_of) | {t[1] for t in per_target if t[0] == "school"}
        schools = {}
        if school_ids:
            schools = {
                row.id: row
                for row in db.session.execute(
                    select(School.id, School.name, School.province).where(School.id.in_(school_ids))
                )
            }
        programmes = dict(db.session.execute(select(Programme.id, Programme.name)).all())
        return cls(networks, anchors_of, networks_of, schools, programmes)

    def atoms(self, target: Target) -> tuple[int, list[Atom]]:
        """The number of equal shares of a target and the atoms that receive them."""
        kind, ident = target
        if kind == "network":
            programme_id = self.networks[ident].programme_id if ident in self.networks else None
            anchors = self.anchors_of.get(ident)
            if not anchors:
                return 1, [(ident, None, programme_id)]
            return len(anchors), [(ident, s, programme_id) for s in anchors]
        if kind == "school":
            nets = self.networks_of.get(ident)
            if not nets:
                return 1, [(None, ident, None)]
            return len(nets), [(n, ident, self.networks[n].programme_id) for n in nets]
        return 1, [(None, None, ident)]

    def province(self, network_id: int | None, school_id: int | None) -> Province | None:
        """The province of the anchor school, else of the network."""
        if school_id in self.schools:
            return self.schools[school_id].province
        return self.networks[network_id].province if network_id in self.networks else None

    def row_key(self, group_by: str, atom: Atom) -> RowKey:
        """The row an atom is counted on; programme-wide or unattributed when the grouping
        finds no anchor school, network, programme or province on it."""
        network_id, school_id, programme_id = atom
        if group_by == "anchor_school":
            if school_id is not None:
                return ("anchor_school", school_id)
        elif group_by == "province":
            if school_id is not None:
                return ("province", self.schools[school_id].province.value)
            if network_id is not None and self.networks[network_id].province is not None:
                return ("province", self.networks[network_id].province.value)
        elif group_by == "network":
            if network_id is not None:
                return ("network", network_id)
        elif programme_id is not None:
            return ("programme", programme_id)
        if network_id is None and school_id is None and programme_id is not None:
            return ("programme_wide", programme_id)
        return ("unattributed", None)

    def label(self, kind: str, ident) -> str:
        """The name shown on a row."""
        if kind == "anchor_school":
            return self.schools[ident].name
        if kind == "network":
            return self.networks[ident].name if ident in self.networks else f"#{ident}"
        if kind == "programme":
            return self.programmes.get(ident, f"#{ident}")
        if kind == "province":
            return enum_label(Province(ident))
        if kind == "programme_wide":
            return _("Programmabreed: %(name)s", name=self.programmes.get(ident, f"#{ident}"))
        return _("Niet toe te wijzen (zonder ankerschool of netwerk)")
