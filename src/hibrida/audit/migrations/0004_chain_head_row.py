"""Create the audit chain head row up front.

Without it, the first writers to start together could both try to create the row (only one
wins); with it, appends only ever lock and update the existing row.
"""

from django.db import migrations

GENESIS_HASH = "0" * 64


def create_head(apps, schema_editor):
    ChainHead = apps.get_model("audit", "ChainHead")
    ChainHead.objects.get_or_create(pk=1, defaults={"last_seq": 0, "last_hash": GENESIS_HASH})


def remove_empty_head(apps, schema_editor):
    ChainHead = apps.get_model("audit", "ChainHead")
    ChainHead.objects.filter(pk=1, last_seq=0).delete()


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_audit_plans")]

    operations = [migrations.RunPython(create_head, remove_empty_head)]
