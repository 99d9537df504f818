from liangxin.core.audit import CHANNEL_ADMIN, CHANNEL_WEB, audit_context, client_address


class AuditContextMiddleware:
    """Attribute page and admin writes to the logged-in user.

    API requests authenticate inside DRF, after middleware; the API's base view
    opens its own audit context (liangxin.api.views).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/") or not request.user.is_authenticated:
            return self.get_response(request)
        channel = CHANNEL_ADMIN if request.path.startswith("/admin/") else CHANNEL_WEB
        with audit_context(
            request.user, channel=channel, remote_addr=client_address(request), path=request.path
        ):
            return self.get_response(request)
