from django.apps import AppConfig


class ServicelistsConfig(AppConfig):
    """三张清单 and the service menu (WORK.md §5 [L:泉州]): resources, needs and services matched;
    activities of centres and stations; service events (高校行, 招商推介会 …) with outcomes."""

    name = "liangxin.servicelists"
    label = "servicelists"
    verbose_name = "三张清单"
    url_prefix = "service-lists/"
