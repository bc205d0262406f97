"""Forms of the meetings pages (parsing only; rules live in services.py)."""

from __future__ import annotations

from django import forms

from hibrida.org.models import Opd, Unit

from .models import WEEKDAY_LABELS, NotReachedReason, SpotCheckOutcome


class MeetingForm(forms.Form):
    title = forms.CharField(label="Judul", max_length=200)
    agenda = forms.CharField(
        label="Agenda", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    organiser_opd = forms.ModelChoiceField(label="OPD penyelenggara", queryset=Opd.objects.none())
    weekdays = forms.TypedMultipleChoiceField(
        label="Hari (setiap minggu)",
        choices=[(i, WEEKDAY_LABELS[i]) for i in range(5)],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    start_time = forms.TimeField(label="Jam mulai", widget=forms.TimeInput(attrs={"type": "time"}))
    duration_minutes = forms.IntegerField(label="Durasi (menit)", initial=60)
    start_date = forms.DateField(
        label="Mulai tanggal", widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        label="Sampai tanggal", widget=forms.DateInput(attrs={"type": "date"})
    )
    video_url = forms.CharField(
        label="Tautan video (kosongkan untuk ruang Jitsi baru)", required=False, max_length=500
    )
    invited_opds = forms.ModelMultipleChoiceField(
        label="OPD diundang",
        queryset=Opd.objects.filter(is_active=True),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    invited_units = forms.ModelMultipleChoiceField(
        label="Unit diundang",
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, organiser_opds=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        organiser = self.fields["organiser_opd"]
        invited = self.fields["invited_units"]
        assert isinstance(organiser, forms.ModelChoiceField)  # declared above
        assert isinstance(invited, forms.ModelMultipleChoiceField)  # declared above
        organiser.queryset = organiser_opds if organiser_opds is not None else Opd.objects.none()
        invited.queryset = units if units is not None else Unit.objects.none()


class MinutesForm(forms.Form):
    minutes = forms.CharField(label="Notulen", widget=forms.Textarea(attrs={"rows": 5}))
    held = forms.TypedChoiceField(
        label="Status",
        choices=[("1", "Terlaksana"), ("0", "Dibatalkan")],
        coerce=lambda v: v == "1",
        initial="1",
    )


class SpotCheckForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Hasil",
        choices=[
            (SpotCheckOutcome.REACHED, "Terhubung"),
            (SpotCheckOutcome.NOT_REACHED, "Tidak terhubung"),
        ],
    )
    reason = forms.ChoiceField(
        label="Alasan (bila tidak terhubung)",
        choices=[("", "—")] + list(NotReachedReason.choices),
        required=False,
    )
    note = forms.CharField(
        label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
