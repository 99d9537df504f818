"""Pages of 流动党员与组织关系转接: an overview, the work lists, records and their forms.

Every list is one ``MobilityListView``: a scoped selector, a FilterSet, 25 rows
a page, and ``?export=xlsx`` for the same rows as a workbook. A list names its
columns once (``headers`` and ``row``) so the page and the export never differ; a row
holds dates and counts as such, so the workbook types them (core.spreadsheets) and the
page shows them as text.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View

from liangxin.core import roles
from liangxin.core.downloads import xlsx_table_response as workbook_response
from liangxin.core.scoping import get_scoped_or_404
from liangxin.core.services import OutOfScope
from liangxin.core.spreadsheets import plain_cell
from liangxin.core.views import (
    RegistryAccessMixin,
    RegistryDetailView,
    RegistryListView,
    ServiceFormView,
)
from liangxin.mobility import filters, selectors, services
from liangxin.mobility.deadlines import contact_months, fixed_place_months
from liangxin.mobility.forms import (
    AgreementForm,
    ContactForm,
    MobileProfileForm,
    ReceiveForm,
    RegistrationForm,
    ReturnForm,
    TransferForm,
    TransferredInForm,
)
from liangxin.mobility.models import InflowRegistration, TransferState
from liangxin.regions.selectors import region_suggestions
from liangxin.rules.values import rule_value

EDIT_KIND = services.EDIT_KIND


@dataclass(frozen=True)
class Link:
    text: str
    url: str

    def __str__(self):
        return self.text


def member_link(member) -> Link:
    return Link(member.name, reverse("mobility:member", args=[member.public_id]))


def days_since(value, today) -> int | str:
    return (today - value).days if value else "从未联系"


# --- the list base ------------------------------------------------------------------------


class MobilityListView(RegistryListView):
    region_suggestions = staticmethod(region_suggestions)
    kind = EDIT_KIND
    template_name = "mobility/list.html"
    title = ""
    rule_note = ""  # the rule behind the list, shown above it (with its source)
    headers: tuple[str, ...] = ()
    create_url_name = ""
    create_label = ""

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def row(self, obj) -> list:
        raise NotImplementedError

    def rows(self, objects) -> list[list]:
        self.today = timezone.localdate()
        return [self.row(obj) for obj in objects]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title,
            rule_note=self.describe_rule(),
            headers=self.headers,
            rows=self.rows(context["object_list"]),
            export_query=self.export_query(),
            create_url=reverse(self.create_url_name) if self.create_url_name else "",
            create_label=self.create_label,
        )
        return context

    def describe_rule(self) -> str:
        return self.rule_note

    def export_query(self) -> str:
        query = self.request.GET.copy()
        query.pop("page", None)
        query["export"] = "xlsx"
        return query.urlencode()

    def export(self) -> HttpResponse:
        filterset = self.get_filterset(self.get_filterset_class())
        objects = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        listed = self.rows(objects.iterator(chunk_size=2000))
        rows = ([plain_cell(cell) for cell in row] for row in listed)  # typed where they are
        return workbook_response(self.title, list(self.headers), rows, user=self.request.user)


# --- overview and one member ---------------------------------------------------------------


class OverviewView(RegistryAccessMixin, TemplateView):
    template_name = "mobility/overview.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            counts=selectors.overview_counts(user=user),
            can_edit=roles.can_edit(user, EDIT_KIND),
            contact_months=contact_months(abroad=False),
            abroad_contact_months=contact_months(abroad=True),
            fixed_place_months=fixed_place_months(),
            **kwargs,
        )


class MemberByPublicId:
    def get_object(self):
        return selectors.member_by_public_id(
            user=self.request.user, public_id=self.kwargs["public_id"]
        )


class MemberMobilityView(MemberByPublicId, RegistryDetailView):
    kind = EDIT_KIND
    template_name = "mobility/member.html"
    context_object_name = "member"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.member_mobility(user=self.request.user, member=self.object))
        context["transfers"] = list(context["transfers"])
        for transfer in context["transfers"]:
            transfer.current_state = TransferState(transfer.current_state).label
        return context


class MobileProfileView(MemberByPublicId, ServiceFormView):
    kind = EDIT_KIND
    form_class = MobileProfileForm
    title = "外出信息"

    def prepare(self) -> None:
        super().prepare()
        self.member = self.object
        self.object = self.member_profile()

    def member_profile(self):
        from liangxin.mobility.models import MobileProfile

        return MobileProfile.objects.filter(member=self.member).first()

    def get_initial(self):
        return {**super().get_initial(), "abroad": self.member.abroad}

    def save(self, form):
        return services.mobile_profile_save(
            actor=self.request.user, member=self.member, data=form.cleaned_data
        )

    def success_message(self, saved) -> str:
        return f"已保存{self.member.name}的外出信息"

    def success_url_for(self, saved) -> str:
        return self.cancel_url()

    def cancel_url(self) -> str:
        return reverse("mobility:member", args=[self.member.public_id])


# --- 流入: agreements and inflow members without one ------------------------------------------


class AgreementListView(MobilityListView):
    selector = selectors.agreement_list
    filterset_class = filters.AgreementFilter
    title = "双重管理协议"
    rule_note = "流入党员签订“双重”管理协议，组织关系转入前一直列出（筛选“尚未转入”）。"
    headers = ("姓名", "所在党组织", "协议编号", "签订日期", "原所在党组织", "转入日期")
    create_url_name = "mobility:agreement-create"
    create_label = "登记协议"

    def row(self, a) -> list:
        transferred = a.transferred_in_on
        if not transferred and roles.can_edit(self.request.user, EDIT_KIND):
            transferred = Link(
                "登记转入", reverse("mobility:agreement-transferred-in", args=[a.pk])
            )
        return [
            member_link(a.member),
            a.member.organization.name,
            a.number,
            a.signed_on,
            a.home_organization_name,
            transferred or "未转入",
        ]


class InflowWithoutAgreementView(MobilityListView):
    selector = selectors.inflow_without_agreement
    filterset_class = filters.MemberListFilter
    title = "未签协议的流入党员"
    rule_note = "管理类型为“流入”、尚无双重管理协议的党员（流入党员实行双重管理）。"
    headers = ("姓名", "公民身份号码", "所在党组织", "工作单位", "操作")

    def row(self, m) -> list:
        create = reverse("mobility:agreement-create") + f"?member={m.public_id}"
        return [
            member_link(m),
            m.id_number_masked,
            m.organization.name,
            m.employer.name if m.employer_id else "",
            Link("登记协议", create),
        ]


class AgreementCreateView(ServiceFormView):
    kind = EDIT_KIND
    form_class = AgreementForm
    title = "登记双重管理协议"

    def get_initial(self):
        return {"member": self.request.GET.get("member", "")}

    def save(self, form):
        return services.agreement_create(actor=self.request.user, data=form.cleaned_data)

    def success_url_for(self, saved) -> str:
        return reverse("mobility:member", args=[saved.member.public_id])

    def cancel_url(self) -> str:
        return reverse("mobility:agreements")


class AgreementTransferredInView(ServiceFormView):
    kind = EDIT_KIND
    form_class = TransferredInForm
    title = "登记组织关系转入"

    def get_object(self):
        return get_scoped_or_404(
            selectors.agreement_list(user=self.request.user),
            self.request.user,
            pk=self.kwargs["pk"],
        )

    def save(self, form):
        return services.agreement_mark_transferred_in(
            actor=self.request.user,
            agreement=self.object,
            transferred_in_on=form.cleaned_data["transferred_in_on"],
        )

    def success_url_for(self, saved) -> str:
        return reverse("mobility:agreements")

    def cancel_url(self) -> str:
        return reverse("mobility:agreements")


# --- 流动: contacts, overdue, places ---------------------------------------------------------


class ContactListView(MobilityListView):
    selector = selectors.contact_list
    filterset_class = filters.ContactFilter
    title = "联系记录"
    headers = ("姓名", "所在党组织", "联系日期", "联系方式", "联系人", "情况说明")
    create_url_name = "mobility:contact-create"
    create_label = "记录联系"

    def row(self, c) -> list:
        return [
            member_link(c.member),
            c.member.organization.name,
            c.contacted_on,
            c.get_method_display(),
            c.contact_name,
            c.note,
        ]


class ContactCreateView(ServiceFormView):
    kind = EDIT_KIND
    form_class = ContactForm
    title = "记录联系"

    def get_initial(self):
        return {"member": self.request.GET.get("member", ""), "contacted_on": timezone.localdate()}

    def save(self, form):
        return services.contact_record(actor=self.request.user, data=form.cleaned_data)

    def success_message(self, saved) -> str:
        return f"已记录对{saved.member.name}的联系"

    def success_url_for(self, saved) -> str:
        return reverse("mobility:member", args=[saved.member.public_id])

    def cancel_url(self) -> str:
        return reverse("mobility:overdue")


class OverdueContactsView(MobilityListView):
    selector = selectors.overdue_contacts
    filterset_class = filters.MemberListFilter
    title = "逾期未联系的流动党员"
    headers = ("姓名", "所在党组织", "在国（境）外", "外出地点", "最近联系", "距今天数", "操作")

    def describe_rule(self) -> str:
        return (
            f"流出地党组织至少每 {contact_months(abroad=False)} 个月联系一次流动党员"
            "（可在规则参数中按本地做法调整），"
            f"出国（境）党员至少每 {contact_months(abroad=True)} 个月"
            "（中办《关于加强和改进流动党员管理的意见》）。无联系记录时从外出时间起算。"
        )

    def row(self, m) -> list:
        reference = m.contact_reference
        return [
            member_link(m),
            m.organization.name,
            "是" if m.abroad else "否",
            m.away_place or "",
            m.last_contacted_on or "从未联系",
            days_since(reference, self.today),
            Link("记录联系", reverse("mobility:contact-create") + f"?member={m.public_id}"),
        ]


class ShouldTransferView(MobilityListView):
    selector = selectors.should_transfer
    filterset_class = filters.MemberListFilter
    title = "应转接组织关系的流动党员"
    headers = ("姓名", "所在党组织", "外出地点", "外出时间", "外出天数", "操作")

    def describe_rule(self) -> str:
        return (
            f"流动党员在相对固定地点外出 {fixed_place_months()} 个月以上的，应将组织关系转至所在地"
            "（中办《关于加强和改进流动党员管理的意见》）。"
        )

    def row(self, m) -> list:
        issue = reverse("mobility:transfer-create") + f"?member={m.public_id}&reason=floating"
        return [
            member_link(m),
            m.organization.name,
            m.away_place,
            m.away_since,
            (self.today - m.away_since).days,
            Link("开具介绍信", issue),
        ]


class BranchSuggestionsView(MobilityListView):
    selector = selectors.temporary_branch_suggestions
    filterset_class = filters.PlaceFilter
    title = "建议成立临时党支部（党小组）"
    headers = ("外出地点", "流动党员人数", "党员")

    def describe_rule(self) -> str:
        return (
            f"流动党员在同一地点相对集中（{selectors.temporary_branch_min()} 名以上）的，"
            "可成立临时党支部或党小组（中办《关于加强和改进流动党员管理的意见》）。"
        )

    def rows(self, objects) -> list[list]:
        groups = list(objects)
        names = self.names_by_place(group["away_place"] for group in groups)
        return [
            [g["away_place"], g["members"], "、".join(names.get(g["away_place"], []))]
            for g in groups
        ]

    def names_by_place(self, places) -> dict:
        found: dict[str, list[str]] = {}
        members = selectors.members_away_at(user=self.request.user, places=places)
        for name, place in members.order_by("name").values_list("name", "away_place"):
            found.setdefault(place, []).append(name)
        return found


class DepartedOpenView(MobilityListView):
    selector = selectors.departed_open
    filterset_class = filters.MemberListFilter
    title = "组织关系未转出的离职党员"
    rule_note = "离职党员实行属地管理，组织关系转至居住地，转接办结前一直列出。"
    headers = ("姓名", "所在党组织", "原工作单位", "介绍信编号", "转接状态", "有效期至", "操作")

    def row(self, m) -> list:
        issue = reverse("mobility:transfer-create") + f"?member={m.public_id}&reason=departed"
        return [
            member_link(m),
            m.organization.name,
            m.employer.name if m.employer_id else "",
            m.latest_letter or "未开具",
            self.state_label(m),
            m.latest_valid_until,
            Link("开具介绍信", issue),
        ]

    def state_label(self, m) -> str:
        if not m.latest_state:
            return ""
        still_open = m.latest_state in (TransferState.ISSUED, TransferState.IN_TRANSIT)
        if still_open and m.latest_valid_until < self.today:
            return TransferState.EXPIRED.label
        return TransferState(m.latest_state).label


# --- 川姜: inflow registrations --------------------------------------------------------------


class InflowPersonListView(MobilityListView):
    selector = selectors.inflow_person_list
    filterset_class = filters.InflowPersonFilter
    title = "流入党员排查"
    rule_note = (
        "三方排查：公安部门登记查、企业用工问、居住村居访。"
        "同一公民身份号码只计一人，各来源的登记都保留。"
    )
    headers = ("姓名", "公民身份号码", "登记来源", "登记次数", "最近登记", "党员档案")
    create_url_name = "mobility:registration-create"
    create_label = "登记流入党员"

    def rows(self, objects) -> list[list]:
        people = list(objects)
        sources = self.sources_of(people)
        self.today = timezone.localdate()
        return [self.person_row(p, sources.get(p.pk, [])) for p in people]

    def sources_of(self, people) -> dict:
        found: dict[int, list[str]] = {}
        registrations = selectors.registration_list(user=self.request.user).filter(
            person__in=[p.pk for p in people]
        )
        labels = dict(InflowRegistration._meta.get_field("source").choices)
        pairs = registrations.order_by("source").values_list("person_id", "source").distinct()
        for person_id, source in pairs:
            found.setdefault(person_id, []).append(labels[source])
        return found

    def person_row(self, p, sources: list[str]) -> list:
        return [
            p.visible_name,  # the viewer's own registration's, not the first finder's
            p.id_number_masked,
            "、".join(sources),
            p.registration_count,
            p.latest_registered_on,
            "已建档" if p.member_visible else "未建档",
        ]


class RegistrationCreateView(ServiceFormView):
    kind = EDIT_KIND
    form_class = RegistrationForm
    title = "登记流入党员"

    def get_initial(self):
        return {"registered_on": timezone.localdate()}

    def save(self, form):
        return services.inflow_register(actor=self.request.user, data=form.cleaned_data)

    def success_message(self, saved) -> str:
        # Only what the user may see: the name just typed, the registrations in scope
        # (another town's finding of the same number is not theirs to learn).
        visible = selectors.registration_list(user=self.request.user)
        count = visible.filter(person=saved.person_id).count()
        return f"已登记：{saved.name_as_registered}（共 {count} 条来源登记，计 1 人）"

    def success_url_for(self, saved) -> str:
        return reverse("mobility:registrations")

    def cancel_url(self) -> str:
        return reverse("mobility:registrations")


# --- 组织关系转接 -----------------------------------------------------------------------------


class TransferListView(MobilityListView):
    selector = selectors.transfer_list
    filterset_class = filters.TransferFilter
    title = "组织关系转接"
    headers = (
        "介绍信编号",
        "姓名",
        "方向",
        "转出党组织",
        "转入党组织",
        "开具日期",
        "有效期至",
        "状态",
        "原因",
    )
    create_url_name = "mobility:transfer-create"
    create_label = "开具/登记介绍信"

    def describe_rule(self) -> str:
        months = rule_value("mobile.letter_valid_months")
        return (
            f"组织关系介绍信有效期 {months} 个月，逾期未接收即为过期；"
            "平台内两个党组织之间由转入方接收后办结，与平台外的转接以介绍信登记。"
        )

    def row(self, t) -> list:
        return [
            Link(t.letter_number, reverse("mobility:transfer", args=[t.public_id])),
            t.holder_name,
            t.get_direction_display(),
            t.origin_label,
            t.destination_label,
            t.issued_on,
            t.valid_until,
            TransferState(t.current_state).label,
            t.get_reason_display(),
        ]


class TransfersExpiringView(TransferListView):
    selector = selectors.transfers_expiring
    title = "即将过期的介绍信"
    create_url_name = ""

    def describe_rule(self) -> str:
        return "7 日内到期、尚未接收的组织关系介绍信。"


class TransferByPublicId:
    def get_object(self):
        return selectors.transfer_detail(user=self.request.user, public_id=self.kwargs["public_id"])


class TransferDetailView(TransferByPublicId, RegistryDetailView):
    kind = EDIT_KIND
    template_name = "mobility/transfer.html"
    context_object_name = "transfer"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        transfer = self.object
        is_open = transfer.state in services.RECEIVABLE_STATES
        may_edit = roles.can_edit(self.request.user, EDIT_KIND)
        context.update(
            events=transfer.events.select_related("actor"),
            state_label=TransferState(transfer.current_state).label,
            can_receive=may_edit
            and is_open
            and services.may_handle_receipt(transfer, self.request.user),
            can_send=may_edit and transfer.state == TransferState.ISSUED,
        )
        return context


class TransferCreateView(ServiceFormView):
    kind = EDIT_KIND
    form_class = TransferForm
    title = "开具/登记组织关系介绍信"

    def get_initial(self):
        return {
            "member": self.request.GET.get("member", ""),
            "reason": self.request.GET.get("reason", ""),
            "issued_on": timezone.localdate(),
        }

    def save(self, form):
        return services.transfer_issue(actor=self.request.user, data=form.cleaned_data)

    def success_url_for(self, saved) -> str:
        return reverse("mobility:transfer", args=[saved.public_id])

    def cancel_url(self) -> str:
        return reverse("mobility:transfers")


class TransferActionView(TransferByPublicId, ServiceFormView):
    """Receive or return: only the receiving side (scope 404 first, then 403)."""

    def prepare(self) -> None:
        super().prepare()
        if not services.may_handle_receipt(self.object, self.request.user):
            raise PermissionDenied("只有转入党组织（平台外转出时为转出党组织）可以办理接收或退回")

    def success_url_for(self, saved) -> str:
        return reverse("mobility:transfer", args=[saved.public_id])

    def cancel_url(self) -> str:
        return reverse("mobility:transfer", args=[self.object.public_id])


class TransferReceiveView(TransferActionView):
    kind = EDIT_KIND
    form_class = ReceiveForm
    title = "接收组织关系"

    def get_initial(self):
        return {"received_on": timezone.localdate()}

    def save(self, form):
        return services.transfer_receive(
            actor=self.request.user,
            transfer=self.object,
            received_on=form.cleaned_data["received_on"],
        )

    def success_message(self, saved) -> str:
        return f"已接收：{saved}"


class TransferReturnView(TransferActionView):
    kind = EDIT_KIND
    form_class = ReturnForm
    title = "退回介绍信"

    def get_initial(self):
        return {"returned_on": timezone.localdate()}

    def save(self, form):
        return services.transfer_return(
            actor=self.request.user,
            transfer=self.object,
            returned_on=form.cleaned_data["returned_on"],
            note=form.cleaned_data["note"],
        )

    def success_message(self, saved) -> str:
        return f"已退回：{saved}"


class TransferSendView(TransferByPublicId, RegistryAccessMixin, View):
    """POST: the letter has left the issuer (在途)."""

    http_method_names = ["post"]

    def prepare(self) -> None:
        self.object = self.get_object()
        if not roles.can_edit(self.request.user, EDIT_KIND):
            raise PermissionDenied("您的角色无权修改此类记录")

    def post(self, request, *args, **kwargs):
        try:
            services.transfer_send(actor=request.user, transfer=self.object)
        except OutOfScope as exc:
            raise Http404("未找到该记录") from exc
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "已标记为在途")
        return redirect("mobility:transfer", public_id=self.object.public_id)
