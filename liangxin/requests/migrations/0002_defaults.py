from django.db import migrations


def seed(apps, schema_editor):
    from liangxin.requests.defaults import seed as write

    write(apps.get_model("requests", "RequestCategory"), apps.get_model("requests", "DeadlineRule"))


class Migration(migrations.Migration):
    dependencies = [("requests", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
