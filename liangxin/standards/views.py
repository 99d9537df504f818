"""Pages of checklists and inspections (Chinese, scoped, one column on a phone).

Each action is a small POST to a service; its refusals come back as messages on the page
the user was on, in the service's words."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View

from liangxin.core.attachments import attachment_response
from liangxin.core.downloads import xlsx_table_response
from liangxin.core.forms import add_service_errors, mark_invalid
from liangxin.core.roles import Role
from liangxin.core.scoping import user_scope
from liangxin.core.views import RegistryAccessMixin
from liangxin.core.views import run_and_redirect as run
from liangxin.organizations.selectors import only_organization_code
from liangxin.regions.models import Region
from liangxin.standards import permissions, selectors, services
from liangxin.standards.forms import (
    CommentForm,
    FindingForm,
    InspectionForm,
    ItemForm,
    PublishForm,
    ReasonForm,
    RectificationForm,
    SelfCheckForm,
    UploadForm,
    VerifyItemForm,
)
from liangxin.standards.models import (
    ChecklistItem,
    RectificationState,
    ResultStatus,
)


def _year(value) -> int:
    today = timezone.localdate()
    return (
        int(value) if str(value).isdigit() and 2000 <= int(value) <= today.year + 1 else today.year
    )


class Page(RegistryAccessMixin, TemplateView):
    pass


class IndexView(RegistryAccessMixin, View):
    """A secretary of one organization goes to its checklist; the others to the list."""

    def get(self, request):
        code = only_organization_code(request.user)
        if request.user.role == Role.SECRETARY and code:
            return redirect("standards:checklist", code=code)
        return redirect("standards:completion")


# --- an organization's checklist ------------------------------------------------------------


def checklist_url(organization, template, year) -> str:
    base = reverse("standards:checklist", args=[organization.code])
    return f"{base}?template={template.pk}&year={year}"


class ChecklistView(Page):
    template_name = "standards/checklist.html"

    def prepare(self) -> None:
        user = self.request.user
        self.organization = selectors.organization_for_checklist(
            user=user, code=self.kwargs["code"]
        )
        self.template = selectors.template_choice(
            user=self.request.user, template_id=self.request.GET.get("template")
        )
        if self.template is None:
            raise Http404("尚未发布标准化清单")
        self.year = _year(self.request.GET.get("year"))

    def get_context_data(self, **kwargs):
        user, as_of = self.request.user, timezone.localdate()
        result = selectors.result_of(
            user=user, organization=self.organization, template=self.template, year=self.year
        )
        rows = selectors.checklist_rows(
            user=user,
            organization=self.organization,
            template=self.template,
            result=result,
            as_of=as_of,
        )
        editable = result is None or result.status in services.EDITABLE_BY_ORGANIZATION
        return super().get_context_data(
            organization=self.organization,
            template=self.template,
            templates=selectors.current_templates(user=self.request.user),
            year=self.year,
            result=result,
            rows=rows,
            met_count=sum(row.met for row in rows),
            can_self_check=permissions.can_self_check(user) and editable,
            can_verify=permissions.can_verify(user)
            and result is not None
            and result.status == ResultStatus.SUBMITTED,
            self_check_form=SelfCheckForm(),
            verify_form=VerifyItemForm(),
            reason_form=ReasonForm(),
            **kwargs,
        )


class ChecklistActionView(RegistryAccessMixin, View):
    """POST on one organization's checklist of one version and year."""

    http_method_names = ["post"]

    def prepare(self) -> None:
        user = self.request.user
        self.organization = selectors.organization_for_checklist(
            user=user, code=self.kwargs["code"]
        )
        self.template = selectors.template_detail(
            user=user, pk=self.kwargs["template"], published_only=True
        )
        self.year = _year(self.request.POST.get("year"))
        self.back = checklist_url(self.organization, self.template, self.year)

    def result(self):
        return services.result_open(
            actor=self.request.user,
            organization=self.organization,
            template=self.template,
            year=self.year,
        )

    def item(self) -> ChecklistItem:
        found = self.template.items.filter(pk=self.kwargs["item"]).first()
        if found is None:
            raise Http404("未找到该项目")
        return found


class SelfCheckView(ChecklistActionView):
    def post(self, request, **kwargs):
        form = SelfCheckForm(request.POST, request.FILES)
        if not form.is_valid():
            return run(request, lambda: _raise(form), "", self.back)
        item, data = self.item(), form.cleaned_data

        def act():
            result = self.result()
            if data["file"]:
                services.evidence_add(
                    actor=request.user, result=result, item=item, upload=data["file"]
                )
            if data["state"]:
                services.item_self_check(
                    actor=request.user,
                    result=result,
                    item=item,
                    state=data["state"],
                    note=data["note"],
                )

        return run(request, act, f"已保存：{item.text}", self.back)


def _raise(form):
    raise ValidationError([m for errors in form.errors.values() for m in errors])


class SubmitView(ChecklistActionView):
    def post(self, request, **kwargs):
        return run(
            request,
            lambda: services.result_submit(actor=request.user, result=self.result()),
            "自查已提交，等待镇（园区）核验",
            self.back,
        )


class ResultActionView(RegistryAccessMixin, View):
    http_method_names = ["post"]

    def prepare(self) -> None:
        self.result = selectors.result_detail(user=self.request.user, pk=self.kwargs["pk"])
        self.back = checklist_url(self.result.organization, self.result.template, self.result.year)


class VerifyView(ResultActionView):
    def post(self, request, **kwargs):
        return run(
            request,
            lambda: services.result_verify(actor=request.user, result=self.result),
            "已认定达标",
            self.back,
        )


class ReturnView(ResultActionView):
    def post(self, request, **kwargs):
        return run(
            request,
            lambda: services.result_return(
                actor=request.user, result=self.result, reason=request.POST.get("reason", "")
            ),
            "已退回，请本组织补充后重新提交",
            self.back,
        )


class VerifyItemView(ResultActionView):
    def post(self, request, **kwargs):
        form = VerifyItemForm(request.POST)
        item = self.result.template.items.filter(pk=self.kwargs["item"]).first()
        if item is None:
            raise Http404("未找到该项目")
        if not form.is_valid():
            return run(request, lambda: _raise(form), "", self.back)
        return run(
            request,
            lambda: services.item_verify(
                actor=request.user, result=self.result, item=item, **form.cleaned_data
            ),
            f"已核验：{item.text}",
            self.back,
        )


class EvidenceView(RegistryAccessMixin, View):
    def get(self, request, pk):
        return attachment_response(selectors.evidence_detail(user=request.user, pk=pk))


# --- the town's completion and the district's shares ----------------------------------------


class CompletionMixin:
    def prepare(self) -> None:
        self.template = selectors.template_choice(
            user=self.request.user, template_id=self.request.GET.get("template")
        )
        if self.template is None:
            raise Http404("尚未发布标准化清单")
        self.year = _year(self.request.GET.get("year"))

    def rows(self):
        return selectors.completion(
            user=self.request.user,
            template=self.template,
            year=self.year,
            as_of=timezone.localdate(),
        )


class CompletionView(CompletionMixin, Page):
    template_name = "standards/completion.html"

    def get_context_data(self, **kwargs):
        rows = self.rows()
        met, total = selectors.share(rows)
        return super().get_context_data(
            template=self.template,
            templates=selectors.current_templates(user=self.request.user),
            year=self.year,
            rows=rows,
            met=met,
            total=total,
            percent=round(100 * met / total, 1) if total else 0,
            most_missed=selectors.most_missed(rows),
            **kwargs,
        )


COMPLETION_HEADERS = ["组织编码", "党组织", "所属区域", "状态", "达标认定日期", "未达标项目"]


class CompletionExportView(CompletionMixin, RegistryAccessMixin, View):
    def get(self, request):
        rows = (
            [
                row.organization.code,
                row.organization.name,
                row.organization.region.name,
                row.status_label,
                row.met_on or "",
                "、".join(row.unmet),
            ]
            for row in self.rows()
        )
        title = f"{self.template.name}完成情况{self.year}"
        return xlsx_table_response(title, COMPLETION_HEADERS, rows, user=request.user)


class RegionSharesView(CompletionMixin, Page):
    template_name = "standards/regions.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        paths = user_scope(user).region_paths
        top = Region.objects.filter(path=paths[0]).first() if len(paths) == 1 else None
        rows = (
            selectors.shares_by_region(
                user=user, template=self.template, year=self.year, parent=top
            )
            if top
            else []
        )
        return super().get_context_data(
            template=self.template,
            templates=selectors.current_templates(user=self.request.user),
            year=self.year,
            top=top,
            rows=rows,
            **kwargs,
        )


# --- checklist versions (district) ----------------------------------------------------------


class TemplateListView(Page):
    template_name = "standards/templates.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            versions=selectors.template_versions(user=self.request.user),
            can_edit=permissions.can_edit_templates(self.request.user),
            **kwargs,
        )


class TemplateDetailView(Page):
    template_name = "standards/template_detail.html"

    def prepare(self) -> None:
        self.object = selectors.template_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        can_edit = permissions.can_edit_templates(self.request.user)
        return super().get_context_data(
            template=self.object,
            items=selectors.template_items(self.object),
            can_edit=can_edit and not self.object.published,
            can_copy=can_edit and self.object.published,
            item_form=ItemForm(),
            publish_form=PublishForm(initial={"effective_from": self.object.effective_from}),
            **kwargs,
        )


def template_url(template) -> str:
    return reverse("standards:template", args=[template.pk])


class TemplateActionView(RegistryAccessMixin, View):
    http_method_names = ["post"]

    def prepare(self) -> None:
        if not permissions.can_edit_templates(self.request.user):
            raise PermissionDenied("只有区级管理员可以修改标准化清单")
        self.object = selectors.template_detail(user=self.request.user, pk=self.kwargs["pk"])


class NewVersionView(TemplateActionView):
    def post(self, request, pk):
        made = []

        def act():
            made.append(services.template_new_version(actor=request.user, template=self.object))

        response = run(request, act, "已生成新版本草稿", template_url(self.object))
        return redirect(template_url(made[0])) if made else response


class PublishView(TemplateActionView):
    def post(self, request, pk):
        form = PublishForm(request.POST)
        effective = form.cleaned_data["effective_from"] if form.is_valid() else None
        return run(
            request,
            lambda: services.template_publish(
                actor=request.user, template=self.object, effective_from=effective
            ),
            "已发布",
            template_url(self.object),
        )


class ItemEditView(TemplateActionView):
    """Add an item to a draft (no ``item`` in the URL) or change one."""

    http_method_names = ["get", "post"]
    template_name = "standards/item_form.html"

    def prepare(self) -> None:
        super().prepare()
        self.item = None
        if "item" in self.kwargs:
            self.item = self.object.items.filter(pk=self.kwargs["item"]).first()
            if self.item is None:
                raise Http404("未找到该项目")

    def get(self, request, **kwargs):
        return self.render(ItemForm(instance=self.item))

    def post(self, request, **kwargs):
        form = ItemForm(request.POST, instance=self.item)
        if form.is_valid():
            try:
                services.item_save(
                    actor=request.user, template=self.object, data=form.cleaned_data, item=self.item
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"已保存：{form.cleaned_data['text']}")
                return redirect(template_url(self.object))
        mark_invalid(form)
        return self.render(form)

    def render(self, form):
        context = {"form": form, "template": self.object, "item": self.item}
        return render(self.request, self.template_name, context)


class ItemDeleteView(TemplateActionView):
    def post(self, request, pk, item):
        found = self.object.items.filter(pk=item).first()
        if found is None:
            raise Http404("未找到该项目")
        return run(
            request,
            lambda: services.item_delete(actor=request.user, item=found),
            f"已删除：{found.text}",
            template_url(self.object),
        )


# --- inspections ----------------------------------------------------------------------------


class InspectionListView(Page):
    template_name = "standards/inspections.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            inspections=selectors.inspection_list(user=self.request.user)[:200],
            can_inspect=permissions.can_inspect(self.request.user),
            **kwargs,
        )


class InspectionCreateView(Page):
    template_name = "registry/form.html"

    def prepare(self) -> None:
        if not permissions.can_inspect(self.request.user):
            raise PermissionDenied("只有镇（园区）或区级管理员可以登记检查")

    def form(self, data=None):
        return InspectionForm(
            data, user=self.request.user, initial={"held_on": timezone.localdate()}
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.form())
        return super().get_context_data(
            title="登记督查检查", object=None, cancel_url=reverse("standards:inspections"), **kwargs
        )

    def post(self, request):
        form = self.form(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            targets = list(data.pop("targets"))
            try:
                made = services.inspection_create(actor=request.user, data=data, targets=targets)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"已登记：{made}")
                return redirect("standards:inspection", pk=made.pk)
        mark_invalid(form)
        return self.render_to_response(self.get_context_data(form=form))


class InspectionDetailView(Page):
    template_name = "standards/inspection_detail.html"

    def prepare(self) -> None:
        self.object = selectors.inspection_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        user, inspection = self.request.user, self.object
        can_inspect = permissions.can_inspect(user)
        items = selectors.current_items(user=user)
        return super().get_context_data(
            inspection=inspection,
            targets=selectors.scoped_targets(user=user, inspection=inspection),
            findings=selectors.inspection_findings(user=user, inspection=inspection),
            rectifications=selectors.rectification_list(user=user).filter(inspection=inspection),
            can_inspect=can_inspect,
            finding_form=FindingForm(inspection=inspection, user=user, items=items)
            if can_inspect
            else None,
            rectification_form=RectificationForm(inspection=inspection, user=user)
            if can_inspect
            else None,
            **kwargs,
        )


class InspectionActionView(RegistryAccessMixin, View):
    http_method_names = ["post"]

    def prepare(self) -> None:
        self.object = selectors.inspection_detail(user=self.request.user, pk=self.kwargs["pk"])
        self.back = reverse("standards:inspection", args=[self.object.pk])


class InspectionPublishView(InspectionActionView):
    def post(self, request, pk):
        return run(
            request,
            lambda: services.inspection_publish(
                actor=request.user,
                inspection=self.object,
                notice_number=request.POST.get("notice_number", ""),
            ),
            "已通报：检查发现对被检查组织可见",
            self.back,
        )


class FindingAddView(InspectionActionView):
    def post(self, request, pk):
        items = selectors.current_items(user=request.user)
        form = FindingForm(request.POST, inspection=self.object, user=request.user, items=items)
        if not form.is_valid():
            return run(request, lambda: _raise(form), "", self.back)
        return run(
            request,
            lambda: services.finding_add(
                actor=request.user, inspection=self.object, **form.cleaned_data
            ),
            "已录入检查发现",
            self.back,
        )


class RectificationAddView(InspectionActionView):
    def post(self, request, pk):
        form = RectificationForm(request.POST, inspection=self.object, user=request.user)
        if not form.is_valid():
            return run(request, lambda: _raise(form), "", self.back)
        return run(
            request,
            lambda: services.rectification_create(
                actor=request.user, inspection=self.object, **form.cleaned_data
            ),
            "已下达整改事项",
            self.back,
        )


# --- rectifications -------------------------------------------------------------------------


class RectificationListView(Page):
    template_name = "standards/rectifications.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        overdue = self.request.GET.get("overdue") == "1"
        rows = selectors.rectification_list(user=user)
        if overdue:
            rows = rows.overdue()
        elif self.request.GET.get("all") != "1":
            rows = rows.exclude(state=RectificationState.CLOSED)
        return super().get_context_data(rows=rows[:500], overdue=overdue, **kwargs)


class RectificationDetailView(Page):
    template_name = "standards/rectification_detail.html"

    def prepare(self) -> None:
        self.object = selectors.rectification_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        user, rectification = self.request.user, self.object
        state = rectification.state
        can_rectify, can_inspect = permissions.can_rectify(user), permissions.can_inspect(user)
        return super().get_context_data(
            rectification=rectification,
            can_start=can_rectify and state == RectificationState.OPEN,
            can_upload=can_rectify
            and state in (RectificationState.OPEN, RectificationState.IN_PROGRESS),
            can_request=can_rectify and state == RectificationState.IN_PROGRESS,
            can_accept=can_inspect and state == RectificationState.AWAITING,
            upload_form=UploadForm(),
            comment_form=CommentForm(),
            reason_form=ReasonForm(),
            **kwargs,
        )


class RectificationActionView(RegistryAccessMixin, View):
    http_method_names = ["post"]
    done = ""

    def prepare(self) -> None:
        self.object = selectors.rectification_detail(user=self.request.user, pk=self.kwargs["pk"])
        self.back = reverse("standards:rectification", args=[self.object.pk])

    def post(self, request, pk):
        return run(request, self.act, self.done, self.back)


class RectificationStartView(RectificationActionView):
    done = "已开始整改"

    def act(self):
        services.rectification_start(
            actor=self.request.user,
            rectification=self.object,
            comment=self.request.POST.get("comment", ""),
        )


class RectificationUploadView(RectificationActionView):
    done = "已上传整改佐证"

    def act(self):
        upload = self.request.FILES.get("file")
        if upload is None:
            raise ValidationError("请选择要上传的文件")
        services.rectification_evidence_add(
            actor=self.request.user, rectification=self.object, upload=upload
        )


class RectificationRequestView(RectificationActionView):
    done = "已申请验收"

    def act(self):
        services.rectification_request_acceptance(
            actor=self.request.user,
            rectification=self.object,
            comment=self.request.POST.get("comment", ""),
        )


class RectificationRejectView(RectificationActionView):
    done = "已退回整改"

    def act(self):
        services.rectification_reject(
            actor=self.request.user,
            rectification=self.object,
            reason=self.request.POST.get("reason", ""),
        )


class RectificationCloseView(RectificationActionView):
    done = "已验收销号"

    def act(self):
        services.rectification_close(
            actor=self.request.user,
            rectification=self.object,
            comment=self.request.POST.get("comment", ""),
        )


class RectificationEvidenceView(RegistryAccessMixin, View):
    def get(self, request, pk):
        return attachment_response(
            selectors.rectification_evidence_detail(user=request.user, pk=pk)
        )
