"""Django settings for Baromètre.

Everything that varies between a laptop and a deployment comes from the environment:
BAROMETRE_DATA_DIR (SQLite database, WARC files, exports; default ./var), DATABASE_URL
(e.g. postgres://…; default SQLite in the data directory), BAROMETRE_SECRET_KEY,
BAROMETRE_DEBUG, BAROMETRE_ALLOWED_HOSTS (comma-separated). BAROMETRE_ENV=production turns on
HTTPS-only cookies, HSTS and the SSL redirect; behind a reverse proxy, BAROMETRE_BEHIND_PROXY=1
and BAROMETRE_TRUSTED_PROXY=<its address> (see docs/dashboard.md, "Production").
"""

import os
import secrets
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("BAROMETRE_DATA_DIR", "var")).resolve()


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """The key comes from the environment; a local run keeps a generated one in the data dir."""
    key = os.environ.get("BAROMETRE_SECRET_KEY")
    if key:
        return key
    key_file = DATA_DIR / "secret_key"
    key = secrets.token_urlsafe(50)
    try:
        if key_file.exists():
            return key_file.read_text().strip()
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(key)
        key_file.chmod(0o600)
    except OSError:  # an unusable data dir: the command that needs it says so (cli.Unusable)
        pass
    return key


DEBUG = _truthy(os.environ.get("BAROMETRE_DEBUG"))
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("BAROMETRE_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "dsfr",
    "barometre.referential",
    "barometre.crawl",
    "barometre.detect",
    "barometre.audit",
    "barometre.indicators",
    "barometre.survey",
    "barometre.publish",
    "barometre.pipeline",
    "barometre.security",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "barometre.security.csp.ContentSecurityPolicyMiddleware",
    # Static files (DSFR, dashboard) served by the WSGI app itself: `barometre serve` collects them.
    "barometre.publish.staticfiles.StaticFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "barometre.urls"
WSGI_APPLICATION = "barometre.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite by default; PostgreSQL with DATABASE_URL=postgres://… and the `postgres` extra (psycopg 3).
# Connections are kept a minute and checked before reuse, so a restarted server is reconnected.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'barometre.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the dashboard read while a campaign writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"]["timeout"] = 30

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# With DEBUG on, WhiteNoise also serves straight from the apps' static folders (no collectstatic).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_MAX_AGE = 3600

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "barometre": {"handlers": ["console"], "level": os.environ.get("BAROMETRE_LOG_LEVEL", "INFO")},
        "scrapy": {"level": "WARNING"},
    },
}

# Crawl defaults (see docs/crawl.md); every one can be overridden on the command line.
BAROMETRE_USER_AGENT = os.environ.get(
    "BAROMETRE_USER_AGENT",
    "BarometreBot/0.1 (+https://github.com/barometre-numerique/barometre; observatoire des services publics en ligne)",
)

# Passwords of questionnaire respondents (and of analysts) are checked by Django's validators.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (barometre.security.throttle), admin and questionnaire: wrong passwords
# allowed per account and client address, and per client address over all accounts, within a
# window in seconds. Only the offending address is refused; the account's owner elsewhere is not.
AUTHENTICATION_BACKENDS = [
    "barometre.security.throttle.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_FAILURE_LIMITS = {"account_and_address": 5, "address": 20, "window": 15 * 60}

# Content-Security-Policy of every response (barometre.security.csp): everything from this
# origin, no inline script or style, no framing.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"], "script-src": ["'self'"], "style-src": ["'self'"],
    "img-src": ["'self'", "data:"], "font-src": ["'self'"], "connect-src": ["'self'"],
    "object-src": ["'none'"], "base-uri": ["'self'"], "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# Reverse proxy (barometre.security.proxy): `barometre serve` lets waitress take the client's
# address, scheme and host from X-Forwarded-For/-Proto/-Host, only on connections from this
# one address. `check --deploy` refuses BAROMETRE_BEHIND_PROXY without it.
BAROMETRE_BEHIND_PROXY = _truthy(os.environ.get("BAROMETRE_BEHIND_PROXY"))
BAROMETRE_TRUSTED_PROXY = os.environ.get("BAROMETRE_TRUSTED_PROXY", "").strip()

# E-mail (invitations, login links): printed on the console unless a backend is configured.
EMAIL_BACKEND = os.environ.get("BAROMETRE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("BAROMETRE_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("BAROMETRE_EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("BAROMETRE_FROM_EMAIL", "barometre@localhost")
# Absolute links in e-mails and in `barometre survey invite` (e.g. https://barometre.example.fr).
BAROMETRE_BASE_URL = os.environ.get("BAROMETRE_BASE_URL", "http://127.0.0.1:8000")

# Questionnaire (docs/survey.md): link lifetimes in seconds, and attempts allowed per window
# on the login and invitation endpoints, counted per IP address and per account.
SURVEY_INVITATION_MAX_AGE = int(os.environ.get("BAROMETRE_SURVEY_INVITATION_DAYS", "14")) * 86400
SURVEY_LOGIN_LINK_MAX_AGE = 15 * 60
SURVEY_RATE_LIMIT = (10, 10 * 60)

# Deployment: BAROMETRE_ENV=production makes `manage.py check --deploy` clean (with DEBUG off,
# BAROMETRE_SECRET_KEY and BAROMETRE_ALLOWED_HOSTS set). The rate limits need a cache shared by
# every worker: production uses a file cache in the data directory.
if os.environ.get("BAROMETRE_ENV") == "production":
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # No SECURE_PROXY_SSL_HEADER: waitress already sets the scheme from the trusted proxy's
    # X-Forwarded-Proto and drops that header from anyone else.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }
