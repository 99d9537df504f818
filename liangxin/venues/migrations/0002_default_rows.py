"""The default venue kinds, levels and standard items (venues.defaults)."""

from django.db import migrations

from liangxin.venues import defaults


def forward(apps, schema_editor):
    defaults.seed(
        apps.get_model("venues", "VenueKind"),
        apps.get_model("venues", "VenueLevel"),
        apps.get_model("venues", "VenueStandard"),
    )


class Migration(migrations.Migration):
    dependencies = [("venues", "0001_initial")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
