"""Labels of the networks feature's enums, in Dutch and marked for translation (registered in
netwerk.labels by create_app)."""

from flask_babel import lazy_gettext as _l

from netwerk.networks.models import MembershipRole, NetworkType, RegistrationStatus

LABELS = {
    MembershipRole.deelnemer: _l("deelnemer"),
    MembershipRole.anker: _l("anker"),
    MembershipRole.coordinator: _l("coördinator"),
    MembershipRole.partner: _l("partner"),
    MembershipRole.trekker: _l("trekker"),
    NetworkType.lerend_netwerk: _l("lerend netwerk"),
    NetworkType.leergemeenschap: _l("leergemeenschap"),
    RegistrationStatus.submitted: _l("ingediend"),
    RegistrationStatus.accepted: _l("aanvaard"),
    RegistrationStatus.waitlisted: _l("op wachtlijst"),
    RegistrationStatus.declined: _l("geweigerd"),
    RegistrationStatus.withdrawn: _l("ingetrokken"),
}
