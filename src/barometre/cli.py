"""The `barometre` command: one entry point over the Django management commands of each stage.

`barometre --help` lists the subcommands in data-flow order; `barometre manage …` reaches
any other Django command (migrate, createsuperuser, check…). The database is migrated and the
référentiel loaded on first use, so every command works on a fresh data directory.
"""

from __future__ import annotations

import argparse
import os
import sys

# Subcommands in the order of the data flow; each is a management command of the same name
# (dashes become underscores). Only those whose stage is installed are offered.
ORDER = [
    "demo", "sample-web", "referential", "crawl", "inventory", "classify", "audit",
    "indicators", "compare", "export", "report", "survey", "serve",
]
NO_DATABASE = {"sample-web", "classify"}


def _setup(data_dir: str | None) -> None:
    if data_dir:
        os.environ["BAROMETRE_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "barometre.settings")
    import django

    django.setup()


def _available() -> dict[str, object]:
    from django.core.management import get_commands, load_command_class

    commands = get_commands()
    found = {}
    for name in ORDER:
        app = commands.get(name.replace("-", "_"))
        if app and app.startswith("barometre."):
            found[name] = load_command_class(app, name.replace("-", "_"))
    return found


# Django's options that make no sense to a Baromètre user: accepted, never shown in --help.
HIDDEN_OPTIONS = {"--settings", "--pythonpath", "--traceback", "--no-color", "--force-color", "--skip-checks"}


def _as_barometre(command) -> object:
    """A stage's management command as `barometre NAME`: Baromètre's version, Django's own
    options out of its --help."""
    from barometre import METHOD_VERSION, __version__

    command.suppressed_base_arguments = HIDDEN_OPTIONS
    command.get_version = lambda: f"barometre {__version__} (méthode {METHOD_VERSION})"
    create_parser = command.create_parser

    def parser(prog_name, subcommand, **kwargs):
        made = create_parser(prog_name, subcommand, **kwargs)
        for action in made._actions:
            if HIDDEN_OPTIONS & set(action.option_strings):
                action.help = argparse.SUPPRESS
        return made

    command.create_parser = parser
    return command


class Unusable(Exception):
    """The data directory or the database cannot be used: a message for the user, no traceback."""


def _prepare_database() -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise Unusable(f"répertoire de données {settings.DATA_DIR} inutilisable : {exc.strerror or exc}") from None
    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        where = connection.settings_dict.get("NAME") or "?"
        first = (str(exc).strip().splitlines() or [""])[0]
        raise Unusable(f"base de données {where} inaccessible : {first}") from None
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", verbosity=0, interactive=False)
    from barometre.referential.loader import ensure_loaded

    ensure_loaded()


def _parser(commands: dict[str, object]) -> argparse.ArgumentParser:
    lines = [f"  {name:12} {(cmd.help or '').strip().splitlines()[0]}" for name, cmd in commands.items()]
    lines.append(f"  {'manage':12} Run any Django management command (migrate, createsuperuser, check…).")
    parser = argparse.ArgumentParser(
        prog="barometre",
        description="Baromètre: observatory of the digitisation of the Départements' online services.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="commands:\n" + "\n".join(lines) + "\n\n`barometre COMMAND --help` for the options of a command.",
        usage="barometre [--data-dir DIR] COMMAND [ARGS…]",
    )
    parser.add_argument("--data-dir", metavar="DIR",
                        help="Where the database, WARC files and exports live (env BAROMETRE_DATA_DIR, default ./var).")
    parser.add_argument("--version", action="store_true", help="Print the version and the method version.")
    parser.add_argument("command", nargs="?", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    data_dir = None
    if argv[:1] == ["--data-dir"] and len(argv) > 1:
        data_dir, argv = argv[1], argv[2:]
    elif argv and argv[0].startswith("--data-dir="):
        data_dir, argv = argv[0].split("=", 1)[1], argv[1:]
    _setup(data_dir)
    commands = _available()
    parser = _parser(commands)
    opts = parser.parse_args(argv)
    if opts.version:
        from barometre import METHOD_VERSION, __version__

        print(f"barometre {__version__} (méthode {METHOD_VERSION})")
        return 0
    if not opts.command:
        parser.print_help()
        return 0
    from django.core.management import ManagementUtility

    if opts.command == "manage":
        _prepare_database()
        ManagementUtility(["barometre manage", *opts.args]).execute()
        return 0
    if opts.command not in commands:
        parser.error(f"unknown command '{opts.command}' (choose from {', '.join([*commands, 'manage'])})")
    wants_help = any(a in ("-h", "--help") for a in opts.args)
    if opts.command not in NO_DATABASE and not wants_help:
        _prepare_database()
    _as_barometre(commands[opts.command]).run_from_argv(["barometre", opts.command, *opts.args])
    return 0


def run() -> int:
    try:
        return main()
    except BrokenPipeError:  # `barometre … | head` is fine
        sys.stderr.close()
        return 0
    except Unusable as exc:
        print(f"barometre: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(run())
