"""A post assignment is no longer a team member: teams are their own records (0003)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("posts", "0003_teams_from_assignments")]

    operations = [
        migrations.AddConstraint(
            model_name='postassignment',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ('vanguard_team', 'tech_team')), _negated=True), name='post_kind_not_team', violation_error_message='党员先锋队、科技攻坚队请登记为队伍，再添加队员'),
        ),
    ]
