"""flask webhooks work: the worker that sends the webhooks' outbox."""

import click
from flask.cli import AppGroup

from netwerk.webhooks.sender import work, work_once

webhooks_cli = AppGroup("webhooks", help="Webhooks versturen.")


@webhooks_cli.command("work")
@click.option("--once", is_flag=True, help="Eén ronde: verstuur wat nu klaarstaat en stop.")
@click.option(
    "--interval", default=5.0, show_default=True, help="Seconden wachten als niets klaarstaat."
)
def work_command(once: bool, interval: float) -> None:
    """Send the pending webhook deliveries (run it as a service; --once for cron and tests)."""
    if once:
        click.echo(f"{work_once()} verzending(en) geprobeerd.")
        return
    click.echo("Webhooks-worker gestart (Ctrl-C stopt hem).")
    work(interval=interval)
