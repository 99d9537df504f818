from django.urls import reverse

from liangxin.accounts.views import (
    RegistryDetailView,
    RegistryListView,
    RevealView,
    ServiceFormView,
)
from liangxin.members import selectors, services
from liangxin.members.filters import MemberFilter
from liangxin.members.forms import MemberForm
from liangxin.members.models import Member


def member_url(member: Member) -> str:
    return reverse("members:detail", args=[member.public_id])


class MemberListView(RegistryListView):
    kind = "members"
    selector = selectors.member_list
    filterset_class = MemberFilter
    template_name = "members/member_list.html"


class MemberByPublicId:
    """Members and instructors are addressed by their opaque public id (never the ID number)."""

    def get_object(self):
        return selectors.member_detail(user=self.request.user, public_id=self.kwargs["public_id"])


class MemberDetailView(MemberByPublicId, RegistryDetailView):
    kind = "members"
    template_name = "members/member_detail.html"
    context_object_name = "member"


class MemberRevealView(MemberByPublicId, RevealView):
    pass


class MemberCreateView(ServiceFormView):
    kind = "members"
    form_class = MemberForm
    title = "新增党员"

    def get_initial(self):
        return {"organization": self.request.GET.get("organization", "")}

    def save(self, form):
        return services.member_create(actor=self.request.user, data=form.service_data())

    def success_url_for(self, saved) -> str:
        return member_url(saved)

    def cancel_url(self) -> str:
        return reverse("members:list")


class MemberUpdateView(MemberByPublicId, ServiceFormView):
    kind = "members"
    form_class = MemberForm
    title = "编辑党员"

    def save(self, form):
        return services.member_update(
            actor=self.request.user, member=self.object, data=form.service_data()
        )

    def success_url_for(self, saved) -> str:
        return member_url(saved)

    def cancel_url(self) -> str:
        return member_url(self.object)
