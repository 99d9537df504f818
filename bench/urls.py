"""The site's URLs plus one naive, unscoped enterprise list used as a peer.

The peer is what a plain Django ListView costs on the same rows: the same
subtree filter and 25 rows a page, but no login, no scoping, no layout. The
real page's ratio to it shows what the platform adds on top of Django.
"""

from django.http import Http404, HttpResponse
from django.template import engines
from django.urls import include, path
from django.views.generic import ListView

from liangxin.enterprises.models import Enterprise
from liangxin.regions.models import Region

NAIVE_TEMPLATE = engines["django"].from_string(
    "<!doctype html><title>enterprises</title><table>"
    "{% for e in object_list %}<tr><td>{{ e.uscc }}</td><td>{{ e.name }}</td>"
    "<td>{{ e.region.name }}</td><td>{{ e.get_status_display }}</td>"
    "<td>{{ e.employee_count }}</td></tr>{% endfor %}</table>"
    "<p>{{ page_obj.paginator.count }}</p>"
)


class NaiveEnterpriseList(ListView):
    paginate_by = 25

    def get_queryset(self):
        queryset = Enterprise.objects.select_related("region").order_by("name", "id")
        code = self.request.GET.get("region")
        if not code:
            return queryset
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise Http404
        return queryset.filter(region__path__startswith=region.path)

    def get_template_names(self):
        return []

    def render_to_response(self, context, **kwargs):
        return HttpResponse(NAIVE_TEMPLATE.render(context, self.request))


urlpatterns = [
    path("bench/naive-enterprises/", NaiveEnterpriseList.as_view(), name="bench-naive"),
    path("", include("liangxin.urls")),
]
