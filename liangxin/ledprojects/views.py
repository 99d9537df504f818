"""Pages of 领办项目 (Chinese, scoped; the record forms fit a 390 px phone): the year's
projects with their region filter and xlsx export (projects and milestones), a project's
page with its milestones on time or overdue, the milestone forms, the 赛马 rounds with
their ranked results, and the year's statistics."""

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from liangxin.core.downloads import xlsx_table_response
from liangxin.core.views import RecordFormPage, RegistryAccessMixin
from liangxin.ledprojects import forms, permissions, selectors, services
from liangxin.ledprojects.models import LeaderKind
from liangxin.regions.pages import chosen_region, chosen_year

PAGE_SIZE = 25


def _date(value) -> str:
    return value.isoformat() if value else ""


class Tabs:
    TABS = [("projects", "领办项目"), ("rounds", "擂台赛"), ("figures", "统计")]
    tab = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(tabs=self.TABS, tab=self.tab, **kwargs)


# --- projects -------------------------------------------------------------------------------

PROJECT_HEADERS = [
    "年度", "项目名称", "领办类型", "领办人或单位", "服务区域", "状态", "节点数", "已完成",
    "已逾期",
]  # fmt: skip
EXPORT_HEADERS = [
    "年度", "项目名称", "领办类型", "领办人或单位", "服务区域", "项目目标", "项目状态",
    "节点", "责任人", "完成时限", "进度", "完成日期", "按期情况", "进展情况", "佐证材料",
]  # fmt: skip


def project_cells(p) -> list:
    return [
        p.year, p.title, p.get_leader_kind_display(), p.leader_label, p.region.name,
        p.get_state_display(), p.milestone_count, p.done_count, p.overdue_count,
    ]  # fmt: skip


def export_rows(rows):
    """One row a milestone (the project's columns repeated); a project without milestones
    still has its row."""
    today = timezone.localdate()
    for p in rows.prefetch_related("milestones"):
        head = [
            p.year, p.title, p.get_leader_kind_display(), p.leader_label, p.region.name,
            "；".join(p.target_lines), p.get_state_display(),
        ]  # fmt: skip
        milestones = list(p.milestones.all())
        if not milestones:
            yield head + [""] * 8
        for m in milestones:
            status = selectors.STATUS_LABELS[selectors.milestone_status(m, today)]
            yield head + [
                m.title, m.owner, _date(m.due_on), m.get_state_display(), _date(m.done_on),
                status, m.progress, m.evidence,
            ]  # fmt: skip


class ProjectList(Tabs, RegistryAccessMixin, TemplateView):
    tab, template_name = "projects", "ledprojects/list.html"
    export = False

    def rows(self):
        rows = selectors.projects(user=self.request.user, year=chosen_year(self.request))
        region = chosen_region(self.request)
        if region is not None:
            rows = rows.filter(region__path__startswith=region.path)
        if kind := self.request.GET.get("kind", "").strip():
            rows = rows.filter(leader_kind=kind[:20])
        if text := self.request.GET.get("q", "").strip()[:50]:
            rows = rows.filter(title__contains=text)
        return rows.order_by("leader_kind", "title")

    def get(self, request, *args, **kwargs):
        if self.export:
            title = f"领办项目（{chosen_year(request)}年）"
            return xlsx_table_response(
                title, EXPORT_HEADERS, export_rows(self.rows()), user=request.user
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        page = Paginator(self.rows(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            title="领办项目",
            headers=PROJECT_HEADERS,
            page=page,
            items=[(reverse("ledprojects:project", args=[p.pk]), project_cells(p)) for p in page],
            query=query,
            year=chosen_year(self.request),
            years=selectors.years_with_data(self.request.user),
            kinds=LeaderKind.choices,
            regions=selectors.region_choices(self.request.user),
            may_keep=permissions.can_keep(self.request.user),
            **kwargs,
        )


class ProjectDetail(Tabs, RegistryAccessMixin, TemplateView):
    tab, template_name = "projects", "ledprojects/project.html"

    def prepare(self) -> None:
        self.object = selectors.project(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        milestones = [
            (m, selectors.milestone_status(m, today)) for m in self.object.milestones.all()
        ]
        counts = dict.fromkeys(selectors.STATUS_LABELS, 0)
        for _, status in milestones:
            counts[status] += 1
        return super().get_context_data(
            object=self.object,
            milestones=milestones,
            counts=counts,
            labels=selectors.STATUS_LABELS,
            results=self.object.results.select_related("round").order_by("round__held_on"),
            may_keep=permissions.can_keep(self.request.user),
            **kwargs,
        )


# --- forms ----------------------------------------------------------------------------------


class FormPage(Tabs, RecordFormPage):
    template_name = "ledprojects/form.html"
    tab = "projects"
    allowed = staticmethod(permissions.can_keep)
    holder = None

    def get_context_data(self, **kwargs):
        return super().get_context_data(holder=self.holder, **kwargs)


class ProjectEdit(FormPage):
    """Create (no pk) or edit (pk) a project."""

    title, done = "登记领办项目", "已保存领办项目"
    form_class = forms.ProjectForm

    def prepare(self) -> None:
        super().prepare()
        pk = self.kwargs.get("pk")
        self.instance = selectors.project(user=self.request.user, pk=pk) if pk else None
        if self.instance is not None:
            self.title = "修改领办项目"

    def get_initial(self):
        p = self.instance
        if p is None:
            return {"year": timezone.localdate().year, "state": "active"}
        names = ("year", "title", "leader_kind", "leader_name", "targets", "description", "state")
        initial = {name: getattr(p, name) for name in names}
        initial |= {"lead_unit": p.lead_unit_id, "lead_region": p.lead_region_id}
        return initial | {"region": p.region_id}

    def back_url(self):
        if self.instance is not None:
            return reverse("ledprojects:project", args=[self.instance.pk])
        return reverse("ledprojects:projects")

    def success_url_for(self):
        return reverse("ledprojects:project", args=[self.saved.pk])

    def perform(self, d):
        return services.project_save(actor=self.request.user, project=self.instance, **d)


class MilestoneCreate(FormPage):
    title, done = "添加项目节点", "已添加节点"
    form_class = forms.MilestoneForm

    def prepare(self) -> None:
        super().prepare()
        self.holder = selectors.project(user=self.request.user, pk=self.kwargs["pk"])

    def get_initial(self):
        return {"state": "not_started"}

    def back_url(self):
        return reverse("ledprojects:project", args=[self.holder.pk])

    def perform(self, d):
        return services.milestone_add(actor=self.request.user, project=self.holder, **d)


class MilestoneEdit(FormPage):
    """The plan (``form_class`` MilestoneForm) or the progress (ProgressForm) of a milestone."""

    title, done = "修改项目节点", "已保存节点"
    form_class = forms.MilestoneForm

    def prepare(self) -> None:
        super().prepare()
        self.milestone = selectors.milestone(user=self.request.user, pk=self.kwargs["pk"])
        self.holder = self.milestone.project

    def get_initial(self):
        return {name: getattr(self.milestone, name) for name in self.form_class.base_fields}

    def get_context_data(self, **kwargs):
        return super().get_context_data(milestone=self.milestone, **kwargs)

    def back_url(self):
        return reverse("ledprojects:project", args=[self.holder.pk])

    def perform(self, d):
        return services.milestone_update(actor=self.request.user, milestone=self.milestone, **d)


class MilestoneProgress(MilestoneEdit):
    title, done = "登记节点进展", "已登记进展"
    form_class = forms.ProgressForm


# --- 赛马 rounds ------------------------------------------------------------------------------


class RoundList(Tabs, RegistryAccessMixin, TemplateView):
    tab, template_name = "rounds", "ledprojects/rounds.html"

    def get_context_data(self, **kwargs):
        year = chosen_year(self.request)
        return super().get_context_data(
            title="推进会与擂台赛",
            year=year,
            years=selectors.years_with_data(self.request.user),
            rounds=selectors.rounds(user=self.request.user, year=year).order_by("held_on", "pk"),
            may_race=permissions.can_race(self.request.user),
            **kwargs,
        )


class RoundDetail(Tabs, RegistryAccessMixin, TemplateView):
    tab, template_name = "rounds", "ledprojects/round.html"

    def prepare(self) -> None:
        self.object = selectors.race_round(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.object,
            results=selectors.ranked_results(self.object, user=self.request.user),
            may_race=permissions.can_race(self.request.user),
            **kwargs,
        )


class RoundEdit(FormPage):
    tab, title, done = "rounds", "登记推进会或擂台赛", "已保存"
    form_class = forms.RoundForm
    allowed = staticmethod(permissions.can_race)

    def prepare(self) -> None:
        super().prepare()
        pk = self.kwargs.get("pk")
        self.instance = selectors.race_round(user=self.request.user, pk=pk) if pk else None
        if self.instance is not None:
            self.title = "修改推进会或擂台赛"

    def get_initial(self):
        if self.instance is None:
            today = timezone.localdate()
            top = selectors.region_choices(self.request.user).order_by("depth", "path").first()
            return {"year": today.year, "held_on": today, "kind": "arena", "region": top}
        initial = {name: getattr(self.instance, name) for name in self.form_class.base_fields}
        return initial | {"region": self.instance.region_id}

    def back_url(self):
        if self.instance is not None:
            return reverse("ledprojects:round", args=[self.instance.pk])
        return reverse("ledprojects:rounds")

    def success_url_for(self):
        return reverse("ledprojects:round", args=[self.saved.pk])

    def perform(self, d):
        return services.round_save(actor=self.request.user, race_round=self.instance, **d)


class ResultEdit(FormPage):
    """A project's score in a round: new (round pk) or edited (result pk)."""

    tab, title, done = "rounds", "登记比拼成绩", "已保存成绩"
    form_class = forms.ResultForm
    allowed = staticmethod(permissions.can_race)

    def prepare(self) -> None:
        super().prepare()
        user = self.request.user
        if "result" in self.kwargs:
            self.instance = selectors.result(user=user, pk=self.kwargs["result"])
            self.holder = self.instance.round
            self.title = "修改比拼成绩"
        else:
            self.instance = None
            self.holder = selectors.race_round(user=user, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "race_round": self.holder}

    def get_initial(self):
        r = self.instance
        if r is None:
            return {}
        return {"project": r.project_id, "score": r.score, "award": r.award, "comment": r.comment}

    def back_url(self):
        return reverse("ledprojects:round", args=[self.holder.pk])

    def perform(self, d):
        return services.result_save(
            actor=self.request.user, race_round=self.holder, result=self.instance, **d
        )


# --- statistics -------------------------------------------------------------------------------


class Figures(Tabs, RegistryAccessMixin, TemplateView):
    tab, template_name = "figures", "ledprojects/figures.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="领办项目统计",
            stats=selectors.statistics(user=self.request.user, year=chosen_year(self.request)),
            years=selectors.years_with_data(self.request.user),
            **kwargs,
        )
