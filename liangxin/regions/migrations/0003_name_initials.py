"""Pinyin initials of the name (issue 14, the pickers): the column, its prefix index, and
the initials of the rows already stored."""

from django.db import migrations, models

from liangxin.core.pinyin import refresh_initials


def fill_initials(apps, schema_editor):
    refresh_initials(apps.get_model("regions", "Region"))


class Migration(migrations.Migration):
    dependencies = [("regions", "0002_reserved_codes")]

    operations = [
        migrations.AddField(
            model_name="region",
            name="name_initials",
            field=models.CharField(
                blank=True,
                default="",
                editable=False,
                max_length=64,
                verbose_name="名称拼音首字母",
            ),
        ),
        migrations.AddIndex(
            model_name="region",
            index=models.Index(
                fields=["name_initials"],
                name="region_initials_idx",
                opclasses=["varchar_pattern_ops"],
            ),
        ),
        migrations.RunPython(fill_initials, migrations.RunPython.noop, elidable=True),
    ]
