"""The survey's audit log: one `AuditEvent` per action, mirrored to the `barometre.survey` logger.

Events name users by their numeric id and collectivités by code; callers must not put names or
e-mail addresses in `detail`.
"""

from __future__ import annotations

import logging

from barometre.survey.models import AuditEvent

logger = logging.getLogger("barometre.survey")


def record(action: str, *, actor=None, campaign=None, collectivite=None, **detail) -> AuditEvent:
    actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    event = AuditEvent.objects.create(action=action, actor=actor, campaign=campaign,
                                      collectivite=collectivite, detail=detail)
    logger.info("survey %s actor=%s campaign=%s collectivite=%s %s", action,
                actor.pk if actor else "-", campaign.name if campaign else "-",
                collectivite.code if collectivite else "-",
                " ".join(f"{k}={v}" for k, v in sorted(detail.items())))
    return event
