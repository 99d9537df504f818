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


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except ParseError as exc:
            raise ParseError(json_message(exc.__context__)) from exc
        except RecursionError as exc:
            raise ParseError(NESTING_MESSAGE) from exc


def json_message(cause: BaseException | None) -> str:
    """The message with the line and column of the first fault, when the decoder says it."""
    if isinstance(cause, json.JSONDecodeError):
        return f"{JSON_MESSAGE}（第 {cause.lineno} 行第 {cause.colno} 列）"
    if isinstance(cause, UnicodeDecodeError):
        return f"{JSON_MESSAGE}（不是 UTF-8 编码的文本）"
    return JSON_MESSAGE


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except ParseError as exc:
            raise ParseError(MULTIPART_MESSAGE) from exc
