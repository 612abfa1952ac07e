"""Static files served by the WSGI app itself (WhiteNoise), for `barometre serve`."""

from pathlib import Path

from django.conf import settings
from whitenoise.middleware import WhiteNoiseMiddleware


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, without its warning when the files are not collected yet (tests, other
    commands): STATIC_ROOT is created empty; `barometre serve` fills it with collectstatic."""

    def __init__(self, get_response=None):
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        super().__init__(get_response)
