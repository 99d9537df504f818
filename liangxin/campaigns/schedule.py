"""The daily progress of the running campaigns as a scheduled job: due for a campaign whose
targets have no value for today yet (so an hourly tick writes each day once)."""

from django.utils import timezone

from liangxin.campaigns.models import Campaign, CampaignProgress
from liangxin.campaigns.services import progress_record
from liangxin.core.schedule import ScheduledJob


def running_campaigns_due(on=None):
    on = on or timezone.localdate()
    done = CampaignProgress.objects.filter(on=on).values("target__campaign_id")
    return (
        Campaign.objects.filter(starts_on__lte=on, ends_on__gte=on, targets__isnull=False)
        .exclude(pk__in=done)
        .distinct()
        .select_related("kind", "region")
    )


def record_daily_progress(on=None) -> list[str]:
    on = on or timezone.localdate()
    found = []
    for campaign in running_campaigns_due(on):
        progress_record(campaign=campaign, on=on)
        found.append(campaign.title)
    return found


JOBS = [ScheduledJob("campaigns.daily_progress", "专项行动每日进度", record_daily_progress)]
