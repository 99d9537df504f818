from django.db.models import Count
from django.urls import reverse

from liangxin.audit.history import RecordHistoryMixin
from liangxin.core.private_search import PrivateSearchMixin
from liangxin.core.scoping import scoped
from liangxin.core.views import (
    RegistryDetailView,
    RegistryListView,
    RevealView,
    ServiceFormView,
)
from liangxin.enterprises.models import Enterprise
from liangxin.regions.selectors import region_suggestions
from liangxin.workforce import selectors, services
from liangxin.workforce.filters import InstructorFilter
from liangxin.workforce.forms import InstructorForm
from liangxin.workforce.models import Instructor


def instructor_url(instructor: Instructor) -> str:
    return reverse("instructors:detail", args=[instructor.public_id])


def instructor_list_with_counts(*, user):
    instructors = selectors.instructor_list(user=user)
    # GROUP BY drops the model's default ordering; pagination needs a stable one.
    return instructors.annotate(enterprise_count=Count("enterprises")).order_by("name", "id")


class InstructorListView(PrivateSearchMixin, RegistryListView):
    region_suggestions = staticmethod(region_suggestions)
    kind = "instructors"
    selector = instructor_list_with_counts
    filterset_class = InstructorFilter
    template_name = "workforce/instructor_list.html"


class InstructorByPublicId:
    """Members and instructors are addressed by their opaque public id (never the ID number)."""

    def get_object(self):
        public_id = self.kwargs["public_id"]
        return selectors.instructor_detail(user=self.request.user, public_id=public_id)


class InstructorDetailView(RecordHistoryMixin, InstructorByPublicId, RegistryDetailView):
    kind = "instructors"
    template_name = "workforce/instructor_detail.html"
    context_object_name = "instructor"

    def get_context_data(self, **kwargs):
        user = self.request.user
        enterprises = scoped(Enterprise.objects.filter(instructors=self.object), user)
        return super().get_context_data(
            enterprises=enterprises.select_related("region"),
            assignments=selectors.assignment_list(user=user).filter(instructor=self.object),
            visits=selectors.visit_list(user=user).filter(instructor=self.object)[:10],
            **kwargs,
        )


class InstructorRevealView(InstructorByPublicId, RevealView):
    pass


class InstructorCreateView(ServiceFormView):
    kind = "instructors"
    form_class = InstructorForm
    title = "新增党建指导员"

    def save(self, form):
        return services.instructor_create(actor=self.request.user, data=form.service_data())

    def success_url_for(self, saved) -> str:
        return instructor_url(saved)

    def cancel_url(self) -> str:
        return reverse("instructors:list")


class InstructorUpdateView(InstructorByPublicId, ServiceFormView):
    kind = "instructors"
    form_class = InstructorForm
    title = "编辑党建指导员"

    def save(self, form):
        return services.instructor_update(
            actor=self.request.user, instructor=self.object, data=form.service_data()
        )

    def success_url_for(self, saved) -> str:
        return instructor_url(saved)

    def cancel_url(self) -> str:
        return instructor_url(self.object)
