"""Signed links: invitations (set up an account) and e-mail login links.

Both are `django.core.signing` payloads with a timestamp, checked against a maximum age. An
invitation is single-use through `Invitation.used_at`; a login link embeds the user's last login,
which logging in changes, so a used link no longer matches.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from barometre.survey.models import Invitation

INVITATION_SALT = "barometre.survey.invitation"
LOGIN_SALT = "barometre.survey.login-link"


class LinkRefused(Exception):
    """Why a link cannot be used: `reason` is 'invalid', 'expired' or 'used'."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=INVITATION_SALT)


def invitation_expiry():
    return timezone.now() + timezone.timedelta(seconds=settings.SURVEY_INVITATION_MAX_AGE)


def check_invitation(token: str) -> Invitation:
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=settings.SURVEY_INVITATION_MAX_AGE)
    except signing.SignatureExpired:
        raise LinkRefused("expired") from None
    except signing.BadSignature:
        raise LinkRefused("invalid") from None
    invitation = (Invitation.objects.select_related("campaign", "collectivite")
                  .filter(pk=data.get("i"), nonce=data.get("n")).first())
    if invitation is None:
        raise LinkRefused("invalid")
    if invitation.used_at is not None:
        raise LinkRefused("used")
    if invitation.expires_at <= timezone.now():
        raise LinkRefused("expired")
    return invitation


def consume_invitation(invitation: Invitation) -> None:
    """Mark the invitation used; a concurrent use of the same link loses."""
    with transaction.atomic():
        taken = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(used_at=timezone.now())
    if not taken:
        raise LinkRefused("used")


def _stamp(user) -> str:
    return user.last_login.isoformat() if user.last_login else ""


def login_token(user) -> str:
    return signing.dumps({"u": user.pk, "l": _stamp(user)}, salt=LOGIN_SALT)


def check_login_token(token: str):
    from django.contrib.auth import get_user_model

    try:
        data = signing.loads(token, salt=LOGIN_SALT, max_age=settings.SURVEY_LOGIN_LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise LinkRefused("expired") from None
    except signing.BadSignature:
        raise LinkRefused("invalid") from None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or not hasattr(user, "respondent"):
        raise LinkRefused("invalid")
    if data.get("l") != _stamp(user):
        raise LinkRefused("used")
    return user


def absolute_url(path: str, request=None) -> str:
    """A full link for an e-mail: from the request when there is one, else BAROMETRE_BASE_URL."""
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.BAROMETRE_BASE_URL.rstrip("/") + path
