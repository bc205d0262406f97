"""Pre-aggregated person-day counts that make the OPD and city dashboards fast at city scale.

Counts per (employee, day), rolled up per (day, OPD, unit, planned mode) and per (day, OPD, mode)
by ``services.refresh_daily_summary``; the fields are exactly ``metrics.Counts``. Design in
docs/architecture.md, "The dashboard summaries".
"""

from __future__ import annotations

from django.db import models

from hibrida.org.models import Employee, Opd, Unit


class Counts(models.Model):
    """The additive counts of ``metrics.Counts`` (same names), shared by both summaries."""

    mode = models.CharField(max_length=6)
    planned = models.PositiveIntegerField(default=0)
    expected = models.PositiveIntegerField(default=0)
    wfh = models.PositiveIntegerField(default=0)
    present_valid = models.PositiveIntegerField(default=0)
    checked_in = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    flagged_days = models.PositiveIntegerField(default=0)
    flagged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    reports_submitted = models.PositiveIntegerField(default=0)
    reports_validated = models.PositiveIntegerField(default=0)
    reports_approved = models.PositiveIntegerField(default=0)
    reports_pending = models.PositiveIntegerField(default=0)
    reports_late = models.PositiveIntegerField(default=0)
    output_wfh_days = models.PositiveIntegerField(default=0)
    output_wfo_days = models.PositiveIntegerField(default=0)
    output_wfh_score = models.FloatField(default=0)
    output_wfo_score = models.FloatField(default=0)
    refreshed_at = models.DateTimeField()

    class Meta:
        abstract = True


class PersonDailySummary(Counts):
    """Per (employee, day), with the planned mode of the day: the people of a unit or team over
    a period (a 30-day unit table reads ~30 rows a person instead of every check-in)."""

    day = models.DateField()
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    opd = models.ForeignKey(Opd, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["employee", "day"], name="one_summary_per_person_day")
        ]
        # The refresh deletes and rolls up by period (and OPD); the unique index serves people.
        indexes = [models.Index(fields=["day", "opd"])]

    def __str__(self) -> str:
        return f"{self.day} {self.employee_id} {self.mode}"


class DailySummary(Counts):
    """Per (day, OPD, unit, planned mode): the OPD dashboard and every drill-down."""

    day = models.DateField()
    opd = models.ForeignKey(Opd, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "opd", "unit", "mode"], name="one_summary_per_unit_day_mode"
            )
        ]
        # City ranking filters on a period; the OPD page on one OPD and a period.
        indexes = [models.Index(fields=["opd", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.opd_id}/{self.unit_id} {self.mode}"


class OpdDailySummary(Counts):
    """The same counts per (day, OPD, planned mode): the city dashboard reads ~5× fewer rows
    (a year of the city is ~60,000 rows here instead of ~320,000)."""

    day = models.DateField()
    opd = models.ForeignKey(Opd, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "opd", "mode"], name="one_summary_per_opd_day")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.opd_id} {self.mode}"
