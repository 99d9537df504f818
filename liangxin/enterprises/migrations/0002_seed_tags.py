from django.db import migrations

TAGS = [
    ("specialized", "专精特新"),
    ("high_tech", "高新技术企业"),
    ("fortune500", "世界500强投资"),
    ("listed", "上市"),
]


def add_tags(apps, schema_editor):
    EnterpriseTag = apps.get_model("enterprises", "EnterpriseTag")
    for code, name in TAGS:
        EnterpriseTag.objects.update_or_create(code=code, defaults={"name": name})


def remove_tags(apps, schema_editor):
    apps.get_model("enterprises", "EnterpriseTag").objects.filter(
        code__in=[code for code, _ in TAGS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]
    operations = [migrations.RunPython(add_tags, remove_tags)]
