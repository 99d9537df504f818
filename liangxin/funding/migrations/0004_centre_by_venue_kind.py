from django.db import migrations


def by_kind(apps, schema_editor):
    """The seeded per-centre rule counts 园区党群服务中心 by the venues kind, not a level."""
    version = apps.get_model("funding", "FundingRuleVersion")
    version.objects.filter(
        rule__code="per-centre", number=1, allocations__isnull=True, station_levels="town_benchmark"
    ).update(station_levels="", venue_kinds="park_centre")


class Migration(migrations.Migration):
    dependencies = [("funding", "0003_venue_kinds")]

    operations = [migrations.RunPython(by_kind, migrations.RunPython.noop)]
