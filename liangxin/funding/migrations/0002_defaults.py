from django.db import migrations


def seed(apps, schema_editor):
    from liangxin.funding.defaults import seed as write

    write(
        apps.get_model("funding", "FundingRule"),
        apps.get_model("funding", "FundingRuleVersion"),
        apps.get_model("funding", "ExpenseCategory"),
    )


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
