from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "barometre.indicators"
    label = "indicators"
    verbose_name = "Indicateurs"
