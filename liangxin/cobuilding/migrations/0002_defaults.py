from django.db import migrations


def seed(apps, schema_editor):
    from liangxin.cobuilding.defaults import seed as write

    write(
        apps.get_model("cobuilding", "Programme"),
        apps.get_model("cobuilding", "OutcomeType"),
        apps.get_model("cobuilding", "WorkshopType"),
        apps.get_model("cobuilding", "AllianceKind"),
    )


class Migration(migrations.Migration):
    dependencies = [("cobuilding", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
