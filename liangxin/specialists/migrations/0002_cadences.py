from django.db import migrations


def seed(apps, schema_editor):
    from liangxin.specialists.defaults import seed as write

    write(apps.get_model("specialists", "Cadence"))


class Migration(migrations.Migration):
    dependencies = [("specialists", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
