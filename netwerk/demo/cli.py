"""flask demo load: a realistic Flemish dataset, loaded feature by feature, idempotently;
flask demo scale: a Flanders-sized dataset in bulk into an empty database."""

import random

import click
from flask.cli import AppGroup

from netwerk.demo import effort, meetings, networks, schools
from netwerk.demo.scale.context import SCALE_ADMIN_EMAIL
from netwerk.demo.scale.load import ScaleRefused, load_scale
from netwerk.demo.users import DEMO_PASSWORD, DEMO_USERS
from netwerk.extensions import db

demo_cli = AppGroup("demo", help="Demogegevens laden.")

# The feature loaders in the order they build on each other.
LOADERS = (
    ("scholen en gebruikers", schools.load),
    ("netwerken en inschrijvingen", networks.load),
    ("bijeenkomsten", meetings.load),
    ("inzet", effort.load),
)


def load_demo(seed: int = 2021) -> list[str]:
    """Load every feature's demo data; each part skips itself when already there."""
    rng = random.Random(seed)
    done = []
    for name, loader in LOADERS:
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


@demo_cli.command("scale")
@click.option(
    "--factor",
    type=click.FloatRange(min=0, min_open=True, max=100),
    default=1.0,
    show_default=True,
    help="1 = Vlaanderen (3.600 scholen, 30.000 inschrijvingen, ...); 10 = tien keer zoveel.",
)
@click.option("--seed", type=int, default=2021, show_default=True, help="Voor herhaalbare data.")
@click.option(
    "--force",
    is_flag=True,
    help="Ook als de database al gegevens bevat (de schaaldata komen erbij).",
)
def scale_command(factor: float, seed: int, force: bool):
    """Load a Flanders-sized dataset in bulk into an empty database."""
    try:
        result = load_scale(factor, seed, force=force)
    except ScaleRefused as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Schaaldata geladen (factor {factor:g}, seed {seed}):")
    for name, count in result.counts.items():
        seconds = result.table_seconds.get(name, 0.0)
        click.echo(f"  {name:28} {count:>10,} {seconds:7.1f} s".replace(",", "."))
    click.echo(f"  {'totaal':28} {sum(result.counts.values()):>10,}".replace(",", "."))
    click.echo(f"Duur: {result.seconds:.1f} s. Beheerder: {SCALE_ADMIN_EMAIL} ('{DEMO_PASSWORD}').")
