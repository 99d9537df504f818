"""Forms of the talent pool and the partner groups: they collect input; the services in
services_pool.py validate (the models' constraints, scope) and save."""

from django import forms

from liangxin.core.forms import PickerInput, ServiceForm, scoped_code_field, style_form
from liangxin.core.scoping import scoped
from liangxin.enterprises.models import Enterprise
from liangxin.regions.models import Region
from liangxin.workforce import selectors_pool
from liangxin.workforce.models_people import PartnerTaskKind, PartyWorker, Placement, PoolEntry

PROGRESS_ERRORS = {
    "max_value": "进度应在0到100之间",
    "min_value": "进度应在0到100之间",
    "invalid": "进度请填写0到100之间的整数",
    "required": "请填写进度",
}


def worker_label(worker: PartyWorker) -> str:
    pioneer = "·先锋工匠" if worker.pioneer_craftsman else ""
    return f"{worker.name}（{worker.get_role_display()}{pioneer}）"


class PoolEntryForm(ServiceForm):
    region = scoped_code_field(
        Region, to_field_name="code", noun="区域代码", label="所属区域", help_text="镇、园区或片区"
    )
    worker = scoped_code_field(
        PartyWorker,
        to_field_name="pk",
        noun="党务工作者",
        label="党务工作者档案",
        required=False,
        widget=PickerInput(model=PartyWorker, key="party_workers"),
        help_text="已在党务工作者名册中的，可关联其档案（输入姓名或拼音首字母）",
    )

    class Meta:
        model = PoolEntry
        fields = [
            "name",
            "region",
            "channel",
            "tier",
            "skills",
            "worker",
            "available",
            "entered_on",
        ]


class PlacementForm(forms.Form):
    model = Placement  # names the fields of a service's errors (core.forms.field_label)

    enterprise = scoped_code_field(
        Enterprise,
        to_field_name="uscc",
        noun="统一社会信用代码",
        label="推荐企业",
        help_text="输入名称、信用代码或拼音首字母选择",
    )
    event = forms.CharField(
        label="推荐活动", max_length=100, required=False, help_text="如：2026年红色见面会"
    )
    recommended_on = forms.DateField(label="推荐日期")
    hired = forms.BooleanField(label="企业录用", required=False)
    in_management = forms.BooleanField(label="进入管理层", required=False)
    note = forms.CharField(label="说明", max_length=500, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = scoped(Enterprise.objects.all(), user)
        style_form(self)


class PlacementOutcomeForm(forms.Form):
    hired = forms.BooleanField(label="企业录用", required=False)
    in_management = forms.BooleanField(label="进入管理层", required=False)
    note = forms.CharField(label="说明", max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)
        self.fields["note"].widget.attrs.update(
            placeholder="说明（如岗位）", **{"aria-label": "说明"}
        )


class PartnerGroupForm(forms.Form):
    name = forms.CharField(label="小组名称", max_length=100)
    year = forms.IntegerField(
        label="年度",
        min_value=2000,
        max_value=2100,
        error_messages={"min_value": "年度无效", "max_value": "年度无效"},
    )
    leader = scoped_code_field(
        PartyWorker,
        to_field_name="pk",
        noun="党务工作者",
        label="先锋工匠",
        widget=PickerInput(model=PartyWorker, key="party_workers"),
        help_text="输入姓名或拼音首字母；一般为已认定的先锋工匠",
    )
    region = scoped_code_field(
        Region,
        to_field_name="code",
        noun="区域代码",
        label="所属区域",
        required=False,
        help_text="留空取先锋工匠的所属区域",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = selectors_pool.eligible_leaders(user=user)
        self.fields["region"].queryset = scoped(Region.objects.all(), user)
        style_form(self)


class MemberForm(forms.Form):
    worker = forms.ModelChoiceField(
        label="结对书记",
        queryset=PartyWorker.objects.none(),
        error_messages={"invalid_choice": "该书记不存在、不在您的管辖范围内或已加入本年度其他小组"},
    )

    def __init__(self, *args, user, group, **kwargs):
        super().__init__(*args, **kwargs)
        worker = self.fields["worker"]
        # The choices shown are who may still join; a post is checked against everyone in
        # scope, so the service says in words why the leader or a member of another group
        # of the year may not join.
        self.shown = selectors_pool.eligible_members(user=user, group=group)
        worker.queryset = scoped(PartyWorker.objects.all(), user) if self.is_bound else self.shown
        worker.label_from_instance = worker_label
        style_form(self)

    def full_clean(self):
        super().full_clean()
        self.fields["worker"].queryset = self.shown


class PartnerTaskForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=PartnerTaskKind.choices)
    title = forms.CharField(label="内容", max_length=200)
    progress = forms.IntegerField(
        label="进度（%）", min_value=0, max_value=100, initial=0, error_messages=PROGRESS_ERRORS
    )
    evidence = forms.CharField(label="成果说明", max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)
