"""Print every scoping rule: which app lets which user see which rows (auditable list)."""

from django.core.management.base import BaseCommand

from liangxin.core.contributions import slot


class Command(BaseCommand):
    help = "列出全部数据范围规则（模型、登记的应用、规则及其说明）"

    def handle(self, *args, **options):
        for entry in sorted(slot("scope_rules").entries, key=_model_name):
            model, rule = entry.item
            doc = (rule.__doc__ or "").strip().splitlines()
            self.stdout.write(
                f"{model._meta.label}\t{entry.app_label}\t{rule.__module__}.{rule.__qualname__}"
                f"\t{doc[0] if doc else ''}"
            )


def _model_name(entry) -> str:
    return entry.item[0]._meta.label
