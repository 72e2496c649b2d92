"""flask demo load: a realistic Flemish dataset, loaded feature by feature, idempotently."""

import random

import click
from flask.cli import AppGroup

from netwerk.extensions import db

demo_cli = AppGroup("demo", help="Demogegevens laden.")

DEMO_PASSWORD = "demo-wachtwoord"
DEMO_USERS = (
    ("admin@netwerk.test", "admin", "Ada Beheerder"),
    ("ministerie@netwerk.test", "ministry", "Mina Ministerie"),
    ("coach@netwerk.test", "coach", "Koen Coach"),
    ("coach2@netwerk.test", "coach", "Charlotte Coach"),
    ("school@netwerk.test", "school", "Sofie Directeur"),
)


def load_demo(seed: int = 2021) -> list[str]:
    """Load every feature's demo data; each part skips itself when already there."""
    from netwerk.effort.demo import load as load_effort
    from netwerk.meetings.demo import load as load_meetings
    from netwerk.networks.demo import load as load_networks
    from netwerk.schools.demo import load as load_schools

    rng = random.Random(seed)
    done = []
    for name, loader in (
        ("scholen en gebruikers", load_schools),
        ("netwerken en aanmeldingen", load_networks),
        ("bijeenkomsten", load_meetings),
        ("inzet", load_effort),
    ):
        if loader(rng):
            done.append(name)
        db.session.commit()
    return done


@demo_cli.command("load")
def load_command():
    """Load the demo data (idempotent)."""
    done = load_demo()
    click.echo(
        "Demogegevens geladen: " + (", ".join(done) if done else "niets nieuws (al aanwezig)")
    )
    click.echo(f"Demo-logins (wachtwoord '{DEMO_PASSWORD}'):")
    for email, role, _name in DEMO_USERS:
        click.echo(f"  {role:9} {email}")
