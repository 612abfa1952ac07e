from django.apps import AppConfig


class DetectConfig(AppConfig):
    name = "barometre.detect"
    label = "detect"
    verbose_name = "Inventaire des services"
