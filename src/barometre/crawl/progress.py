"""Live progress for interactive runs, plain log lines otherwise, and the final summary."""

from __future__ import annotations

import sys
import time

from rich.console import Console
from rich.live import Live
from rich.table import Table

from barometre.typography import plural

from .outcome import outcome_fr


class Progress:
    def __init__(self, stream=None, every: float = 10.0):
        self.stream = stream or sys.stdout
        self.interactive = self.stream.isatty()
        self.console = Console(file=self.stream, width=None if self.interactive else 160)
        self.every = every
        self.last = 0.0
        self.started = time.monotonic()
        self.live: Live | None = None

    def __enter__(self):
        if self.interactive:
            self.live = Live(console=self.console, refresh_per_second=2, transient=True)
            self.live.__enter__()
        return self

    def __exit__(self, *exc):
        if self.live:
            self.live.__exit__(*exc)

    def update(self, targets) -> None:
        now = time.monotonic()
        if self.live:
            self.live.update(self._table(targets))
            return
        if now - self.last < self.every:
            return
        self.last = now
        pages = sum(t.recorded for t in targets)
        errors = sum(sum(t.errors.values()) for t in targets)
        active = sum(1 for t in targets if t.scheduled > t.recorded)
        rate = pages / max(now - self.started, 1e-6)
        self.console.print(f"collecte : {plural(pages, 'page')} ({rate:.0f}/s), {plural(errors, 'erreur')}, "
                           f"{active}/{len(targets)} collectivités en cours", highlight=False)

    def _table(self, targets) -> Table:
        pages = sum(t.recorded for t in targets)
        elapsed = time.monotonic() - self.started
        table = Table(title=f"Collecte — {pages} pages, {pages / max(elapsed, 1e-6):.0f} pages/s", expand=False)
        for col in ("collectivité", "pages", "en attente", "erreurs", "Mo"):
            table.add_column(col, justify="right" if col != "collectivité" else "left")
        busy = sorted(targets, key=lambda t: -(t.scheduled - t.recorded))[:15]
        for t in busy:
            table.add_row(t.code, str(t.recorded), str(max(t.scheduled - t.recorded, 0)),
                          str(sum(t.errors.values())), f"{t.bytes / 1e6:.1f}")
        done = sum(1 for t in targets if t.scheduled <= t.recorded)
        table.caption = f"{done}/{len(targets)} collectivités sans requête en attente"
        return table


def summary_table(runs) -> Table:
    table = Table(title="Résumé de la collecte")
    for col in ("code", "collectivité", "issue", "pages", "erreurs", "Mo", "durée"):
        table.add_column(col, overflow="fold")
    for run in runs:
        errors = ", ".join(f"{k} {v}" for k, v in sorted(run.errors.items())) or "—"
        table.add_row(run.collectivite.code, run.collectivite.name[:30], outcome_fr(run.status, run.stop_reason),
                      str(run.pages), errors, f"{run.bytes / 1e6:.1f}", f"{run.duration:.0f} s")
    return table


def incomplete_runs(runs) -> str:
    """A message naming the collectivités whose crawl could not be completed ('' if none)."""
    unfinished = [r for r in runs if r.status in ("running", "incomplete")]
    if not unfinished:
        return ""
    shown = " ; ".join(f"{r.collectivite.code} ({outcome_fr(r.status, r.stop_reason)})" for r in unfinished[:10])
    more = f" ; et {len(unfinished) - 10} autres" if len(unfinished) > 10 else ""
    return (f"{plural(len(unfinished), 'collectivité n’a pas pu être collectée', 'collectivités n’ont pas pu être collectées')}"
            f" entièrement : {shown}{more}. Relancez la même commande pour les reprendre.")
