"""barometre classify: theme, level and relay of standalone service records (no database)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from barometre.detect.core import classify_record, evaluate

FIELDS = ("theme", "level", "relay")


# What each field of a record may hold; anything else is refused with its line.
OPTIONAL_TEXT = ("text", "url", "theme", "relay", "platform")
JSON_TYPES = {str: "a string", int: "a number", float: "a number", bool: "true or false", list: "a list",
              dict: "an object", type(None): "null"}


def _read_bytes(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    source = Path(path)
    if source.is_dir():
        raise CommandError(f"{path}: this is a directory, expected a JSON lines file")
    try:
        return source.read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from None


def _type_error(record: dict) -> str | None:
    """Why the record cannot be classified, or None."""
    def got(value):
        return JSON_TYPES.get(type(value), type(value).__name__)

    if not isinstance(record.get("service"), str):
        return "expected an object with a 'service' title" + (
            f" (a string, got {got(record['service'])})" if "service" in record else "")
    for key in OPTIONAL_TEXT:
        if not isinstance(record.get(key), (str, type(None))):
            return f"'{key}' must be a string or null, got {got(record[key])}"
    links = record.get("links")
    if links is None:
        pass
    elif not isinstance(links, list):
        return f"'links' must be a list of URLs or {{url, text}} objects, got {got(links)}"
    else:
        for i, link in enumerate(links, 1):
            if isinstance(link, dict):
                if not isinstance(link.get("url"), str) or not isinstance(link.get("text"), (str, type(None))):
                    return f"'links', item {i}: a link object needs a string 'url' (and a string 'text')"
            elif not isinstance(link, str):
                return f"'links', item {i}: expected a URL or a {{url, text}} object, got {got(link)}"
    level = record.get("level")
    if level is not None and (isinstance(level, bool) or level not in range(5)):
        return f"'level' must be a whole number from 0 to 4 or null, got {json.dumps(level, ensure_ascii=False)}"
    return None


def read_records(path: str) -> list[dict]:
    """JSON lines (UTF-8) with at least a `service` title; errors name the file and the line."""
    data = _read_bytes(path)
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise CommandError(f"{path}, line {line}: binary content, expected JSON lines (UTF-8 text)")
    records = []
    for number, raw in enumerate(data.split(b"\n"), 1):
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path}, line {number}: not valid UTF-8 (byte {exc.start + 1} of the line); "
                               "save the file as UTF-8") from None
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            raise CommandError(f"{path}, line {number}: invalid JSON ({exc.msg}, column {exc.colno})") from None
        except RecursionError:
            raise CommandError(f"{path}, line {number}: invalid record (JSON nested too deeply)") from None
        problem = _type_error(record) if isinstance(record, dict) else "expected an object with a 'service' title"
        if problem:
            raise CommandError(f"{path}, line {number}: {problem}")
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
            try:
                Path(output).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"cannot write {output}: {exc.strerror or exc}") from None
        else:
            self.stdout.write(text, ending="")
