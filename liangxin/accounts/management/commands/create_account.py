"""create_account USERNAME --role ROLE [--region CODE]… [--organization CODE]… (DOMAIN.md §5)."""

import getpass
import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from liangxin.accounts.services import account_create
from liangxin.core.audit import CHANNEL_COMMAND, audit_context
from liangxin.core.roles import Role
from liangxin.workforce.models import Instructor

ROLE_HELP = "；".join(f"{value}={label}" for value, label in Role.choices)


class Command(BaseCommand):
    help = "创建登录账号：指定角色和数据范围（区域和/或党组织）。"

    def add_arguments(self, parser):
        parser.add_argument("username", help="登录名")
        parser.add_argument("--role", required=True, help=f"角色：{ROLE_HELP}")
        parser.add_argument(
            "--region",
            action="append",
            default=[],
            metavar="CODE",
            help="管辖区域代码，可重复；区级/镇级管理员、网格员、领导查看必填",
        )
        parser.add_argument(
            "--organization",
            action="append",
            default=[],
            metavar="CODE",
            help="所属党组织编码，可重复；企业党组织书记必填",
        )
        parser.add_argument(
            "--password-env",
            metavar="VAR",
            help="从该环境变量读取密码；不给则在终端提示输入两次",
        )
        parser.add_argument("--display-name", default="", metavar="NAME", help="姓名")
        parser.add_argument(
            "--instructor",
            metavar="PUBLIC_ID",
            help="仅用于 --role instructor：把账号关联到该党建指导员记录（其编号 public_id）；"
            "关联后该账号可见指导员联系的企业",
        )

    def handle(self, *args, **options):
        # The validators' messages follow the active language; operators read Chinese.
        with translation.override(settings.LANGUAGE_CODE):
            self.create(**options)

    def create(self, *, username, role, region, organization, **options):
        if options["instructor"] and role != Role.INSTRUCTOR:
            raise CommandError("--instructor 只能与 --role instructor 一起使用")
        password = read_password(options["password_env"])
        try:
            with audit_context(None, channel=CHANNEL_COMMAND), transaction.atomic():
                user = account_create(
                    username=username,
                    password=password,
                    role=role,
                    region_codes=region,
                    organization_codes=organization,
                    display_name=options["display_name"],
                )
                if options["instructor"]:
                    link_instructor(user, options["instructor"])
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(f"已创建账号 {user.username}（{user.role_label}）")


def read_password(env_var: str | None) -> str:
    if env_var:
        password = os.environ.get(env_var, "")
        if not password:
            raise CommandError(f"环境变量 {env_var} 未设置或为空")
        return password
    first = getpass.getpass("密码：")
    if first != getpass.getpass("再次输入密码："):
        raise CommandError("两次输入的密码不一致")
    return first


def link_instructor(user, public_id: str) -> None:
    """Give the instructor record its login; its scope is then its assigned enterprises."""
    try:
        instructor = Instructor.objects.select_for_update().get(public_id=uuid.UUID(public_id))
    except (ValueError, Instructor.DoesNotExist) as exc:
        raise ValidationError(f"党建指导员不存在：{public_id}") from exc
    if instructor.user_id is not None:
        raise ValidationError(f"党建指导员“{instructor.name}”已关联账号，不能重复关联")
    instructor.user = user
    instructor.save(update_fields=["user", "updated_at"])
