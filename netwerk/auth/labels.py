"""Labels of the auth feature's enums, in Dutch and marked for translation (registered in
netwerk.labels by create_app)."""

from flask_babel import lazy_gettext as _l

from netwerk.auth.models import Role

LABELS = {
    Role.admin: _l("beheerder"),
    Role.ministry: _l("ministerie"),
    Role.coach: _l("procescoach"),
    Role.school: _l("school"),
}
