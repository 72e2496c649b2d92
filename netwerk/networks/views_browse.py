"""Browsing pages: the open calls, the list of networks and one network."""

from flask import render_template, request
from flask_login import current_user

from netwerk.auth.decorators import role_required
from netwerk.auth.models import Role
from netwerk.extensions import db
from netwerk.networks import capacity, networks, parents, programmes, signup
from netwerk.networks.blueprint import bp, enum_arg, int_arg, page_arg, search_arg
from netwerk.networks.calls import open_call_for, open_calls
from netwerk.networks.models import Network
from netwerk.networks.periods import anchor_history
from netwerk.networks.registration_lists import RegistrationFilter, registration_list
from netwerk.networks.registrations import can_register_for
from netwerk.networks.school_home import offered_calls
from netwerk.schools.models import Province, SchoolLevel
from netwerk.timeutil import today

A, M, C, S = Role.admin, Role.ministry, Role.coach, Role.school
PER_PAGE = 25
# The tree shows every network at once (a tree cut into pages loses its parents); beyond this
# many the page says so and the filters narrow it.
MAX_TREE = 1000


@bp.route("/oproepen")
@role_required(A, C, S)
def calls():
    """The calls open today with their networks, places left, level and an "Inschrijven" button;
    a school user's schools already registered are marked."""
    offered = offered_calls(current_user, open_calls())
    left = capacity.places_left_by_network(o.network.id for c in offered for o in c.networks)
    return render_template("networks/calls.html", calls=offered, left=left, today=today())


@bp.route("/")
@role_required()
def index():
    """All networks, searched on name and theme, filtered by programme, level, province and
    parent; as a list (paged) or as a tree (?weergave=boom: every network, parents with their
    children)."""
    filters = networks.NetworkFilter(
        programme_id=int_arg("programme"),
        level=enum_arg("level", SchoolLevel),
        province=enum_arg("province", Province),
        q=search_arg("q"),
        parent_id=int_arg("parent"),
    )
    as_tree = request.args.get("weergave") == "boom"
    page = db.paginate(
        networks.network_list(filters),
        page=1 if as_tree else page_arg(),
        per_page=MAX_TREE if as_tree else PER_PAGE,
        error_out=False,
    )
    left = capacity.places_left_by_network(n.id for n in page.items)
    parent_of = parents.parent_map()
    return render_template(
        "networks/index.html",
        page=page,
        left=left,
        tree=parents.network_tree(page.items, parent_of) if as_tree else None,
        parent_of=parent_of,
        parent_names=parents.parent_names(parent_of),
        programmes=db.session.scalars(programmes.programme_list()).all(),
        filters={
            "programme": filters.programme_id,
            "level": filters.level,
            "province": filters.province,
            "q": filters.q or "",
            "parent": filters.parent_id,
        },
        SchoolLevel=SchoolLevel,
        Province=Province,
    )


@bp.route("/<int:network_id>")
@role_required()
def detail(network_id: int):
    """A network: anchors, level, region, places left, calls; the register button when allowed."""
    network = db.get_or_404(Network, network_id)
    own = []
    if current_user.role is Role.school:
        own = db.session.scalars(
            registration_list(current_user, RegistrationFilter(network_id=network.id))
        ).all()
    return render_template(
        "networks/detail.html",
        network=network,
        places_left=capacity.places_left(network),
        accepted=capacity.accepted_count(network.id),
        open_call=open_call_for(network, today()),
        can_register=can_register_for(current_user, network),
        own=own,
        positions=capacity.waiting_list_positions([network.id] if own else []),
        # Admins and coaches see since when the anchors lead the network, and who did before.
        anchor_history=anchor_history(network.id)
        if current_user.role in (Role.admin, Role.coach)
        else None,
        parent_history=parents.parent_history(network.id),
        children=parents.children_of(network.id),
        signable=signup.signable(current_user, network),
    )
