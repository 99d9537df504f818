"""``Authorization: Token <raw token>`` against the digests in ApiToken."""

from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from liangxin.accounts import services


class ApiTokenAuthentication(TokenAuthentication):
    """DRF's header parsing (keyword ``Token``), our hashed, expiring, revocable tokens."""

    def authenticate_credentials(self, key):
        token = services.token_authenticate(raw=key)
        if token is None:
            raise exceptions.AuthenticationFailed("令牌无效、已过期或已吊销")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(gettext_lazy("User inactive or deleted."))
        return (token.user, token)


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The OpenAPI security scheme, as drf-spectacular writes it for DRF's own class."""

    target_class = "liangxin.accounts.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "API 令牌（manage.py issue_token 或“我的 API 令牌”页面签发），"
            '格式 "Token <令牌>"',
        }
