"""Fill English msgstr values for the Indonesian msgids Hibrida uses (run after makemessages).

Usage: python tools/fill_en.py src/hibrida/locale/en/LC_MESSAGES/django.po
Untranslated entries stay empty and fall back to Indonesian.
"""

import re
import sys
from pathlib import Path

EN = {
    "Jangkar harian log audit": "Daily anchors of the audit log",
    "Setiap perubahan data di Hibrida tercatat dalam log audit berantai hash. Setiap hari nilai ujung rantai (hari, nomor peristiwa terakhir, hash) diumumkan di sini dan dikirim ke Inspektorat. Siapa pun dapat menyimpan salinannya: bila sejarah log kemudian diubah, rantai tidak akan cocok lagi dengan salinan ini.": "Every change of data in Hibrida is recorded in a hash-chained audit log. Each day the head of the chain (day, last event number, hash) is published here and sent to the Inspectorate. Anyone may keep a copy: if the log's history is changed later, the chain will no longer match this copy.",
    "Unduh semua jangkar (JSON lines)": "Download all anchors (JSON lines)",
    "Hari": "Day",
    "Peristiwa terakhir": "Last event",
    "Hash ujung rantai": "Chain head hash",
    "Stempel waktu RFC 3161": "RFC 3161 time-stamp",
    "Belum ada jangkar.": "No anchors yet.",
    "Pelayanan langsung (frontliner)": "Direct public service (frontliner)",
    "Administratif / teknis": "Administrative / technical",
    "Pengawasan / lapangan": "Supervision / field",
    "Sekretariat": "Secretariat",
    "Inspektorat": "Inspectorate",
    "Dinas": "Agency (dinas)",
    "Badan": "Board (badan)",
    "Satuan": "Unit (satuan)",
    "Kecamatan": "District (kecamatan)",
    "Rumah sakit daerah": "Regional hospital",
    "kode": "code",
    "nama": "name",
    "singkatan": "short name",
    "jenis": "kind",
    "alamat": "address",
    "kelas OPD": "agency class",
    "alasan kelas": "class reason",
    "kelas sudah dikonfirmasi": "class confirmed",
    "aktif": "active",
    "Pimpinan": "Leadership",
    "Sekretariat / bagian": "Secretariat / section",
    "Bidang": "Division",
    "Seksi / subbagian": "Section / subsection",
    "UPTD": "Technical unit (UPTD)",
    "Kelurahan": "Village office (kelurahan)",
    "Instalasi / layanan": "Installation / service",
    "Struktural": "Structural",
    "Fungsional": "Functional",
    "Pelaksana": "Executive staff",
    "nama jabatan": "position name",
    "jenis jabatan": "position kind",
    "wajib hadir di kantor": "must be present in office",
    "alasan wajib hadir": "presence reason",
    "tugas lapangan": "field work",
    "Laki-laki": "Male",
    "Perempuan": "Female",
    "NIP / NI PPPK": "NIP / PPPK number",
    "jenis ASN": "civil-servant type",
    "jenis kelamin": "gender",
    "tanggal lahir": "date of birth",
    "atasan": "supervisor",
    "email": "email",
    "telepon": "phone",
    "nama kantor": "office name",
    "lintang": "latitude",
    "bujur": "longitude",
    "radius (meter)": "radius (metres)",
    "poligon": "polygon",
    "Admin OPD": "Agency admin",
    "Admin BKPSDM": "BKPSDM admin",
    "Operator Diskominfostandi": "Diskominfostandi operator",
    "Bahasa Indonesia": "Bahasa Indonesia",
    "English": "English",
    "Token API": "API tokens",
    "Token baru (hanya ditampilkan sekali, simpan sekarang)": "New token (shown once, save it now)",
    "Kirim sebagai header": "Send as header",
    "ke": "to",
    "Buat token": "Create token",
    "Nama": "Name",
    "Awalan": "Prefix",
    "Dibuat": "Created",
    "Terakhir dipakai": "Last used",
    "Belum ada token.": "No tokens yet.",
    "Kerja hibrida ASN Kota Bekasi": "Hybrid work for Bekasi civil servants",
    "Akun": "Account",
    "Keluar": "Log out",
    "Masuk": "Log in",
    "Bahasa": "Language",
    "Menu utama": "Main menu",
    "Menu": "Menu",
    "Umum": "General",
    "Kerja Saya": "My work",
    "Tim Saya": "My team",
    "Pemantauan": "Monitoring",
    "Data & Pengaturan": "Data & settings",
    "Efisiensi": "Efficiency",
    "Data demo bersifat sintetis.": "Demo data is synthetic.",
    "Beranda": "Home",
    "Selamat datang, %(name)s": "Welcome, %(name)s",
    "Peran Anda": "Your roles",
    "Profil singkat": "Profile",
    "Atasan": "Supervisor",
    "Lihat profil lengkap": "Full profile",
    "Jabatan": "Position",
    "Unit": "Unit",
    "nonaktif": "inactive",
    "wajib hadir": "must be present",
    "Tidak ada pegawai.": "No employees.",
    "sebelumnya": "previous",
    "Halaman": "Page",
    "berikutnya": "next",
    "Unit / OPD": "Unit / agency",
    "Jenis kelamin / tanggal lahir": "Gender / date of birth",
    "Kontak": "Contact",
    "Rantai atasan": "Supervisor chain",
    "Ubah data": "Edit",
    "Bawahan langsung": "Direct reports",
    "Ubah data pegawai": "Edit employee",
    "Simpan": "Save",
    "Batal": "Cancel",
    "Cari pegawai": "Find employee",
    "Nama atau NIP": "Name or NIP",
    "Cari": "Search",
    "pegawai ditemukan (hanya yang dapat Anda lihat).": "employees found (only those you may see).",
    "Impor pegawai": "Import employees",
    "Impor pegawai dari CSV/XLSX": "Import employees from CSV/XLSX",
    "Kolom yang dibaca": "Columns read",
    "Unduh templat CSV": "Download CSV template",
    "Periksa dan impor": "Check and import",
    "Kesalahan": "Errors",
    "Unduh laporan kesalahan (CSV)": "Download error report (CSV)",
    "Baris": "Row",
    "Kolom": "Column",
    "Pesan": "Message",
    "Organisasi": "Organisation",
    "Kelas": "Class",
    "usulan — perlu konfirmasi": "proposed — needs confirmation",
    "dikonfirmasi": "confirmed",
    "Alasan": "Reason",
    "Unit kerja": "Work units",
    "Organisasi Perangkat Daerah": "City agencies (OPD)",
    "Cari pegawai (nama atau NIP)": "Find employee (name or NIP)",
    "OPD": "Agency",
    "ASN aktif": "Active staff",
    "Tidak ada OPD yang dapat Anda lihat.": "No agencies visible to you.",
    "pegawai": "employees",
    "Akun dikunci sementara": "Account temporarily locked",
    "Alamat jaringan dikunci sementara": "Network address temporarily locked",
    "Jika Anda tidak melakukannya, laporkan ke Diskominfostandi.": (
        "If this was not you, report it to Diskominfostandi."
    ),
    "Masuk ke Hibrida": "Log in to Hibrida",
    "Ubah kata sandi": "Change password",
    "Token API (untuk aplikasi presensi ponsel dan integrasi)": "API tokens (for the mobile attendance app and integrations)",
    "Jadwal Saya": "My schedule",
    "Presensi": "Attendance",
    "Laporan Harian": "Daily reports",
    "Validasi Laporan": "Validate reports",
    "Tim Hari Ini": "Team today",
    "Impor Pegawai": "Import employees",
    "Kebijakan": "Policy",
    "Rotasi": "Rotations",
    "Rapat Koordinasi": "Coordination meetings",
    "Dasbor OPD": "Agency dashboard",
    "Dasbor Kota": "City dashboard",
    "Simulasi Efisiensi": "Efficiency simulator",
    "Evaluasi Uji Coba": "Pilot evaluation",
    "Audit": "Audit",
    "Log Audit": "Audit log",
    "Admin Data Induk": "Master data admin",
    "Terlalu banyak percobaan masuk yang gagal. Coba lagi setelah 30 menit atau hubungi admin OPD Anda.": "Too many failed logins. Try again after 30 minutes or contact your agency admin.",
    "ASN masuk dengan NIP. Setelah 5 kali gagal, akun dikunci sementara 30 menit.": "Civil servants log in with their NIP. After 5 failures the account is locked for 30 minutes.",
    "Target SKP & Kinerja": "SKP targets & performance",
    "Rekap Laporan Harian": "Daily report recap",
    "Permintaan Jadwal": "Schedule requests",
    "Cuti & Dinas Luar": "Leave & official travel",
    "Kebijakan Saya": "My policy",
    "Uji Petik Supervisi": "Supervision spot checks",
    "Temuan Audit": "Audit findings",
    "Realisasi Biaya": "Actual costs",
    "Impor Tingkat Layanan": "Import service levels",
    "Transparansi Publik": "Public transparency",
    "Transparansi publik": "Public transparency",
    "Autentikasi dua langkah (TOTP)": "Two-step verification (TOTP)",
    "Kebijakan & kelayakan WFH": "WFH policy & eligibility",
}


def fill(path: str) -> int:
    """Set the msgstr of every msgid in EN, dropping makemessages' fuzzy guess for it (a
    fuzzy entry is skipped by compilemessages, and its guess is often another string's)."""
    text = Path(path).read_text(encoding="utf-8")
    count = 0

    def repl(match):
        nonlocal count
        msgid = match.group(1)
        if msgid in EN:
            count += 1
            return f'msgid "{msgid}"\nmsgstr "{EN[msgid]}"'
        return match.group(0)

    string = r'"(?:[^"\\]|\\.)*"'
    entry = (
        r'(?:#, fuzzy\n)?(?:#\| msgid "[^\n]*"\n)?msgid "((?:[^"\\]|\\.)+)"\n'
        rf"msgstr {string}(?:\n{string})*"
    )
    text = re.sub(entry, repl, text)
    # The catalogue header is marked fuzzy by makemessages.
    text = re.sub(r'#, fuzzy\n(msgid ""\nmsgstr ""\n)', r"\1", text, count=1)
    Path(path).write_text(text, encoding="utf-8")
    return count


if __name__ == "__main__":
    print(fill(sys.argv[1]), "entries translated")
