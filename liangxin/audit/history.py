"""One record's change history as those who edit it see it: the 变更记录 panel of a
detail page (enterprise, region, organization, member, instructor, development case).

The import result promises that "每条被修改的记录在变更历史中都注明了本任务编号":
this is where an editor reads it. Who changed what and when, fields by their Chinese
labels, related records by name (looked up through the reader's scope: a record the
reader cannot see is not named), choices by their labels, ID numbers and phones only
in their stored masked form (showing the plaintext stays the audited 显示 on the page).

The audit admin's page (``describe.py``) hides personal data altogether; an editor
already sees the record itself, so the panel shows what the page shows, no more.

Detail pages load the panel lazily (htmx, on reveal), so a page stays as fast as it
was, from a URL carrying a signed reference to the record (its model, key and registry
kind: nobody can alter it to name another record or kind). The view checks scope and
the right to edit again on every request, as the detail page does.
"""

from auditlog.models import LogEntry
from django.apps import apps
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse

from liangxin.audit.describe import (
    ACT_STYLES,
    ACTION_LABELS,
    PERSONAL_FIELDS,
    PERSONAL_HIDDEN,
    _empty,
    _is_noise,
    _model_field,
    _related_model,
)
from liangxin.core import pii, roles
from liangxin.core.audit import CHANNEL_IMPORT, CHANNEL_LABELS
from liangxin.core.scoping import scoped

SALT = "liangxin.audit.history"
PAGE_SIZE = 20
OUT_OF_SCOPE = "（不在您管辖范围内的记录）"
DELETED = "（已删除的记录）"
BOOLEANS = {"True": "是", "False": "否", "true": "是", "false": "否"}


# --- the URL a detail page hands to htmx --------------------------------------------


def history_url(instance, kind: str) -> str:
    """The panel's URL for ``instance``, edited as registry ``kind`` (roles.can_edit)."""
    token = signing.dumps([instance._meta.label_lower, instance.pk, kind], salt=SALT)
    return reverse("audit-history", args=[token])


def record_for(token: str, user):
    """The record a panel URL names, if ``user`` may see it (else 404) and edit it (else 403)."""
    try:
        label, pk, kind = signing.loads(token, salt=SALT)
        model = apps.get_model(label)
    except (signing.BadSignature, LookupError, ValueError, TypeError) as exc:
        raise Http404("未找到该记录") from exc
    instance = scoped(model._default_manager.filter(pk=pk), user).first()
    if instance is None:
        raise Http404("未找到该记录")
    if not roles.can_edit(user, kind):
        raise PermissionDenied("您的角色无权查看此记录的变更记录")
    return instance


class RecordHistoryMixin:
    """For a RegistryDetailView: ``history_url`` in the context of those who may edit it."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if roles.can_edit(self.request.user, self.kind):
            context["history_url"] = history_url(self.object, self.kind)
        return context


# --- the selector ---------------------------------------------------------------------


def record_history(*, user, instance, page=1):
    """The record's changes (created, updated, deleted), newest first, a page of them,
    each described for ``user``: {"page": Page, "entries": [dict]}."""
    entries = (
        LogEntry.objects.get_for_object(instance)
        .exclude(action=LogEntry.Action.ACCESS)
        .select_related("actor")
        .order_by("-timestamp", "-id")
    )
    shown = Paginator(entries, PAGE_SIZE).get_page(page)
    model = type(instance)
    names = ScopedNames(user)
    for entry in shown:
        for name, values in (entry.changes_dict or {}).items():
            related = _related_model(_model_field(model, name))
            if related is not None and isinstance(values, list | tuple):
                names.want(related, values)
    names.fetch()
    described = [describe(entry, model, names, user) for entry in shown]
    return {"page": shown, "entries": described}


class ScopedNames:
    """Names of the records the changes refer to by id, one query per model, through the
    reader's scope: a record outside it is not named."""

    def __init__(self, user):
        self.user = user
        self.wanted: dict = {}
        self.found: dict = {}
        self.existing: set = set()

    def want(self, model, values) -> None:
        ids = {int(v) for v in values if v is not None and str(v).isdigit()}
        self.wanted.setdefault(model, set()).update(ids)

    def fetch(self) -> None:
        for model, ids in self.wanted.items():
            if not ids:
                continue
            queryset = model._default_manager.filter(pk__in=ids)
            self.existing |= {(model, pk) for pk in queryset.values_list("pk", flat=True)}
            try:
                visible = list(scoped(queryset, self.user))
            except LookupError:  # a model no user reaches (an account): named as stored
                visible = []
            for record in visible:
                self.found[(model, record.pk)] = str(record)

    def name(self, model, value) -> str:
        key = (model, int(value)) if str(value).isdigit() else None
        if key in self.found:
            return self.found[key]
        return OUT_OF_SCOPE if key in self.existing else DELETED


def describe(entry: LogEntry, model, names: ScopedNames, user) -> dict:
    additional = entry.additional_data or {}
    act = ACTION_LABELS.get(entry.action, "")
    return {
        "time": entry.timestamp,
        "actor": actor_name(entry),
        "act": act,
        "act_style": ACT_STYLES.get(act, "text-bg-secondary"),
        "channel": CHANNEL_LABELS.get(additional.get("channel", ""), "—"),
        "source": import_source(additional),
        "changes": change_rows(entry, model, names, user),
    }


def actor_name(entry: LogEntry) -> str:
    actor = entry.actor
    if actor is None:
        return "系统"
    return f"{actor.display_name or actor.username}（{actor.role_label}）"


def import_source(additional: dict) -> str:
    """An imported change names its import job and file, as the import result promises."""
    if additional.get("channel") != CHANNEL_IMPORT or not additional.get("job"):
        return ""
    file_name = additional.get("file") or ""
    return f"台账导入任务 #{additional['job']}" + (f"（{file_name}）" if file_name else "")


def change_rows(entry: LogEntry, model, names: ScopedNames, user) -> list[dict]:
    rows = []
    for name, values in (entry.changes_dict or {}).items():
        field = _model_field(model, name)
        if _is_noise(name, field):
            continue
        row = change_row(field, name, values, names, user)
        if entry.action == LogEntry.Action.CREATE and row["after"] == "—":
            continue
        rows.append(row)
    return rows


def change_row(field, name: str, values, names: ScopedNames, user) -> dict:
    label = str(getattr(field, "verbose_name", name))
    if isinstance(values, dict):  # many-to-many: {"operation": "add", "objects": [...]}
        verb = {"add": "添加", "delete": "移除"}.get(values.get("operation"), "设置")
        objects = visible_objects(field, [str(o) for o in values.get("objects", [])], user)
        return {"field": label, "before": "", "after": f"{verb}：{objects}"}
    before, after = (list(values) + ["", ""])[:2]
    return {
        "field": label,
        "before": shown_value(field, name, before, names, user),
        "after": shown_value(field, name, after, names, user),
    }


def visible_objects(field, objects: list[str], user) -> str:
    """A many-to-many change stores its records' names: those the reader cannot see (an
    instructor's enterprise in another town) are counted, not named."""
    related = getattr(field, "related_model", None)
    try:
        related._meta.get_field("name")
        visible = scoped(related._default_manager.filter(name__in=objects), user)
        seen = set(visible.values_list("name", flat=True))
    except (AttributeError, LookupError, FieldDoesNotExist):  # no name to look up by
        return "、".join(objects)
    shown = [name for name in objects if name in seen]
    hidden = len(objects) - len(shown)
    if hidden:
        shown.append(f"另有 {hidden} 个不在您管辖范围内的记录")
    return "、".join(shown)


def shown_value(field, name: str, value, names: ScopedNames, user) -> str:
    if _empty(value):
        return "—"
    value = str(value)
    if name in PERSONAL_FIELDS:
        return personal_value(name, value, user)
    related = _related_model(field)
    if related is not None:
        return names.name(related, value)
    choices = dict(getattr(field, "choices", None) or [])
    if value in choices:
        return str(choices[value])
    return BOOLEANS.get(value, value)


def personal_value(name: str, value: str, user) -> str:
    """What the detail page itself shows: the masked number, the birth date to those who
    may unmask and the year to others; anything else personal is not shown."""
    if name == "id_number_masked":
        return value if "*" in value else pii.mask_id_number(value)
    if name == "phone_masked":
        return value if "*" in value else pii.mask_phone(value)
    if name == "birth_date":
        return value if roles.can_unmask(user) else f"{value[:4]}年"
    return PERSONAL_HIDDEN
