"""barometre survey campaigns|create|invite|export|analyse"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from barometre.referential.models import Collectivite
from barometre.referential.resolve import UnknownCode, get_collectivite
from barometre.survey import export as exporting
from barometre.survey import journal, tokens
from barometre.survey.admin import send_invitation
from barometre.survey.analysis import analyse
from barometre.survey.core.obstacles import GROUP_LABELS
from barometre.survey.models import Invitation, Respondent, SurveyCampaign


def _date(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"invalid date {text!r} (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM)") from None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


class Command(BaseCommand):
    help = "The institutional questionnaire: campaigns, invitations, anonymised export and analysis."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        sub.add_parser("campaigns", help="List the questionnaire campaigns.")
        create = sub.add_parser("create", help="Create a questionnaire campaign.")
        create.add_argument("--campaign", required=True, help="Short name (slug), e.g. 2026.")
        create.add_argument("--title", required=True)
        create.add_argument("--question-set", required=True, help="Version of survey/questions/VERSION.yaml.")
        create.add_argument("--opens", required=True, help="Opening date (YYYY-MM-DD[THH:MM]).")
        create.add_argument("--closes", required=True, help="Closing date (YYYY-MM-DD[THH:MM]).")
        create.add_argument("--observed", default="", help="Crawl campaign whose services are compared.")
        invite = sub.add_parser("invite", help="Invite a respondent; prints the signed invitation link.")
        invite.add_argument("--campaign", required=True)
        invite.add_argument("--collectivite", required=True, metavar="CODE")
        invite.add_argument("--email", required=True)
        exp = sub.add_parser("export", help="Anonymised JSON export (consented answers only).")
        exp.add_argument("--campaign", required=True)
        exp.add_argument("-o", "--output", help="Write to this file instead of standard output.")
        ana = sub.add_parser("analyse", help="Declared vs observed, obstacles and divide, in short.")
        ana.add_argument("--campaign", required=True)

    def handle(self, *args, action, **options):
        getattr(self, "do_" + action)(**options)

    def _campaign(self, name: str) -> SurveyCampaign:
        campaign = SurveyCampaign.objects.filter(name=name).first()
        if campaign is None:
            known = ", ".join(SurveyCampaign.objects.values_list("name", flat=True)) or "none yet"
            raise CommandError(f"unknown questionnaire campaign {name!r} (known: {known})")
        return campaign

    def do_campaigns(self, **_):
        for c in SurveyCampaign.objects.all():
            state = "open" if c.is_open() else "closed" if c.is_closed() else "not yet open"
            self.stdout.write(f"{c.name:12} {c.question_set:6} {timezone.localtime(c.opens_at):%Y-%m-%d} → {timezone.localtime(c.closes_at):%Y-%m-%d}  "
                              f"{state:12} {c.responses.count():3} responses  {c.title}")

    def do_create(self, campaign, title, question_set, opens, closes, observed="", **_):
        obj = SurveyCampaign(name=campaign, title=title, question_set=question_set,
                             opens_at=_date(opens), closes_at=_date(closes), observed_campaign=observed)
        try:
            obj.full_clean()
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from None
        obj.save()
        self.stdout.write(f"created questionnaire campaign {obj.name} ({obj.question_set})")

    def do_invite(self, campaign, collectivite, email, **_):
        campaign = self._campaign(campaign)
        try:
            target = get_collectivite(collectivite)
        except (UnknownCode, Collectivite.DoesNotExist) as exc:
            raise CommandError(str(exc)) from None
        email = email.strip().lower()
        try:
            Invitation._meta.get_field("email").run_validators(email)
        except ValidationError:
            raise CommandError(f"invalid e-mail address {email!r}") from None
        other = Respondent.objects.filter(user__username=email).exclude(collectivite=target).first()
        if other is not None:
            raise CommandError(f"this address already answers for collectivité {other.collectivite.code}")
        invitation = Invitation.objects.create(campaign=campaign, collectivite=target, email=email,
                                               expires_at=tokens.invitation_expiry())
        url = send_invitation(invitation)
        journal.record("invitation_created", campaign=campaign, collectivite=target, invitation=invitation.pk)
        self.stdout.write(f"invitation n° {invitation.pk} for {target.code} (expires {invitation.expires_at:%Y-%m-%d}):")
        self.stdout.write(url)

    def do_export(self, campaign, output=None, **_):
        campaign = self._campaign(campaign)
        text = exporting.to_json(exporting.build(campaign))
        journal.record("campaign_export", campaign=campaign, via="cli")
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
            self.stdout.write(f"wrote {output}")
        else:
            self.stdout.write(text)

    def do_analyse(self, campaign, **_):
        campaign = self._campaign(campaign)
        result = analyse(campaign)
        out = self.stdout.write
        out(f"{campaign.title}: {len(result.responses)} submitted responses")
        if result.observed_message:
            out(f"observed data: {result.observed_message}")
        comparison = result.comparison
        if comparison.withheld:
            out(f"declared vs observed: {comparison.compared} comparable collectivités (too few to aggregate)")
        else:
            out(f"declared vs observed ({comparison.compared} collectivités): theme  both  declared-only  observed-only")
            for t in comparison.themes:
                out(f"  {t.theme:28} {t.both:4} {t.declared_only:6} {t.observed_only:6}")
            out(f"  end-to-end median: declared {comparison.declared_end_to_end_median}, "
                f"observed {comparison.observed_end_to_end_median}")
        for group, stats in result.obstacles.items():
            if stats is None:
                out(f"obstacles, {GROUP_LABELS[group]}: too few responses")
                continue
            out(f"obstacles, {GROUP_LABELS[group]}:")
            for key, s in stats.items():
                freq = "—" if s.frequency is None else f"{s.frequency:.0%}"
                mean = "—" if s.mean_intensity is None else f"{s.mean_intensity:.1f}"
                out(f"  {key:22} cited {freq:>5}  mean intensity {mean}")
        rho = result.divide.spearman_fragility
        out(f"divide concern vs fragility (Spearman): {'n/a' if rho is None else f'{rho:.2f}'}")
