"""Pinyin initials of the name (issue 14, the pickers): the column, its prefix index, and
the initials of the rows already stored."""

from django.db import migrations, models

from liangxin.core.pinyin import refresh_initials


def fill_initials(apps, schema_editor):
    refresh_initials(apps.get_model("workforce", "Instructor"))


class Migration(migrations.Migration):
    dependencies = [("workforce", "0003_indexes_without_like_twins")]

    operations = [
        migrations.AddField(
            model_name="instructor",
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
            model_name="instructor",
            index=models.Index(
                fields=["name_initials"],
                name="instructor_initials_idx",
                opclasses=["varchar_pattern_ops"],
            ),
        ),
        migrations.RunPython(fill_initials, migrations.RunPython.noop, elidable=True),
    ]
