from django import forms

from .models import AsnType, Employee, Position, Unit


class EmployeeForm(forms.Form):
    """Master data of one ASN; validation rules live in services.clean_employee."""

    nip = forms.CharField(label="NIP / NI PPPK", max_length=18)
    name = forms.CharField(label="Nama", max_length=200)
    asn_type = forms.ChoiceField(label="Jenis ASN", choices=AsnType.choices)
    unit = forms.ModelChoiceField(label="Unit kerja", queryset=Unit.objects.none())
    position = forms.ModelChoiceField(label="Jabatan", queryset=Position.objects.none())
    supervisor = forms.ModelChoiceField(
        label="Atasan langsung", queryset=Employee.objects.none(), required=False
    )
    email = forms.EmailField(label="Email", required=False)
    phone = forms.CharField(label="Telepon", max_length=30, required=False)
    is_active = forms.BooleanField(label="Aktif", required=False, initial=True)

    def __init__(self, *args, opd, supervisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(opd=opd)
        self.fields["position"].queryset = Position.objects.filter(opd=opd)
        self.fields["supervisor"].queryset = supervisors


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Berkas CSV atau XLSX",
        help_text=(
            "Kolom: NIP, Nama, Jenis ASN, Jabatan, Jenis Jabatan, Unit Kerja, OPD, NIP Atasan, "
            "Email, Telepon. Semua baris diperiksa dulu; bila ada satu kesalahan, tidak ada "
            "yang disimpan."
        ),
    )
