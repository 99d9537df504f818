"""The named peer: django-import-export importing the same enterprise CSV into the same model.

Its fastest documented configuration (bulk mode, skip_diff, batches of 1,000),
with widgets for what the ledger file holds (Chinese labels, 是/否, three date
forms, region by code). It checks less than the ledger pipeline does (no USCC
check character, no scope), so the ratio flatters the peer, not us.
"""

import datetime

from import_export import fields, resources, widgets

from liangxin.enterprises.models import (
    Enterprise,
    Industry,
    OperatingStatus,
    Ownership,
    UnitCategory,
)
from liangxin.regions.models import Region


class LabelWidget(widgets.Widget):
    """A TextChoices column given by its Chinese label."""

    def __init__(self, choices, default=""):
        super().__init__()
        self.by_label = {str(label): value for value, label in choices.choices}
        self.default = default

    def clean(self, value, row=None, **kwargs):
        return self.by_label.get((value or "").strip(), self.default)


class YesNoWidget(widgets.Widget):
    YES = {"是", "Y", "y", "1", "TRUE", "true", "True"}

    def clean(self, value, row=None, **kwargs):
        return (value or "").strip() in self.YES


class IndustryWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip()
        return value if value in Industry.values else ""


DATE_FORMS = ("%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日")


class DateFormsWidget(widgets.Widget):
    """The three date forms of the ledger (DateWidget takes one format)."""

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip()
        if not value:
            return None
        for form in DATE_FORMS:
            try:
                return datetime.datetime.strptime(value, form).date()
            except ValueError:
                continue
        raise ValueError("日期格式不正确")


def column(header: str, attribute: str, widget=None) -> fields.Field:
    return fields.Field(column_name=header, attribute=attribute, widget=widget)


class EnterpriseResource(resources.ModelResource):
    uscc = column("统一社会信用代码", "uscc")
    name = column("企业名称", "name")
    region = column("所属区域代码", "region", widgets.ForeignKeyWidget(Region, field="code"))
    status = column("经营状态", "status", LabelWidget(OperatingStatus, "operating"))
    employee_count = column("职工人数", "employee_count", widgets.IntegerWidget())
    category = column("单位类别", "category", LabelWidget(UnitCategory, "enterprise"))
    above_scale = column("是否规上", "above_scale", YesNoWidget())
    above_quota = column("是否限上", "above_quota", YesNoWidget())
    ownership = column("企业类型", "ownership", LabelWidget(Ownership))
    industry = column("行业门类", "industry", IndustryWidget())
    registered_on = column(
        "成立日期",
        "registered_on",
        DateFormsWidget(),
    )
    investor_is_member = column("出资人是否党员", "investor_is_member", YesNoWidget())
    charter_includes_party = column("党建入章", "charter_includes_party", YesNoWidget())
    address = column("地址", "address")

    class Meta:
        model = Enterprise
        import_id_fields = ("uscc",)
        fields = (
            "uscc",
            "name",
            "region",
            "status",
            "employee_count",
            "category",
            "above_scale",
            "above_quota",
            "ownership",
            "industry",
            "registered_on",
            "investor_is_member",
            "charter_includes_party",
            "address",
        )
        use_bulk = True
        skip_diff = True
        batch_size = 1000
