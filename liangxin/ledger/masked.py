"""Masked exports re-import: a masked cell stands for what is on record, never replaces it.

A masked export (the default for personal data) shows ID numbers as
``3505**********123X`` (core.pii.mask_id_number), phones as ``138****5678`` and,
to a role that may not unmask, birth dates as the year only (the kinds'
``export_masks``). Re-importing such a file must change nothing and fail nothing
(DOMAIN.md §5: an export re-imports unchanged).

How: reading marks such cells (``Masked``, a text) instead of refusing them. The
database-free checks (``prepare``) skip the rows holding one; the main process then
finds each row's person among those the importer may see — by the masked number and
the name the row gives (and, where one masked number still names several people, by
the record the row is about: a 年度 of dues, a 联系日期) — and puts the stored values
in place of the masked ones (the number decrypted, the phone when its masked form is
the same, the date when its year is), so the kind checks and compares the row as if
the file had been exported in plain. A masked number that names nobody, or more than
one person, a masked phone or year that differs from the record, and a masked number
on a row that would create a record each fail with the reason in Chinese.
"""

import re
from dataclasses import replace
from functools import cache

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import FieldDoesNotExist

from liangxin.core import pii
from liangxin.ledger.bulk import in_batches
from liangxin.ledger.framework import Column, ImportContext, ParsedRow

MASKED_ID_NUMBER = re.compile(r"[0-9]{4}\*{10}[0-9]{3}[0-9X]")
MASKED_PHONE = re.compile(r"[0-9]{3}\*{4}[0-9]{4}")
YEAR_ONLY = re.compile(r"[0-9]{4}")

NOT_FOUND = (
    "这是脱敏显示的号码，在您的管辖范围内没有找到与之（及姓名）对应的人员；"
    "新增人员请填写完整的18位公民身份号码"
)
AMBIGUOUS = (
    "这是脱敏显示的号码，在您的管辖范围内对应不止一人，无法确定是哪一位；"
    "请填写完整的18位公民身份号码（可导出明文文件）"
)
NEW_RECORD = "脱敏显示的号码只能用于更新已登记的记录；新增记录请填写完整的18位公民身份号码"
PHONE_DIFFERS = "这是脱敏显示的手机号码，与系统中登记的号码不一致；修改手机号码请填写完整号码"
NOTHING_TO_COMPARE = "这是脱敏显示的内容，在您的管辖范围内没有可比对的登记记录；请填写完整内容"


def year_differs(header: str) -> str:
    return f"这是脱敏显示的{header}（仅年份），与系统中登记的不一致；修改请填写完整日期"


class Masked(str):
    """A cell as a masked export shows it: it stands for the stored value."""

    __slots__ = ()


def masked_form(value: str, shape: re.Pattern) -> Masked | None:
    """``value`` as a ``Masked`` when it has the masked shape, else None."""
    value = value.upper()
    return Masked(value) if shape.fullmatch(value) else None


# --- reading -------------------------------------------------------------------------


@cache
def year_only_headers(kind) -> frozenset[str]:
    """Date columns a masked export shows as the year only: those the kind masks for a
    user who may unmask nothing."""
    return frozenset(kind.export_masks(AnonymousUser()))


def year_or(parse):
    """``parse`` (a date column's), taking a bare year as a masked date."""

    def parse_masked(raw):
        if raw.__class__ is str:
            text = raw.strip()
            if YEAR_ONLY.fullmatch(text):
                return Masked(text)
        return parse(raw)

    parse_masked.__wrapped__ = parse
    return parse_masked


def reading_column(kind, column: Column) -> Column:
    """The column as an import reads it: with the masked form its export may show."""
    if column.header in year_only_headers(kind):
        return replace(column, parse=year_or(column.parse))
    return column


@cache
def masked_fields(kind) -> tuple[str, ...]:
    """The fields a masked cell may land in (empty for kinds without personal data)."""
    fields = [column.field for column in kind.columns if column.personal]
    fields += [kind.column(header).field for header in year_only_headers(kind)]
    return tuple(fields)


def is_masked(row: ParsedRow, fields: tuple[str, ...]) -> bool:
    values = row.values
    return any(values.get(name).__class__ is Masked for name in fields)


def masked_rows(kind, rows: list[ParsedRow]) -> list[ParsedRow]:
    fields = masked_fields(kind)
    if not fields:
        return []
    return [row for row in rows if is_masked(row, fields)]


def prepare_plain(kind, rows: list[ParsedRow]) -> None:
    """``kind.prepare`` for the rows without a masked cell; the others are prepared in the
    main process once their values are settled (``settle``)."""
    fields = masked_fields(kind)
    if fields:
        rows = [row for row in rows if not is_masked(row, fields)]
    kind.prepare(rows)


# --- settling, in the main process -----------------------------------------------------


def person_model(kind):
    """The model holding the ID numbers the kind's rows name: its own, or the referenced
    one (dues bases and contacts name a member)."""
    if _has_field(kind.model, "id_number_masked"):
        return kind.model
    return kind.reference(kind.key_header).model


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def settle_and_prepare(kind, rows: list[ParsedRow], ctx: ImportContext, seen: dict) -> list:
    """The masked rows among ``rows`` settled (``settle``), checked for repeated keys
    against ``seen`` and given the kind's ``prepare``; returned for
    ``refuse_new_records`` after the kind's ``resolve``."""
    from liangxin.ledger.parsing import mark_duplicate_keys

    masked = masked_rows(kind, rows)
    if masked:
        settle(kind, masked, ctx)
        mark_duplicate_keys(kind, masked, seen)
        kind.prepare([row for row in masked if row.ok])
    return masked


def settle(kind, rows: list[ParsedRow], ctx: ImportContext) -> None:
    """Put the stored values in place of the masked cells of ``rows`` (rows with a masked
    cell), or fail the row with the reason."""
    model = person_model(kind)
    wanted = _wanted_fields(kind, model)
    by_masked = _people_by_masked(model, ctx, wanted, rows)
    by_digest = _people_by_digest(model, ctx, wanted, rows)
    for row in rows:
        person = _person_of(kind, model, row, by_masked, by_digest)
        if person is not None:
            _settle_row(kind, row, person)


def refuse_new_records(kind, rows: list[ParsedRow]) -> None:
    """After ``resolve``: a masked row that would create a record fails."""
    for row in rows:
        if row.ok and row.existing is None:
            row.fail(kind.key_column, row.values.get("id_number"), NEW_RECORD)


def _wanted_fields(kind, model) -> list[str]:
    fields = ["pk", "name", "id_number_masked", "id_number_digest", "id_number_cipher"]
    if _has_field(model, "phone_masked"):
        fields += ["phone_masked", "phone_cipher"]
    for header in year_only_headers(kind):
        name = kind.column(header).field
        if _has_field(model, name):
            fields.append(name)
    return fields


def _people_by_masked(model, ctx, wanted, rows) -> dict[str, list[dict]]:
    forms = sorted({v for r in rows if (v := r.values.get("id_number")).__class__ is Masked})
    found: dict[str, list[dict]] = {}
    for batch in in_batches(forms):
        queryset = ctx.scoped(model.objects.filter(id_number_masked__in=batch))
        for person in queryset.values(*wanted):
            found.setdefault(person["id_number_masked"], []).append(person)
    return found


def _people_by_digest(model, ctx, wanted, rows) -> dict[str, dict]:
    """The people of the rows whose number is plain but another cell is masked."""
    numbers = [
        number
        for row in rows
        if (number := row.values.get("id_number")) and number.__class__ is not Masked
    ]
    digests = sorted(set(pii.blind_indexes(numbers)))
    found = {}
    for batch in in_batches(digests):
        queryset = ctx.scoped(model.objects.filter(id_number_digest__in=batch))
        found.update((person["id_number_digest"], person) for person in queryset.values(*wanted))
    return found


def _person_of(kind, model, row: ParsedRow, by_masked: dict, by_digest: dict) -> dict | None:
    number = row.values.get("id_number")
    if number.__class__ is not Masked:  # the number is plain, another cell masked
        person = by_digest.get(pii.blind_index(number)) if number else None
        if person is None:
            row.fail(_first_masked(kind, row), None, NOTHING_TO_COMPARE)
            _drop_masked(kind, row)
        return person
    people = by_masked.get(number, [])
    name = row.values.get("name") or row.values.get("member_name")
    if name:
        people = [person for person in people if person["name"] == name]
    if len(people) > 1 and kind.model is not model:
        people = _with_record(kind, row, people)
    if len(people) == 1:
        return people[0]
    row.fail(kind.key_column, number, NOT_FOUND if not people else AMBIGUOUS)
    _drop_masked(kind, row)
    return None


def _with_record(kind, row: ParsedRow, people: list[dict]) -> list[dict]:
    """Those of ``people`` who already have the record the row is about (the row's required
    values other than the ID number: a 年度, a 联系日期)."""
    names = {f.name for f in kind.model._meta.concrete_fields}
    criteria = {
        column.field: row.values[column.field]
        for column in kind.columns
        if column.required
        and column.header != kind.key_header
        and column.field in names
        and row.values.get(column.field) is not None
    }
    reference = kind.reference(kind.key_header)
    holders = set(
        kind.model.objects.filter(
            **{f"{reference.writes}_id__in": [p["pk"] for p in people]}, **criteria
        ).values_list(f"{reference.writes}_id", flat=True)
    )
    return [person for person in people if person["pk"] in holders]


def _first_masked(kind, row: ParsedRow) -> Column:
    fields = masked_fields(kind)
    return next(
        c for c in kind.columns if c.field in fields and row.values.get(c.field).__class__ is Masked
    )


def _drop_masked(kind, row: ParsedRow) -> None:
    """A failed row keeps no masked value (the kind's checks would read it as a value)."""
    for name in masked_fields(kind):
        if row.values.get(name).__class__ is Masked:
            row.values.pop(name)


def _settle_row(kind, row: ParsedRow, person: dict) -> None:
    values = row.values
    if values.get("id_number").__class__ is Masked:
        values["id_number"] = pii.decrypt(person["id_number_cipher"])
    phone = values.get("phone")
    if phone.__class__ is Masked:
        if phone == person.get("phone_masked") and person.get("phone_cipher"):
            values["phone"] = pii.decrypt(person["phone_cipher"])
        else:
            values.pop("phone")
            row.fail(kind.column("手机号码"), phone, PHONE_DIFFERS)
    for header in year_only_headers(kind):
        column = kind.column(header)
        given = values.get(column.field)
        if given.__class__ is not Masked:
            continue
        stored = person.get(column.field)
        values.pop(column.field)
        if stored is None or str(stored.year) != given:
            row.fail(column, given, year_differs(header))
        else:
            values[column.field] = stored
