"""Editing a rubric version no cycle has used (the district admin): its own fields, and
adding, changing or deleting its rows. A used version is never edited: the page offers
"生成新版本" instead (services.ensure_rubric_editable)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.generic import View

from liangxin.core.forms import add_service_errors, mark_invalid
from liangxin.ratings import queries, services
from liangxin.ratings.forms_rubric import ROW_KINDS, RubricForm, row_form
from liangxin.ratings.models import Item
from liangxin.ratings.views import RubricEditMixin, rubric_url, run


class RubricVersionMixin(RubricEditMixin):
    def prepare(self) -> None:
        super().prepare()
        self.rubric = queries.rubric_detail(user=self.request.user, pk=self.kwargs["pk"])

    def form_page(self, form, title: str):
        context = {"form": form, "rubric": self.rubric, "title": title}
        return render(self.request, "ratings/rubric_form.html", context)

    def saved(self, action, form, done: str, title: str):
        try:
            action()
        except ValidationError as exc:
            add_service_errors(form, exc)
            mark_invalid(form)
            return self.form_page(form, title)
        messages.success(self.request, done)
        return redirect(rubric_url(self.rubric))


class RubricEditView(RubricVersionMixin, View):
    def get(self, request, pk):
        return self.form_page(RubricForm(instance=self.rubric), "修改细则设置")

    def post(self, request, pk):
        form = RubricForm(request.POST, instance=self.rubric)
        if not form.is_valid():
            mark_invalid(form)
            return self.form_page(form, "修改细则设置")
        return self.saved(
            lambda: services.rubric_update(
                actor=request.user, rubric=self.rubric, data=form.cleaned_data
            ),
            form,
            "已保存细则设置",
            "修改细则设置",
        )


class RowEditView(RubricVersionMixin, View):
    """Add a row (no ``row`` in the URL) or change one."""

    def prepare(self) -> None:
        super().prepare()
        if self.kwargs["kind"] not in ROW_KINDS:
            raise Http404("未找到该类条目")
        self.model, self.noun = ROW_KINDS[self.kwargs["kind"]]
        self.row = None
        if "row" in self.kwargs:
            self.row = self.rows().filter(pk=self.kwargs["row"]).first()
            if self.row is None:
                raise Http404("未找到该条目")

    def rows(self):
        if self.model is Item:
            return Item.objects.filter(dimension__rubric=self.rubric)
        return self.model.objects.filter(rubric=self.rubric)

    @property
    def title(self) -> str:
        return f"{'修改' if self.row else '添加'}{self.noun}"

    def get(self, request, **kwargs):
        return self.form_page(row_form(self.model, self.rubric, instance=self.row), self.title)

    def post(self, request, **kwargs):
        form = row_form(self.model, self.rubric, request.POST, instance=self.row)
        if not form.is_valid():
            mark_invalid(form)
            return self.form_page(form, self.title)
        return self.saved(
            lambda: services.rubric_row_save(
                actor=request.user,
                rubric=self.rubric,
                model=self.model,
                data=form.service_data(),
                row=self.row,
            ),
            form,
            f"已保存{self.noun}",
            self.title,
        )


class RowDeleteView(RowEditView):
    http_method_names = ["post"]

    def post(self, request, **kwargs):
        if self.row is None:
            raise Http404("未找到该条目")
        return run(
            request,
            lambda: services.rubric_row_delete(actor=request.user, row=self.row),
            f"已删除{self.noun}",
            rubric_url(self.rubric),
        )
