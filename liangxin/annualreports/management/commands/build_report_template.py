"""Writes the app's default Word template (liangxin/annualreports/docx/default.docx) from
``documents.build_default_template``: run after changing that function, commit the file."""

from django.core.management.base import BaseCommand

from liangxin.annualreports import documents


class Command(BaseCommand):
    help = "生成年度工作报告的默认 Word 模板"

    def handle(self, *args, **options):
        documents.DEFAULT_TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
        documents.DEFAULT_TEMPLATE.write_bytes(documents.build_default_template())
        self.stdout.write(f"已写入 {documents.DEFAULT_TEMPLATE}")
