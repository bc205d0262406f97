"""The validation columns take the shared decision names (audit.decisions.Decision); a
notification's message becomes text so that it quotes the whole decision note."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("activity", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("dailyreport", "validated_at", "decided_at"),
        migrations.RenameField("dailyreport", "validated_by", "decided_by"),
        migrations.RenameField("dailyreport", "validation_comment", "decision_note"),
        migrations.AlterField(
            model_name='dailyreport',
            name='decided_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='diputuskan pada'),
        ),
        migrations.AlterField(
            model_name='dailyreport',
            name='decided_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='diputuskan oleh'),
        ),
        migrations.AlterField(
            model_name='dailyreport',
            name='decision_note',
            field=models.TextField(blank=True, verbose_name='catatan keputusan'),
        ),
        migrations.AlterField(
            model_name="notification",
            name="message",
            field=models.TextField(),
        ),
    ]
