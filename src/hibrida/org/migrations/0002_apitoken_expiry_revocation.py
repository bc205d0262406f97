"""API tokens get an expiry and a record of who revoked them when.

Tokens issued before expiry existed get ``created_at + 90 days`` (the default lifetime), so no
token lives forever; one already older than that stops working with this migration.
"""

import datetime as dt

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import hibrida.org.models


def expire_existing(apps, schema_editor):
    ApiToken = apps.get_model("org", "ApiToken")
    # The database being migrated, not the default one (tests migrate a scratch database).
    tokens = ApiToken.objects.using(schema_editor.connection.alias)
    tokens.filter(expires_at__isnull=True).update(
        expires_at=models.F("created_at") + dt.timedelta(days=90)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(expire_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(default=hibrida.org.models.api_token_expiry),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="revoked_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="revoked_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="apitoken",
            constraint=models.CheckConstraint(
                condition=models.Q(("revoked", True), ("revoked_at__isnull", True), _connector="OR"),
                name="apitoken_revoked_at_needs_revoked",
            ),
        ),
    ]
