"""Pages of the rating cycle (评星定级; Chinese, scoped, one column on a phone): rubrics,
cycles, one rating through self-assessment, review, approval, 公示 and result, an
organization's history across cycles, and the star distribution by region.

Each action is a POST to a service. A form that fails comes back with what was typed and
the errors next to the fields; a service's refusal too. Out of scope is 404; a role or an
account that may not act (a secretary on their own organization's result) is 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.generic import TemplateView, View

from liangxin.core.downloads import xlsx_table_response, xlsx_written_response
from liangxin.core.forms import mark_invalid
from liangxin.core.roles import Role
from liangxin.core.scoping import scoped
from liangxin.core.views import RegistryAccessMixin, attempt
from liangxin.core.views import run_and_redirect as run
from liangxin.organizations.models import PartyOrganization
from liangxin.ratings import permissions, queries, rubric_file, selectors, services
from liangxin.ratings.forms import (
    AnswerForm,
    CategoryForm,
    ChangeForm,
    CycleOpenForm,
    FinalizeForm,
    ObjectionForm,
    PublicizeForm,
    ReasonForm,
    ReviewForm,
    RubricImportForm,
    ScoresForm,
    VetoForm,
)
from liangxin.ratings.models import CycleState, RatingState, RubricModel


class Page(RegistryAccessMixin, TemplateView):
    pass


class IndexView(RegistryAccessMixin, View):
    """A secretary goes to their organization's current rating; the others to the cycles."""

    def get(self, request):
        if request.user.role == Role.SECRETARY:
            rating = queries.own_rating(request.user)
            if rating is not None:
                return redirect("ratings:rating", pk=rating.pk)
        return redirect("ratings:cycles")


# --- rubrics --------------------------------------------------------------------------------


def rubric_url(rubric) -> str:
    return reverse("ratings:rubric", args=[rubric.pk])


class RubricListView(Page):
    template_name = "ratings/rubrics.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            rubrics=queries.rubric_list(user=self.request.user),
            can_edit=permissions.can_edit_rubrics(self.request.user),
            **kwargs,
        )


class RubricDetailView(Page):
    template_name = "ratings/rubric_detail.html"

    def prepare(self) -> None:
        self.object = queries.rubric_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        rubric = self.object
        used, can_edit = rubric.cycles.exists(), permissions.can_edit_rubrics(self.request.user)
        return super().get_context_data(
            rubric=rubric,
            dimensions=rubric.dimensions.prefetch_related("items"),
            used=used,
            can_edit=can_edit,
            editable=can_edit and not used,
            grades=rubric.model == RubricModel.GRADES,
            **kwargs,
        )


class RubricExportView(RegistryAccessMixin, View):
    def get(self, request, pk):
        rubric = queries.rubric_detail(user=request.user, pk=pk)
        return xlsx_written_response(
            lambda stream: rubric_file.write_rubric(rubric, stream), f"{rubric}"
        )


class RubricEditMixin(RegistryAccessMixin):
    def prepare(self) -> None:
        if not permissions.can_edit_rubrics(self.request.user):
            raise PermissionDenied("只有区级管理员可以修改评星定级细则")


class RubricNewVersionView(RubricEditMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        rubric = queries.rubric_detail(user=request.user, pk=pk)
        made = []
        response = run(
            request,
            lambda: made.append(services.rubric_new_version(actor=request.user, rubric=rubric)),
            "已生成新版本",
            rubric_url(rubric),
        )
        return redirect(rubric_url(made[0])) if made else response


class RubricImportView(RubricEditMixin, TemplateView):
    """Upload a rubric file: a new version, or every bad row listed and nothing written."""

    template_name = "ratings/rubric_import.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", RubricImportForm())
        return super().get_context_data(**kwargs)

    def post(self, request):
        form = RubricImportForm(request.POST, request.FILES)
        made = []
        if form.is_valid() and attempt(
            lambda: made.append(
                services.rubric_import(actor=request.user, data=form.cleaned_data["file"].read())
            ),
            form,
        ):
            messages.success(request, f"已导入：{made[0]}")
            return redirect(rubric_url(made[0]))
        return self.render_to_response(self.get_context_data(form=form))


# --- cycles ---------------------------------------------------------------------------------


def cycle_url(cycle) -> str:
    return reverse("ratings:cycle", args=[cycle.pk])


class CycleListView(Page):
    template_name = "ratings/cycles.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            cycles=queries.cycle_list(user=self.request.user)[:200],
            can_open=permissions.can_run_cycles(self.request.user),
            **kwargs,
        )


class CycleOpenView(Page):
    template_name = "ratings/cycle_open.html"

    def prepare(self) -> None:
        if not permissions.can_run_cycles(self.request.user):
            raise PermissionDenied("只有区级管理员可以开启评星定级")

    def form(self, data=None):
        user = self.request.user
        return CycleOpenForm(
            data, rubrics=queries.rubric_list(user=user), regions=queries.cycle_regions(user=user)
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.form())
        return super().get_context_data(**kwargs)

    def post(self, request):
        form, made = self.form(request.POST), []
        if form.is_valid() and attempt(
            lambda: made.append(services.cycle_open(actor=request.user, **form.cleaned_data)),
            form,
        ):
            messages.success(request, f"已开启：{made[0]}，参评党组织 {made[0].ratings.count()} 个")
            return redirect(cycle_url(made[0]))
        mark_invalid(form)
        return self.render_to_response(self.get_context_data(form=form))


class CycleDetailView(Page):
    template_name = "ratings/cycle_detail.html"

    def prepare(self) -> None:
        self.object = queries.cycle_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        cycle, user = self.object, self.request.user
        ratings = queries.cycle_ratings(user=user, cycle=cycle)
        state = self.request.GET.get("state", "")
        listed = ratings.filter(state=state) if state in RatingState.values else ratings
        runs = permissions.can_run_cycles(user)
        return super().get_context_data(
            cycle=cycle,
            progress=selectors.cycle_progress(ratings, cycle.region),
            results=selectors.cycle_results(ratings, cycle.region),
            labels=selectors.level_labels(range(1, cycle.rubric.star_count + 1)),
            warnings=services.cycle_distribution_warnings(cycle) if runs else [],
            gaps=selectors.score_gaps(ratings),
            ratings=listed[:500],
            state=state,
            states=RatingState.choices,
            can_publicize=runs and cycle.state in (CycleState.OPEN, CycleState.REVIEWING),
            can_finalize=runs and cycle.state == CycleState.PUBLICIZING,
            publicize_form=PublicizeForm(),
            finalize_form=FinalizeForm(),
            events=cycle.events.select_related("actor"),
            **kwargs,
        )


RESULT_HEADERS = ["组织编码", "党组织", "所属区域", "状态", "总分", "结果", "类别", "一票否决"]


class CycleExportView(RegistryAccessMixin, View):
    """The cycle's ratings in the user's scope as a table (the 公示 list, the results)."""

    def get(self, request, pk):
        cycle = queries.cycle_detail(user=request.user, pk=pk)
        rows = (
            [
                r.organization.code,
                r.organization.name,
                r.organization.region.name,
                r.get_state_display(),
                r.total if r.total is not None else "",
                r.label,
                r.get_category_display(),
                "是" if r.vetoed else "",
            ]
            for r in queries.cycle_ratings(user=request.user, cycle=cycle).iterator()
        )
        title = f"{cycle.year}年{cycle.region.name}评星定级结果"
        return xlsx_table_response(title, RESULT_HEADERS, rows, user=request.user)


class CycleActionView(RegistryAccessMixin, View):
    http_method_names = ["post"]

    def prepare(self) -> None:
        if not permissions.can_run_cycles(self.request.user):
            raise PermissionDenied("只有区级管理员可以操作评定周期")
        self.object = queries.cycle_detail(user=self.request.user, pk=self.kwargs["pk"])
        self.back = cycle_url(self.object)


class CyclePublicizeView(CycleActionView):
    def post(self, request, pk):
        form = PublicizeForm(request.POST)
        if not form.is_valid():  # never read a mistyped date as "today"
            messages.error(request, "公示开始日期格式不正确，请按 年-月-日 填写")
            return redirect(self.back)
        start = form.cleaned_data["start"]
        return run(
            request,
            lambda: services.cycle_publicize(actor=request.user, cycle=self.object, start=start),
            "已开始公示",
            self.back,
        )


class CycleFinalizeView(CycleActionView):
    def post(self, request, pk):
        form = FinalizeForm(request.POST)
        if not form.is_valid():
            messages.error(request, "定级日期格式不正确，请按 年-月-日 填写")
            return redirect(self.back)
        return run(
            request,
            lambda: services.cycle_finalize(
                actor=request.user, cycle=self.object, **form.cleaned_data
            ),
            "已定级：结果已写入各党组织",
            self.back,
        )


# --- one rating -----------------------------------------------------------------------------


def rating_url(rating) -> str:
    return reverse("ratings:rating", args=[rating.pk])


class RatingMixin(RegistryAccessMixin):
    """The rating in scope (404 outside), its score sheet and what the user may do on it."""

    def prepare(self) -> None:
        self.rating = queries.rating_detail(user=self.request.user, pk=self.kwargs["pk"])
        self.can = queries.allowed(self.request.user, self.rating)

    def sheet(self):
        if not hasattr(self, "_sheet"):
            self._sheet = queries.score_sheet(self.rating)
        return self._sheet

    def vetoes(self):
        return queries.veto_rows(self.rating)

    def page(self, status=200, **forms):
        """The rating page, with ``forms`` bound to what was posted where there are any."""
        rating, rows, can = self.rating, self.sheet(), self.can
        vetoes = self.vetoes()
        context = {
            "rating": rating,
            "cycle": rating.cycle,
            "rows": rows,
            "vetoes": vetoes,
            "can": can,
            "levels": self.levels(),
            "events": rating.events.select_related("actor"),
            "objections": rating.objections.select_related("answered_by"),
            "weighs_satisfaction": bool(rating.cycle.rubric.satisfaction_weight),
        }
        context.update(self.default_forms(rows, vetoes))
        context.update(forms)
        return render(self.request, "ratings/rating.html", context, status=status)

    def levels(self) -> list[tuple[str, str]]:
        reached = {
            RatingState.DRAFT: [],
            RatingState.SUBMITTED: ["self"],
            RatingState.TOWN_REVIEWED: ["self", "town"],
        }.get(self.rating.state, ["self", "town", "district"])
        names = {"self": "自评", "town": "镇（园区）审核", "district": "区审定"}
        return [(level, names[level]) for level in reached]

    def default_forms(self, rows, vetoes) -> dict:
        can, forms = self.can, {}
        if can.self_assess:
            forms["self_form"] = ScoresForm(rows=rows, level="self", typed_only=True)
        if can.review or can.approve:
            level = "town" if can.review else "district"
            forms["review_scores"] = ScoresForm(rows=rows, level=level)
            forms["veto_form"] = VetoForm(rows=vetoes)
            forms["review_form"] = ReviewForm(initial={"satisfaction": self.rating.satisfaction})
        if can.return_to_draft or can.return_to_town:
            forms["return_form"] = ReasonForm()
        if can.record_objection:
            forms["objection_form"] = ObjectionForm()
        if can.answer_objection:
            forms["answer_form"] = AnswerForm(rows=rows, vetoes=vetoes)
        if can.set_category:
            forms["category_form"] = CategoryForm(initial={"category": self.rating.category})
        return forms


class RatingView(RatingMixin, View):
    def get(self, request, pk):
        return self.page()


class RatingActionView(RatingMixin, View):
    http_method_names = ["post"]
    # The Allowed flag the action needs; refused with 403 without it (role, own organization).
    needs = ""
    refusal = "您不能进行此操作"

    def prepare(self) -> None:
        super().prepare()
        if not self.permitted():
            raise PermissionDenied(self.refusal)

    def permitted(self) -> bool:
        """The role and the account may act; the state is the service's to check (a stale
        page gets its message, not a 403)."""
        user, rating = self.request.user, self.rating
        checks = {
            "self_assess": permissions.can_self_assess(user),
            "review": permissions.can_review(user),
            "approve": permissions.can_approve(user),
        }
        own = self.needs != "self_assess" and queries.holds(user, rating.organization)
        return checks[self.needs] and not own

    def done(self, message: str):
        messages.success(self.request, message)
        return redirect(rating_url(self.rating))


class SelfAssessView(RatingActionView):
    needs = "self_assess"
    refusal = "您的角色不能填写自评"

    def post(self, request, pk):
        form = ScoresForm(request.POST, rows=self.sheet(), level="self", typed_only=True)
        submit = request.POST.get("action") == "submit"
        if form.is_valid() and attempt(lambda: self.save(form, submit), form):
            return self.done("自评已提交，等待镇（园区）审核" if submit else "自评已保存")
        return self.page(self_form=form)

    def save(self, form, submit: bool) -> None:
        user, rating = self.request.user, self.rating
        services.rating_self_score(actor=user, rating=rating, scores=form.all_scores())
        if submit:
            services.rating_self_submit(actor=user, rating=rating)


class ReviewView(RatingActionView):
    """镇（园区）审核, or 区审定 (``level`` district): scores, vetoes, satisfaction."""

    needs = "review"
    level = "town"
    refusal = "只有镇（园区）或区级管理员可以审核，且不能审核本组织"

    def post(self, request, pk):
        scores = ScoresForm(request.POST, rows=self.sheet(), level=self.level)
        vetoes = VetoForm(request.POST, rows=self.vetoes())
        review = ReviewForm(request.POST)
        valid = all([scores.is_valid(), vetoes.is_valid(), review.is_valid()])
        if valid and attempt(lambda: self.save(scores, vetoes, review), review, scores, vetoes):
            return self.done(self.message)
        for form in (scores, vetoes, review):
            mark_invalid(form)
        return self.page(review_scores=scores, veto_form=vetoes, review_form=review)

    message = "已审核，报区审定"

    def save(self, scores, vetoes, review) -> None:
        services.rating_town_review(
            actor=self.request.user, rating=self.rating, **self.data(scores, vetoes, review)
        )

    def data(self, scores, vetoes, review) -> dict:
        return {
            "scores": scores.changed_scores(),
            "vetoes": vetoes.answers(),
            "satisfaction": review.cleaned_data["satisfaction"],
            "comment": review.cleaned_data["comment"],
        }


class ApproveView(ReviewView):
    needs = "approve"
    level = "district"
    refusal = "只有区级管理员可以审定，且不能审定本组织"
    message = "已审定"

    def save(self, scores, vetoes, review) -> None:
        _rating, warnings = services.rating_district_approve(
            actor=self.request.user, rating=self.rating, **self.data(scores, vetoes, review)
        )
        for warning in warnings:
            messages.warning(self.request, warning)


class ReturnView(RatingActionView):
    needs = "review"
    refusal = "您不能退回此评定"

    def post(self, request, pk):
        form = ReasonForm(request.POST)
        if form.is_valid() and attempt(
            lambda: services.rating_return(
                actor=request.user, rating=self.rating, reason=form.cleaned_data["reason"]
            ),
            form,
        ):
            return self.done("已退回")
        mark_invalid(form)
        return self.page(return_form=form)


class ObjectionAddView(RatingActionView):
    needs = "review"
    refusal = "只有镇（园区）或区级管理员可以登记异议"

    def post(self, request, pk):
        form = ObjectionForm(request.POST)
        if form.is_valid() and attempt(
            lambda: services.objection_record(
                actor=request.user, rating=self.rating, **form.cleaned_data
            ),
            form,
        ):
            return self.done("已登记异议")
        mark_invalid(form)
        return self.page(objection_form=form)


class ObjectionAnswerView(RatingActionView):
    needs = "approve"
    refusal = "只有区级管理员可以答复异议"

    def post(self, request, pk, objection):
        found = queries.objection_detail(user=request.user, rating=self.rating, pk=objection)
        form = AnswerForm(request.POST, rows=self.sheet(), vetoes=self.vetoes())
        if form.is_valid() and attempt(
            lambda: services.objection_answer(
                actor=request.user, objection=found, **form.service_kwargs()
            ),
            form,
        ):
            return self.done("已答复异议")
        mark_invalid(form)
        return self.page(answer_form=form, answering=found.pk)


class CategoryView(RatingActionView):
    needs = "approve"
    refusal = "只有区级管理员可以调整类别，且不能调整本组织"

    def post(self, request, pk):
        form = CategoryForm(request.POST)
        if form.is_valid() and attempt(
            lambda: services.rating_category_set(
                actor=request.user, rating=self.rating, **form.cleaned_data
            ),
            form,
        ):
            return self.done("已调整类别")
        mark_invalid(form)
        return self.page(category_form=form)


# --- an organization across cycles, and the distribution ------------------------------------


class HistoryView(Page):
    template_name = "ratings/history.html"

    def prepare(self) -> None:
        self.organization = queries.organization_detail(
            user=self.request.user, code=self.kwargs["code"]
        )

    def get_context_data(self, **kwargs):
        user, organization = self.request.user, self.organization
        ratings = queries.organization_ratings(user=user, organization=organization)
        can_change = (
            permissions.can_approve(user)
            and not queries.holds(user, organization)
            and bool(organization.star_level)
        )
        kwargs.setdefault("change_form", ChangeForm() if can_change else None)
        return super().get_context_data(
            organization=organization,
            ratings=selectors.organization_history(ratings, organization),
            changes=queries.organization_changes(user=user, organization=organization),
            **kwargs,
        )

    def post(self, request, code):
        user, organization = request.user, self.organization
        if not permissions.can_approve(user) or queries.holds(user, organization):
            raise PermissionDenied("只有区级管理员可以调整星级，且不能调整本组织")
        form = ChangeForm(request.POST)
        if form.is_valid() and attempt(
            lambda: services.rating_change_record(
                actor=user, organization=organization, **form.cleaned_data
            ),
            form,
        ):
            messages.success(request, f"已记录：{form.cleaned_data['reason']}")
            return redirect("ratings:history", code=organization.code)
        mark_invalid(form)
        return self.render_to_response(self.get_context_data(change_form=form))


class DistributionView(Page):
    """The organizations' current stars by region, and the share at or above each level
    (DOMAIN.md §3 "stars distribution"; WORK.md §3 "Statistics")."""

    template_name = "ratings/distribution.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        region = queries.chosen_region(user, self.request.GET.get("region", ""))
        rows, total = [], None
        if region is not None:
            organizations = scoped(PartyOrganization.objects.all(), user)
            rows = selectors.star_distribution(organizations, region)
            total = selectors.total_of(rows, region)
        return super().get_context_data(
            region=region,
            top=queries.top_region(user),
            rows=rows,
            total=total,
            labels=selectors.level_labels(),
            **kwargs,
        )
