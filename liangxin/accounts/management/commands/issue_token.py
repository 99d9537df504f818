"""issue_token USERNAME: print a new API token; the user's previous token stops working."""

from django.core.management.base import BaseCommand, CommandError

from liangxin.accounts.models import User
from liangxin.accounts.services import token_issue
from liangxin.core.audit import CHANNEL_COMMAND, audit_context


class Command(BaseCommand):
    help = "为账号签发新的 API 令牌（Authorization: Token …），旧令牌随即失效。"

    def add_arguments(self, parser):
        parser.add_argument("username", help="登录名")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户不存在：{username}")
        if not user.is_active:
            raise CommandError(f"账号已停用：{username}")
        with audit_context(None, channel=CHANNEL_COMMAND):
            key = token_issue(user=user)
        # Only the key on stdout, so scripts can capture it: TOKEN=$(manage.py issue_token …)
        self.stdout.write(key)
