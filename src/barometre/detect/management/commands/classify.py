"""barometre classify: theme, level and relay of standalone service records (no database)."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from barometre.detect.core import classify_record, evaluate

FIELDS = ("theme", "level", "relay")


def read_records(path: str) -> list[dict]:
    """JSON lines with at least a `service` title; errors name the line."""
    try:
        fh = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from None
    records = []
    with fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as exc:
                raise CommandError(f"{path}, line {number}: invalid JSON ({exc.msg}, column {exc.colno})") from None
            if not isinstance(record, dict) or not isinstance(record.get("service"), str):
                raise CommandError(f"{path}, line {number}: expected an object with a 'service' title")
            records.append(record)
    return records


class Command(BaseCommand):
    help = "Classify service records (JSON lines: service[, text, url, links]) by theme, level and relay."

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON lines file ('-' for stdin).")
        parser.add_argument("-o", "--output", metavar="FILE", help="Write the records there (default: stdout).")
        parser.add_argument("--evaluate", action="store_true",
                            help="Compare with the labels the records carry: accuracy, macro-F1, confusion matrix.")

    def handle(self, *args, **opts):
        records = read_records(opts["file"])
        predictions = [classify_record(r) for r in records]
        if opts["evaluate"]:
            return self._evaluate(records, predictions, opts["output"])
        lines = []
        for record, pred in zip(records, predictions, strict=True):
            lines.append(json.dumps({**record, **{f: pred[f] for f in FIELDS}}, ensure_ascii=False))
        self._write("\n".join(lines) + ("\n" if lines else ""), opts["output"])

    def _evaluate(self, records, predictions, output):
        labelled = [f for f in FIELDS if any(r.get(f) is not None for r in records)]
        if not labelled:
            raise CommandError("--evaluate needs records carrying at least one label (theme, level or relay)")
        report = evaluate(records, predictions, fields=labelled)
        out = []
        for name in labelled:
            r = report[name]
            out.append(f"{name}: n={r['n']} accuracy={r['accuracy']} macro-F1={r['macro_f1']}")
            labels = sorted(r["confusion"])
            columns = sorted({p for row in r["confusion"].values() for p in row} | set(labels))
            out.append("  confusion (rows: truth, columns: predicted)")
            out.append("  " + " | ".join(["truth \\ pred", *columns]))
            for truth in labels:
                out.append("  " + " | ".join([truth, *(str(r["confusion"][truth].get(c, 0)) for c in columns)]))
        self._write("\n".join(out) + "\n", output)

    def _write(self, text: str, output: str | None) -> None:
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        else:
            self.stdout.write(text, ending="")
