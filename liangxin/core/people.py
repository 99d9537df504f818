"""Applying personal data (ID number, phone) to a person record inside a service."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from liangxin.core.models import DUPLICATE_ID_NUMBER, PersonalDataModel, check_identity_agrees
from liangxin.core.validators import birth_date_from_id_number, gender_from_id_number

PII_INPUTS = ("id_number", "phone")


def pop_personal_data(data: dict) -> dict:
    return {name: data.pop(name) for name in PII_INPUTS if name in data}


def apply_personal_data(person: PersonalDataModel, values: dict, *, derive: bool) -> None:
    """Encrypt the inputs onto ``person``; derive or check gender and birth date.

    Validation errors come back keyed by the input names the user typed into.
    """
    errors = {}
    number = None
    if "id_number" in values:
        try:
            number = person.set_id_number(values["id_number"])
        except ValidationError as exc:
            errors["id_number"] = exc.messages
    if "phone" in values:
        try:
            person.set_phone(values["phone"])
        except ValidationError as exc:
            errors["phone"] = exc.messages
    if number and derive:
        person.gender = person.gender or gender_from_id_number(number)
        person.birth_date = person.birth_date or birth_date_from_id_number(number)
        errors.update(
            check_identity_agrees(number, gender=person.gender, birth_date=person.birth_date)
        )
    if errors:
        raise ValidationError(errors)


def rename_digest_errors(exc: ValidationError) -> ValidationError:
    """Uniqueness on the blind index is reported against the ID number the user typed."""
    if not hasattr(exc, "error_dict"):
        return exc
    errors = {field: list(items) for field, items in exc.error_dict.items()}
    general = errors.pop(NON_FIELD_ERRORS, [])
    duplicates = [e for e in general if e.code == DUPLICATE_ID_NUMBER]
    rest = [e for e in general if e.code != DUPLICATE_ID_NUMBER]
    if duplicates:
        errors.setdefault("id_number", []).extend(duplicates)
    if rest:
        errors[NON_FIELD_ERRORS] = rest
    return ValidationError(errors)
