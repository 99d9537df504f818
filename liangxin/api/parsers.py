"""Request body parsers that refuse a malformed body in Chinese, saying where.

DRF's own parsers answer in English ("JSON parse error - ...") and let a
RecursionError through: a JSON body nested a few thousand levels deep answered
500. REST_FRAMEWORK's DEFAULT_PARSER_CLASSES names these instead.
"""

import json

from rest_framework import parsers
from rest_framework.exceptions import ParseError

JSON_MESSAGE = "请求体格式错误：不是有效的 JSON"
NESTING_MESSAGE = "请求体格式错误：JSON 嵌套层数过多"
MULTIPART_MESSAGE = "请求体格式错误：不是有效的 multipart/form-data 表单"
NUL_MESSAGE = "请求体格式错误：含有空字符（NUL），无法保存"


def refuse_nul(data):
    """``data`` unchanged, or a Chinese 400 when any key or text in it holds a NUL.

    PostgreSQL refuses a NUL in text with an error, so one that reached a lookup by code
    (a related field, a filter) answered 500 (found by schemathesis). DRF's CharField
    refuses NULs itself; related fields and lookups do not, so the body is checked once,
    here, for every field.
    """
    if _holds_nul(data):
        raise ParseError(NUL_MESSAGE)
    return data


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if hasattr(value, "lists"):  # QueryDict: every value of every key
        return any(_holds_nul(key) or _holds_nul(values) for key, values in value.lists())
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(_holds_nul(item) for item in value)
    return False


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except ParseError as exc:
            raise ParseError(json_message(exc.__context__)) from exc
        except RecursionError as exc:
            raise ParseError(NESTING_MESSAGE) from exc
        try:
            return refuse_nul(data)
        except RecursionError as exc:  # nested just under the decoder's limit
            raise ParseError(NESTING_MESSAGE) from exc


def json_message(cause: BaseException | None) -> str:
    """The message with the line and column of the first fault, when the decoder says it."""
    if isinstance(cause, json.JSONDecodeError):
        return f"{JSON_MESSAGE}（第 {cause.lineno} 行第 {cause.colno} 列）"
    if isinstance(cause, UnicodeDecodeError):
        return f"{JSON_MESSAGE}（不是 UTF-8 编码的文本）"
    return JSON_MESSAGE


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return refuse_nul(super().parse(stream, media_type, parser_context))


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            parsed = super().parse(stream, media_type, parser_context)
        except ParseError as exc:
            raise ParseError(MULTIPART_MESSAGE) from exc
        refuse_nul(parsed.data)
        return parsed
