"""Forms of the audit pages (parsing only; rules live in services.py)."""

from __future__ import annotations

from django import forms

from hibrida.org.models import Opd

from .models import Severity


class PlanForm(forms.Form):
    title = forms.CharField(label="Judul audit", max_length=200)
    objective = forms.CharField(
        label="Tujuan", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    period_start = forms.DateField(
        label="Periode mulai", widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label="Periode selesai", widget=forms.DateInput(attrs={"type": "date"})
    )
    opds = forms.ModelMultipleChoiceField(
        label="OPD dalam lingkup",
        queryset=Opd.objects.filter(is_active=True).order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    sample_size = forms.IntegerField(label="Ukuran sampel (pegawai-hari)", initial=20)


class FindingForm(forms.Form):
    title = forms.CharField(label="Judul temuan", max_length=200)
    condition = forms.CharField(label="Kondisi", widget=forms.Textarea(attrs={"rows": 3}))
    severity = forms.ChoiceField(label="Tingkat", choices=Severity.choices)
    recommendation = forms.CharField(label="Rekomendasi", widget=forms.Textarea(attrs={"rows": 3}))
    due_date = forms.DateField(
        label="Batas tindak lanjut",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class FollowUpForm(forms.Form):
    note = forms.CharField(label="Catatan tindak lanjut", widget=forms.Textarea(attrs={"rows": 3}))
    close = forms.BooleanField(label="Tandai selesai (tutup temuan)", required=False)
