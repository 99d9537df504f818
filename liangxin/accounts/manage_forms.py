"""Forms of the account pages: they collect input; the services decide (三员分立)."""

from django import forms
from django.contrib.auth.forms import PasswordChangeForm

from liangxin.accounts.models import User
from liangxin.core.forms import style_form
from liangxin.core.roles import ASSIGNABLE_ROLES, Role
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region

INDENT = "\u3000"  # a full-width space per tree level, so the picker reads as a tree


class TreeChoiceField(forms.ModelMultipleChoiceField):
    """Regions or organizations, in tree order, indented by depth, shown with their code."""

    def label_from_instance(self, obj):
        return f"{INDENT * (obj.depth - 1)}{obj.name}（{obj.code}）"


class AccountCreateForm(forms.Form):
    username = forms.CharField(label="登录名", max_length=150)
    display_name = forms.CharField(label="姓名", max_length=50, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "username"
        ].help_text = "字母、数字和 @ . + - _；新账号没有角色，由安全管理员分配。"
        style_form(self)


class AccountSearchForm(forms.Form):
    q = forms.CharField(label="登录名或姓名", required=False)
    role = forms.ChoiceField(
        label="角色", required=False, choices=[("", "全部"), ("none", "未分配角色"), *Role.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


class AssignForm(forms.Form):
    """Role and data scope: a region-scoped role takes regions, a secretary organizations."""

    role = forms.ChoiceField(label="角色", required=False)
    regions = TreeChoiceField(
        label="管辖区域",
        queryset=Region.objects.order_by("path"),
        required=False,
        help_text="区级/镇级管理员、网格员、领导查看：选中区域及其下级。可按住 Ctrl 多选。",
    )
    organizations = TreeChoiceField(
        label="所属党组织",
        queryset=PartyOrganization.objects.order_by("path"),
        required=False,
        help_text="企业党组织书记：选中党组织及其下级。可按住 Ctrl 多选。",
    )

    def __init__(self, *args, target: User, **kwargs):
        kwargs["initial"] = {
            "role": target.role,
            "regions": list(target.regions.all()),
            "organizations": list(target.organizations.all()),
        }
        super().__init__(*args, **kwargs)
        assignable = [(value, label) for value, label in Role.choices if value in ASSIGNABLE_ROLES]
        self.fields["role"].choices = [("", "未分配角色（看不到任何业务数据）"), *assignable]
        for name in ("regions", "organizations"):
            self.fields[name].widget.attrs.update(size=12, **{"data-scope-picker": name})
        style_form(self)


class OwnPasswordChangeForm(PasswordChangeForm):
    """Django's form (old password, new twice, the validators), in our page style."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)
