"""flask users create / token / tokens / revoke-token."""

import click
from flask.cli import AppGroup

from netwerk.accounts import services
from netwerk.auth import services as auth_services
from netwerk.auth.models import ApiToken, Role
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.formatting import format_moment
from netwerk.timeutil import utcnow

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


def _user_or_fail(email: str):
    user = auth_services.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"Geen gebruiker met e-mailadres {email}.")
    return user


@users_cli.command("token")
@click.argument("email")
@click.option("--name", default="cli", help="Een naam om het token later te herkennen.")
@click.option(
    "--days",
    type=click.IntRange(min=1),
    help="Geldigheid in dagen (standaard API_TOKEN_DAYS, hoogstens API_TOKEN_MAX_DAYS).",
)
@click.option("--read-only", is_flag=True, help="Een token dat enkel mag lezen.")
def token_command(email, name, days, read_only):
    """Print a new API token for a user (only its hash is stored)."""
    user = _user_or_fail(email)
    try:
        row, token = auth_services.new_api_token(
            None, user, name=name, read_only=read_only, days=days
        )
    except DomainError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(
        f"Token {row.id} ({row.scopes.value}), geldig tot {format_moment(row.expires_at)} (Brusselse tijd):",
        err=True,
    )
    click.echo(token)


@users_cli.command("tokens")
@click.argument("email")
def tokens_command(email):
    """List a user's API tokens: id, name, scopes, created, expires, last used, state."""
    user = _user_or_fail(email)
    now = utcnow()
    rows = db.session.scalars(auth_services.api_tokens_of(None, user)).all()
    if not rows:
        click.echo(f"{user.email} heeft geen API-tokens.")
    for row in rows:
        state = (
            f"ingetrokken {format_moment(row.revoked_at)}"
            if row.revoked_at
            else "verlopen"
            if row.is_expired(now)
            else "actief"
        )
        click.echo(
            f"{row.id}\t{row.name}\t{row.scopes.value}\t"
            f"gemaakt {format_moment(row.created_at)}\t"
            f"vervalt {format_moment(row.expires_at) or 'nooit'}\t"
            f"gebruikt {format_moment(row.last_used_at) or 'nooit'}\t{state}"
        )


@users_cli.command("revoke-token")
@click.argument("token_id", type=click.IntRange(min=1, max=2**31 - 1))
def revoke_token_command(token_id):
    """Revoke an API token by its id (see `flask users tokens EMAIL`)."""
    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise click.ClickException(f"Geen API-token met id {token_id}.")
    if auth_services.revoke_api_token(None, token):
        db.session.commit()
        click.echo(f"Token {token_id} ({token.name}) van {token.user.email} is ingetrokken.")
    else:
        click.echo(f"Token {token_id} was al ingetrokken.")
