from django.apps import AppConfig


class PipelineConfig(AppConfig):
    name = "barometre.pipeline"
    label = "pipeline"
    verbose_name = "Chaîne de traitement"
