"""The meeting form: the meeting's fields (a ModelForm the service validates), the sign-in
sheet (one row per member of the organization) and the votes, read from the same post.

The sheet and the votes are not Django forms: their rows follow the organization chosen,
so they are named by member (``presence-<id>``, ``reason-<id>``, ``committee-<id>``) and
by row number (``decision-<n>-text`` …) and read back here into the services' SheetLine
and Vote."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from liangxin.core.forms import ServiceForm, scoped_code_field
from liangxin.core.scoping import scoped
from liangxin.life.models import VOTING_KINDS, Meeting, MeetingKind, Presence, StudyGuide
from liangxin.life.services import SheetLine, Vote
from liangxin.members.models import Member, MemberStatus
from liangxin.organizations.models import PartyOrganization, PartyStation

BLANK_DECISIONS = 3  # empty rows offered below the ones already entered
MAX_DECISIONS = 30
FIELDS = [
    "kind",
    "held_on",
    "topic",
    "place",
    "station",
    "host",
    "content",
    "study_form",
    "first_topic",
    "is_election",
    "guide",
]


class MeetingForm(ServiceForm):
    """A new meeting names its organization; an existing one keeps it."""

    organization = scoped_code_field(
        PartyOrganization, to_field_name="code", noun="党组织", label="党组织"
    )

    class Meta:
        model = Meeting
        fields = ["organization", *FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["organization"]
        else:
            self.fields["held_on"].initial = timezone.localdate
        self.fields["kind"].error_messages["required"] = "请选择会议类型"
        self.fields["topic"].error_messages["required"] = "请填写主题"
        self.fields["held_on"].error_messages["required"] = "请填写召开日期"
        self.fields["content"].widget.attrs["rows"] = 4
        self.offer_recent_guides()
        self.offer_stations()

    def offer_stations(self) -> None:
        """The places (阵地) on record in the user's scope, as servicelists' activity form
        offers them (a town has a few dozen: a select, which a phone shows as its own
        list); the meeting's own place stays offered to a user who cannot see it."""
        kept = Q(pk=self.instance.station_id) if self.instance.station_id else Q(pk__in=[])
        visible = scoped(PartyStation.objects.all(), self.user).values("pk")
        field = self.fields["station"]
        field.queryset = (
            PartyStation.objects.filter(Q(pk__in=visible) | kept)
            .select_related("region")
            .order_by("region__path", "name", "pk")
        )
        field.empty_label = "（无）"
        field.help_text = "在党群服务中心、党建工作站等阵地召开的，请选择；地点未填时填为阵地名称"
        field.error_messages["invalid_choice"] = "所选活动阵地不存在或不在您的管辖范围内"

    def offer_recent_guides(self) -> None:
        """The 提示单 this meeting took up: those sent to the user's scope this year and
        last (a theme of December is often held in January)."""
        year = timezone.localdate().year
        guides = scoped(StudyGuide.objects.filter(year__gte=year - 1), self.user)
        field = self.fields["guide"]
        field.queryset = guides.order_by("-year", "-month", "-quarter")
        field.empty_label = "（无）"
        field.label = "对应提示单"

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in FIELDS}


def sheet_members(organization) -> list[Member]:
    """Everyone the service expects at the organization's meetings, in its order."""
    if organization is None:
        return []
    members = Member.objects.filter(organization=organization).order_by("id")
    return list(members.only("id", "name", "status", "organization_id"))


@dataclass
class SheetRow:
    member: Member
    presence: str = Presence.PRESENT
    reason: str = ""
    committee: bool = False

    @property
    def key(self) -> int:
        return self.member.pk

    @property
    def probationary(self) -> bool:
        return self.member.status == MemberStatus.PROBATIONARY


class Sheet:
    """The sign-in sheet as shown and as posted: every member, present unless marked."""

    def __init__(self, members: list[Member], kind: str = "", data=None, attendance=None):
        self.kind = kind
        self.rows = [SheetRow(member) for member in members]
        if attendance is not None:  # an existing meeting's sheet
            for row in self.rows:
                entry = attendance.get(row.key)
                if entry is not None:
                    row.presence, row.reason, row.committee = entry.presence, entry.reason, True
                else:
                    row.presence = Presence.ABSENT
        if data is not None and any(f"presence-{row.key}" in data for row in self.rows):
            for row in self.rows:
                row.presence = data.get(f"presence-{row.key}", "")
                row.reason = data.get(f"reason-{row.key}", "").strip()[:200]
                row.committee = bool(data.get(f"committee-{row.key}"))

    @property
    def is_committee(self) -> bool:
        return self.kind == MeetingKind.COMMITTEE

    def lines(self) -> list[SheetLine]:
        """What the service records: for a 支委会 the ticked committee members only."""
        rows = [row for row in self.rows if row.committee or not self.is_committee]
        return [SheetLine(row.member, row.presence, row.reason) for row in rows]

    def errors(self) -> list[str]:
        if self.kind and not self.rows:
            return ["该党组织还没有党员，无法填写签到表"]
        if self.is_committee and not any(row.committee for row in self.rows):
            return ["支委会请勾选应参会的支部委员"]
        return []


@dataclass
class DecisionRow:
    text: str = ""
    votes_for: str = ""
    votes_against: str = ""
    votes_abstain: str = ""
    passed: bool | None = None
    outcome_note: str = ""


class Decisions:
    """The motions put to the vote, as rows of text and three counts."""

    def __init__(self, kind: str = "", data=None, decisions=()):
        self.kind = kind
        if data is not None and "decision_rows" in data:
            count = _number(data.get("decision_rows")) or 0
            self.rows = [_posted_row(data, n) for n in range(min(count, MAX_DECISIONS))]
        else:
            self.rows = [_saved_row(decision) for decision in decisions]
            self.rows += [DecisionRow() for _ in range(BLANK_DECISIONS)]

    @property
    def shown(self) -> bool:
        return self.kind in VOTING_KINDS

    def filled(self) -> list[DecisionRow]:
        return [row for row in self.rows if row.text or row.votes_for or row.votes_against]

    def errors(self) -> list[str]:
        if not self.shown:
            return []
        errors = []
        for row in self.filled():
            if not row.text:
                errors.append("填写了票数的表决事项须写明内容")
            counts = (row.votes_for, row.votes_against, row.votes_abstain)
            if any(_number(count) is None for count in counts):
                errors.append(f"“{row.text or '未命名事项'}”的票数须为不小于 0 的整数")
        return errors

    def votes(self) -> list[Vote]:
        if not self.shown:
            return []
        return [
            Vote(
                row.text,
                _number(row.votes_for) or 0,
                _number(row.votes_against) or 0,
                _number(row.votes_abstain) or 0,
            )
            for row in self.filled()
        ]


def _number(text) -> int | None:
    """A count as typed: blank is 0; anything but a whole number ≥ 0 is None."""
    text = (text or "").strip()
    if not text:
        return 0
    return int(text) if text.isdigit() else None


def _posted_row(data, n: int) -> DecisionRow:
    def value(name):
        return (data.get(f"decision-{n}-{name}") or "").strip()

    return DecisionRow(value("text")[:300], value("for"), value("against"), value("abstain"))


def _saved_row(decision) -> DecisionRow:
    return DecisionRow(
        decision.text,
        str(decision.votes_for),
        str(decision.votes_against),
        str(decision.votes_abstain),
        decision.passed,
        decision.outcome_note,
    )
