"""The need categories the code held as a fixed list (issue 18) written into the table 0004
made, with the same codes: the needs keep their ``category`` values unchanged, each now a
code of the table (a code a need holds that the list lacked becomes a switched-off row)."""

from django.db import migrations


def seed(apps, schema_editor):
    from liangxin.servicelists.defaults import seed_need_categories

    seed_need_categories(
        apps.get_model("servicelists", "NeedCategory"), apps.get_model("servicelists", "Need")
    )


class Migration(migrations.Migration):
    dependencies = [("servicelists", "0004_need_category")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
