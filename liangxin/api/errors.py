"""Turn what the services raise into API answers.

Services speak Django (ValidationError, PermissionDenied, OutOfScope); the API
speaks DRF. Out of scope becomes 404 so that nobody learns a record exists.
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.settings import api_settings

from liangxin.core.services import OutOfScope

NOT_FOUND_MESSAGE = "未找到该记录"
PARSE_ERROR_MESSAGE = "请求体格式错误：不是有效的 JSON"


def validation_detail(exc: DjangoValidationError) -> dict:
    """Messages keyed by field; errors about the whole record go under ``non_field_errors``."""
    if not hasattr(exc, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
    detail = {}
    for field, messages in exc.message_dict.items():
        key = api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field
        detail.setdefault(key, []).extend(messages)
    return detail


def translate_exception(exc: Exception) -> Exception:
    # OutOfScope is a PermissionDenied, so it must be tested first.
    # Http404 carries Django's English "No X matches the given query", naming the model.
    if isinstance(exc, OutOfScope | Http404):
        return exceptions.NotFound(NOT_FOUND_MESSAGE)
    # DRF's parse error repeats the parser's English text.
    if isinstance(exc, exceptions.ParseError):
        return exceptions.ParseError(PARSE_ERROR_MESSAGE)
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(validation_detail(exc))
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    return exc
