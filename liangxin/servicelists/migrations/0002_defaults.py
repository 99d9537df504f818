from django.db import migrations


def seed(apps, schema_editor):
    from liangxin.servicelists.defaults import seed as write

    write(apps.get_model("servicelists", "ActivityType"), apps.get_model("servicelists", "EventType"))


class Migration(migrations.Migration):
    dependencies = [("servicelists", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
