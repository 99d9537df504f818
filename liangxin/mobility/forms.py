"""Forms only shape input; the services in liangxin.mobility.services validate and save."""

from django import forms

from liangxin.core.forms import PickerInput, ServiceForm, scoped_code_field
from liangxin.core.validators import validate_id_number, validate_phone
from liangxin.enterprises.models import Enterprise
from liangxin.members.forms import MemberField, as_uuid
from liangxin.members.selectors import member_list
from liangxin.mobility.models import (
    ContactLog,
    DualManagementAgreement,
    InflowRegistration,
    MobileProfile,
    Transfer,
)
from liangxin.mobility.pickers import RECEIVING_KEY
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region
from liangxin.rules.catalog import rule


class MemberChoiceMixin:
    """Point the member field at the user's members; name the member a link brought."""

    def set_up_member_field(self) -> None:
        field = self.fields["member"]
        field.queryset = member_list(user=self.user)
        given = self.initial.get("member") or self.data.get("member")
        public_id = as_uuid(given) if isinstance(given, str) else None
        if public_id:
            found = field.queryset.filter(public_id=public_id).first()
            if found is not None:
                field.help_text = f"已选择：{found.name}（{found.id_number_masked}）"


class AgreementForm(MemberChoiceMixin, ServiceForm):
    member = MemberField()

    class Meta:
        model = DualManagementAgreement
        fields = [
            "member",
            "number",
            "signed_on",
            "home_organization_name",
            "home_organization_code",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_up_member_field()


class TransferredInForm(ServiceForm):
    class Meta:
        model = DualManagementAgreement
        fields = ["transferred_in_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["transferred_in_on"].required = True


class ContactForm(MemberChoiceMixin, ServiceForm):
    member = MemberField()

    class Meta:
        model = ContactLog
        fields = ["member", "contacted_on", "method", "contact_name", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_up_member_field()
        self.fields["contact_name"].help_text = "留空则记为当前登录用户"


class MobileProfileForm(ServiceForm):
    # The member's own flag (members.Member.abroad), asked where the place is asked.
    abroad = forms.BooleanField(
        label="在国（境）外",
        required=False,
        help_text="出国（境）的流动党员按出国（境）党员的联系频次提醒",
    )

    class Meta:
        model = MobileProfile
        fields = ["away_place", "away_since", "abroad"]


class RegistrationForm(ServiceForm):
    id_number = forms.CharField(
        label="公民身份号码", max_length=32, validators=[validate_id_number]
    )
    name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(
        label="手机号码", max_length=32, required=False, validators=[validate_phone]
    )
    region = scoped_code_field(
        Region, to_field_name="code", noun="区域代码", label="登记区域", required=False
    )
    employer = scoped_code_field(
        Enterprise,
        to_field_name="uscc",
        noun="统一社会信用代码",
        label="用工单位",
        required=False,
    )

    class Meta:
        model = InflowRegistration
        fields = [
            "id_number",
            "name",
            "phone",
            "source",
            "registered_on",
            "region",
            "employer",
            "address_note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].help_text = "留空则取用工单位所在区域"


class PlatformOrganizationField(forms.ModelChoiceField):
    """The receiving organization is usually outside the issuer's scope: any active code,
    chosen with the platform-wide picker (mobility.pickers) or typed without JavaScript."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", PickerInput(model=PartyOrganization, key=RECEIVING_KEY))
        kwargs.setdefault("error_messages", {"invalid_choice": "组织编码“%(value)s”在平台上不存在"})
        super().__init__(
            queryset=PartyOrganization.objects.active(), to_field_name="code", **kwargs
        )

    def to_python(self, value):
        return super().to_python(value.strip() if isinstance(value, str) else value)


class TransferForm(MemberChoiceMixin, ServiceForm):
    member = MemberField(required=False, help_text="平台外转入、尚未建档时可留空")
    from_organization = scoped_code_field(
        PartyOrganization,
        to_field_name="code",
        noun="组织编码",
        label="转出党组织",
        required=False,
        help_text="留空则为党员当前所在党组织；平台外转入时留空并填写下一项",
    )
    to_organization = PlatformOrganizationField(
        label="转入党组织", required=False, help_text="转往平台外时留空并填写下一项"
    )

    class Meta:
        model = Transfer
        fields = [
            "member",
            "person_name",
            "reason",
            "letter_number",
            "issued_on",
            "from_organization",
            "from_organization_name",
            "to_organization",
            "to_organization_name",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_up_member_field()
        months = rule("mobile.letter_valid_months").default
        self.fields["issued_on"].help_text = f"有效期按规则自动计算（默认 {months} 个月）"


class ReceiveForm(ServiceForm):
    class Meta:
        model = Transfer
        fields = ["received_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].required = True


class ReturnForm(ServiceForm):
    class Meta:
        model = Transfer
        fields = ["returned_on", "note"]
        labels = {"note": "退回原因"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["returned_on"].required = True
        self.fields["note"].required = True
        self.initial["note"] = ""
