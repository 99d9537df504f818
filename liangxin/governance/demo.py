"""Demo committees of the demo town (slot demo_seeders): the enterprise organizations of the
town get a 书记, a 副书记 or 委员 and members with their company posts — 泉州-style, most
secretaries in the 董事会 or 经理层 — so the committee pages and the figures have rows."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef

from liangxin.governance import services
from liangxin.governance.models import CommitteeMember, Duty, Management, PartyPost
from liangxin.organizations.models import CoverageLink, PartyOrganization
from liangxin.regions.models import Region

ORGANIZATIONS = 8
DUTIES = [Duty.ORGANIZATION, Duty.PROPAGANDA, Duty.DISCIPLINE]


def seed(anchors, seed: int) -> int:
    town = Region.objects.filter(code=anchors.town).first()
    actor = get_user_model().objects.filter(username="town_admin").first()
    if town is None or actor is None or CommitteeMember.objects.exists():
        return 0
    rng = random.Random(seed)
    covering = CoverageLink.objects.filter(organization=OuterRef("pk"))
    organizations = (
        PartyOrganization.objects.active()
        .filter(Exists(covering), region__path__startswith=town.path)
        .exclude(kind="group")
        .order_by("path")[:ORGANIZATIONS]
    )
    count = 0
    for org in organizations:
        count += _committee(org, actor, rng)
    return count


def _committee(org, actor, rng) -> int:
    members = list(org.members.exclude(flow_type="departed").order_by("id")[:5])
    if not members:
        return 0
    started = org.term_started_on or datetime.date(2023, 1, 1)
    count = 0
    for index, member in enumerate(members):
        post = PartyPost.SECRETARY if index == 0 else PartyPost.MEMBER
        if index == 1:
            post = PartyPost.DEPUTY
        leading = index < 2
        services.committee_member_save(
            actor=actor,
            organization=org,
            member=member,
            party_post=post,
            duty=DUTIES[(index - 2) % len(DUTIES)] if index >= 2 else "",
            company_title="董事长" if index == 0 else "",
            on_board=index == 0 or rng.random() < 0.2,
            management=(Management.SENIOR if leading and rng.random() < 0.9 else
                        rng.choice([Management.MIDDLE, Management.NONE])),
            on_supervisory_board=not leading and rng.random() < 0.2,
            in_union=not leading and rng.random() < 0.4,
            term_started_on=started,
        )  # fmt: skip
        count += 1
    return count
