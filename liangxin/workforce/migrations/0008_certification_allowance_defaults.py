"""The district's starting settings for certification and allowances, each with its source;
the district admin edits them on the pages (WORK.md §4, defaults [I])."""

from django.db import migrations

LEVELS = [
    # level, issuer level, valid years, source
    ("junior", "district", 3, "[L: 江苏某区 2021] 初级由区（县）认证，市内有效"),
    ("middle", "district", 3, "[L: 江苏某区 2021] 中级由区（县）认证，市内有效"),
    ("senior", "city", 3, "[L: 江苏某区 2021] 高级由市认证，区（县）登记，市内有效"),
    ("special", "province", 3, "[L: 江苏某区 2021] 特级由省认证，区（县）登记，省内有效"),
]

RULES = [
    # kind, cert level, honour level, amount, cap, source
    (
        "certification",
        "special",
        "",
        "9600.00",
        None,
        "[L:张家港] 特级党务工作者每年津贴9600元；须年度考核称职以上且年检合格 [L:晋江]",
    ),
    (
        "honour",
        "",
        "city",
        "5000.00",
        "5000.00",
        "[L:张家港] 当年获市级及以上荣誉的，另发荣誉津贴，最高不超过5000元",
    ),
]


def add_defaults(apps, schema_editor):
    level_model = apps.get_model("workforce", "CertificationLevel")
    rule_model = apps.get_model("workforce", "AllowanceRule")
    for level, issuer, years, source in LEVELS:
        level_model.objects.get_or_create(
            level=level,
            defaults={"issuer_level": issuer, "valid_years": years, "source": source},
        )
    if rule_model.objects.exists():
        return
    for kind, cert_level, honour_level, amount, cap, source in RULES:
        rule_model.objects.create(
            kind=kind,
            cert_level=cert_level,
            honour_level=honour_level,
            amount=amount,
            cap=cap,
            requires_assessment="competent",
            requires_annual_check=kind == "certification",
            effective_from=2021,
            source=source,
        )


class Migration(migrations.Migration):
    dependencies = [("workforce", "0007_party_workers_training_certification")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
