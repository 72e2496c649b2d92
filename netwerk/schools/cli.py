"""flask schools import."""

import time

import click
from flask.cli import AppGroup

from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.schools.importer import import_schools, read_csv

schools_cli = AppGroup("schools", help="Het scholenregister.")

# Below this many rows a progress bar only adds noise.
PROGRESS_BAR_FROM = 500
DELIMITER_NAMES = {"\t": "tab"}


@schools_cli.command("import")
@click.argument("csv_file", type=click.File("rb"))
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Schrijf de geldige rijen weg en sla de ongeldige over (anders: niets bij een fout).",
)
def import_command(csv_file, skip_invalid):
    """Import schools from a CSV file (upsert on institution number)."""
    started = time.perf_counter()
    try:
        parsed = read_csv(csv_file.read())
        if len(parsed.rows) >= PROGRESS_BAR_FROM:
            with click.progressbar(length=len(parsed.rows), label="Rijen controleren") as bar:
                result = import_schools(
                    None, parsed, skip_invalid=skip_invalid, progress=bar.update
                )
        else:
            result = import_schools(None, parsed, skip_invalid=skip_invalid)
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    for error in result.errors:
        click.echo(f"Regel {error.line}: {' '.join(error.messages)}", err=True)
    if parsed.ignored_columns:
        click.echo(f"Genegeerde kolommen: {', '.join(parsed.ignored_columns)}", err=True)
    if not result.written:
        raise click.ClickException(
            f"{len(result.errors)} ongeldige {'rij' if len(result.errors) == 1 else 'rijen'}: "
            "er is niets ingelezen. "
            "Verbeter het bestand of gebruik --skip-invalid."
        )
    db.session.commit()
    click.echo(
        f"{len(parsed.rows)} rijen ({parsed.encoding}, scheidingsteken "
        f"'{DELIMITER_NAMES.get(parsed.delimiter, parsed.delimiter)}') in {time.perf_counter() - started:.1f} s: "
        f"{result.created} nieuw, {result.updated} gewijzigd, {result.unchanged} ongewijzigd, "
        f"{result.skipped} overgeslagen."
    )
