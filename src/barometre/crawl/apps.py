from django.apps import AppConfig


class CrawlConfig(AppConfig):
    name = "barometre.crawl"
    label = "crawl"
    verbose_name = "Collecte (campagnes)"
