import uuid

from django import forms
from django.core.exceptions import ValidationError

from liangxin.core import pii
from liangxin.core.forms import PickerInput, ServiceForm, scoped_code_field
from liangxin.core.validators import validate_id_number, validate_phone
from liangxin.enterprises.models import Enterprise
from liangxin.enterprises.selectors import visible_employer_ids
from liangxin.members.models import Member
from liangxin.organizations.models import PartyOrganization

KEEP_IF_BLANK = "留空则保持不变"


DERIVED_FROM_ID_NUMBER = ("gender", "birth_date")
PERSONAL_DATA = ("id_number", "phone")


# Plaintext inputs for the encrypted fields; the service encrypts, indexes and masks them.
# The validators run here too so every mistake shows at once, not after the others are fixed.
def id_number_field() -> forms.CharField:
    return forms.CharField(label="公民身份号码", max_length=32, validators=[validate_id_number])


def phone_field() -> forms.CharField:
    return forms.CharField(
        label="手机号码", max_length=32, required=False, validators=[validate_phone]
    )


ABROAD_HELP = "仅管理类型为“流动”的党员勾选：出国（境）党员按其联系频次提醒"


class MemberForm(ServiceForm):
    id_number = id_number_field()
    phone = phone_field()
    organization = scoped_code_field(
        PartyOrganization,
        to_field_name="code",
        noun="组织编码",
        label="所在党组织",
    )
    employer = scoped_code_field(
        Enterprise,
        to_field_name="uscc",
        noun="统一社会信用代码",
        label="工作单位",
        required=False,
    )

    class Meta:
        model = Member
        fields = [
            "name",
            "id_number",
            "phone",
            "gender",
            "birth_date",
            "ethnicity",
            "education",
            "status",
            "joined_on",
            "full_member_on",
            "organization",
            "employer",
            "post_level",
            "is_investor",
            "flow_type",
            "abroad",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in DERIVED_FROM_ID_NUMBER:
            self.fields[name].required = False
            self.fields[name].help_text = "留空则按公民身份号码推算"
        if self.instance.pk:
            mark_personal_data_optional(self)
        self.employer_hidden = self.hide_employer_outside_scope()
        self.fields["abroad"].help_text = ABROAD_HELP

    def hide_employer_outside_scope(self) -> bool:
        """An employer the user may not see is not shown; left blank, it is kept."""
        if not self.instance.pk or self.instance.employer_id is None:
            return False
        if visible_employer_ids([self.instance], user=self.user):
            return False
        self.initial["employer"] = ""
        self.fields["employer"].help_text = f"已登记的工作单位不在您的数据范围内；{KEEP_IF_BLANK}"
        return True

    def service_data(self) -> dict:
        blank_means_keep = DERIVED_FROM_ID_NUMBER + (PERSONAL_DATA if self.instance.pk else ())
        if self.employer_hidden:
            blank_means_keep += ("employer",)
        return drop_blank(dict(self.cleaned_data), blank_means_keep)


def drop_blank(data: dict, names) -> dict:
    for name in names:
        if data.get(name) in ("", None):
            data.pop(name, None)
    return data


def mark_personal_data_optional(form) -> None:
    """On edit the stored values are never shown; a blank input keeps them."""
    form.fields["id_number"].required = False
    form.fields["id_number"].help_text = f"当前：{form.instance.id_number_masked}；{KEEP_IF_BLANK}"
    masked_phone = form.instance.phone_masked or "未登记"
    form.fields["phone"].help_text = f"当前：{masked_phone}；{KEEP_IF_BLANK}"


MEMBER_NOT_FOUND = "党员“%(value)s”不存在或不在您的管辖范围内"


class MemberField(forms.CharField):
    """A member chosen with the member picker (by name or pinyin initials; the value is the
    member's public id), or typed as the 公民身份号码 where JavaScript is off (looked up
    by blind index, never shown back unmasked). Both look only among ``queryset``, the
    members the user may see, set per request."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "党员")
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("widget", PickerInput(model=Member))
        kwargs.setdefault("help_text", "输入姓名或拼音首字母选择；也可输入公民身份号码")
        super().__init__(**kwargs)
        self.queryset = Member.objects.none()

    @property
    def queryset(self):
        return self._queryset

    @queryset.setter
    def queryset(self, queryset):
        self._queryset = queryset
        self.widget.queryset = queryset  # the picker opens with the chosen member's name

    def prepare_value(self, value):
        return str(value.public_id) if isinstance(value, Member) else value

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        member = self.queryset.filter(**member_lookup(value)).first()
        if member is None:
            shown = value if as_uuid(value) else pii.mask_id_number(value)
            raise ValidationError(MEMBER_NOT_FOUND, params={"value": shown})
        return member


def member_lookup(value: str) -> dict:
    public_id = as_uuid(value)
    if public_id:
        return {"public_id": public_id}
    try:
        return {"id_number_digest": pii.blind_index(validate_id_number(value))}
    except ValidationError as exc:
        raise ValidationError(exc.messages) from exc


def as_uuid(value: str):
    try:
        return uuid.UUID(value.strip())
    except (ValueError, AttributeError):
        return None
