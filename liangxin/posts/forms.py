import datetime

from django import forms
from django.utils import timezone

from liangxin.core.forms import ServiceForm, scoped_code_field, style_form
from liangxin.core.scoping import scoped
from liangxin.members.models import Member
from liangxin.organizations.models import PartyOrganization
from liangxin.posts.models import POST_KINDS, PostAssignment, Team

POST_CHOICES = [(kind.value, kind.label) for kind in POST_KINDS]


class PostAssignmentForm(forms.ModelForm):
    """The member comes from the page address (a member's page links here), not a giant list.
    Teams (先锋队, 攻坚队) are not posts: they are made on the teams page."""

    class Meta:
        model = PostAssignment
        fields = ["kind", "title", "started_on", "ended_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = POST_CHOICES
        self.fields["kind"].help_text = "党员先锋队、科技攻坚队请在“党员队伍”中组建"
        style_form(self)

    def _post_clean(self):
        pass  # the service validates, inside its transaction


class EndForm(forms.Form):
    """The one date that ends a post, a team or a member's time in it."""

    ended_on = forms.DateField(label="结束日期", initial=timezone.localdate)

    def __init__(self, *args, label: str = "结束日期", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].label = label
        self.fields["ended_on"].error_messages["required"] = f"请填写{label}"
        style_form(self)


def team_candidates(user, organization: PartyOrganization, *, exclude=()):
    """Members the user may see of the team's organization and those below it, not departed."""
    members = Member._default_manager.filter(
        organization__path__startswith=organization.path
    ).not_departed()
    visible = scoped(members.defer("id_number_cipher", "phone_cipher"), user)
    return visible.exclude(pk__in=list(exclude)).select_related("organization").order_by("name")


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, member) -> str:
        return f"{member.name}（{member.organization.name}）"


class TeamForm(ServiceForm):
    """A team: its organization is chosen when it is made; the leader among its members."""

    organization = scoped_code_field(
        PartyOrganization, to_field_name="code", noun="党组织编码", label="党组织"
    )
    leader = MemberChoiceField(
        queryset=Member._default_manager.none(),
        required=False,
        label="队长",
        empty_label="（暂不指定）",
        error_messages={"invalid_choice": "请从本队队员中选择队长"},
    )

    class Meta:
        model = Team
        fields = ["name", "kind", "organization", "leader", "formed_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        team = self.instance
        if team.pk:
            del self.fields["organization"]  # its members belong to it: not moved here
            current = team.memberships.filter(left_on=None).values("member_id")
            self.fields["leader"].queryset = team_candidates(self.user, team.organization).filter(
                pk__in=current
            )
        else:
            del self.fields["leader"]  # chosen among the members, once there are some
        self.fields["formed_on"].initial = datetime.date.today


class TeamMemberForm(forms.Form):
    member = MemberChoiceField(
        queryset=Member._default_manager.none(),
        label="党员",
        empty_label="请选择党员",
        error_messages={
            "required": "请选择党员",
            "invalid_choice": "该党员不存在、已在队中或不在您的管辖范围内",
        },
    )
    joined_on = forms.DateField(
        label="加入日期", initial=timezone.localdate, error_messages={"required": "请填写加入日期"}
    )

    def __init__(self, *args, user, team: Team, **kwargs):
        super().__init__(*args, **kwargs)
        current = team.memberships.filter(left_on=None).values_list("member_id", flat=True)
        self.fields["member"].queryset = team_candidates(user, team.organization, exclude=current)
        style_form(self)
