from django.contrib import admin
from django.urls import include, path

from barometre.publish.urls import api_urlpatterns
from barometre.security.throttle import throttled_login

urlpatterns = [
    # Before admin.site.urls: the admin's login, refused (429) for a locked (account, address) pair.
    path("admin/login/", throttled_login(admin.site.login, field="username", scope="admin"),
         name="admin-login"),
    path("admin/", admin.site.urls),
    path("questionnaire/", include("barometre.survey.urls")),
    path("api/", include((api_urlpatterns, "api"))),
    path("", include("barometre.publish.urls")),
]
