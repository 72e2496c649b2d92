"""flask meldingen versturen: the daily mails (run it once a day from cron, see the README)."""

import click
from flask.cli import AppGroup

from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.notifications.daily import send_daily
from netwerk.timeutil import parse_date, today

notifications_cli = AppGroup("meldingen", help="Meldingen per mail.")


@notifications_cli.command("versturen")
@click.option(
    "--dag", "day", default=None, help="De dag (DD/MM/JJJJ of JJJJ-MM-DD); standaard vandaag."
)
def send_command(day):
    """Send the daily digests, the reminders of undecided registrations and of renewals."""
    try:
        on = parse_date(day) if day else today()
    except DomainError as exc:
        raise click.BadParameter(exc.message, param_hint="--dag") from exc
    result = send_daily(on)
    db.session.commit()
    click.echo(
        f"{on:%d/%m/%Y}: {result.digests} overzicht(en) en {result.reminders} herinnering(en) "
        "verstuurd."
    )
    click.echo(f"{on:%d/%m/%Y}: {result.renewal_reminders} herinnering(en) om te herbevestigen.")
