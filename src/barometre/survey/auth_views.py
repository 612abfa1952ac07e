"""Respondent access: invitation links, password login, e-mail login links, logout.

Every endpoint here is rate-limited per IP address; wrong passwords lock out an (account,
address) pair (barometre.security.throttle), never an account everywhere; login-link e-mails
are capped per account, silently, so the page never tells whether an account exists.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, login, logout
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from barometre.security import throttle
from barometre.survey import journal, ratelimit, tokens
from barometre.survey.forms import LoginForm, LoginLinkForm, SetupForm, error_summary
from barometre.survey.models import Respondent

REFUSALS = {
    "invalid": (400, "Lien non valable",
                "Ce lien n'est pas valable : il est incomplet ou a été modifié. Vérifiez que vous "
                "avez copié l'adresse entière, ou demandez un nouveau lien."),
    "expired": (410, "Lien expiré",
                "Ce lien a expiré. Demandez une nouvelle invitation à l'équipe du Baromètre, "
                "ou un nouveau lien de connexion."),
    "used": (410, "Lien déjà utilisé",
             "Ce lien a déjà été utilisé : il ne sert qu'une fois. Connectez-vous avec votre "
             "adresse électronique et votre mot de passe, ou demandez un lien de connexion."),
}


def rate_limited(request, scope: str, seconds: int | None = None):
    seconds = seconds or ratelimit.retry_after()
    response = render(request, "survey/rate_limited.html",
                      {"title": "Trop de tentatives", "minutes": seconds // 60}, status=429)
    response["Retry-After"] = str(seconds)
    journal.record("rate_limited", scope=scope)
    return response


def refused(request, reason: str, kind: str):
    status, title, text = REFUSALS[reason]
    journal.record("link_refused", kind=kind, reason=reason)
    return render(request, "survey/link_refused.html", {"title": title, "text": text}, status=status)


def _next_url(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


@require_http_methods(["GET", "POST"])
def login_view(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST":
        ip = ratelimit.client_ip(request)
        if not ratelimit.attempt("login", "ip:" + ip):
            return rate_limited(request, "login")
        if throttle.is_locked(request.POST.get("email", ""), ip):
            return rate_limited(request, "login_locked", throttle.limits()["window"])
        if form.is_valid():
            user = authenticate(request, username=form.cleaned_data["email"].lower(),
                                password=form.cleaned_data["password"])
            if user is not None:
                login(request, user)
                journal.record("login", actor=user, method="password")
                return redirect(_next_url(request, reverse("survey:home")))
            journal.record("login_failed", method="password")
            form.add_error(None, "Adresse électronique ou mot de passe incorrect.")
    return render(request, "survey/login.html", {"title": "Connexion", "form": form,
                                                 "summary": error_summary(form) if form.is_bound else [],
                                                 "next": _next_url(request, "")})


@require_http_methods(["GET", "POST"])
def login_link_request(request):
    form = LoginLinkForm(request.POST or None)
    if request.method == "POST":
        ip = ratelimit.client_ip(request)
        account = ratelimit.account_key(request.POST.get("email", ""))
        if not ratelimit.attempt("login-link", "ip:" + ip, "account-ip:" + ratelimit.account_key(f"{account}|{ip}")):
            return rate_limited(request, "login_link")
        if form.is_valid():
            user = (get_user_model().objects.filter(username=form.cleaned_data["email"].lower(), is_active=True)
                    .select_related("respondent").first())
            if (user is not None and hasattr(user, "respondent")
                    and ratelimit.attempt("login-link-mail", "account:" + account)):
                path = reverse("survey:login-link", args=[tokens.login_token(user)])
                send_mail(
                    "Baromètre — votre lien de connexion",
                    "Bonjour,\n\nPour vous connecter au questionnaire du Baromètre, ouvrez ce lien "
                    f"(valable {settings.SURVEY_LOGIN_LINK_MAX_AGE // 60} minutes, une seule fois) :\n"
                    f"{tokens.absolute_url(path, request)}\n\n"
                    "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n",
                    None, [user.email],
                )
                journal.record("login_link_sent", actor=None, user_id=user.pk)
            # The same answer whether or not the address is known: no account enumeration.
            return render(request, "survey/login_link_sent.html", {"title": "Lien envoyé"})
    return render(request, "survey/login_link.html", {"title": "Recevoir un lien de connexion", "form": form,
                                                      "summary": error_summary(form) if form.is_bound else []})


@require_http_methods(["GET", "POST"])
def login_link(request, token):
    if not ratelimit.attempt("login-link-use", "ip:" + ratelimit.client_ip(request)):
        return rate_limited(request, "login_link_use")
    try:
        user = tokens.check_login_token(token)
    except tokens.LinkRefused as exc:
        return refused(request, exc.reason, "login_link")
    if request.method == "POST":
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        journal.record("login", actor=user, method="link")
        return redirect("survey:home")
    # Confirming with a button keeps mail scanners that open links from using them up.
    return render(request, "survey/login_link_confirm.html", {"title": "Connexion"})


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        journal.record("logout", actor=request.user)
    logout(request)
    messages.info(request, "Vous êtes déconnecté.")
    return redirect("survey:login")


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    if not ratelimit.attempt("invitation", "ip:" + ratelimit.client_ip(request), "token:" + token[-32:]):
        return rate_limited(request, "invitation")
    try:
        invite = tokens.check_invitation(token)
    except tokens.LinkRefused as exc:
        return refused(request, exc.reason, "invitation")
    User = get_user_model()
    email = invite.email.lower()
    existing = User.objects.filter(username=email).select_related("respondent").first()
    if existing is not None and (not hasattr(existing, "respondent")
                                 or existing.respondent.collectivite_id != invite.collectivite_id):
        journal.record("invitation_conflict", campaign=invite.campaign, collectivite=invite.collectivite)
        return render(request, "survey/link_refused.html", {
            "title": "Invitation impossible",
            "text": "Cette adresse électronique est déjà rattachée à un autre compte. "
                    "Contactez l'équipe du Baromètre.",
        }, status=409)
    form = SetupForm(request.POST or None, user=existing or User(username=email, email=email),
                     initial={"first_name": getattr(existing, "first_name", ""),
                              "last_name": getattr(existing, "last_name", "")})
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                tokens.consume_invitation(invite)
                user = existing or User(username=email, email=email)
                user.first_name = form.cleaned_data["first_name"]
                user.last_name = form.cleaned_data["last_name"]
                user.set_password(form.cleaned_data["password1"])
                user.save()
                Respondent.objects.get_or_create(user=user, defaults={"collectivite": invite.collectivite})
        except tokens.LinkRefused as exc:
            return refused(request, exc.reason, "invitation")
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        journal.record("invitation_used", actor=user, campaign=invite.campaign,
                       collectivite=invite.collectivite, invitation=invite.pk)
        messages.success(request, "Votre compte est prêt. Vous pouvez répondre au questionnaire.")
        return redirect("survey:edit", invite.campaign.name, invite.collectivite.code)
    return render(request, "survey/invitation.html", {
        "title": "Créer votre accès", "form": form, "invitation": invite,
        "email": email, "existing": existing is not None,
        "summary": error_summary(form) if form.is_bound else [],
    })
