"""Commands: `flask --app web db upgrade|status`, `create-user`, `deactivate-user`, `create-unit`, `seed-demo`,
`backup`, `restore`."""

import click
from flask.cli import AppGroup, with_appcontext

from web import db as database
from web import roles
from web.models import MIN_PASSWORD_LENGTH, Unit, User, clean_nip, clean_rank

db_cli = AppGroup("db", help="Database schema (versioned migrations in web/migrations/).")


@db_cli.command("upgrade")
def db_upgrade():
    """Create the database or bring it to the newest schema, keeping its data."""
    applied = database.upgrade()
    click.echo("Applied: " + ", ".join(applied) if applied else "Database is up to date.")


@db_cli.command("status")
def db_status():
    with database.db.connection_context():
        for m in database.migration_runner().status():
            click.echo(f"{'applied' if m.applied else 'PENDING':8} {m.name}")


@db_cli.command("generate")
@click.argument("name")
def db_generate(name):
    """Write the next migration from the difference between the models and the database."""
    from playhouse.migrations import template
    from playhouse.schema_diff import diff_models

    from web.models import all_models

    with database.db.connection_context():
        diff = diff_models(database.db.obj, all_models())
        if not diff:
            click.echo("The database matches the models: nothing to generate.")
            return
        click.echo(database.migration_runner().create(name, body=template(diff)))


@click.command("create-unit")
@click.option("--code", required=True, help="Short code used in letter numbers, e.g. UPTD-PPA")
@click.option("--name", required=True)
@click.option("--kind", type=click.Choice(Unit.KINDS), default="uptd_ppa")
def create_unit(code, name, kind):
    """Create a unit (UPTD PPA, P2TP2A, Dinas Sosial)."""
    with database.db.connection_context():
        unit = Unit.create(code=code, name=name, kind=kind)
    click.echo(f"Unit {unit.code} created.")


def _checked(clean):
    """An option callback: the value through its one check in web.models (clean_nip, clean_rank),
    refused with that check's message before anything is asked."""

    def callback(ctx, param, value):
        try:
            return clean(value)
        except ValueError as wrong:
            raise click.BadParameter(str(wrong)) from None

    return callback


@click.command("create-user")
@click.option("--username", required=True)
@click.option("--name", "full_name", required=True, help="Full name as shown to colleagues")
@click.option("--role", type=click.Choice(roles.ALL), required=True)
@click.option("--unit", "unit_code", required=True, help="Code of the unit, e.g. UPTD-PPA")
@click.option(
    "--nip",
    default="",
    callback=_checked(clean_nip),
    help="NIP, 18 digits (civil servants only; leave out for contract staff)",
)
@click.option(
    "--rank",
    default="",
    callback=_checked(clean_rank),
    help='Pangkat/golongan as printed on letters, e.g. "Penata Muda, III/a"',
)
def create_user(username, full_name, role, unit_code, nip, rank):
    """Create a user. The password is asked for twice and never taken on the command line."""
    with database.db.connection_context():
        unit = Unit.get_or_none(Unit.code == unit_code)
        if unit is None:
            raise click.ClickException(f"No unit with code {unit_code!r}. Create it with create-unit.")
        if User.by_username(username):
            raise click.ClickException(f"User {username!r} exists already.")
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        if len(password) < MIN_PASSWORD_LENGTH:
            raise click.ClickException(f"The password needs at least {MIN_PASSWORD_LENGTH} characters.")
        user = User(username=username.strip().lower(), full_name=full_name, role=role, unit=unit, nip=nip, rank=rank)
        user.set_password(password)
        user.save()
    click.echo(f"User {user.username} ({role}, {unit.code}) created.")


@click.command("deactivate-user")
@click.option("--username", required=True)
def deactivate_user(username):
    """A user leaves the unit: no more logins, and every open session of theirs ends at once."""
    from web.audit import UPDATE, audit

    with database.db.connection_context():
        user = User.by_username(username)
        if user is None:
            raise click.ClickException(f"No user {username!r}.")
        with database.db.atomic():
            user.deactivate()
            audit(UPDATE, user, detail="deactivated; sessions ended")
    click.echo(f"User {user.username} deactivated; their sessions have ended.")


@click.command("seed-demo")
def seed_demo():
    """Demo units and users (password jangkau-demo), only on an empty embedded SQLite database."""
    from web.demo import DemoRefused, seed

    with database.db.connection_context():
        try:
            seed()
        except DemoRefused as refused:
            click.echo(f"Demo data not added: {refused}")
            return
    click.echo(
        "Demo data added. Log in as petugas1, petugas2, manajer1, kepala1, admin1 or kepala2 "
        "with the password jangkau-demo."
    )


@click.command("backup")
@click.option("--to", "folder", default=None, help="Folder for the backup file (default: BACKUP_DIR, instance/backups)")
@with_appcontext
def backup(folder):
    """Back up the database (SQLite's online backup, or pg_dump) and the uploads into one file."""
    from flask import current_app

    from web.backup import BackupError, make_backup

    config = current_app.config
    with database.db.connection_context():
        applied = [m.name for m in database.migration_runner().status() if m.applied]
    try:
        path = make_backup(config["DATABASE_URL"], config["UPLOAD_DIR"], folder or config["BACKUP_DIR"], applied)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backup written: {path}")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask: replace the database and the uploads.")
@with_appcontext
def restore(path, yes):
    """Replace the database and the uploads with those of a backup. Stop the app first."""
    from flask import current_app

    from web.backup import BackupError, read_manifest, restore_backup

    config = current_app.config
    try:
        manifest = read_manifest(path)
    except (BackupError, OSError, ValueError) as error:
        raise click.ClickException(str(error)) from None
    if not yes:
        click.confirm(
            f"Replace the database and the uploads with the backup made {manifest.get('made_at')}?", abort=True
        )
    try:
        restore_backup(path, config["DATABASE_URL"], config["UPLOAD_DIR"])
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo("Restored. Run `flask --app web db upgrade` if this version has newer migrations.")


def init_app(app):
    app.cli.add_command(backup)
    app.cli.add_command(restore)
    app.cli.add_command(db_cli)
    app.cli.add_command(create_unit)
    app.cli.add_command(create_user)
    app.cli.add_command(deactivate_user)
    app.cli.add_command(seed_demo)
