"""Turn what the services raise into API answers.

Services speak Django (ValidationError, PermissionDenied, OutOfScope); the API
speaks DRF. Out of scope becomes 404 so that nobody learns a record exists.
"""

import re

from django.conf import settings
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, views
from rest_framework.settings import api_settings

from liangxin.core.services import OutOfScope

CJK = re.compile(r"[\u4e00-\u9fff]")
NOT_FOUND_MESSAGE = "未找到该记录"
PARSE_ERROR_MESSAGE = "请求体格式错误"
TOO_MANY_FIELDS_MESSAGE = "请求中的字段或文件过多"


def too_big_message() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    return f"请求体过大：不得超过 {limit:g} MB（大批量数据请使用台账导入）"


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
    # Our parsers (api/parsers.py) say what is wrong in Chinese; any other parse
    # error would repeat a parser's English text.
    if isinstance(exc, exceptions.ParseError) and not CJK.search(str(exc.detail)):
        return exceptions.ParseError(PARSE_ERROR_MESSAGE)
    # Django refuses what it will not hold in memory (SuspiciousOperation: a bare
    # HTML 400 if left to it); the API says why, as for any malformed body.
    if isinstance(exc, RequestDataTooBig):
        return exceptions.ParseError(too_big_message())
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return exceptions.ParseError(TOO_MANY_FIELDS_MESSAGE)
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(validation_detail(exc))
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    return exc


def exception_handler(exc: Exception, context: dict):
    """REST_FRAMEWORK's EXCEPTION_HANDLER: every API view answers errors in one shape.

    ``{"detail": "…"}`` for the error of a whole request, ``{"字段": ["…"]}`` for
    validation. A bare list of messages (``ValidationError("…")`` raised in a view)
    is put under ``non_field_errors`` so that a 400 body is always an object.
    """
    response = views.exception_handler(translate_exception(exc), context)
    if response is not None and isinstance(response.data, list):
        response.data = {api_settings.NON_FIELD_ERRORS_KEY: response.data}
    return response
