"""Demo liaisons of the demo town (slot demo_seeders): three policy liaisons with their
enterprises and a few notices over the last weeks (most confirmed within the half day, some
late, some still open), 三联 links and 三会 meetings of a few organizations, and pairings
of members with workers with their problems — so every list and figure has something."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from liangxin.enterprises.models import Enterprise
from liangxin.liaisons import hours, services
from liangxin.liaisons.models import (
    LinkKind,
    MeetingKind,
    NoticeReceipt,
    PolicyLiaison,
    ProblemKind,
    StaffKind,
)
from liangxin.members.models import Member
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region

POLICIES = (
    ("关于支持专精特新企业高质量发展的若干措施", "市工信局"),
    ("稳岗返还政策办理指南", "区人社局"),
    ("中小微企业贷款贴息实施细则", "区金融办"),
    ("企业研发费用加计扣除政策解读", "区税务局"),
    ("工业企业技术改造奖补申报通知", "区工信局"),
)
SURNAMES = "张王李赵陈刘林黄吴郑"
TEAMS = ("织造车间", "印染车间", "质检班组", "仓储物流部", "研发中心")
PROBLEMS = {
    ProblemKind.DIFFICULTY: ("子女入学咨询", "租房困难", "家属就医"),
    ProblemKind.PRODUCTION: ("设备故障率高", "工序衔接不畅", "能耗偏高"),
}


def seed(anchors, seed: int) -> int:
    town = Region.objects.filter(code=anchors.town).first()
    actor = get_user_model().objects.filter(username="town_admin").first()
    if town is None or actor is None or PolicyLiaison.objects.exists():
        return 0
    rng = random.Random(seed)
    count = _liaisons(town, actor, rng)
    organizations = list(
        PartyOrganization.objects.filter(region__path__startswith=town.path, kind="branch")[:6]
    )
    for organization in organizations:
        count += _sanlian(organization, actor, rng) + _pairings(organization, actor, rng)
    return count


def _liaisons(town, actor, rng) -> int:
    enterprises = list(Enterprise.objects.filter(region__path__startswith=town.path)[:24])
    if not enterprises:
        return 0
    count = 0
    for index in range(3):
        liaison = services.liaison_create(
            actor=actor,
            name=f"{SURNAMES[index]}联络员",
            unit=f"{town.name}经发办",
            region=town,
            enterprises=enterprises[index::3] or enterprises,
        )
        for title, source in rng.sample(POLICIES, 3):
            published = timezone.now() - datetime.timedelta(days=rng.randint(1, 30))
            notice = services.notice_publish(
                actor=actor,
                liaison=liaison,
                title=title,
                summary=f"{title}：适用对象、申报条件和办理流程。",
                source=source,
                published_at=published,
            )
            count += 1 + _confirm_some(notice, actor, rng)
    return count


def _confirm_some(notice, actor, rng) -> int:
    confirmed = 0
    for receipt in NoticeReceipt.objects.filter(notice=notice):
        if rng.random() < 0.15:
            continue  # still open: the overdue list shows it
        span = rng.choice([1, 2, 3, 3, 4, 6])  # mostly within the half day
        at = hours.add_working_hours(notice.published_at, span)
        services.receipt_confirm(
            actor=actor,
            receipt=receipt,
            head_name=rng.choice(SURNAMES) + "总",
            head_post=rng.choice(["董事长", "总经理"]),
            confirmed_at=min(at, timezone.now()),
        )
        confirmed += 1
    return confirmed


def _members(organization) -> list[Member]:
    return list(Member.objects.filter(organization=organization)[:6])


def _sanlian(organization, actor, rng) -> int:
    members = _members(organization)
    count = 0
    today = timezone.localdate()
    for member, (kind, post) in zip(
        members,
        [
            (LinkKind.SECRETARY_MANAGEMENT, "总经理"),
            (LinkKind.COMMITTEE_TEAM, rng.choice(TEAMS)),
            (LinkKind.MEMBER_STAFF, rng.choice(TEAMS)),
        ],
        strict=False,
    ):
        services.link_create(
            actor=actor,
            organization=organization,
            kind=kind,
            member=member,
            counterpart_name=rng.choice(SURNAMES) + rng.choice("明华强丽军"),
            counterpart_post=post,
            started_on=today - datetime.timedelta(days=rng.randint(30, 300)),
        )
        count += 1
    for kind in rng.sample(MeetingKind.values, 2):
        raised = rng.randint(2, 8)
        services.meeting_record(
            actor=actor,
            organization=organization,
            kind=kind,
            held_on=today - datetime.timedelta(days=rng.randint(1, 90)),
            participants=rng.randint(8, 40),
            topics="生产安全、职工关爱和企业发展",
            issues_raised=raised,
            suggestions_adopted=rng.randint(0, raised),
            outcome="明确责任人，下次会议通报落实情况",
        )
        count += 1
    return count


def _pairings(organization, actor, rng) -> int:
    count = 0
    today = timezone.localdate()
    for member in _members(organization)[:4]:
        link = services.pairing_create(
            actor=actor,
            member=member,
            staff_name=rng.choice(SURNAMES) + rng.choice("小大阿") + rng.choice("明华强丽军"),
            staff_kind=rng.choice([StaffKind.STAFF] * 3 + [StaffKind.TALENT]),
            team=rng.choice(TEAMS),
            started_on=today - datetime.timedelta(days=rng.randint(60, 300)),
        )
        for kind, texts in PROBLEMS.items():
            raised = today - datetime.timedelta(days=rng.randint(10, 50))
            solved = rng.random() < 0.7
            services.problem_record(
                actor=actor,
                link=link,
                kind=kind,
                description=rng.choice(texts),
                raised_on=raised,
                solved_on=raised + datetime.timedelta(days=rng.randint(1, 9)) if solved else None,
                solution="协调相关部门解决" if solved else "",
            )
        count += 3
    return count
