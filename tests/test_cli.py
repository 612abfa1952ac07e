"""The `barometre` entry point, run as a user runs it (a fresh data directory each time)."""

import csv
import io
import json
import os
import subprocess
import sys

import pytest


def barometre(tmp_path, *args, check=True):
    env = {**os.environ, "BAROMETRE_DATA_DIR": str(tmp_path / "var")}
    proc = subprocess.run([sys.executable, "-m", "barometre.cli", *args], capture_output=True,
                          text=True, env=env, timeout=120)
    if check and proc.returncode != 0:
        raise AssertionError(proc.stderr)
    return proc


def test_help_lists_subcommands_one_line_each(tmp_path):
    out = barometre(tmp_path, "--help").stdout
    assert "referential " in out and "manage " in out
    block = out.split("commands:\n")[1].split("\n\n")[0]
    for line in block.splitlines():
        assert line.startswith("  ") and len(line.split(None, 1)) == 2, line


def test_a_command_help_is_barometre_s_not_django_s(tmp_path):
    """`barometre NAME --help` names the command as typed and leaves Django's options out;
    `--version` is Baromètre's."""
    from barometre import __version__

    for name in ("sample-web", "crawl", "report"):
        out = barometre(tmp_path, name, "--help").stdout
        assert out.startswith(f"usage: barometre {name} "), out[:80]
        for django_only in ("--settings", "--pythonpath", "--traceback", "--no-color", "--force-color", "--skip-checks"):
            assert django_only not in out, (name, django_only)
    assert barometre(tmp_path, "crawl", "--version").stdout.strip().startswith(f"barometre {__version__}")


def test_list_on_fresh_data_dir(tmp_path):
    out = barometre(tmp_path, "referential", "list").stdout
    assert out.strip().endswith("100 collectivités")
    assert "6AE" in out and "Collectivité européenne d'Alsace" in out and "67 68" in out
    assert (tmp_path / "var" / "barometre.sqlite3").exists()


def test_export_csv_and_json(tmp_path):
    rows = list(csv.DictReader(io.StringIO(barometre(tmp_path, "referential", "export").stdout)))
    assert len(rows) == 100 and rows[0]["code"] == "01"
    out = tmp_path / "ref.json"
    barometre(tmp_path, "referential", "export", "--format", "json", "--geometry", "-o", str(out))
    data = json.loads(out.read_text())
    corse = next(r for r in data if r["code"] == "20R")
    assert corse["departements"] == ["2A", "2B"] and len(corse["geometry"]) == 2


def test_data_dir_option(tmp_path):
    target = tmp_path / "elsewhere"
    barometre(tmp_path, "--data-dir", str(target), "referential", "show", "2A")
    assert (target / "barometre.sqlite3").exists()


@pytest.mark.parametrize("args, message", [
    (["nope"], "unknown command 'nope'"),
    (["referential", "show", "99"], "unknown code '99'"),
    (["referential", "frobnicate"], "invalid choice"),
])
def test_clear_errors(tmp_path, args, message):
    proc = barometre(tmp_path, *args, check=False)
    assert proc.returncode != 0
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_fresh_data_dir_with_a_secret_key_from_the_environment(tmp_path):
    """With the key in the environment nothing else creates the data directory: the CLI does."""
    env = {**os.environ, "BAROMETRE_DATA_DIR": str(tmp_path / "new" / "var"), "BAROMETRE_SECRET_KEY": "k" * 50}
    proc = subprocess.run([sys.executable, "-m", "barometre.cli", "referential", "show", "2A"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "new" / "var" / "barometre.sqlite3").exists()


@pytest.mark.parametrize("env, message", [
    ({"BAROMETRE_DATA_DIR": "/proc/no-such/var"}, "répertoire de données /proc/no-such/var inutilisable"),
    ({"DATABASE_URL": "postgres://u@127.0.0.1:9/db"}, "base de données db inaccessible"),
])
def test_unusable_data_dir_or_database_is_a_message(tmp_path, env, message):
    full = {**os.environ, "BAROMETRE_DATA_DIR": str(tmp_path / "var"), **env}
    proc = subprocess.run([sys.executable, "-m", "barometre.cli", "referential", "list"],
                          capture_output=True, text=True, env=full, timeout=120)
    assert proc.returncode == 1 and message in proc.stderr, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr


def test_serve_on_a_busy_port_says_so_and_never_announces_the_dashboard(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = barometre(tmp_path, "serve", "--port", str(port), "--no-collectstatic", check=False)
    assert proc.returncode != 0
    assert f"impossible d’écouter sur 127.0.0.1:{port}" in proc.stderr and "Traceback" not in proc.stderr
    assert "tableau de bord sur" not in proc.stdout
