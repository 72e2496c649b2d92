"""The mail a registration's contact gets when its status changes, always in Dutch.

The mail holds registry data (school, network, status) and a reason written by a coach or an
admin; never text a school user typed (its contact name, its own reason), so that the app's
sender cannot be used to put someone's words in front of another person (L7).
"""

from flask_babel import force_locale
from flask_babel import gettext as _

from netwerk.labels import enum_label
from netwerk.mail import queue_mail
from netwerk.networks.models import Registration, RegistrationStatus


def notify(registration: Registration, reason: str) -> None:
    """Queue a Dutch mail to the registration's contact about its new status."""
    if not registration.contact_email:
        return
    # The school's contact reads Dutch, whatever language the acting user chose.
    with force_locale("nl"):
        subject, body = _mail_text(registration, reason)
    queue_mail(registration.contact_email, subject, body)


def _mail_text(registration: Registration, reason: str) -> tuple[str, str]:
    network = registration.network
    status = enum_label(registration.status)
    subject = _(
        "Inschrijving %(school)s voor %(network)s: %(status)s",
        school=registration.school.name,
        network=network.name,
        status=status,
    )
    lines = [
        _("Beste contactpersoon van %(school)s,", school=registration.school.name),
        "",
        _(
            "De inschrijving van %(school)s voor het netwerk %(network)s heeft een nieuwe status: "
            "%(status)s.",
            school=registration.school.name,
            network=network.name,
            status=status,
        ),
    ]
    if reason:
        lines.append(_("Reden: %(reason)s", reason=reason))
    if registration.status is RegistrationStatus.waitlisted:
        lines.append(
            _(
                "Komt er een plaats vrij, dan wordt de eerste school op de wachtlijst automatisch "
                "aanvaard."
            )
        )
    lines += ["", _("Met vriendelijke groeten,"), _("Het team van de lerende netwerken")]
    return subject, "\n".join(lines)
