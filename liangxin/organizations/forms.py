from liangxin.core.forms import ServiceForm, scoped_code_field, scoped_code_list_field
from liangxin.core.roles import Role
from liangxin.enterprises.models import Enterprise
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region


class OrganizationForm(ServiceForm):
    parent = scoped_code_field(
        PartyOrganization,
        to_field_name="code",
        noun="上级组织编码",
        label="上级党组织",
        required=False,
        help_text="新组织挂在此党组织之下；留空则为顶层组织",
    )
    region = scoped_code_field(Region, to_field_name="code", noun="区域代码", label="所属区域")
    covered_enterprises = scoped_code_list_field(
        Enterprise,
        to_field_name="uscc",
        noun="统一社会信用代码",
        label="覆盖企业",
        required=False,
        help_text="输入名称、信用代码或拼音首字母选择；联合党支部可覆盖多家企业",
    )

    class Meta:
        model = PartyOrganization
        fields = [
            "code",
            "name",
            "kind",
            "formation",
            "region",
            "covered_enterprises",
            "established_on",
            "dissolved_on",
            "term_started_on",
            "term_years",
            "secretary_name",
            "secretary_is_investor",
            "has_committee",
            # 党内统计 表30 (issue 20), also in the ledger's last columns.
            "has_party_group",
            "formed_by_untransferred",
            "star_level",
            "star_category",
            "brand",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["parent"]  # moving a subtree is not a page action
            self.initial["covered_enterprises"] = self.visible_covered_enterprises()
        if self.user.role != Role.DISTRICT_ADMIN:
            # The stars come from the rating cycle (organizations.services): shown, not set.
            for name in ("star_level", "star_category"):
                self.fields[name].disabled = True
                self.fields[name].help_text = "由评星定级结果确定"

    def visible_covered_enterprises(self):
        return list(
            self.fields["covered_enterprises"].queryset.filter(
                coverage_links__organization=self.instance
            )
        )

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("parent", None)
        if self.instance.pk:
            data["covered_enterprises"] = self.keep_hidden_coverage(data["covered_enterprises"])
        return data

    def keep_hidden_coverage(self, chosen) -> list:
        """Links to enterprises the user cannot see stay: a form cannot remove what it hides."""
        visible = self.fields["covered_enterprises"].queryset
        hidden = self.instance.covered_enterprises.exclude(pk__in=visible.values("pk"))
        return list(chosen) + list(hidden)
