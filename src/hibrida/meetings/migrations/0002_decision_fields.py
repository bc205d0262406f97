"""Attendance confirmations and spot-check results take the shared decision names
(audit.decisions.Decision); the data stays in the renamed columns."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("meetingattendance", "confirmed_by", "decided_by"),
        migrations.RenameField("meetingattendance", "confirmed_at", "decided_at"),
        migrations.RenameField("spotcheck", "outcome", "status"),
        migrations.RenameField("spotcheck", "recorded_by", "decided_by"),
        migrations.RenameField("spotcheck", "recorded_at", "decided_at"),
        migrations.RenameField("spotcheck", "note", "decision_note"),
        migrations.AddField(
            model_name='meetingattendance',
            name='decision_note',
            field=models.TextField(blank=True, verbose_name='catatan keputusan'),
        ),
        migrations.AlterField(
            model_name='meetingattendance',
            name='decided_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='diputuskan pada'),
        ),
        migrations.AlterField(
            model_name='meetingattendance',
            name='decided_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='diputuskan oleh'),
        ),
        migrations.AlterField(
            model_name='spotcheck',
            name='decided_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='diputuskan pada'),
        ),
        migrations.AlterField(
            model_name='spotcheck',
            name='decided_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='diputuskan oleh'),
        ),
        migrations.AlterField(
            model_name='spotcheck',
            name='decision_note',
            field=models.TextField(blank=True, verbose_name='catatan keputusan'),
        ),
    ]
