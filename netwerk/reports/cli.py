"""flask reports rebuild-periods: the status periods rebuilt from the registration history."""

import click
from flask.cli import AppGroup

from netwerk.extensions import db
from netwerk.networks.status_periods import rebuild_periods

reports_cli = AppGroup("reports", help="Rapporten: afgeleide tabellen.")


@reports_cli.command("rebuild-periods")
def rebuild_periods_command():
    """Rebuild every registration's status periods from its status history (one transaction)."""
    written = rebuild_periods(db.session.connection())
    db.session.commit()
    click.echo(f"{written} statusperiode(s) opnieuw opgebouwd uit de geschiedenis.")
