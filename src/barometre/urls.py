from django.contrib import admin
from django.urls import include, path

from barometre.publish.urls import api_urlpatterns

urlpatterns = [
    path("admin/", admin.site.urls),
    path("questionnaire/", include("barometre.survey.urls")),
    path("api/", include((api_urlpatterns, "api"))),
    path("", include("barometre.publish.urls")),
]
