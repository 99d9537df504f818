"""Applying personal data (ID number, phone) to a person record inside a service."""

from django.core.exceptions import ValidationError

from liangxin.core.models import PersonalDataModel, check_identity_agrees
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
    errors = dict(exc.error_dict)
    if "id_number_digest" in errors:
        errors["id_number"] = errors.pop("id_number_digest")
    return ValidationError(errors)
