from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

# Paths an account with an expired or one-time password may still open.
OPEN_PATHS = ("/static/", "/logout/", "/login/")
API_REFUSAL = {"detail": "密码已过期或为一次性密码，请先在页面上修改密码"}


class PasswordPolicyMiddleware:
    """An expired or one-time password sends the user to the change page before anything else.

    Sessions only: an API token has its own expiry (API_TOKEN_DAYS).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.password_expired():
            return self.get_response(request)
        change_url = reverse("accounts:password_change")
        if request.path == change_url or request.path.startswith(OPEN_PATHS):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse(API_REFUSAL, status=403)
        messages.warning(request, expiry_message(user))
        return redirect(change_url)


def expiry_message(user) -> str:
    if user.must_change_password:
        return "您正在使用管理员给出的一次性密码，请先设置自己的新密码。"
    return "您的密码已超过有效期，请先修改密码。"
