from django.apps import AppConfig


class ReferentialConfig(AppConfig):
    name = "barometre.referential"
    label = "referential"
    verbose_name = "Référentiel des collectivités"
