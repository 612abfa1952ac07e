"""barometre sample-web generate|serve"""

from django.core.management.base import BaseCommand, CommandError

from barometre.sampleweb.__main__ import add_arguments, run


class Command(BaseCommand):
    help = "Generate or serve the offline sample web of fictional Département portals."

    def add_arguments(self, parser):
        add_arguments(parser)

    def handle(self, *args, **options):
        class Args:
            pass

        ns = Args()
        ns.__dict__.update(options)
        try:
            run(ns)
        except SystemExit as exc:
            raise CommandError(str(exc)) from None
        except KeyboardInterrupt:
            pass
