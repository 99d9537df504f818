"""The OpenAPI schema documents the error answers every operation really gives.

drf-spectacular documents the success answer of each view; the errors come from
the shared machinery (authentication, permissions, scope, validation, the
paginator, the busy-database handler), so they are added here in one place for
every operation instead of on each view. A view that answers some other code
documents it itself with ``extend_schema(responses=...)``; what it declares wins.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent, build_media_type_object

from liangxin.api.errors import NOT_FOUND_MESSAGE
from liangxin.core.errors import BUSY_MESSAGE

ERROR_SCHEMA = {
    "type": "object",
    "description": "错误说明（中文）",
    "properties": {"detail": {"type": "string", "description": "错误说明"}},
    "required": ["detail"],
}

# Field errors: {"字段": ["说明", ...]}; nested records and lists of them carry the
# same shape inside; errors about the whole record are under non_field_errors, and a
# body that is not JSON gives {"detail": ...}.
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "按字段列出的错误说明（中文）",
    "properties": {
        "detail": {"type": "string", "description": "请求体整体的错误（如不是有效的 JSON）"},
        "non_field_errors": {
            "type": "array",
            "items": {"type": "string"},
            "description": "与单个字段无关的错误",
        },
    },
    "additionalProperties": {
        "oneOf": [
            {"type": "array", "items": {"oneOf": [{"type": "string"}, {"type": "object"}]}},
            {"type": "object"},
        ]
    },
}

ERRORS = {
    "400": ("请求参数或请求体不正确", "ValidationError"),
    "401": ("未登录或令牌无效、已过期", "Error"),
    "403": ("您的角色无权进行此操作", "Error"),
    "404": (f"{NOT_FOUND_MESSAGE}（或不在您的数据范围内）", "Error"),
    "429": ("请求过于频繁，请稍后再试", "Error"),
    "503": (BUSY_MESSAGE, "Error"),
}
SCHEMAS = {"Error": ERROR_SCHEMA, "ValidationError": VALIDATION_ERROR_SCHEMA}


class ApiAutoSchema(AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation.setdefault("responses", {})
        for code in self.error_codes(operation):
            if code not in responses:
                description, schema_name = ERRORS[code]
                responses[code] = {
                    "description": description,
                    "content": {"application/json": build_media_type_object(self.ref(schema_name))},
                }
        return operation

    def error_codes(self, operation: dict) -> list[str]:
        """The error answers this operation can give, from what it takes and who may call it."""
        parameters = operation.get("parameters", [])
        codes = []
        if "requestBody" in operation or any(p["in"] == "query" for p in parameters):
            codes.append("400")
        if self.view.permission_classes:
            codes += ["401", "403"]
        # A record named in the address or the query may be outside the caller's
        # scope (404, like one that does not exist); a page past the end is 404 too.
        if parameters:
            codes.append("404")
        if self.view.get_throttles():
            codes.append("429")
        # SQLite has one writer: any request can meet a long import's lock (core/errors.py).
        codes.append("503")
        return codes

    def ref(self, name: str) -> dict:
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, object=name, schema=SCHEMAS[name]
        )
        self.registry.register_on_missing(component)
        return component.ref
