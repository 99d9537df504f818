"""What members and instructors share: the ID number as key, encrypted personal data."""

from django.core.exceptions import ValidationError

from liangxin.core import pii
from liangxin.core.validators import validate_id_number, validate_phone
from liangxin.ledger import cells
from liangxin.ledger.framework import Column, ImportContext, ParsedRow
from liangxin.ledger.kinds import LedgerKind
from liangxin.ledger.lookups import OUT_OF_SCOPE_ID_NUMBER
from liangxin.ledger.masked import MASKED_ID_NUMBER, MASKED_PHONE, masked_form

PERSONAL_STORED = (
    "id_number_digest",
    "id_number_masked",
    "phone_digest",
    "phone_masked",
    "phone_cipher",  # rewritten with the digest; never compared or shown
)


def id_number_cell(raw) -> str | None:
    value = cells.text(raw)
    if not value:
        return None
    if masked := masked_form(value, MASKED_ID_NUMBER):
        return masked  # a masked export's: stands for the stored number (ledger.masked)
    try:
        return validate_id_number(value, today=cells.today())
    except ValidationError as exc:
        raise cells.CellError(exc.messages[0]) from exc


def phone_cell(raw) -> str | None:
    value = cells.text(raw)
    if not value:
        return None
    if masked := masked_form(value, MASKED_PHONE):
        return masked
    try:
        return validate_phone(value)
    except ValidationError as exc:
        raise cells.CellError(exc.messages[0]) from exc


ID_COLUMN = Column("公民身份号码", "id_number", id_number_cell, required=True, personal=True)
PHONE_COLUMN = Column("手机号码", "phone", phone_cell, personal=True, mask=pii.mask_phone)


class PersonLedger(LedgerKind):
    key_header = "公民身份号码"
    personal = True
    history_excluded = frozenset({"id_number_digest", "phone_digest", "phone_cipher"})

    def key_of(self, row: ParsedRow) -> str | None:
        return row.values.get("id_number")

    def seal_personal_data(self, rows: list[ParsedRow]) -> None:
        """Blind index and masked forms for every good row; ciphertext only when written."""
        numbers = [row.values.get("id_number") for row in rows]
        number_digests = iter(pii.blind_indexes([n for n in numbers if n]))
        phones = [row.values["phone"] or "" if "phone" in row.values else "" for row in rows]
        phone_digests = iter(pii.blind_indexes([p for p in phones if p]))
        for row, number, phone in zip(rows, numbers, phones, strict=True):
            if number:
                row.values["id_number_digest"] = next(number_digests)
                row.values["id_number_masked"] = pii.mask_id_number(number)
            if "phone" in row.values:
                row.values["phone_digest"] = next(phone_digests) if phone else ""
                row.values["phone_masked"] = pii.mask_phone(phone)

    def match_existing(self, rows: list[ParsedRow], ctx: ImportContext) -> None:
        self.match_records(
            rows,
            ctx,
            field="id_number_digest",
            value_key="id_number_digest",
            column=ID_COLUMN,
            reason=OUT_OF_SCOPE_ID_NUMBER,
        )

    computed_columns = frozenset({"id_number_cipher", "phone_cipher"})

    def computed_values(self, row: ParsedRow, *, new: bool) -> dict:
        """Ciphertext for the streaming write: the ID number once, the phone when it changes."""
        values = {}
        if new:
            values["id_number_cipher"] = pii.encrypt(row.values["id_number"])
        if (new and "phone" in row.values) or "phone_digest" in row.changes:
            phone = row.values.get("phone")
            values["phone_cipher"] = pii.encrypt(phone) if phone else None
        return values

    def computed_batch(self, created: list, updated: list) -> tuple[list[dict], list[dict]]:
        """``computed_values`` for a chunk, the plaintexts sealed in one ``pii.encrypt_many``."""
        plans = [(row, True) for row in created] + [(row, False) for row in updated]
        wanted = []  # (plan index, column, plaintext or None)
        for index, (row, new) in enumerate(plans):
            if new:
                wanted.append((index, "id_number_cipher", row.values["id_number"]))
            if (new and "phone" in row.values) or "phone_digest" in row.changes:
                wanted.append((index, "phone_cipher", row.values.get("phone") or None))
        sealed = iter(pii.encrypt_many([text for _, _, text in wanted if text is not None]))
        computed = [{} for _ in plans]
        for index, column, text in wanted:
            computed[index][column] = None if text is None else next(sealed)
        return computed[: len(created)], computed[len(created) :]

    def assign(self, instance, row: ParsedRow) -> None:
        super().assign(instance, row)
        if instance.pk is None:
            instance.id_number_cipher = pii.encrypt(row.values["id_number"])
        if "phone_digest" in row.changes or (instance.pk is None and row.values.get("phone")):
            phone = row.values.get("phone")
            instance.phone_cipher = pii.encrypt(phone) if phone else None

    def write(self, created, updated, ctx):
        for row in updated:
            if "phone_digest" in row.changes:
                row.changes.setdefault("phone_cipher", (None, None))
        return super().write(created, updated, ctx)
