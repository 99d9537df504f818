"""Forms of the 领办项目 pages: they collect and shape input (regions and projects chosen
from what the user may see); the services validate and save, and their errors show next to
the fields."""

from decimal import Decimal

from django import forms

from liangxin.core.forms import style_form
from liangxin.core.scoping import scoped
from liangxin.ledprojects import selectors
from liangxin.ledprojects.models import (
    LONG_TEXT,
    LeaderKind,
    LedProject,
    MilestoneState,
    ProjectState,
    RaceKind,
)

MAX_SCORE = Decimal("1000")


def textarea(label: str, rows: int = 3, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": f"{label}不能超过 {LONG_TEXT} 字"},
        **kwargs,
    )


def text(label: str, max_length: int, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        error_messages={
            "max_length": f"{label}不能超过 {max_length} 字",
            "required": f"请填写{label}",
        },
        **kwargs,
    )


def year_field() -> forms.IntegerField:
    return forms.IntegerField(
        label="年度",
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": "请输入四位年份",
            "min_value": "年度无效",
            "max_value": "年度无效",
            "required": "请填写年度",
        },
    )


def date_field(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        error_messages={
            "invalid": "请输入有效的日期（如 2026-06-30）",
            "required": f"请填写{label}",
        },
        **kwargs,
    )


class Form(forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.setup()
        style_form(self)

    def setup(self) -> None:
        pass


class ProjectForm(Form):
    year = year_field()
    title = text("项目名称", 120)
    leader_kind = forms.ChoiceField(label="领办类型", choices=LeaderKind.choices)
    leader_name = text(
        "领办人", 40, required=False, help_text="市领导的姓名和职务；单位或镇街领办时填联系人"
    )
    lead_unit = forms.ModelChoiceField(
        queryset=None, label="领办成员单位", required=False, help_text="成员单位领办时选择"
    )
    lead_region = forms.ModelChoiceField(
        queryset=None, label="领办镇街", required=False, help_text="镇街领办时选择"
    )
    region = forms.ModelChoiceField(queryset=None, label="服务区域")
    targets = textarea("项目目标", rows=4, help_text="每行一条目标")
    description = textarea("项目内容", rows=3)
    state = forms.ChoiceField(label="状态", choices=ProjectState.choices)

    def setup(self) -> None:
        self.fields["lead_unit"].queryset = selectors.member_units(self.user)
        regions = selectors.region_choices(self.user)
        self.fields["region"].queryset = regions
        self.fields["lead_region"].queryset = regions
        for name in ("lead_unit", "lead_region", "region"):
            self.fields[name].error_messages["invalid_choice"] = "所选项不存在或不在您的管辖范围内"
        self.fields["region"].error_messages["required"] = "请选择服务区域"


class MilestoneForm(Form):
    title = text("节点名称", 120)
    owner = text("责任人", 40)
    due_on = date_field("完成时限")
    state = forms.ChoiceField(label="进度", choices=MilestoneState.choices)
    done_on = date_field("完成日期", required=False, help_text="已完成时填写")
    progress = textarea("进展情况")
    evidence = textarea("佐证材料", help_text="材料名称、存放位置或链接，每行一条")


class ProgressForm(Form):
    """What a keeper records as the work goes on: the state, the day it was done, the
    progress and the evidence (the plan itself is edited on MilestoneForm)."""

    state = forms.ChoiceField(label="进度", choices=MilestoneState.choices)
    done_on = date_field("完成日期", required=False, help_text="已完成时填写")
    progress = textarea("进展情况", rows=4)
    evidence = textarea("佐证材料", help_text="材料名称、存放位置或链接，每行一条")


class RoundForm(Form):
    region = forms.ModelChoiceField(queryset=None, label="举办区域")
    year = year_field()
    kind = forms.ChoiceField(label="形式", choices=RaceKind.choices)
    title = text("名称", 80)
    held_on = date_field("举办日期")
    remarks = textarea("备注")

    def setup(self) -> None:
        field = self.fields["region"]
        field.queryset = selectors.region_choices(self.user)
        field.error_messages["invalid_choice"] = "所选项不存在或不在您的管辖范围内"
        field.error_messages["required"] = "请选择举办区域"


class ResultForm(Form):
    project = forms.ModelChoiceField(queryset=None, label="领办项目")
    score = forms.DecimalField(
        label="得分",
        max_digits=6,
        decimal_places=2,
        min_value=0,
        max_value=MAX_SCORE,
        error_messages={
            "invalid": "请输入数字（如 92.5）",
            "min_value": "得分不能为负数",
            "max_value": "得分过大",
            "max_decimal_places": "最多保留两位小数",
            "max_digits": "得分过大",
            "max_whole_digits": "得分过大",
            "required": "请填写得分",
        },
    )
    award = text("奖项", 20, required=False, help_text="如 一等奖、优胜")
    comment = textarea("点评")

    def __init__(self, *args, race_round, **kwargs):
        self.race_round = race_round
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        field = self.fields["project"]
        field.queryset = scoped(
            LedProject.objects.filter(year=self.race_round.year), self.user
        ).order_by("title")
        field.error_messages["invalid_choice"] = "所选项目不存在、不在本年度或不在您的管辖范围内"
        field.error_messages["required"] = "请选择领办项目"
