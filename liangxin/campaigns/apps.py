from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    """双覆盖百日攻坚、一户一表摸底排查等专项行动 (WORK.md §6)."""

    name = "liangxin.campaigns"
    label = "campaigns"
    verbose_name = "专项行动"
    url_prefix = "campaigns/"
