"""`manage.py check --deploy` is clean with the documented production environment
(docs/dashboard.md, "Production"), and refuses a set-up that cannot work behind its proxy."""

import os
import secrets
import subprocess
import sys

PRODUCTION = {"BAROMETRE_ENV": "production", "BAROMETRE_ALLOWED_HOSTS": "barometre.example.fr"}


def check_deploy(tmp_path, *, fail_level="WARNING", **env):
    full = {**os.environ, "DJANGO_SETTINGS_MODULE": "barometre.settings",
            "BAROMETRE_DATA_DIR": str(tmp_path), **env}
    for name in ("BAROMETRE_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "BAROMETRE_BEHIND_PROXY",
                 "BAROMETRE_TRUSTED_PROXY"):
        if name not in env:
            full.pop(name, None)
    return subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level", fail_level],
                          capture_output=True, text=True, env=full, timeout=120)


def production(**env):
    return {**PRODUCTION, "BAROMETRE_SECRET_KEY": secrets.token_urlsafe(60), **env}


def test_check_deploy_is_clean_in_production(tmp_path):
    proc = check_deploy(tmp_path, **production(BAROMETRE_BEHIND_PROXY="1", BAROMETRE_TRUSTED_PROXY="127.0.0.1"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no issues" in proc.stdout


def test_check_deploy_flags_a_development_setup(tmp_path):
    proc = check_deploy(tmp_path)
    assert proc.returncode != 0 and "SECURE_HSTS_SECONDS" in proc.stdout + proc.stderr


def test_behind_a_proxy_without_trusting_it_is_an_error(tmp_path):
    # Waitress would drop X-Forwarded-Proto: every request 301s to https, a loop.
    proc = check_deploy(tmp_path, fail_level="ERROR", **production(BAROMETRE_BEHIND_PROXY="1"))
    assert proc.returncode != 0
    assert "barometre.E001" in proc.stderr and "BAROMETRE_TRUSTED_PROXY" in proc.stderr


def test_trusting_every_peer_is_an_error(tmp_path):
    for value in ("*", "proxy.example.fr", "10.0.0.0/8"):
        proc = check_deploy(tmp_path, fail_level="ERROR",
                            **production(BAROMETRE_BEHIND_PROXY="1", BAROMETRE_TRUSTED_PROXY=value))
        assert proc.returncode != 0 and "barometre.E002" in proc.stderr, value


def test_production_without_a_proxy_is_warned(tmp_path):
    proc = check_deploy(tmp_path, **production())
    assert proc.returncode != 0 and "barometre.W001" in proc.stderr
