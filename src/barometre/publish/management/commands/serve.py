"""barometre serve: the dashboard behind a production WSGI server (waitress), static files
collected into STATIC_ROOT and served by WhiteNoise. Behind a reverse proxy, waitress trusts the
forwarded headers of BAROMETRE_TRUSTED_PROXY only (barometre.security.proxy)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from barometre.security import proxy


class Command(BaseCommand):
    help = "Serve the public dashboard, the API and the admin (waitress WSGI server)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Interface to listen on (default 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Port (default 8000).")
        parser.add_argument("--threads", type=int, default=8, help="Worker threads (default 8).")
        parser.add_argument("--no-collectstatic", action="store_true",
                            help="Skip collecting the static files (already done for this version).")

    def handle(self, *args, host="127.0.0.1", port=8000, threads=8, no_collectstatic=False, **_):
        from waitress.server import create_server

        try:
            forwarded = proxy.waitress_options()
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if settings.BAROMETRE_BEHIND_PROXY and not forwarded:
            raise CommandError("BAROMETRE_BEHIND_PROXY is set but BAROMETRE_TRUSTED_PROXY is not: give the "
                               "reverse proxy's address (e.g. BAROMETRE_TRUSTED_PROXY=127.0.0.1), or every "
                               "request would be redirected to https and counted under the proxy's address")
        if not no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        from barometre.wsgi import (
            application,  # after collectstatic: WhiteNoise indexes STATIC_ROOT at start
        )
        if settings.DEBUG:
            self.stderr.write("attention : BAROMETRE_DEBUG est activé — n’exposez jamais ce serveur publiquement")
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)
        try:  # bind first: the address is announced only once it is ours
            server = create_server(application, host=host, port=port, threads=threads, ident="barometre",
                                   channel_timeout=30, connection_limit=200, **forwarded)
        except OSError as exc:
            raise CommandError(f"impossible d’écouter sur {host}:{port} : {exc.strerror or exc}"
                               " (un autre serveur l’occupe ? essayez --port)") from None
        self.stdout.write(f"Baromètre : tableau de bord sur http://{host}:{port}/ (API : /api/, admin : /admin/)"
                          " — Ctrl-C pour arrêter", ending="\n")
        if forwarded:
            self.stdout.write(f"Baromètre : derrière le mandataire inverse {forwarded['trusted_proxy']} "
                              "(en-têtes X-Forwarded-For, -Proto et -Host)", ending="\n")
        self.stdout.flush()
        try:
            server.run()
        finally:
            server.close()
