"""Pages of co-building (Chinese, scoped; the record forms fit a 390 px phone): the lists
of pairings, alliances and workshops with their region filter and xlsx export, their
detail pages with outcomes and figures, the record forms, the 联建成效 roll-up and the
district's sets."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from liangxin.cobuilding import forms, permissions, selectors, services
from liangxin.cobuilding.models import (
    Alliance,
    AllianceKind,
    AllianceMember,
    JointMeeting,
    MeetingIssue,
    Outcome,
    OutcomeType,
    Pairing,
    Programme,
    Workshop,
    WorkshopType,
)
from liangxin.core.downloads import xlsx_table_response
from liangxin.core.forms import add_service_errors, mark_invalid
from liangxin.core.scoping import get_scoped_or_404
from liangxin.core.views import ConfirmDeletePage, RecordFormPage, RegistryAccessMixin
from liangxin.regions.pages import ScopedListPage, chosen_region, chosen_year

PAGE_SIZE = 25


def _blank(value):
    return "" if value is None else value


def _date(value) -> str:
    return value.isoformat() if value else ""


class Tabs:
    TABS = [
        ("pairings", "村企联建"),
        ("alliances", "党建联盟"),
        ("workshops", "共富工坊"),
        ("figures", "联建成效"),
        ("sets", "项目与类型"),
    ]
    tab = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(tabs=self.TABS, tab=self.tab, **kwargs)


# --- lists ------------------------------------------------------------------------------


class ListPage(Tabs, ScopedListPage):
    """A scoped list, filtered by region and text, 25 a page; ``export=True``: the xlsx."""

    namespace = "cobuilding"
    template_name = "cobuilding/list.html"
    region_field = "region__path"
    detail_name = ""

    def link(self, row) -> str:
        return reverse(self.detail_name, args=[row.pk])

    def create_url(self) -> str:
        return reverse(f"cobuilding:{self.tab.rstrip('s')}-create")

    def may_create(self) -> bool:
        return permissions.can_keep(self.request.user)

    def region_choices(self):
        return selectors.region_choices(self.request.user)


class PairingList(ListPage):
    tab, title, create_label = "pairings", "村企联建", "登记联建"
    detail_name = "cobuilding:pairing"
    headers = [
        "联建项目", "企业或党组织", "结对村（社区）", "所属区域", "签约日期", "到期日期",
        "轮次", "合作载体", "成效记录", "存续",
    ]  # fmt: skip
    search_fields = (
        "enterprise__name",
        "organization__name",
        "village_name",
        "village_region__name",
    )

    def base_rows(self):
        return selectors.pairings(user=self.request.user).order_by("-signed_on", "-id")

    def cells(self, p):
        return [
            p.programme.name, p.party_label, p.village_label, p.region.name, _date(p.signed_on),
            _date(p.ends_on), p.round_no, p.vehicle, p.outcome_count, "是" if p.active else "否",
        ]  # fmt: skip


class AllianceList(ListPage):
    tab, title, create_label = "alliances", "党建联盟", "新建联盟"
    detail_name = "cobuilding:alliance"
    headers = ["联盟名称", "联盟类型", "所属区域", "牵头党组织", "成立日期", "在盟成员", "联席会议"]
    search_fields = ("name", "lead__name")

    def base_rows(self):
        return selectors.alliances(user=self.request.user).order_by("region__path", "name")

    def cells(self, a):
        return [
            a.name, a.kind.name, a.region.name, a.lead.name if a.lead else "",
            _date(a.founded_on), a.member_count, a.meeting_count,
        ]  # fmt: skip


class WorkshopList(ListPage):
    tab, title, create_label = "workshops", "共富工坊", "登记工坊"
    detail_name = "cobuilding:workshop"
    headers = ["工坊名称", "工坊类型", "主办企业", "结对村（社区）", "所属区域", "建成日期",
               "村集体股份（%）", "运营中"]  # fmt: skip
    search_fields = ("name", "enterprise__name", "village_name", "village_region__name")

    def base_rows(self):
        return selectors.workshops(user=self.request.user).order_by("region__path", "name")

    def cells(self, w):
        return [
            w.name, w.workshop_type.name, w.enterprise.name if w.enterprise else "",
            w.village_label, w.region.name, _date(w.opened_on), _blank(w.equity_share),
            "是" if w.active else "否",
        ]  # fmt: skip


# --- forms ------------------------------------------------------------------------------


class FormPage(Tabs, RecordFormPage):
    template_name = "cobuilding/form.html"
    allowed = staticmethod(permissions.can_keep)

    def back_url(self) -> str:
        return reverse(f"cobuilding:{self.tab}")


def keep_current_choices(form, instance) -> None:
    """An entry of a set switched off since stays choosable on the records that use it
    (else a record could not be corrected without changing its programme or type)."""
    for name, field in form.fields.items():
        current = getattr(instance, f"{name}_id", None)
        model = getattr(getattr(field, "queryset", None), "model", None)
        if current is not None and model is not None and hasattr(model, "active"):
            field.queryset = model.objects.filter(Q(active=True) | Q(pk=current))


def _initial_of(instance, form_class, codes: dict[str, str]) -> dict:
    """The form's fields from ``instance``; related records by their code."""
    initial = {}
    for name in form_class.base_fields:
        value = getattr(instance, name, None)
        if name in codes:
            value = getattr(value, codes[name]) if value is not None else ""
        elif hasattr(value, "pk"):
            value = value.pk
        initial[name] = value
    return initial


class KeptRecord(FormPage):
    """Create (no pk) or edit (pk) a pairing, alliance or workshop."""

    model = Pairing
    codes: dict[str, str] = {}
    edit_form = None

    def prepare(self) -> None:
        super().prepare()
        pk = self.kwargs.get("pk")
        self.instance = selectors.detail(self.model, user=self.request.user, pk=pk) if pk else None
        if self.instance is not None:
            self.form_class = self.edit_form
            self.title = f"修改{self.noun}"

    def get_initial(self):
        if self.instance is None:
            return {self.date_field: timezone.localdate()}
        return _initial_of(self.instance, self.form_class, self.codes)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.instance is not None:
            keep_current_choices(form, self.instance)
        return form

    def success_url_for(self):
        return reverse(f"cobuilding:{self.model._meta.model_name}", args=[self.saved.pk])

    def get_context_data(self, **kwargs):
        if self.instance is not None:
            name = self.model._meta.model_name
            kwargs["delete_url"] = reverse(f"cobuilding:{name}-delete", args=[self.instance.pk])
        return super().get_context_data(**kwargs)


class PairingEdit(KeptRecord):
    tab, noun, title, done = "pairings", "村企联建", "登记村企联建", "已保存村企联建"
    model, form_class, edit_form = Pairing, forms.PairingForm, forms.PairingEditForm
    date_field = "signed_on"
    codes = {
        "enterprise": "uscc", "organization": "code", "region": "code", "village_region": "code",
    }  # fmt: skip

    def perform(self, d):
        return services.pairing_save(actor=self.request.user, pairing=self.instance, **d)


class AllianceEdit(KeptRecord):
    tab, noun, title, done = "alliances", "党建联盟", "新建党建联盟", "已保存党建联盟"
    model, form_class, edit_form = Alliance, forms.AllianceForm, forms.AllianceEditForm
    date_field = "founded_on"
    codes = {"region": "code", "lead": "code"}

    def perform(self, d):
        return services.alliance_save(actor=self.request.user, alliance=self.instance, **d)


class WorkshopEdit(KeptRecord):
    tab, noun, title, done = "workshops", "共富工坊", "登记共富工坊", "已保存共富工坊"
    model, form_class, edit_form = Workshop, forms.WorkshopForm, forms.WorkshopEditForm
    date_field = "opened_on"
    codes = {"enterprise": "uscc", "region": "code", "village_region": "code"}

    def perform(self, d):
        return services.workshop_save(actor=self.request.user, workshop=self.instance, **d)


HOLDERS = {"pairings": Pairing, "alliances": Alliance, "workshops": Workshop}


class HolderForm(FormPage):
    """A form recorded against one pairing, alliance or workshop (found in scope or 404)."""

    model = Alliance

    def prepare(self) -> None:
        super().prepare()
        self.holder = selectors.detail(self.model, user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(holder=self.holder, **kwargs)

    def back_url(self):
        return reverse(f"cobuilding:{self.holder._meta.model_name}", args=[self.holder.pk])


class OutcomeCreate(HolderForm):
    title, done = "登记联建成效", "已登记成效"
    form_class = forms.OutcomeForm
    allowed = staticmethod(permissions.can_record)

    def prepare(self) -> None:
        self.model = HOLDERS.get(self.kwargs["holder"])
        if self.model is None:
            raise Http404("未找到该记录")
        self.tab = self.kwargs["holder"]
        super().prepare()

    def perform(self, d):
        return services.outcome_record(actor=self.request.user, holder=self.holder, **d)


class OutcomeEdit(FormPage):
    title, done = "修改联建成效", "已修改成效"
    form_class = forms.OutcomeForm
    allowed = staticmethod(permissions.can_record)

    def prepare(self) -> None:
        super().prepare()
        self.outcome = selectors.detail(Outcome, user=self.request.user, pk=self.kwargs["pk"])
        self.holder = self.outcome.holder
        self.tab = f"{self.holder._meta.model_name}s"

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        keep_current_choices(form, self.outcome)
        return form

    def get_initial(self):
        o = self.outcome
        return {
            "year": o.year, "month": o.month, "outcome_type": o.outcome_type_id,
            "value": o.value, "note": o.note,
        }  # fmt: skip

    def get_context_data(self, **kwargs):
        delete = reverse("cobuilding:outcome-delete", args=[self.outcome.pk])
        return super().get_context_data(holder=self.holder, delete_url=delete, **kwargs)

    def back_url(self):
        return reverse(f"cobuilding:{self.holder._meta.model_name}", args=[self.holder.pk])

    def perform(self, d):
        return services.outcome_record(
            actor=self.request.user, holder=self.holder, outcome=self.outcome, **d
        )


class MemberEdit(FormPage):
    tab, title, done = "alliances", "修改联盟成员", "已修改成员"
    form_class = forms.MemberForm

    def prepare(self) -> None:
        super().prepare()
        self.member = selectors.detail(AllianceMember, user=self.request.user, pk=self.kwargs["pk"])

    def get_initial(self):
        codes = {"organization": "code", "enterprise": "uscc"}
        return _initial_of(self.member, self.form_class, codes)

    def get_context_data(self, **kwargs):
        delete = reverse("cobuilding:member-delete", args=[self.member.pk])
        return super().get_context_data(holder=self.member.alliance, delete_url=delete, **kwargs)

    def back_url(self):
        return reverse("cobuilding:alliance", args=[self.member.alliance_id])

    def perform(self, d):
        return services.member_update(actor=self.request.user, member=self.member, **d)


class MemberCreate(HolderForm):
    tab, title, done = "alliances", "添加联盟成员", "已添加成员"
    form_class = forms.MemberForm

    def get_initial(self):
        return {"joined_on": timezone.localdate()}

    def perform(self, d):
        return services.member_add(actor=self.request.user, alliance=self.holder, **d)


class ChairCreate(HolderForm):
    tab, title, done = "alliances", "设置轮值主席", "已设置轮值主席"
    form_class = forms.ChairForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "alliance": self.holder}

    def perform(self, d):
        return services.chair_term_add(actor=self.request.user, alliance=self.holder, **d)


class MeetingCreate(HolderForm):
    tab, title, done = "alliances", "登记联席会议", "已登记联席会议"
    form_class = forms.MeetingForm
    allowed = staticmethod(permissions.can_record)

    def get_initial(self):
        return {"held_on": timezone.localdate()}

    def perform(self, d):
        return services.meeting_record(actor=self.request.user, alliance=self.holder, **d)


class MeetingEdit(FormPage):
    tab, title, done = "alliances", "修改联席会议", "已修改联席会议"
    form_class = forms.MeetingEditForm
    allowed = staticmethod(permissions.can_record)

    def prepare(self) -> None:
        super().prepare()
        self.meeting = selectors.detail(JointMeeting, user=self.request.user, pk=self.kwargs["pk"])

    def get_initial(self):
        return _initial_of(self.meeting, self.form_class, {})

    def get_context_data(self, **kwargs):
        delete = reverse("cobuilding:meeting-delete", args=[self.meeting.pk])
        return super().get_context_data(holder=self.meeting.alliance, delete_url=delete, **kwargs)

    def back_url(self):
        return reverse("cobuilding:alliance", args=[self.meeting.alliance_id])

    def perform(self, d):
        return services.meeting_update(actor=self.request.user, meeting=self.meeting, **d)


class FigureCreate(HolderForm):
    tab, title, done = "workshops", "登记工坊数据", "已登记工坊数据"
    model = Workshop
    form_class = forms.FigureForm
    allowed = staticmethod(permissions.can_record)

    def perform(self, d):
        return services.figure_record(actor=self.request.user, workshop=self.holder, **d)


class IssueFollow(FormPage):
    tab, title, done = "alliances", "跟进联席会议问题", "已登记跟进情况"
    form_class = forms.IssueForm
    allowed = staticmethod(permissions.can_record)

    def prepare(self) -> None:
        super().prepare()
        self.issue = get_scoped_or_404(
            MeetingIssue.objects.select_related("meeting"), self.request.user, pk=self.kwargs["pk"]
        )

    def get_initial(self):
        i = self.issue
        return {"state": i.state, "follow_up": i.follow_up, "closed_on": i.closed_on}

    def get_context_data(self, **kwargs):
        return super().get_context_data(issue=self.issue, **kwargs)

    def back_url(self):
        return reverse("cobuilding:alliance", args=[self.issue.meeting.alliance_id])

    def perform(self, d):
        return services.issue_follow(actor=self.request.user, issue=self.issue, **d)


# --- deletions ----------------------------------------------------------------------------


class Delete(Tabs, ConfirmDeletePage):
    """The delete question of a co-building record (core.views.ConfirmDeletePage)."""

    model = Pairing
    allowed = staticmethod(permissions.can_keep)
    tabs_template = "cobuilding/_tabs.html"
    blocked_note = (
        "这些是已统计的成果，不随之删除。如已终止，请在“修改”中取消“存续”；"
        "如确属误录，请先逐条删除这些记录。"
    )

    def find(self):
        return selectors.detail(self.model, user=self.request.user, pk=self.kwargs["pk"])

    def cancel_url(self) -> str:
        return reverse(f"cobuilding:{self.model._meta.model_name}", args=[self.object.pk])

    def back_url(self) -> str:
        return reverse(f"cobuilding:{self.tab}")


class HolderDelete(Delete):
    def blocked(self):
        return services.holder_results(self.object)


class PairingDelete(HolderDelete):
    tab, model, noun = "pairings", Pairing, "村企联建"

    def perform(self, *, actor, record):
        services.pairing_delete(actor=actor, pairing=record)


class AllianceDelete(HolderDelete):
    tab, model, noun = "alliances", Alliance, "党建联盟"

    def going_too(self):
        a = self.object
        return [f"联盟成员 {a.members.count()} 家", f"轮值主席任期 {a.chair_terms.count()} 个"]

    def perform(self, *, actor, record):
        services.alliance_delete(actor=actor, alliance=record)


class WorkshopDelete(HolderDelete):
    tab, model, noun = "workshops", Workshop, "共富工坊"

    def perform(self, *, actor, record):
        services.workshop_delete(actor=actor, workshop=record)


class PartDelete(Delete):
    """A member, meeting or outcome: back to the page of the record it belongs to."""

    tab = "alliances"

    def holder(self):
        return self.object.alliance

    def cancel_url(self) -> str:
        holder = self.holder()
        return reverse(f"cobuilding:{holder._meta.model_name}", args=[holder.pk])

    back_url = cancel_url


class MemberDelete(PartDelete):
    model, noun = AllianceMember, "联盟成员"

    def perform(self, *, actor, record):
        services.member_delete(actor=actor, member=record)


class MeetingDelete(PartDelete):
    model, noun = JointMeeting, "联席会议"
    allowed = staticmethod(permissions.can_record)

    def going_too(self):
        return [f"问题：{i.description}" for i in self.object.issues.all()]

    def perform(self, *, actor, record):
        services.meeting_delete(actor=actor, meeting=record)


class OutcomeDelete(PartDelete):
    model, noun = Outcome, "联建成效"
    allowed = staticmethod(permissions.can_record)

    def prepare(self) -> None:
        super().prepare()
        self.tab = f"{self.holder()._meta.model_name}s"

    def holder(self):
        return self.object.holder

    def perform(self, *, actor, record):
        services.outcome_delete(actor=actor, outcome=record)


# --- details ----------------------------------------------------------------------------


class Detail(Tabs, RegistryAccessMixin, TemplateView):
    model = Pairing

    def prepare(self) -> None:
        self.object = selectors.detail(self.model, user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            object=self.object,
            outcomes=self.object.outcomes.select_related("outcome_type"),
            holder_key=self.tab,
            may_keep=permissions.can_keep(user),
            may_record=permissions.can_record(user),
            **kwargs,
        )


class PairingDetail(Detail):
    tab, model, template_name = "pairings", Pairing, "cobuilding/pairing.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            targets=selectors.yearly_against_target(self.object), **kwargs
        )


class WorkshopDetail(Detail):
    tab, model, template_name = "workshops", Workshop, "cobuilding/workshop.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(figures=self.object.figures.all(), **kwargs)


class AllianceDetail(Detail):
    tab, model, template_name = "alliances", Alliance, "cobuilding/alliance.html"

    def get_context_data(self, **kwargs):
        a = self.object
        return super().get_context_data(
            members=a.members.select_related("organization", "enterprise"),
            chair_terms=a.chair_terms.select_related("chair__organization", "chair__enterprise"),
            chair=selectors.current_chair(a),
            meetings=a.meetings.prefetch_related("issues"),
            meeting_due=selectors.alliances_meeting_due().filter(pk=a.pk).exists(),
            **kwargs,
        )


# --- the roll-up ------------------------------------------------------------------------


class Figures(Tabs, RegistryAccessMixin, TemplateView):
    tab, template_name = "figures", "cobuilding/figures.html"
    export = False

    def rollup(self):
        return selectors.rollup(
            user=self.request.user,
            region=chosen_region(self.request),
            year=chosen_year(self.request),
        )

    def get(self, request, *args, **kwargs):
        if not self.export:
            return super().get(request, *args, **kwargs)
        found = self.rollup()
        headers, rows = export_table(found)
        title = f"联建成效（{found.year}年）"
        return xlsx_table_response(title, headers, rows, user=request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="联建成效",
            rollup=self.rollup(),
            workshop_columns=selectors.WORKSHOP_COLUMNS,
            body_columns=selectors.BODY_COLUMNS,
            regions=selectors.region_choices(self.request.user),
            years=selectors.years_with_data(self.request.user),
            query=self.request.GET,
            **kwargs,
        )


def export_table(found) -> tuple[list, list]:
    headers = ["区域"]
    for t in found.types:
        headers += [f"{t.name}·主体数", f"{t.name}（{t.unit}）"]
    columns = [*selectors.BODY_COLUMNS, *selectors.WORKSHOP_COLUMNS]
    headers += [label for _, label in columns]
    rows = []
    for row in [*found.rows, *([found.total] if found.rows else [])]:
        cells = [row["label"]]
        for t in found.types:
            holders, value = row["outcomes"][t.pk]
            cells += [holders, value]
        cells += [_blank(row[key]) for key, _ in columns]
        rows.append(cells)
    return headers, rows


# --- the sets -----------------------------------------------------------------------------

SETS = {
    "programme": (Programme, "联建项目"),
    "outcome": (OutcomeType, "成效类型"),
    "workshop": (WorkshopType, "工坊类型"),
    "alliance": (AllianceKind, "联盟类型"),
}


class Sets(Tabs, RegistryAccessMixin, TemplateView):
    """The programmes and types a district edits (name, source, unit, on or off)."""

    tab, template_name = "sets", "cobuilding/sets.html"

    def get_context_data(self, **kwargs):
        filled = kwargs.pop("filled", {})
        return super().get_context_data(
            sections=[(k, label, model.objects.all()) for k, (model, label) in SETS.items()],
            forms_now={
                k: filled.get(k) or forms.SetItemForm(prefix=k, with_unit=k == "outcome")
                for k in SETS
            },
            may_edit=permissions.can_edit_sets(self.request.user),
            **kwargs,
        )

    def post(self, request):
        if not permissions.can_edit_sets(request.user):
            raise PermissionDenied("只有区级管理员可以维护联建项目和类型")
        if (toggle := request.POST.get("toggle", "")) and ":" in toggle:
            return self.toggle(toggle)
        kind = request.POST.get("kind", "")
        if kind not in SETS:
            raise Http404("没有这个类型")
        form = forms.SetItemForm(request.POST, prefix=kind, with_unit=kind == "outcome")
        if form.is_valid():
            try:
                services.set_item_create(
                    actor=request.user, model=SETS[kind][0], **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "已添加")
                return redirect("cobuilding:sets")
        mark_invalid(form)
        return self.render_to_response(self.get_context_data(filled={kind: form}))

    def toggle(self, toggle: str):
        kind, _, pk = toggle.partition(":")
        model = SETS.get(kind, (None,))[0]
        row = model.objects.filter(pk=pk).first() if model and pk.isdigit() else None
        if row is None:
            raise Http404("未找到该类型")
        services.set_item_toggle(actor=self.request.user, row=row)
        return redirect("cobuilding:sets")


class SetEdit(FormPage):
    """Rename an entry of a set, change its source (and unit), switch it on or off."""

    tab, done = "sets", "已保存"
    form_class = forms.SetItemEditForm
    allowed = staticmethod(permissions.can_edit_sets)
    refused = "只有区级管理员可以维护联建项目和类型"

    def prepare(self) -> None:
        super().prepare()
        model, self.noun = SETS.get(self.kwargs["kind"], (None, ""))
        row = model.objects.filter(pk=self.kwargs["pk"]).first() if model else None
        if row is None:
            raise Http404("未找到该类型")
        self.row = row
        self.title = f"修改{self.noun}：{row.name}"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "with_unit": self.kwargs["kind"] == "outcome"}

    def get_initial(self):
        r = self.row
        return {"name": r.name, "source": r.source, "active": r.active,
                "unit": getattr(r, "unit", None)}  # fmt: skip

    def back_url(self) -> str:
        return reverse("cobuilding:sets")

    def perform(self, d):
        return services.set_item_update(actor=self.request.user, row=self.row, **d)
