"""Forms of the records pages (民主评议, 限期改正, 谈心谈话, 不计入应到会人数, 提示单).

They collect and shape input; the services check and save. The members offered are
those of the organization chosen (by its code, within the user's scope): a member of
another organization is refused here, in words, before the service sees it."""

from django import forms
from django.utils import timezone

from liangxin.core.forms import ServiceForm, scoped_code_field, style_form
from liangxin.core.scoping import scoped
from liangxin.life.models import ExclusionCategory, Grade, StudyGuide, TalkPair
from liangxin.life.services import CLOSING_OUTCOMES
from liangxin.members.models import Member, MemberStatus
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region

FIRST_YEAR = 2015
OCCASIONS = [("日常", "日常"), ("会前", "组织生活会前"), ("政治生日", "政治生日")]
NOT_OURS = "所选党员不是该党组织的党员"


def years() -> list[int]:
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


def organization_field(**kwargs):
    return scoped_code_field(
        PartyOrganization, to_field_name="code", noun="党组织", label="党组织", **kwargs
    )


class ScopedForm(forms.Form):
    """A plain form whose code fields reach only what the user may see."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            model = getattr(field, "scoped_model", None)
            if model is not None:
                field.queryset = scoped(model.objects.all(), user)
        style_form(self)


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, member) -> str:
        probationary = "（预备）" if member.status == MemberStatus.PROBATIONARY else ""
        return f"{member.name}{probationary}"


def member_field(label: str, **kwargs) -> MemberChoiceField:
    return MemberChoiceField(
        queryset=Member.objects.none(),
        label=label,
        error_messages={"required": f"请选择{label}", "invalid_choice": NOT_OURS},
        **kwargs,
    )


class OrganizationMembersForm(ScopedForm):
    """A form naming an organization and members of it: the member selects list the
    organization in the posted data (or the initial one on a reload)."""

    member_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].error_messages["required"] = "请选择党组织"
        members = self.organization_members()
        for name in self.member_fields:
            self.fields[name].queryset = members

    def chosen_code(self) -> str:
        source = self.data if self.is_bound else self.initial
        return str(source.get("organization") or "").strip()

    def organization_members(self):
        code = self.chosen_code()
        if not code:
            return Member.objects.none()
        members = scoped(Member.objects.filter(organization__code=code), self.user)
        return members.only("id", "name", "status", "organization_id").order_by("name", "id")


class TalkForm(OrganizationMembersForm):
    member_fields = ("first", "second")

    organization = organization_field()
    held_on = forms.DateField(label="谈话日期", error_messages={"required": "请填写谈话日期"})
    first = member_field("谈话人")
    second = member_field("谈话对象")
    pair = forms.ChoiceField(
        label="类别",
        choices=[("", "请选择"), *TalkPair.choices],
        error_messages={"required": "请选择类别"},
    )
    occasion = forms.ChoiceField(label="时机", choices=OCCASIONS, initial="日常")
    note = forms.CharField(label="备注", max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("first") and data.get("first") == data.get("second"):
            self.add_error("second", "谈话对象须是谈话人以外的另一名党员")
        return data

    def service_data(self) -> dict:
        fields = ("held_on", "first", "second", "pair", "occasion", "note")
        return {name: self.cleaned_data[name] for name in fields}


class ExclusionForm(OrganizationMembersForm):
    member_fields = ("member",)

    organization = organization_field()
    member = member_field("党员")
    category = forms.ChoiceField(
        label="情形",
        choices=[("", "请选择"), *ExclusionCategory.choices],
        error_messages={"required": "请选择情形"},
    )
    starts_on = forms.DateField(label="开始日期", error_messages={"required": "请填写开始日期"})
    ends_on = forms.DateField(label="结束日期", required=False, help_text="不填表示尚未结束")
    approved_by = forms.CharField(label="批准单位", max_length=100, required=False)
    document_no = forms.CharField(label="文号", max_length=100, required=False)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "结束日期不能早于开始日期")
        return data

    def service_data(self) -> dict:
        fields = ("member", "category", "starts_on", "ends_on", "approved_by", "document_no")
        return {name: self.cleaned_data[name] for name in fields}


class ChooseForm(ScopedForm):
    """The organization and year a page shows (GET)."""

    organization = organization_field(required=False)
    year = forms.TypedChoiceField(label="年度", coerce=int, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, f"{year}年") for year in years()]


class GradeSheet:
    """One grade select per member not yet graded that year, named ``grade-<id>``; a
    blank select leaves the member for later."""

    def __init__(self, members: list[Member], data=None):
        self.rows = [(member, (data or {}).get(f"grade-{member.pk}", "")) for member in members]
        self.choices = Grade.choices

    def errors(self) -> list[str]:
        bad = [member.name for member, grade in self.rows if grade and grade not in Grade.values]
        if bad:
            return [f"{'、'.join(bad)}的评定等次无效"]
        if not self.grades():
            return ["请为参评党员选择评定等次（优秀、合格、基本合格或不合格）"]
        return []

    def grades(self) -> dict:
        return {member: grade for member, grade in self.rows if grade in Grade.values}


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label="办结结果",
        choices=[("", "请选择"), *[(o.value, o.label) for o in CLOSING_OUTCOMES]],
        error_messages={"required": "请选择办结结果", "invalid_choice": "请选择有效的办结结果"},
    )
    closed_on = forms.DateField(
        label="办结日期",
        initial=timezone.localdate,
        error_messages={"required": "请填写办结日期", "invalid": "请填写有效的日期"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


class GuideForm(ServiceForm):
    region = scoped_code_field(Region, to_field_name="code", noun="区域", label="下发范围")
    month = forms.IntegerField(
        label="月份",
        required=False,
        min_value=1,
        max_value=12,
        error_messages={
            "min_value": "月份应为 1–12",
            "max_value": "月份应为 1–12",
            "invalid": "月份应为 1–12 的整数",
        },
    )
    quarter = forms.IntegerField(
        label="季度",
        required=False,
        min_value=1,
        max_value=4,
        help_text="月份和季度填其一",
        error_messages={
            "min_value": "季度应为 1–4",
            "max_value": "季度应为 1–4",
            "invalid": "季度应为 1–4 的整数",
        },
    )

    class Meta:
        model = StudyGuide
        fields = ["region", "year", "month", "quarter", "theme", "content", "published_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["published_on"].initial = timezone.localdate
        self.fields["theme"].error_messages["required"] = "请填写主题"
        self.fields["year"].error_messages["required"] = "请填写年度"
        self.fields["region"].error_messages["required"] = "请选择下发范围"
        self.fields["content"].widget.attrs["rows"] = 3

    def clean(self):
        data = super().clean()
        month, quarter = data.get("month"), data.get("quarter")
        if "month" in data and "quarter" in data and (month is None) == (quarter is None):
            self.add_error("month", "提示单须指定月份或季度之一")
        return data
