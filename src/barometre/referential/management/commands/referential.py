"""barometre referential list|show|export|load|import-revenue|import-fragility|import-sites"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from barometre.referential import bundled, export
from barometre.referential.imports import (
    DEFAULT_AGREGAT,
    default_sites_source,
    parse_fragility,
    parse_ofgl_revenue,
    parse_sites,
)
from barometre.referential.loader import (
    SitesConflict,
    code_maps,
    load_referential,
    store_context,
    store_sites,
)
from barometre.referential.models import REFERENTIEL, Collectivite, ContextKind, Departement, Kind
from barometre.referential.resolve import UnknownCode, get_collectivite
from barometre.referential.tables import TableError


class Command(BaseCommand):
    help = "The référentiel of collectivités: list, show, export, and import context data."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        ls = sub.add_parser("list", help="List the collectivités (the ~100 of the référentiel by default).")
        ls.add_argument("--all", action="store_true", help="Include sites loaded from sites files.")
        show = sub.add_parser("show", help="Show one collectivité (by département or collectivité code).")
        show.add_argument("code")
        exp = sub.add_parser("export", help="Export the référentiel as CSV or JSON.")
        exp.add_argument("--format", choices=["csv", "json"], default="csv")
        exp.add_argument("-o", "--output", help="Write to this file instead of standard output.")
        exp.add_argument("--geometry", action="store_true", help="JSON only: include the map geometry.")
        sub.add_parser("load", help="(Re)load the bundled référentiel (keeps imported context data).")
        rev = sub.add_parser("import-revenue", help="Import operating revenue from an OFGL CSV export.")
        rev.add_argument("file")
        rev.add_argument("--agregat", default=DEFAULT_AGREGAT, help=f"OFGL aggregate to keep (default: {DEFAULT_AGREGAT}).")
        frag = sub.add_parser("import-fragility", help="Import a digital-fragility index CSV (code,score).")
        frag.add_argument("file")
        sites = sub.add_parser("import-sites", help="Load a sites file (code,name,url[,hosts]).")
        sites.add_argument("file")

    def handle(self, *args, action, **options):
        getattr(self, "do_" + action.replace("-", "_"))(**options)

    def do_list(self, all=False, **_):
        qs = Collectivite.objects.all() if all else Collectivite.objects.filter(source=REFERENTIEL)
        qs = qs.prefetch_related("departements")
        rows = [(c.code, c.name, c.get_kind_display(), " ".join(c.departement_codes),
                 f"{c.population:,}".replace(",", " ") if c.population else "", c.portal_url or "—")
                for c in qs]
        header = ("code", "nom", "nature", "dép.", "population", "portail")
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(5)]
        for r in [header, *rows]:
            self.stdout.write("  ".join(str(v).ljust(w) for v, w in zip(r[:5], widths, strict=True)) + "  " + r[5])
        self.stdout.write(f"{len(rows)} collectivités")

    def do_show(self, code, **_):
        try:
            c = get_collectivite(code)
        except (UnknownCode, Collectivite.DoesNotExist) as exc:
            raise CommandError(str(exc)) from None
        row = export.rows(Collectivite.objects.filter(pk=c.pk))[0]
        for key in export.COLUMNS:
            value = row[key]
            if isinstance(value, list):
                value = " ".join(value)
            self.stdout.write(f"{key:34} {'' if value is None else value}")
        if c.note:
            self.stdout.write(f"{'note':34} {c.note}")

    def do_export(self, format="csv", output=None, geometry=False, **_):
        data = export.rows(Collectivite.objects.filter(source=REFERENTIEL), geometry=geometry and format == "json")
        text = export.to_csv(data) if format == "csv" else export.to_json(data)
        if output:
            try:
                Path(output).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"cannot write {output}: {exc.strerror or exc}") from None
            self.stderr.write(f"{len(data)} collectivités written to {output}")
        else:
            self.stdout.write(text, ending="")

    def do_load(self, **_):
        n_coll, n_dep = load_referential()
        self.stdout.write(f"référentiel loaded: {n_coll} collectivités, {n_dep} départements")

    def do_import_revenue(self, file, agregat=DEFAULT_AGREGAT, **_):
        codes, deps = code_maps()
        populations = dict(Collectivite.objects.values_list("code", "population"))
        try:
            records = parse_ofgl_revenue(file, codes, deps, bundled.aliases("ofgl"), populations, agregat)
        except TableError as exc:
            raise CommandError(f"{exc}\nnothing imported") from None
        n = store_context(ContextKind.OPERATING_REVENUE, records, f"OFGL ({Path(file).name})")
        self.stdout.write(f"operating revenue: {n} values imported for {len({r.collectivite for r in records})} collectivités")

    def do_import_fragility(self, file, **_):
        codes, deps = code_maps()
        dep_pop = dict(Departement.objects.values_list("code", "population"))
        try:
            records = parse_fragility(file, codes, deps, dep_pop)
        except TableError as exc:
            raise CommandError(f"{exc}\nnothing imported") from None
        n = store_context(ContextKind.DIGITAL_FRAGILITY, records, f"indice de fragilité numérique ({Path(file).name})")
        self.stdout.write(f"digital fragility: {n} collectivités imported")

    def do_import_sites(self, file, **_):
        try:
            records = parse_sites(file)
            stored = store_sites(records, default_sites_source(file))
        except (TableError, SitesConflict) as exc:
            raise CommandError(f"{exc}\nnothing imported") from None
        self.stdout.write(f"{len(stored)} sites loaded from {file} (kind: {Kind.SITE.label})")
