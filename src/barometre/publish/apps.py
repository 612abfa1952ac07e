from django.apps import AppConfig


class PublishConfig(AppConfig):
    name = "barometre.publish"
    label = "publish"
    verbose_name = "Publication (tableau de bord)"
