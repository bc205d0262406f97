"""The figures in force when Hibrida adopted PermenPANRB 4/2025 (docs/regulations.md)."""

import datetime as dt

from django.db import migrations

IN_FORCE = dt.date(2025, 4, 21)  # PermenPANRB 4/2025 berlaku
ROWS = [
    (
        "max_location_days_per_week",
        2,
        "PermenPANRB 4/2025 Pasal 13 ayat (1): fleksibel lokasi paling banyak 2 hari kerja"
        " dalam 1 minggu",
    ),
    (
        "new_employee_months",
        12,
        "PermenPANRB 4/2025 Pasal 25 (bukan pegawai baru); batas 12 bulan sejak TMT: nilai"
        " bawaan sampai Pemkot Bekasi menetapkannya",
    ),
]


def seed(apps, schema_editor):
    LegalParameter = apps.get_model("policy", "LegalParameter")
    for key, value, source in ROWS:
        LegalParameter.objects.get_or_create(
            key=key, valid_from=IN_FORCE, defaults={"value": value, "legal_source": source}
        )


def unseed(apps, schema_editor):
    LegalParameter = apps.get_model("policy", "LegalParameter")
    LegalParameter.objects.filter(valid_from=IN_FORCE, key__in=[r[0] for r in ROWS]).delete()


class Migration(migrations.Migration):
    dependencies = [("policy", "0002_national_rules")]
    operations = [migrations.RunPython(seed, unseed)]
