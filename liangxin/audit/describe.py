"""Audit entries as a reader sees them: names instead of ids, one line per act, and no
member personal data, whoever reads (names masked 张*, no ID number, birth date, phone).

The stored entries keep what django-auditlog wrote; the masking is applied here, on
every way out of the log (the page and its xlsx export), so no reader of the audit
log, the audit admin included, meets a member's personal data.
"""

from collections import defaultdict

from auditlog.models import LogEntry
from django.urls import reverse

from liangxin.core.audit import CHANNEL_LABELS
from liangxin.core.models import PersonalDataModel

ACTION_LABELS = {
    LogEntry.Action.CREATE: "新增",
    LogEntry.Action.UPDATE: "修改",
    LogEntry.Action.DELETE: "删除",
    LogEntry.Action.ACCESS: "访问",
}
# The acts record_event writes (additional_data["event"]), by their key.
EVENT_LABELS = {
    "login": "登录",
    "logout": "退出登录",
    "login_failed": "登录失败",
    "view": "查看详情",
    "unmask": "查看明文",
    "export": "导出",
    "import": "导入",
    "role_change": "角色变更",
    "scope_change": "数据范围变更",
    "account_create": "新建账号",
    "account_activate": "启用账号",
    "account_deactivate": "停用账号",
    "password_reset": "重置密码",
    "password_change": "修改密码",
    "token_issue": "签发 API 令牌",
    "token_revoke": "吊销 API 令牌",
    "audit_export": "导出审计日志",
    "audit_purge": "清理过期审计记录",
    "resolve_conflict": "核处身份号码冲突",
}
# Badge colour of each act on the page.
ACT_STYLES = {
    "新增": "text-bg-success",
    "修改": "text-bg-primary",
    "删除": "text-bg-danger",
    "登录失败": "text-bg-danger",
    "查看明文": "text-bg-warning",
    "导出": "text-bg-warning",
}

# Bookkeeping columns and blind-index hashes say nothing to a reader of the log.
HIDDEN_CHANGE_FIELDS = frozenset(
    {"id", "created_at", "updated_at", "path", "depth", "numchild", "password", "last_login"}
)
# Personal data a reader of the audit log never sees, in any model's changes.
PERSONAL_FIELDS = frozenset(
    {"birth_date", "id_number", "id_number_masked", "phone", "phone_masked", "contact_phone"}
)
PERSONAL_HIDDEN = "（个人信息，不显示）"
# A person's name in any model's changes (a contact's, say): shown masked.
NAME_FIELDS = frozenset({"contact_name"})


def is_person_model(model) -> bool:
    return model is not None and issubclass(model, PersonalDataModel)


def _holds_personal_data(model) -> bool:
    return model is not None and any(
        field.name in PERSONAL_FIELDS for field in model._meta.concrete_fields
    )


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***: the family name's first character only."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def event_of(entry: LogEntry) -> str:
    additional = entry.additional_data or {}
    if entry.action != LogEntry.Action.ACCESS:
        return ""
    if additional.get("event"):
        return additional["event"]
    return "unmask" if "unmasked_field" in additional or "查看明文" in entry.changes_text else ""


def act_label(entry: LogEntry) -> str:
    event = event_of(entry)
    if event:
        return EVENT_LABELS.get(event, event)
    if entry.action == LogEntry.Action.ACCESS and "导出明文" in entry.changes_text:
        return "导出"
    return ACTION_LABELS.get(entry.action, str(entry.action))


def actor_label(entry: LogEntry) -> str:
    actor = entry.actor
    if actor is None:
        if event_of(entry) == "login_failed":
            return "（未登录）"
        return "系统" if (entry.additional_data or {}).get("channel") != "command" else "命令行"
    name = actor.display_name or actor.username
    return f"{name}（{actor.username} · {actor.role_label}）"


def object_label(entry: LogEntry, model) -> str:
    text = entry.object_repr or ""
    if is_person_model(model):
        text = mask_name(text)
    elif _holds_personal_data(model):
        text = ""  # e.g. an identity conflict, named by its masked ID number
    if not text and event_of(entry) == "login_failed":
        text = (entry.additional_data or {}).get("attempted_username", "")
    return text


class Names:
    """The names of the records that the changes on one page refer to by id, fetched
    with one query per model (masked for people)."""

    def __init__(self):
        self.wanted: dict = defaultdict(set)
        self.found: dict = {}

    def want(self, model, value) -> None:
        if model is not None and str(value).isdigit():
            self.wanted[model].add(int(value))

    def fetch(self) -> None:
        for model, ids in self.wanted.items():
            for record in model._default_manager.filter(pk__in=ids):
                name = str(record)
                self.found[(model, record.pk)] = mask_name(name) if is_person_model(model) else name

    def name(self, model, value) -> str | None:
        if model is None or not str(value).isdigit():
            return None
        return self.found.get((model, int(value)))


def _model_field(model, name: str):
    try:
        return model._meta.get_field(name) if model else None
    except Exception:  # a field removed since the entry was written
        return None


def _related_model(field):
    return field.related_model if field is not None and field.many_to_one else None


def describe_entries(entries) -> list[dict]:
    entries = list(entries)
    models = {entry.pk: _model_of(entry) for entry in entries}
    names = Names()
    for entry in entries:
        for name, values in (entry.changes_dict or {}).items():
            related = _related_model(_model_field(models[entry.pk], name))
            if related is not None and isinstance(values, list | tuple):
                for value in values:
                    names.want(related, value)
    names.fetch()
    return [describe_entry(entry, models[entry.pk], names) for entry in entries]


def _model_of(entry: LogEntry):
    return entry.content_type.model_class() if entry.content_type_id else None


def describe_entry(entry: LogEntry, model=None, names: Names | None = None) -> dict:
    model = model if model is not None else _model_of(entry)
    additional = entry.additional_data or {}
    channel = additional.get("channel", "")
    act = act_label(entry)
    return {
        "entry": entry,
        "id": entry.pk,
        "time": entry.timestamp,
        "actor": actor_label(entry),
        "act": act,
        "act_style": ACT_STYLES.get(act, "text-bg-secondary"),
        "model_label": str(model._meta.verbose_name) if model else "",
        "object": object_label(entry, model),
        "channel": CHANNEL_LABELS.get(channel, channel or "—"),
        "address": entry.remote_addr or "—",
        "summary": _summary(entry),
        "details_url": _details_url(entry),
        "changes": change_rows(entry, model, names or Names()),
    }


def _summary(entry: LogEntry) -> str:
    if entry.action != LogEntry.Action.ACCESS:
        return ""
    return entry.changes_text or ""


def _details_url(entry: LogEntry) -> str:
    """An import's line links to its per-record history."""
    additional = entry.additional_data or {}
    if event_of(entry) == "import" and additional.get("job"):
        return f"{reverse('audit')}?job={additional['job']}"
    return ""


def change_rows(entry: LogEntry, model, names: Names) -> list[dict]:
    if entry.action == LogEntry.Action.ACCESS:
        return []
    rows = []
    for name, values in (entry.changes_dict or {}).items():
        field = _model_field(model, name)
        if _is_noise(name, field):
            continue
        row = _change_row(model, field, name, values, names)
        if entry.action == LogEntry.Action.CREATE and row["after"] == "—":
            continue
        rows.append(row)
    return rows


def _is_noise(name: str, field) -> bool:
    reverse_relation = field is not None and field.auto_created and not field.concrete
    return name in HIDDEN_CHANGE_FIELDS or name.endswith(("_digest", "_cipher")) or reverse_relation


def _change_row(model, field, name: str, values, names: Names) -> dict:
    label = str(getattr(field, "verbose_name", name))
    if isinstance(values, dict):  # many-to-many: {"operation": "add", "objects": [...]}
        verb = {"add": "添加", "delete": "移除"}.get(values.get("operation"), "设置")
        objects = [str(o) for o in values.get("objects", [])]
        if is_person_model(getattr(field, "related_model", None)):
            objects = [mask_name(o) for o in objects]
        return {"field": label, "before": "", "after": f"{verb}：{'、'.join(objects)}"}
    before, after = (list(values) + ["", ""])[:2]
    if name in PERSONAL_FIELDS:
        hidden = _personal(before), _personal(after)
        return {"field": label, "before": hidden[0], "after": hidden[1]}
    if name in NAME_FIELDS or (name == "name" and is_person_model(model)):
        return {"field": label, "before": _masked(before), "after": _masked(after)}
    related = _related_model(field)
    return {
        "field": label,
        "before": _display(field, before, related, names),
        "after": _display(field, after, related, names),
    }


def _empty(value) -> bool:
    return value in (None, "None", "")


def _personal(value) -> str:
    return "—" if _empty(value) else PERSONAL_HIDDEN


def _masked(value) -> str:
    return "—" if _empty(value) else mask_name(str(value))


def _display(field, value, related, names: Names) -> str:
    if _empty(value):
        return "—"
    if related is not None:
        shown = names.name(related, value)
        if shown is not None:
            return shown
        if is_person_model(related):  # a deleted person: not even the id says who
            return "（已删除的记录）"
    choices = dict(getattr(field, "choices", None) or [])
    shown = str(choices.get(value, value))
    # auditlog stores a boolean as Python's "True"/"False": the page says 是/否.
    return {"True": "是", "False": "否"}.get(shown, shown)
