"""Forms of the report pages (parsing only; rules live in services.py)."""

from __future__ import annotations

from django import forms

from hibrida.org.forms import set_queryset
from hibrida.org.models import Employee

from .evidence import MAX_EVIDENCE_BYTES
from .models import SkpTarget


class ActivityForm(forms.Form):
    description = forms.CharField(label="Uraian kegiatan", widget=forms.Textarea(attrs={"rows": 2}))
    target = forms.ModelChoiceField(
        label="Target SKP",
        queryset=SkpTarget.objects.none(),
        required=False,
        empty_label="(tidak terkait target)",
    )
    output = forms.CharField(label="Hasil / output", max_length=300)
    quantity = forms.DecimalField(label="Kuantitas", min_value=0, max_digits=10, decimal_places=2)
    unit = forms.CharField(label="Satuan", max_length=50)
    minutes = forms.IntegerField(label="Waktu (menit)", min_value=1, max_value=1440)
    evidence = forms.FileField(
        label="Berkas bukti",
        required=False,
        help_text=f"PDF, PNG, JPEG, XLSX atau DOCX; maks. {MAX_EVIDENCE_BYTES // 1024 // 1024} MB.",
    )
    evidence_link = forms.URLField(
        label="atau tautan bukti", required=False, max_length=500, assume_scheme="https"
    )

    def __init__(self, *args, targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        if targets is not None:
            set_queryset(self, "target", targets)


class TargetForm(forms.Form):
    year = forms.IntegerField(label="Tahun", min_value=2000, max_value=2100)
    title = forms.CharField(label="Rencana hasil kerja", max_length=300)
    indicator = forms.CharField(label="Indikator", max_length=300)
    target_quantity = forms.DecimalField(label="Target kuantitas", max_digits=12, decimal_places=2)
    unit = forms.CharField(label="Satuan", max_length=50)
    parent = forms.ModelChoiceField(
        label="Hasil kerja atasan (cascading)", queryset=SkpTarget.objects.none(), required=False
    )

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        if parents is not None:
            set_queryset(self, "parent", parents)


class ActionPlanForm(forms.Form):
    month = forms.IntegerField(label="Bulan", min_value=1, max_value=12)
    description = forms.CharField(label="Rencana aksi", max_length=300)
    planned_quantity = forms.DecimalField(label="Kuantitas", max_digits=12, decimal_places=2)


class DelegationForm(forms.Form):
    delegate = forms.ModelChoiceField(
        label="Plt (pegawai pengganti)", queryset=Employee.objects.none()
    )
    start = forms.DateField(label="Mulai", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="Selesai", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="Alasan", max_length=200)

    def __init__(self, *args, delegates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if delegates is not None:
            set_queryset(self, "delegate", delegates)


class UploadForm(forms.Form):
    file = forms.FileField(label="Berkas CSV/XLSX")
