"""flask users create / token."""

import click
from flask.cli import AppGroup

from netwerk.accounts import services
from netwerk.auth import services as auth_services
from netwerk.auth.models import Role
from netwerk.errors import DomainError
from netwerk.extensions import db

users_cli = AppGroup("users", help="Gebruikers beheren.")


@users_cli.command("create")
@click.option("--email", required=True, help="E-mailadres (de login).")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]), help="Rol.")
@click.option("--password", help="Wachtwoord; zonder deze optie wordt erom gevraagd.")
@click.option("--name", default="", help="Naam.")
@click.option("--school", "schools", multiple=True, help="Instellingsnummer (herhaalbaar).")
def create_user_command(email, role, password, name, schools):
    """Create a user; prompts for the password when it is not given."""
    if not password:
        password = click.prompt("Wachtwoord", hide_input=True, confirmation_prompt=True)
    try:
        user = services.create_user(
            email, Role(role), password, name=name, school_numbers=list(schools)
        )
    except DomainError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Gebruiker {user.email} ({user.role.value}) aangemaakt.")


@users_cli.command("token")
@click.argument("email")
@click.option("--name", default="cli", help="Een naam om het token later te herkennen.")
def token_command(email, name):
    """Print a new API token for a user (only its hash is stored)."""
    user = auth_services.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"Geen gebruiker met e-mailadres {email}.")
    token = auth_services.create_api_token(user, name=name)
    db.session.commit()
    click.echo(token)
