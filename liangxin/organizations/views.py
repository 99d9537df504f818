from django.core.paginator import Paginator
from django.urls import reverse
from django.views.generic import TemplateView

from liangxin.audit.history import RecordHistoryMixin
from liangxin.core.downloads import xlsx_table_response
from liangxin.core.scoping import in_scope, scoped
from liangxin.core.views import (
    PAGE_SIZE,
    RegistryAccessMixin,
    RegistryDetailView,
    RegistryListView,
    ServiceFormView,
)
from liangxin.enterprises.models import Enterprise
from liangxin.enterprises.selectors import visible_employer_ids
from liangxin.organizations import selectors, services, warnings
from liangxin.organizations.filters import OrganizationFilter
from liangxin.organizations.forms import OrganizationForm
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.selectors import region_suggestions


def organization_url(organization: PartyOrganization) -> str:
    return reverse("organizations:detail", args=[organization.code])


class OrganizationListView(RegistryListView):
    region_suggestions = staticmethod(region_suggestions)
    kind = "organizations"
    selector = selectors.organization_list
    filterset_class = OrganizationFilter
    template_name = "organizations/organization_list.html"


class OrganizationDetailView(RecordHistoryMixin, RegistryDetailView):
    kind = "organizations"
    template_name = "organizations/organization_detail.html"
    context_object_name = "organization"

    def get_object(self):
        return selectors.organization_detail(user=self.request.user, code=self.kwargs["code"])

    def get_context_data(self, **kwargs):
        user, organization = self.request.user, self.object
        return super().get_context_data(
            ancestors=selectors.organization_ancestors(user=user, organization=organization),
            children=selectors.organization_children(user=user, parent=organization),
            covered=scoped(
                Enterprise.objects.filter(coverage_links__organization=organization), user
            ).select_related("region"),
            members_page=(page := self.members_page()),
            visible_employers=visible_employer_ids(page, user=user),
            secretary_visible=self.secretary_visible(),
            **kwargs,
        )

    def members_page(self):
        members = scoped(self.object.members.all(), self.request.user)
        members = members.select_related("employer").defer("id_number_cipher", "phone_cipher")
        return Paginator(members, PAGE_SIZE).get_page(self.request.GET.get("page"))

    def secretary_visible(self) -> bool:
        secretary = self.object.secretary
        return secretary is not None and in_scope(secretary, self.request.user)


class OrganizationTreeView(RegistryAccessMixin, TemplateView):
    template_name = "organizations/organization_tree.html"

    def get_context_data(self, **kwargs):
        nodes = selectors.organization_children(user=self.request.user, parent=None)
        return super().get_context_data(nodes=nodes, **kwargs)


class OrganizationTreeChildrenView(RegistryAccessMixin, TemplateView):
    """HTMX: the children of one organization, fetched when it is first opened."""

    template_name = "organizations/_organization_nodes.html"

    def prepare(self) -> None:
        self.parent = selectors.organization_detail(
            user=self.request.user, code=self.kwargs["code"]
        )

    def get_context_data(self, **kwargs):
        nodes = selectors.organization_children(user=self.request.user, parent=self.parent)
        return super().get_context_data(nodes=nodes, **kwargs)


PREFILLED = ("parent", "name", "region", "covered_enterprises", "kind", "formation")


class OrganizationCreateView(ServiceFormView):
    kind = "organizations"
    form_class = OrganizationForm
    title = "新增党组织"

    def get_initial(self):
        """Pre-filled from a work list (应建未建 → 单独组建, 1–2 members → 联合组建)."""
        return {name: self.request.GET[name] for name in PREFILLED if name in self.request.GET}

    def save(self, form):
        return services.organization_create(
            actor=self.request.user,
            parent=form.cleaned_data["parent"],
            data=form.service_data(),
        )

    def success_url_for(self, saved) -> str:
        return organization_url(saved)

    def cancel_url(self) -> str:
        return reverse("organizations:list")


class OrganizationUpdateView(ServiceFormView):
    kind = "organizations"
    form_class = OrganizationForm
    title = "编辑党组织"

    def get_object(self):
        return selectors.organization_detail(user=self.request.user, code=self.kwargs["code"])

    def save(self, form):
        return services.organization_update(
            actor=self.request.user, organization=self.object, data=form.service_data()
        )

    def success_url_for(self, saved) -> str:
        return organization_url(saved)

    def cancel_url(self) -> str:
        return organization_url(self.object)


WARNING_HEADERS = ["提醒", "组织编码", "组织名称", "所属区域", "情况", "依据"]


class OrganizationWarningsView(RegistryAccessMixin, TemplateView):
    """Organizations breaking a size, committee, term or joint-branch rule, in the user's scope."""

    template_name = "organizations/warnings.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            return xlsx_table_response("组织设置提醒", WARNING_HEADERS, self.export_rows())
        return super().get(request, *args, **kwargs)

    def export_rows(self):
        organizations = selectors.organization_list(user=self.request.user)
        for key, warning in warnings.WARNINGS.items():
            for row in warnings.warning_rows(key, organizations):
                org = row["organization"]
                yield [
                    warning.title,
                    org.code,
                    org.name,
                    org.region.name,
                    row["detail"],
                    warning.source,
                ]

    def get_context_data(self, **kwargs):
        organizations = selectors.organization_list(user=self.request.user)
        sections = [
            {"warning": warning, "rows": warnings.warning_rows(key, organizations)}
            for key, warning in warnings.WARNINGS.items()
        ]
        return super().get_context_data(sections=sections, **kwargs)
