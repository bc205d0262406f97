from django import forms

from .model import CALIBRATIONS, SCENARIOS
from .models import Component

SCOPE_CHOICES = [("rata2", "OPD rata-rata (tabel berita)"), ("kota", "Seluruh OPD kota (data)")]


class SimulatorForm(forms.Form):
    """The simulator's simple controls; the JSON field takes the full documented schema."""

    kalibrasi = forms.ChoiceField(
        label="Kalibrasi",
        choices=[(k, c.label) for k, c in CALIBRATIONS.items()],
        initial="tabel_berita",
    )
    cakupan = forms.ChoiceField(label="Cakupan", choices=SCOPE_CHOICES, initial="rata2")
    skenario = forms.ChoiceField(
        label="Skenario rinci (tornado, per OPD)",
        choices=[(k, s.label) for k, s in SCENARIOS.items() if k != "wfo_penuh"],
        initial="wfh_1_hari",
    )
    seed = forms.IntegerField(label="Seed", min_value=0, initial=2026)
    undian = forms.IntegerField(
        label="Undian Monte Carlo", min_value=100, max_value=100_000, initial=10_000
    )
    masukan_json = forms.CharField(
        label="Masukan JSON (lanjutan, menggantikan pilihan di atas)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": '{"calibration": "custom", ...}'}),
        help_text="Skema lengkapnya ada di panduan efisiensi Hibrida (sama dengan masukan API).",
    )


class RealisedCostForm(forms.Form):
    month = forms.DateField(
        label="Bulan (tanggal berapa pun di bulan itu)",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    component = forms.ChoiceField(label="Komponen", choices=Component.choices)
    amount = forms.IntegerField(label="Realisasi (Rp)", min_value=0)
    note = forms.CharField(label="Catatan", max_length=300, required=False)


class BaselineForm(forms.Form):
    component = forms.ChoiceField(label="Komponen", choices=Component.choices)
    monthly_amount = forms.IntegerField(label="Baseline per bulan, WFO penuh (Rp)", min_value=0)
    source = forms.CharField(label="Sumber (mis. DPA 2025)", max_length=200, required=False)


class ServiceImportForm(forms.Form):
    file = forms.FileField(
        label="Berkas CSV atau XLSX",
        help_text=(
            "Kolom: OPD, Titik Layanan, Tanggal (YYYY-MM-DD), Pengunjung Dilayani, "
            "Waktu Tunggu Menit, Pengaduan. Semua baris diperiksa dulu; bila ada satu "
            "kesalahan, tidak ada yang disimpan."
        ),
    )
