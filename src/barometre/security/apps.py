from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "barometre.security"
    label = "security"
    verbose_name = "Sécurité (proxy, connexions, CSP)"

    def ready(self):
        from barometre.security import checks, throttle  # noqa: F401  (registers checks and receivers)
