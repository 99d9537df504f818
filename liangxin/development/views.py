"""发展党员 pages: cases, steps, violations, reminders, the four priorities, exports.

Built on the registry page classes (liangxin.accounts.views): business roles
only, every queryset scoped, out of scope 404, writes through the services.
"""

import hashlib

from django.contrib import messages
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    PermissionDenied,
    ValidationError,
)
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View

from liangxin.audit.history import RecordHistoryMixin
from liangxin.core import private_search, roles
from liangxin.core.downloads import xlsx_written_response as xlsx_response
from liangxin.core.forms import add_service_errors, field_label, label_empty_choices, style_form
from liangxin.core.private_search import PrivateSearchMixin
from liangxin.core.scoping import get_scoped_or_404, in_scope
from liangxin.core.services import OutOfScope
from liangxin.core.views import (
    PAGE_SIZE,
    RegistryAccessMixin,
    RegistryDetailView,
    RegistryListView,
    RevealView,
    ServiceFormView,
)
from liangxin.development import exports, selectors, services
from liangxin.development.checks import violations
from liangxin.development.filters import CaseFilter
from liangxin.development.forms import CaseForm, CloseForm, StepForm
from liangxin.development.models import DevelopmentCase, Stage, Step, stage_of
from liangxin.members.views import person_context
from liangxin.organizations.models import PartyOrganization
from liangxin.regions.models import Region
from liangxin.regions.selectors import region_suggestions
from liangxin.rules.values import rule_values

KIND = "members"  # who may edit cases: whoever may edit members (accounts.roles)


def case_url(case: DevelopmentCase) -> str:
    return reverse("development:detail", args=[case.public_id])


def filtered_cases(request) -> CaseFilter:
    """The user's cases through the list's filters (pages and exports agree)."""
    data = private_search.resolve(request.GET, request.session)
    return CaseFilter(data or None, queryset=selectors.case_list(user=request.user))


# --- cases --------------------------------------------------------------------------


class CaseListView(PrivateSearchMixin, RegistryListView):
    region_suggestions = staticmethod(region_suggestions)
    kind = KIND
    selector = selectors.case_list
    filterset_class = CaseFilter
    template_name = "development/case_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return context | person_context(self.request.user, context["object_list"])


class CaseExportView(RegistryAccessMixin, View):
    def get(self, request):
        queryset = filtered_cases(request).qs.order_by("organization__path", "applied_on", "id")
        return xlsx_response(
            lambda s: exports.write_cases(s, queryset, user=request.user), "发展党员"
        )


class CaseByPublicId:
    def get_object(self):
        return selectors.case_detail(user=self.request.user, public_id=self.kwargs["public_id"])


class CaseDetailView(RecordHistoryMixin, CaseByPublicId, RegistryDetailView):
    kind = KIND
    template_name = "development/case_detail.html"
    context_object_name = "case"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.object
        context["steps"] = list(selectors.case_steps(case))
        context.update(
            violations=violations(case),
            reminders=selectors.case_reminders(case, user=self.request.user),
            workflow=workflow(done={entry.step for entry in context["steps"]}),
            introducers=visible_people(
                [case.introducer_first, case.introducer_second], self.request.user
            ),
            contacts=visible_people([case.contact_first, case.contact_second], self.request.user),
            member_visible=case.member_id is not None and in_scope(case.member, self.request.user),
            **person_context(self.request.user, [case]),
        )
        return context


def visible_people(people, user) -> list:
    """Introducers and contacts the viewer may open (one may have moved out of scope since)."""
    return [p for p in people if p is not None and in_scope(p, user)]


def workflow(*, done: set[int]) -> list[dict]:
    """The five stages with their steps, each marked done or not, for the timeline panel."""
    return [
        {
            "stage": stage,
            "steps": [
                {"step": step, "done": step.value in done}
                for step in Step
                if stage_of(step) == stage
            ],
        }
        for stage in Stage
    ]


class CaseRevealView(CaseByPublicId, RevealView):
    pass


class CaseCreateView(ServiceFormView):
    kind = KIND
    form_class = CaseForm
    title = "登记入党申请人"

    def get_initial(self):
        return {
            "organization": self.request.GET.get("organization", ""),
            "applied_on": timezone.localdate(),
        }

    def save(self, form):
        return services.development_create(actor=self.request.user, data=form.service_data())

    def success_url_for(self, saved) -> str:
        return case_url(saved)

    def cancel_url(self) -> str:
        return reverse("development:list")


class CaseUpdateView(CaseByPublicId, ServiceFormView):
    kind = KIND
    form_class = CaseForm
    title = "编辑申请人信息"

    def save(self, form):
        return services.development_update(
            actor=self.request.user, case=self.object, data=form.service_data()
        )

    def success_url_for(self, saved) -> str:
        return case_url(saved)

    def cancel_url(self) -> str:
        return case_url(self.object)


class StepRecordView(CaseByPublicId, ServiceFormView):
    """Record one of the 25 steps (or record it again to correct its date)."""

    kind = KIND
    form_class = StepForm

    def prepare(self) -> None:
        try:
            self.step = Step(self.kwargs["step"])
        except ValueError as exc:
            raise Http404("未知的步骤") from exc
        super().prepare()
        self.title = f"第{self.step.value}步：{self.step.label}"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        return {**kwargs, "case": self.object, "step": self.step}

    def get_initial(self):
        return {"done_on": timezone.localdate()}

    def get_template_names(self):
        return ["development/step_form.html"]

    def get_context_data(self, **kwargs):
        check_url = reverse("development:step-check", args=[self.object.public_id, self.step])
        return super().get_context_data(check_url=check_url, **kwargs)

    def form_valid(self, form):
        """Before saving: the rules the step would break. Saved only once the user has
        seen them and ticked the confirmation for exactly those (RULES.md: violations
        are listed, never silently accepted)."""
        try:
            check = step_check(form, self.request.user, self.object, self.step)
        except OutOfScope as exc:
            raise Http404("未找到该记录") from exc
        if check["check_errors"]:
            add_service_errors(form, check.pop("error"))
            return self.form_invalid(form)
        if check["found"] and not check["confirmed"]:
            return self.render_to_response(self.get_context_data(form=form, **check))
        return super().form_valid(form)

    def save(self, form):
        try:
            services.development_record_step(
                actor=self.request.user, case=self.object, step=self.step, **form.service_kwargs()
            )
        except ValidationError as exc:
            raise on_date_input(exc, self.step) from exc
        return self.object

    def success_message(self, saved) -> str:
        return f"已记录：{self.title}"

    def success_url_for(self, saved) -> str:
        return case_url(saved)

    def cancel_url(self) -> str:
        return case_url(self.object)


class StepCheckView(StepRecordView):
    """POST (htmx, on every change of the step form): what saving these inputs would
    break, with each rule's source, before anything is saved. Writes nothing."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        context = {"checked": False, "found": [], "check_errors": []}
        if form.is_valid():
            try:
                context = step_check(form, request.user, self.object, self.step)
            except OutOfScope as exc:
                raise Http404("未找到该记录") from exc
        return render(request, "development/_step_check.html", context)


def step_check(form, user, case, step) -> dict:
    """The preview of recording ``step`` with the form's values, for the page."""
    values = form.service_kwargs()
    context = {"checked": True, "found": [], "check_errors": [], "confirmed": False}
    try:
        found = services.development_step_preview(
            actor=user, case=case, step=step, done_on=values["done_on"], details=values["details"]
        )
    except ValidationError as exc:
        error = on_step_form(on_date_input(exc, step), form)
        return {**context, "check_errors": error.messages, "error": error}
    fingerprint = violations_fingerprint(found)
    acknowledged = form.data.get("acknowledged", "") == fingerprint
    confirmed = bool(form.cleaned_data.get("confirm")) and acknowledged
    return {**context, "found": found, "fingerprint": fingerprint, "confirmed": confirmed}


def on_step_form(exc: ValidationError, form) -> ValidationError:
    """Errors on case fields the step form does not have go above it, with their labels."""
    if not hasattr(exc, "error_dict"):
        return exc
    errors: dict = {}
    for name, items in exc.error_dict.items():
        messages = [message for item in items for message in item.messages]
        if name in form.fields:
            errors[name] = messages
            continue
        label = field_label(form, name)  # a key that names no case field: no label
        shown = [message if label == name else f"{label}：{message}" for message in messages]
        errors.setdefault(NON_FIELD_ERRORS, []).extend(shown)
    return ValidationError(errors)


def violations_fingerprint(found) -> str:
    """Names the list the user confirmed: inputs changed to break another rule ask again."""
    text = "\n".join(sorted(f"{v.key}:{v.message}" for v in found))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def on_date_input(exc: ValidationError, step: Step) -> ValidationError:
    """The step's date lands in a case field; its errors belong next to the date input."""
    field = services.STEP_DATE_FIELD.get(step)
    if not hasattr(exc, "error_dict") or field not in exc.error_dict:
        return exc
    errors = dict(exc.error_dict)
    errors["done_on"] = errors.pop(field)
    return ValidationError(errors)


class CaseCloseView(CaseByPublicId, RegistryAccessMixin, View):
    http_method_names = ["post"]

    def prepare(self) -> None:
        self.object = self.get_object()
        if not roles.can_edit(self.request.user, KIND):
            raise PermissionDenied("您的角色无权修改此类记录")

    def post(self, request, public_id):
        form = CloseForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请填写终止原因（不超过200字）")
            return redirect(case_url(self.object))
        try:
            services.development_close(
                actor=request.user, case=self.object, reason=form.cleaned_data["closed_reason"]
            )
        except OutOfScope as exc:
            raise Http404("未找到该记录") from exc
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "已终止该发展党员记录")
        return redirect(case_url(self.object))


# --- violations ---------------------------------------------------------------------


class FilteredPageMixin:
    """The list filters above a page that is not a plain list."""

    def filterset(self) -> CaseFilter:
        filterset = filtered_cases(self.request)
        style_form(filterset.form)
        label_empty_choices(filterset.form)
        filterset.form.fields["region"].widget.attrs["list"] = "region-options"
        return filterset


class ViolationListView(PrivateSearchMixin, FilteredPageMixin, RegistryAccessMixin, TemplateView):
    template_name = "development/violation_list.html"

    def get_context_data(self, **kwargs):
        filterset = self.filterset()
        rows = selectors.violation_rows(filterset.qs.order_by("organization__path", "id"))
        page = Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            filter=filterset,
            page_obj=page,
            region_options=region_suggestions(self.request.user),
            **kwargs,
        )


class ViolationExportView(RegistryAccessMixin, View):
    def get(self, request):
        queryset = filtered_cases(request).qs.order_by("organization__path", "id")
        rows = selectors.violation_rows(queryset)
        return xlsx_response(
            lambda s: exports.write_violations(s, rows, user=request.user), "发展党员违规清单"
        )


# --- reminders ----------------------------------------------------------------------


class ReminderView(RegistryAccessMixin, TemplateView):
    template_name = "development/reminders.html"

    def get_context_data(self, **kwargs):
        found = selectors.reminders(user=self.request.user)
        chosen = self.chosen(found)
        page = Paginator(chosen.queryset, PAGE_SIZE).get_page(self.request.GET.get("page"))
        values = rule_values()
        rows = [(case, chosen.due_on(case, values)) for case in page.object_list]
        tabs = [(reminder, reminder.queryset.count()) for reminder in found]
        return super().get_context_data(
            tabs=tabs, chosen=chosen, page_obj=page, rows=rows, **kwargs
        )

    def chosen(self, found):
        key = self.request.GET.get("kind") or found[0].key
        for reminder in found:
            if reminder.key == key:
                return reminder
        raise Http404("未知的提醒类别")


# --- four priorities ----------------------------------------------------------------


class PrioritiesView(RegistryAccessMixin, TemplateView):
    """四个倾斜: shares of the year's new members by post level, over the scope or a subtree."""

    template_name = "development/priorities.html"

    def get_context_data(self, **kwargs):
        year = parse_year(self.request.GET.get("year"))
        region, organization = self.subtree()
        figures = selectors.four_priorities(
            user=self.request.user, year=year, region=region, organization=organization
        )
        return super().get_context_data(
            figures=figures,
            region=region,
            organization=organization,
            region_options=region_suggestions(self.request.user),
            **kwargs,
        )

    def subtree(self):
        user, params = self.request.user, self.request.GET
        region = organization = None
        if params.get("region"):
            region = get_scoped_or_404(Region.objects.all(), user, code=params["region"].strip())
        if params.get("organization"):
            organization = get_scoped_or_404(
                PartyOrganization.objects.all(), user, code=params["organization"].strip()
            )
        return region, organization


def parse_year(text: str | None) -> int:
    this_year = timezone.localdate().year
    if not text:
        return this_year
    if not text.isdigit() or not 1921 <= int(text) <= this_year:
        raise Http404("年份不正确")
    return int(text)
