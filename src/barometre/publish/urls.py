from django.urls import path

from . import api
from .views import national, pages, profile

app_name = "publish"

urlpatterns = [
    path("", national.national, name="national"),
    path("collectivites/<str:code>/", profile.profile, name="profile"),
    path("collectivites/<str:code>/signaler/", profile.contest, name="contest"),
    path("thematiques/", pages.themes, name="themes"),
    path("thematiques/<slug:theme>/", pages.theme, name="theme"),
    path("comparaison/", pages.comparison, name="comparison"),
    path("methodologie/", pages.method, name="methodology"),
    path("donnees/", pages.open_data, name="opendata"),
    path("donnees/<str:campaign>/<str:filename>", pages.download, name="download"),
    path("accessibilite/", pages.accessibility, name="accessibility"),
]

api_urlpatterns = [
    path("openapi.json", api.schema, name="openapi"),
    path("campaigns", api.campaign_list, name="campaigns"),
    path("campaigns/<str:campaign>/national", api.national, name="national"),
    path("campaigns/<str:campaign>/collectivites", api.collectivite_list, name="collectivites"),
    path("campaigns/<str:campaign>/collectivites/<str:code>", api.collectivite_detail, name="collectivite"),
    path("campaigns/<str:campaign>/collectivites/<str:code>/services", api.services, name="services"),
    path("campaigns/<str:campaign>/collectivites/<str:code>/audit", api.audit, name="audit"),
]
