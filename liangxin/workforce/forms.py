from liangxin.core.forms import ServiceForm, scoped_code_field, scoped_code_list_field
from liangxin.enterprises.models import Enterprise
from liangxin.members.forms import (
    PERSONAL_DATA,
    drop_blank,
    id_number_field,
    mark_personal_data_optional,
    phone_field,
)
from liangxin.regions.models import Region
from liangxin.workforce.models import Instructor


class InstructorForm(ServiceForm):
    id_number = id_number_field()
    phone = phone_field()
    region = scoped_code_field(
        Region,
        to_field_name="code",
        noun="区域代码",
        label="所属区域",
        required=False,
        help_text="管理该指导员的镇或园区",
    )
    enterprises = scoped_code_list_field(
        Enterprise,
        to_field_name="uscc",
        noun="统一社会信用代码",
        label="联系企业",
        required=False,
        help_text="输入名称、信用代码或拼音首字母选择，可选多家",
    )

    class Meta:
        model = Instructor
        fields = ["name", "id_number", "phone", "source", "region", "enterprises", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            mark_personal_data_optional(self)
            visible = self.fields["enterprises"].queryset
            self.initial["enterprises"] = list(visible.filter(instructors=self.instance))

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        if self.instance.pk:
            drop_blank(data, PERSONAL_DATA)
            data["enterprises"] = self.keep_hidden_assignments(data["enterprises"])
        return data

    def keep_hidden_assignments(self, chosen) -> list:
        """Assignments the user cannot see stay: a form cannot remove what it hides."""
        visible = self.fields["enterprises"].queryset
        hidden = self.instance.enterprises.exclude(pk__in=visible.values("pk"))
        return list(chosen) + list(hidden)
