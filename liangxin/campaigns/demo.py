"""Demo campaigns of the demo town (slot demo_seeders): a running 双覆盖百日攻坚 with its
targets, work items and a first day of progress, and a 一户一表摸底排查 round in which the
demo grid has confirmed part of its rows (one corrected) — quick: a few hundred rows."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from liangxin.campaigns import defaults, services
from liangxin.campaigns.models import Campaign, CampaignKind, RowState
from liangxin.regions.models import Region


def seed(anchors, seed: int) -> int:
    town = Region.objects.filter(code=anchors.town).first()
    users = get_user_model().objects
    actor = users.filter(username="town_admin").first()
    if town is None or actor is None or Campaign.objects.exists():
        return 0
    defaults.seed(CampaignKind)
    today = timezone.localdate()
    drive = _double_coverage(town, actor, today)
    officer = users.filter(username="grid_officer").first()
    review = _review(town, actor, officer, today)
    return drive + review


def _double_coverage(town, actor, today) -> int:
    campaign = services.campaign_create(
        actor=actor,
        kind=CampaignKind.objects.get(code="double_coverage"),
        title=f"{today.year}年{town.name}“双覆盖”百日攻坚",
        region=town,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=70),
    )
    for indicator in ("member_enterprise_coverage_50", "should_build", "org_coverage"):
        services.target_set(
            actor=actor, campaign=campaign, region=town, indicator=indicator, goal=Decimal(100)
        )
    made = services.workitems_generate(actor=actor, campaign=campaign)
    services.progress_record(campaign=campaign, on=today)
    return 1 + made


def _review(town, actor, officer, today) -> int:
    campaign = services.campaign_create(
        actor=actor,
        kind=CampaignKind.objects.get(code="ledger_review"),
        title=f"{today.year}年{town.name}“一户一表”摸底排查",
        region=town,
        starts_on=today - datetime.timedelta(days=7),
        ends_on=today + datetime.timedelta(days=23),
    )
    round_ = services.round_open(actor=actor, campaign=campaign, as_of=today)
    if officer is None:
        return 1
    rows = list(
        round_.rows.filter(grid__path__in=officer.regions.values("path"))
        .select_related("enterprise")
        .order_by("id")[:12]
    )
    for index, row in enumerate(rows[: len(rows) // 2 + 1]):
        if index == 0:
            services.row_correct(
                actor=officer,
                row=row,
                data={"employee_count": row.enterprise.employee_count + 3},
            )
        elif row.state == RowState.PENDING:
            services.row_confirm(actor=officer, row=row)
    return 1 + len(rows)
