from django import forms

from liangxin.core.forms import ServiceForm, scoped_code_field
from liangxin.core.validators import validate_uscc
from liangxin.enterprises.models import Enterprise
from liangxin.regions.models import Region


class EnterpriseForm(ServiceForm):
    region = scoped_code_field(
        Region,
        to_field_name="code",
        noun="区域代码",
        label="所属区域",
        help_text="选择企业所在的网格或片区",
    )

    class Meta:
        model = Enterprise
        fields = [
            "uscc",
            "name",
            "category",
            "ownership",
            "industry",
            "region",
            "address",
            "registered_on",
            "status",
            "employee_count",
            "above_scale",
            "above_quota",
            "annual_output",
            "tags",
            "investor_is_member",
            "charter_includes_party",
            "chamber",
            # 党内统计 (issue 20), also in the ledger's last columns.
            "is_legal_entity",
            "control_type",
            "staff_on_post",
            "legal_rep_is_member",
            "legal_rep_is_secretary",
            "social_subtype",
            "assessment_grade",
        ]
        widgets = {"tags": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Checked again by the service; here so it shows together with other mistakes.
        self.fields["uscc"].validators.append(validate_uscc)
