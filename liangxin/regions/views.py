from django.urls import reverse
from django.views.generic import TemplateView

from liangxin.audit.history import RecordHistoryMixin
from liangxin.core.scoping import get_scoped_or_404, scoped
from liangxin.core.views import (
    RegistryAccessMixin,
    RegistryDetailView,
    RegistryListView,
    ServiceFormView,
)
from liangxin.regions import selectors, services
from liangxin.regions.filters import RegionFilter
from liangxin.regions.forms import RegionForm
from liangxin.regions.models import Region
from liangxin.regions.selectors import region_suggestions


def region_or_404(user, code: str) -> Region:
    return get_scoped_or_404(Region.objects.all(), user, code=code)


def region_url(region: Region) -> str:
    return reverse("regions:detail", args=[region.code])


def subtree_count(region: Region, related_name: str, user) -> int:
    """How many rows of a model pointing at regions (by its reverse relation, as the
    enterprises and organizations do) lie in ``region``'s subtree and the user's scope."""
    model = Region._meta.get_field(related_name).related_model
    rows = model.objects.filter(region__path__startswith=region.path)
    return scoped(rows, user).count()


class RegionListView(RegistryListView):
    region_suggestions = staticmethod(region_suggestions)
    kind = "regions"
    selector = selectors.region_list
    filterset_class = RegionFilter
    template_name = "regions/region_list.html"


class RegionDetailView(RecordHistoryMixin, RegistryDetailView):
    kind = "regions"
    template_name = "regions/region_detail.html"
    context_object_name = "region"

    def get_object(self):
        return region_or_404(self.request.user, self.kwargs["code"])

    def get_context_data(self, **kwargs):
        user, region = self.request.user, self.object
        return super().get_context_data(
            ancestors=scoped(Region.objects.get_ancestors(region), user),
            children=selectors.region_children(user=user, parent=region),
            enterprise_count=subtree_count(region, "enterprises", user),
            organization_count=subtree_count(region, "organizations", user),
            **kwargs,
        )


class RegionTreeView(RegistryAccessMixin, TemplateView):
    template_name = "regions/region_tree.html"

    def get_context_data(self, **kwargs):
        nodes = selectors.region_children(user=self.request.user, parent=None)
        return super().get_context_data(nodes=nodes, **kwargs)


class RegionTreeChildrenView(RegistryAccessMixin, TemplateView):
    """HTMX: the children of one node, fetched when it is first opened."""

    template_name = "regions/_region_nodes.html"

    def prepare(self) -> None:
        self.parent = region_or_404(self.request.user, self.kwargs["code"])

    def get_context_data(self, **kwargs):
        nodes = selectors.region_children(user=self.request.user, parent=self.parent)
        return super().get_context_data(nodes=nodes, **kwargs)


class RegionCreateView(ServiceFormView):
    kind = "regions"
    form_class = RegionForm
    title = "新增区域"

    def get_initial(self):
        return {"parent": self.request.GET.get("parent", "")}

    def save(self, form):
        return services.region_create(
            actor=self.request.user,
            parent=form.cleaned_data["parent"],
            data=form.service_data(),
        )

    def success_url_for(self, saved) -> str:
        return region_url(saved)

    def cancel_url(self) -> str:
        return reverse("regions:list")


class RegionUpdateView(ServiceFormView):
    kind = "regions"
    form_class = RegionForm
    title = "编辑区域"

    def get_object(self):
        return region_or_404(self.request.user, self.kwargs["code"])

    def save(self, form):
        return services.region_update(
            actor=self.request.user, region=self.object, data=form.service_data()
        )

    def success_url_for(self, saved) -> str:
        return region_url(saved)

    def cancel_url(self) -> str:
        return region_url(self.object)
