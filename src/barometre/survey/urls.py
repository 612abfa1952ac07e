from django.urls import path

from barometre.survey import auth_views, views

app_name = "survey"

urlpatterns = [
    path("", views.home, name="home"),
    path("connexion/", auth_views.login_view, name="login"),
    path("connexion/lien/", auth_views.login_link_request, name="login-link-request"),
    path("connexion/lien/<str:token>/", auth_views.login_link, name="login-link"),
    path("deconnexion/", auth_views.logout_view, name="logout"),
    path("invitation/<str:token>/", auth_views.invitation, name="invitation"),
    path("<slug:campaign>/analyse/", views.campaign_analysis, name="analysis"),
    path("<slug:campaign>/export/", views.campaign_export, name="campaign-export"),
    path("<slug:campaign>/<str:code>/", views.response_view, name="view"),
    path("<slug:campaign>/<str:code>/modifier/", views.response_edit, name="edit"),
    path("<slug:campaign>/<str:code>/historique/", views.response_history, name="history"),
    path("<slug:campaign>/<str:code>/export/", views.response_export, name="export"),
]
