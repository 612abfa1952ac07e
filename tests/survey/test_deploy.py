"""`manage.py check --deploy` is clean with the documented production environment (docs/survey.md)."""

import os
import secrets
import subprocess
import sys


def check_deploy(tmp_path, **env):
    full = {**os.environ, "DJANGO_SETTINGS_MODULE": "barometre.settings",
            "BAROMETRE_DATA_DIR": str(tmp_path), **env}
    for name in ("BAROMETRE_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        full.pop(name, None)
    return subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
                          capture_output=True, text=True, env=full, timeout=120)


def test_check_deploy_is_clean_in_production(tmp_path):
    proc = check_deploy(tmp_path, BAROMETRE_ENV="production", BAROMETRE_SECRET_KEY=secrets.token_urlsafe(60),
                        BAROMETRE_ALLOWED_HOSTS="barometre.example.fr")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no issues" in proc.stdout


def test_check_deploy_flags_a_development_setup(tmp_path):
    proc = check_deploy(tmp_path)
    assert proc.returncode != 0 and "SECURE_HSTS_SECONDS" in proc.stdout + proc.stderr
