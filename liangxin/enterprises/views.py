from django.urls import reverse

from liangxin.audit.history import RecordHistoryMixin
from liangxin.core.scoping import scoped
from liangxin.core.views import RegistryDetailView, RegistryListView, ServiceFormView
from liangxin.enterprises import selectors, services
from liangxin.enterprises.filters import EnterpriseFilter
from liangxin.enterprises.forms import EnterpriseForm
from liangxin.enterprises.models import Enterprise
from liangxin.regions.selectors import region_suggestions

MEMBERS_SHOWN = 10


def enterprise_url(enterprise: Enterprise) -> str:
    return reverse("enterprises:detail", args=[enterprise.uscc])


class EnterpriseListView(RegistryListView):
    region_suggestions = staticmethod(region_suggestions)
    kind = "enterprises"
    selector = selectors.enterprise_list
    filterset_class = EnterpriseFilter
    template_name = "enterprises/enterprise_list.html"


class EnterpriseDetailView(RecordHistoryMixin, RegistryDetailView):
    kind = "enterprises"
    template_name = "enterprises/enterprise_detail.html"
    context_object_name = "enterprise"

    def get_object(self):
        return selectors.enterprise_detail(user=self.request.user, uscc=self.kwargs["uscc"])

    def get_context_data(self, **kwargs):
        user, enterprise = self.request.user, self.object
        employed = selectors.enterprise_members(user=user, enterprise=enterprise).not_departed()
        return super().get_context_data(
            organizations=selectors.enterprise_organizations(user=user, enterprise=enterprise),
            member_counts=selectors.enterprise_member_counts(user=user, enterprise=enterprise),
            members=employed.select_related("organization")[:MEMBERS_SHOWN],
            instructors=scoped(enterprise.instructors.all(), user),
            **kwargs,
        )


class EnterpriseCreateView(ServiceFormView):
    kind = "enterprises"
    form_class = EnterpriseForm
    title = "新增市场主体"

    def save(self, form):
        return services.enterprise_create(actor=self.request.user, data=form.service_data())

    def success_url_for(self, saved) -> str:
        return enterprise_url(saved)

    def cancel_url(self) -> str:
        return reverse("enterprises:list")


class EnterpriseUpdateView(ServiceFormView):
    kind = "enterprises"
    form_class = EnterpriseForm
    title = "编辑市场主体"

    def get_object(self):
        return selectors.enterprise_detail(user=self.request.user, uscc=self.kwargs["uscc"])

    def save(self, form):
        return services.enterprise_update(
            actor=self.request.user, enterprise=self.object, data=form.service_data()
        )

    def success_url_for(self, saved) -> str:
        return enterprise_url(saved)

    def cancel_url(self) -> str:
        return enterprise_url(self.object)
