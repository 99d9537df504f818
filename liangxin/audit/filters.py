"""The audit page's filters: actor, act, date range, object kind, import job."""

import django_filters
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django_filters import FilterSet

from liangxin.audit.describe import EVENT_LABELS

ACT_CHOICES = [
    ("create", "新增"),
    ("update", "修改"),
    ("delete", "删除"),
    *[(key, label) for key, label in EVENT_LABELS.items()],
]
ACTIONS = {
    "create": LogEntry.Action.CREATE,
    "update": LogEntry.Action.UPDATE,
    "delete": LogEntry.Action.DELETE,
}


def act_condition(act: str) -> Q:
    if act in ACTIONS:
        return Q(action=ACTIONS[act])
    condition = Q(action=LogEntry.Action.ACCESS, additional_data__event=act)
    if act == "unmask":  # entries written before events had a key
        condition |= Q(action=LogEntry.Action.ACCESS, additional_data__has_key="unmasked_field")
    return condition


class ModelTypeChoiceFilter(django_filters.ModelChoiceFilter):
    """The kinds of record the log holds: the audited models and the accounts."""

    def __init__(self, **kwargs):
        super().__init__(queryset=ContentType.objects.none(), **kwargs)

    def get_queryset(self, request):
        models = {*auditlog.get_models(), get_user_model()}
        types = ContentType.objects.get_for_models(*models)
        return ContentType.objects.filter(pk__in=[t.pk for t in types.values()])

    @property
    def field(self):
        field = super().field
        field.label_from_instance = lambda ct: str(ct.model_class()._meta.verbose_name)
        return field


class AuditLogFilter(FilterSet):
    actor = django_filters.CharFilter(method="filter_actor", label="操作人（账号或姓名）")
    act = django_filters.ChoiceFilter(choices=ACT_CHOICES, method="filter_act", label="操作")
    content_type = ModelTypeChoiceFilter(label="记录类型")
    since = django_filters.DateFilter(
        field_name="timestamp", lookup_expr="date__gte", label="起始日期"
    )
    until = django_filters.DateFilter(
        field_name="timestamp", lookup_expr="date__lte", label="截止日期"
    )
    job = django_filters.NumberFilter(method="filter_job", label="导入任务号")

    class Meta:
        model = LogEntry
        fields = ["actor", "act", "content_type", "since", "until", "job"]

    def filter_actor(self, queryset, name, value):
        return queryset.filter(
            Q(actor__username__icontains=value) | Q(actor__display_name__icontains=value)
        )

    def filter_act(self, queryset, name, value):
        return queryset.filter(act_condition(value))

    def filter_job(self, queryset, name, value):
        return queryset.filter(additional_data__job=int(value))
