"""Forms of the organisation pages: they parse; services.py checks access and the rules."""

import json
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .models import (
    AsnType,
    Employee,
    GrantedRole,
    Opd,
    Position,
    PositionKind,
    Unit,
    UnitKind,
    User,
)


def set_queryset(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    """Limit the choices of ``form``'s model choice field ``name`` to ``queryset``."""
    field = form.fields[name]
    # ``fields`` is typed as holding any Field; only a model choice field has a queryset.
    assert isinstance(field, forms.ModelChoiceField), name
    field.queryset = queryset


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
    tmt = forms.DateField(
        label="TMT pengangkatan",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Dari SK CPNS/PPPK. Kosong: diturunkan dari NIP (aturan pegawai baru, "
        "Pasal 25 PermenPANRB 4/2025).",
    )

    def __init__(self, *args, opd, supervisors, **kwargs):
        super().__init__(*args, **kwargs)
        set_queryset(self, "unit", Unit.objects.filter(opd=opd))
        set_queryset(self, "position", Position.objects.filter(opd=opd))
        set_queryset(self, "supervisor", supervisors)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Berkas CSV atau XLSX",
        help_text=(
            "Kolom: NIP, Nama, Jenis ASN, Jabatan, Jenis Jabatan, Unit Kerja, OPD, NIP Atasan, "
            "Email, Telepon. Semua baris diperiksa dulu; bila ada satu kesalahan, tidak ada "
            "yang disimpan."
        ),
    )


# --- master data (parsing only; services.py checks access and the rules) -----------------


class _OpdForm(forms.Form):
    """A create form names its OPD (choices: the OPDs the user manages); an edit form keeps it."""

    opd = forms.ModelChoiceField(
        label=_("OPD"),
        queryset=Opd.objects.none(),
        error_messages={"invalid_choice": _("Pilih OPD yang Anda kelola.")},
    )

    def __init__(self, *args, opds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if opds is None:
            del self.fields["opd"]
        else:
            set_queryset(self, "opd", opds)


class UnitForm(_OpdForm):
    name = forms.CharField(label=_("Nama unit"), max_length=200)
    code = forms.CharField(label=_("Kode"), max_length=40)
    kind = forms.ChoiceField(label=_("Jenis"), choices=UnitKind.choices)
    parent = forms.ModelChoiceField(
        label=_("Unit induk"),
        queryset=Unit.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Pilih unit induk dari OPD yang sama.")},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        set_queryset(self, "parent", units)


class PositionForm(_OpdForm):
    name = forms.CharField(label=_("Nama jabatan"), max_length=200)
    kind = forms.ChoiceField(label=_("Jenis jabatan"), choices=PositionKind.choices)
    requires_presence = forms.BooleanField(label=_("Wajib hadir di kantor"), required=False)
    presence_reason = forms.CharField(
        label=_("Alasan wajib hadir"),
        max_length=200,
        required=False,
        help_text=_("Wajib diisi bila jabatan wajib hadir, mis. loket pelayanan."),
    )
    field_work = forms.BooleanField(label=_("Tugas lapangan"), required=False)


class OfficeLocationForm(_OpdForm):
    name = forms.CharField(label=_("Nama kantor"), max_length=200)
    address = forms.CharField(label=_("Alamat"), max_length=300, required=False)
    unit = forms.ModelChoiceField(
        label=_("Unit (kosongkan bila kantor seluruh OPD)"),
        queryset=Unit.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Pilih unit dari OPD yang sama.")},
    )
    latitude = forms.FloatField(label=_("Lintang"), help_text=_("mis. -6.2355"))
    longitude = forms.FloatField(label=_("Bujur"), help_text=_("mis. 106.9925"))
    radius_m = forms.IntegerField(label=_("Radius (meter)"), initial=100)
    polygon = forms.CharField(
        label=_("Poligon (opsional)"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Daftar titik [lintang, bujur] dalam format JSON, mis. [[-6.2350, 106.9920], "
            "[-6.2350, 106.9930], [-6.2360, 106.9925]]. Kosongkan untuk memakai lingkaran radius."
        ),
    )
    is_active = forms.BooleanField(label=_("Aktif"), required=False, initial=True)

    def __init__(self, *args, units, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        set_queryset(self, "unit", units)
        if not editing:
            del self.fields["is_active"]

    def clean_polygon(self) -> object:
        """None when blank (the circle is the fence); otherwise the parsed JSON, judged later."""
        text = self.cleaned_data["polygon"].strip()
        if not text:
            return None
        try:
            return json.loads(text)
        # Brackets nested thousands deep exhaust the parser's recursion: bad input, not a 500.
        except (json.JSONDecodeError, RecursionError):
            raise forms.ValidationError(
                _("Poligon bukan JSON yang sah (periksa kurung dan koma).")
            ) from None


class RoleGrantForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Nama pengguna (username atau NIP)"),
        queryset=User.objects.all(),
        to_field_name="username",
        widget=forms.TextInput,
        error_messages={"invalid_choice": _("Tidak ada akun dengan nama pengguna ini.")},
    )
    role = forms.ChoiceField(label=_("Peran"), choices=GrantedRole.choices)
    opd = forms.ModelChoiceField(
        label=_("OPD (hanya untuk Admin OPD)"), queryset=Opd.objects.none(), required=False
    )

    def __init__(self, *args, opds, **kwargs):
        super().__init__(*args, **kwargs)
        set_queryset(self, "opd", opds)


class AccountActiveForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
