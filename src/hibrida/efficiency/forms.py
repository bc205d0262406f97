from django import forms

from .model import CALIBRATIONS, SCENARIOS
from .models import Component

SCOPE_CHOICES = [("rata2", "OPD rata-rata (tabel berita)"), ("kota", "Seluruh OPD kota (data)")]

# Shown under the calibration choice; the rupiah figures are checked against the model by
# tests/efficiency/test_views.py, so they cannot drift from what the page computes.
CALIBRATION_HELP = {
    "tabel_berita": (
        "Mereproduksi persis tabel simulasi dalam berita (OPD rata-rata, WFH 1 hari/minggu): "
        "listrik & air Rp 25 jt → 21 jt (16 %), ATK & logistik 18 jt → 14 jt (22 %), BBM & "
        "perjalanan dinas 10 jt → 7 jt (30 %), produktivitas 100 → 112. Hemat ATK dan BBM lebih "
        "besar daripada 20 % hari kerja di luar kantor (elastisitas 1,11 dan 1,5); lembur & "
        "pemeliharaan tidak ada di tabel sehingga tidak ikut hemat; hari WFH bergilir dianggap "
        "sama hemat dengan hari WFH serentak."
    ),
    "teks_berita": (
        'Memakai batas "hingga" dalam teks berita — listrik & air 12 %, ATK 18 %, BBM 25 %, '
        "lembur & pemeliharaan 10 % — yang baru tercapai pada WFH 2 hari/minggu dan tidak "
        "dilampaui. Sebagian biaya tetap (asumsi Hibrida: 40/25/20/50 %), listrik & air hanya "
        "turun separuh bila hari WFH bergilir (gedung tetap buka), lembur & pemeliharaan "
        "Rp 7 jt/bulan (asumsi). Produktivitas +10 % pada 1 hari, paling tinggi +15 %."
    ),
}
CALIBRATION_WHY = (
    "Mengapa hasilnya berbeda sekitar 3×: tabel berita memberi hemat 16–30 % per komponen "
    "sudah pada WFH 1 hari/minggu, sedangkan teks berita yang sama menyebut 12–25 % sebagai "
    "batas atas untuk 1–2 hari. Pada WFH 1 hari/minggu bergilir, OPD rata-rata hemat "
    "Rp 132.000.000/tahun menurut tabel dan Rp 47.640.000/tahun menurut teks (nilai titik "
    "kalibrasi). Kedua angka berasal dari berita yang sama dan tidak saling cocok (lihat "
    "pemeriksaan konsistensi); pilih kalibrasi yang asumsinya paling dekat dengan OPD Anda, "
    "atau isi kalibrasi sendiri (custom) dari data realisasi biaya."
)
CALIBRATION_SOURCE = (
    "Sumber: dua berita lokal November 2025 tentang kajian WFH ASN Pemkot Bekasi (tabel "
    "simulasi OPD rata-rata dan teks); angka yang tidak dilaporkan ditandai sebagai asumsi "
    "Hibrida dan tercantum di daftar asumsi hasil."
)


class SimulatorForm(forms.Form):
    """The simulator's simple controls; the JSON field takes the full documented schema."""

    kalibrasi = forms.ChoiceField(
        label="Kalibrasi",
        choices=[(k, c.label) for k, c in CALIBRATIONS.items()],
        initial="tabel_berita",
        help_text=CALIBRATION_WHY,
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
