from django.db import migrations


def seed(apps, schema_editor):
    from liangxin.campaigns.defaults import seed as write

    write(apps.get_model("campaigns", "CampaignKind"))


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
