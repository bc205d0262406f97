"""The record of processing (UU 27/2022 Pasal 31): every table with personal data, declared once.

The privacy page, its export, the self-download and the retention jobs read this list; a test
fails when a model with a personal field is missing from it. Design: docs/privacy.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from hibrida.org.access import ROLE_LABELS, Role

# How a row is tied to its data subject: (lookup, what the lookup is compared with).
EMPLOYEE = "employee"
USER = "user"
USERNAME = "username"

BASIS_PUBLIC_TASK = (
    "Pasal 20 ayat (2) huruf e UU 27/2022: pelaksanaan kewenangan dan pelayanan publik "
    "(manajemen ASN dan pengaturan kerja hibrida Pemerintah Kota Bekasi)"
)
BASIS_LEGAL_DUTY = (
    "Pasal 20 ayat (2) huruf c UU 27/2022: pemenuhan kewajiban hukum (disiplin, presensi dan "
    "kinerja ASN; pengawasan intern)"
)
BASIS_BOTH = f"{BASIS_PUBLIC_TASK}; {BASIS_LEGAL_DUTY}"
BASIS_CONSENT = (
    "Pasal 20 ayat (2) huruf a UU 27/2022: persetujuan yang sah secara eksplisit dari pegawai, "
    "yang dapat ditarik kapan saja (Pasal 9)"
)


@dataclass(frozen=True)
class Table:
    """One model: how its rows find their subject; fields never handed out (secrets)."""

    label: str  # "app_label.ModelName"
    subject: tuple[tuple[str, str], ...] = ()
    # Why a table with a person in it is not in the self-download (empty: it is).
    not_downloaded: str = ""
    secret_fields: frozenset[str] = frozenset()
    # Fields holding a path under MEDIA_ROOT: the file goes into the self-download too.
    file_fields: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Activity:
    key: str
    title: str
    tables: tuple[Table, ...]
    categories: str
    purpose: str
    basis: str
    viewers: tuple[str, ...]
    retention_setting: str = ""
    retention_rule: str = ""  # what happens when the period ends, or why the data is kept
    viewers_note: str = ""

    @property
    def retention_days(self) -> int | None:
        return int(getattr(settings, self.retention_setting)) if self.retention_setting else None

    @property
    def viewer_labels(self) -> list[str]:
        return [ROLE_LABELS[r] for r in self.viewers]


def _t(label: str, *subject: tuple[str, str], **kw: object) -> Table:
    return Table(label, tuple(subject), **kw)  # type: ignore[arg-type]  # kw are Table's fields


ACTOR_ONLY = (
    "orang ini tercatat sebagai pelaku tindakan dinas; isi barisnya tentang orang atau hal "
    "lain, dan tindakannya ada di peristiwa audit"
)
SUPERVISION = (
    "pengecualian Pasal 15 ayat (1) huruf c UU 27/2022 (kepentingan umum dalam rangka "
    "penyelenggaraan negara): sampel dan temuan pengawasan intern yang sedang berjalan tidak "
    "dibuka kepada pegawai yang diperiksa"
)
EVERY_READER = (Role.ASN, Role.ATASAN, Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT)

ACTIVITIES: tuple[Activity, ...] = (
    Activity(
        key="kepegawaian",
        title="Data induk pegawai dan akun",
        tables=(
            _t("org.Employee", ("pk", EMPLOYEE)),
            _t("org.User", ("employee", EMPLOYEE), secret_fields=frozenset({"password"})),
            _t("org.RoleGrant", ("user__employee", EMPLOYEE)),
            _t(
                "otp_totp.TOTPDevice",
                ("user__employee", EMPLOYEE),
                secret_fields=frozenset({"key"}),
            ),
            _t("activity.Delegation", ("principal", EMPLOYEE), ("delegate", EMPLOYEE)),
        ),
        categories=(
            "NIP, nama, jenis ASN, jenis kelamin, tanggal lahir, OPD, unit, jabatan, atasan, "
            "email, telepon; akun masuk, peran, perangkat autentikasi dua langkah, Plt"
        ),
        purpose="Mengenali pegawai, menentukan atasan dan wewenang, masuk ke aplikasi",
        basis=BASIS_BOTH,
        viewers=EVERY_READER,
        viewers_note="ASN: diri sendiri; atasan: bawahannya; admin OPD: OPD-nya; BKPSDM dan "
        "Inspektorat: seluruh kota",
        retention_rule="Disimpan selama berstatus ASN di Pemerintah Kota Bekasi (arsip "
        "kepegawaian); pegawai yang keluar dinonaktifkan, tidak dihapus, karena presensi dan "
        "laporannya menjadi arsip dinas",
    ),
    Activity(
        key="jadwal",
        title="Jadwal WFH/WFO, cuti, permintaan tukar dan preferensi",
        tables=(
            _t("roster.ScheduleRow", ("employee", EMPLOYEE)),
            _t("roster.Absence", ("employee", EMPLOYEE)),
            _t("roster.ChangeRequest", ("requester", EMPLOYEE), ("counterpart", EMPLOYEE)),
            _t("roster.DayOverride", ("employee", EMPLOYEE)),
            _t("roster.WfhPreference", ("employee", EMPLOYEE)),
            _t("policy.WfhReadiness", ("employee", EMPLOYEE)),
            _t("roster.Schedule", not_downloaded=ACTOR_ONLY),
            _t("policy.CalendarDay", not_downloaded=ACTOR_ONLY),
        ),
        categories="Mode kerja per hari, cuti/dinas, permintaan tukar/pindah hari, kesiapan WFH",
        purpose="Menyusun dan menjalankan jadwal kerja hibrida sesuai kebijakan",
        basis=BASIS_PUBLIC_TASK,
        viewers=EVERY_READER,
        retention_rule="Disimpan sebagai arsip jadwal kerja dinas; jadwal terbit tidak diubah",
    ),
    Activity(
        key="kelayakan",
        title="Kelayakan kerja fleksibel (PermenPANRB 4/2025)",
        tables=(
            _t("policy.DisciplineRecord", ("employee", EMPLOYEE)),
            _t("policy.SpecialCircumstance", ("employee", EMPLOYEE)),
            _t("evaluation.MonthlyEvaluation", not_downloaded=ACTOR_ONLY),
        ),
        categories=(
            "Status disiplin (proses/hukuman, periode, nomor keputusan); permohonan keadaan "
            "khusus (alasan, tanggal berakhir, keputusan atasan); pengakuan evaluasi bulanan"
        ),
        purpose=(
            "Menerapkan kriteria pegawai Pasal 25 dan keadaan khusus Pasal 30 PermenPANRB 4/2025; "
            "monitoring berjenjang Pasal 35"
        ),
        basis=BASIS_LEGAL_DUTY,
        viewers=(Role.ASN, Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT),
        viewers_note="ASN: miliknya; atasan: keadaan khusus bawahannya dan alasan kelayakan "
        "(bukan catatan disiplin); admin OPD: OPD-nya; BKPSDM dan Inspektorat: seluruh kota",
        retention_rule="Disimpan sebagai arsip kepegawaian; catatan disiplin berhenti berlaku "
        "pada tanggal selesainya tetapi tidak dihapus",
    ),
    Activity(
        key="presensi",
        title="Presensi dengan lokasi GPS",
        tables=(
            _t("presence.CheckIn", ("employee", EMPLOYEE)),
            _t("presence.HomeLocation", ("employee", EMPLOYEE)),
            _t("presence.Device", ("employee", EMPLOYEE)),
            _t("presence.DeviceReset", ("employee", EMPLOYEE)),
            _t("presence.CorrectionRequest", ("employee", EMPLOYEE)),
            _t("presence.CheckInReview", ("check_in__employee", EMPLOYEE)),
        ),
        categories="Waktu presensi, koordinat GPS dan akurasinya, perangkat, lokasi rumah "
        "(WFH), permintaan koreksi, keputusan atasan atas presensi yang ditandai",
        purpose="Memeriksa bahwa pegawai bekerja di tempat yang dijadwalkan (hanya di dalam "
        "geofence kantor atau rumah; tidak ada pelacakan terus-menerus)",
        basis=BASIS_LEGAL_DUTY,
        viewers=(Role.ASN, Role.ATASAN, Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT),
        viewers_note="Koordinat orang lain hanya dilihat atasan (bawahannya) dan auditor; "
        "setiap tampilan dicatat dan diperlihatkan kepada pegawai",
        retention_setting="HIBRIDA_GPS_RETENTION_DAYS",
        retention_rule="Koordinat tepat dibulatkan ke ~1 km setelah periode ini; baris "
        "presensi tetap disimpan sebagai arsip kehadiran",
    ),
    Activity(
        key="tpp",
        title="Rekap potongan TPP dan peringatan dini disiplin",
        tables=(
            _t("pay.RecapLine", ("employee", EMPLOYEE)),
            _t("pay.DisciplineNotice", ("employee", EMPLOYEE)),
            _t("pay.MonthRecap", not_downloaded=ACTOR_ONLY),
            _t("pay.TierTable", not_downloaded=ACTOR_ONLY),
            _t("presence.WorkHourPolicy", not_downloaded=ACTOR_ONLY),
            _t("presence.RamadanPeriod", not_downloaded=ACTOR_ONLY),
        ),
        categories="Potongan TPP per bulan dengan rincian per hari (TL, PSW, tanpa keterangan, "
        "laporan harian), tinjauan atasan, jumlah hari tanpa keterangan setahun dan kategori "
        "PP 94/2021",
        purpose="Menghitung potongan TPP untuk BPKAD dan memberi peringatan dini disiplin "
        "kepada atasan dan BKPSDM (informasi; keputusan ada pada PPK)",
        basis=BASIS_LEGAL_DUTY,
        viewers=(Role.ASN, Role.ATASAN, Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT),
        viewers_note="ASN: rekapnya sendiri; atasan: bawahannya; admin OPD: OPD-nya; BKPSDM "
        "dan Inspektorat: seluruh kota",
        retention_rule="Disimpan sebagai arsip keuangan dan kepegawaian; bulan final tidak diubah",
    ),
    Activity(
        key="passkey",
        title="Passkey presensi (sidik jari/wajah tetap di HP)",
        tables=(
            _t("presence.Passkey", ("employee", EMPLOYEE)),
            _t("presence.PasskeyNonce", ("employee", EMPLOYEE)),
        ),
        categories="ID kredensial, kunci publik, penghitung tanda tangan dan nama perangkat "
        "passkey; tantangan sekali pakai. Tidak ada data biometrik: sidik jari atau wajah "
        "hanya membuka kunci di HP pegawai dan tidak pernah dikirim ke server",
        purpose="Membuktikan bahwa pemilik HP yang terdaftar sendiri yang melakukan presensi "
        "(mencegah joki absensi); tanda tangan mengikat UUID, waktu dan koordinat presensi",
        basis=BASIS_LEGAL_DUTY,
        viewers=(Role.ASN, Role.ATASAN, Role.OPD_ADMIN),
        viewers_note="Atasan dan admin OPD hanya melihat nama perangkat dan status untuk "
        "menyetujui; kunci publik tidak ditampilkan kepada siapa pun",
        retention_rule="Passkey disimpan selama dipakai; dicabut (tidak berlaku lagi) saat "
        "reset perangkat disetujui atau passkey baru disetujui; tantangan kedaluwarsa dihapus "
        "saat pegawai meminta tantangan baru",
    ),
    Activity(
        key="cek_acak",
        title="Cek kehadiran acak saat WFH (dengan persetujuan)",
        tables=(
            _t("presence.PresenceCheck", ("employee", EMPLOYEE)),
            _t("presence.PresenceCheckConsent", ("employee", EMPLOYEE)),
        ),
        categories="Persetujuan pegawai; per cek: waktu ditanyakan dan dijawab, satu lokasi "
        "GPS dengan akurasinya, jarak ke lokasi rumah terdaftar, hasil (di rumah, di luar "
        "rumah, terlambat, tidak dijawab) dan apakah passkey sah",
        purpose="Bukti kehadiran di lokasi WFH untuk panggilan uji petik atasan; bukan sanksi "
        "otomatis dan tidak mengurangi TPP. Hanya pada jam kerja hari WFH terjadwal di luar "
        "jam istirahat, hanya bila OPD mengaktifkan dan pegawai menyetujui; satu lokasi per "
        "cek, tanpa pelacakan",
        basis=BASIS_CONSENT,
        viewers=(Role.ASN, Role.ATASAN, Role.OPD_ADMIN, Role.INSPEKTORAT),
        viewers_note="Atasan dan admin OPD melihat hasil dan jarak ke rumah, bukan koordinat; "
        "cek yang belum ditanyakan tidak ditampilkan kepada siapa pun",
        retention_setting="HIBRIDA_GPS_RETENTION_DAYS",
        retention_rule="Koordinat dibulatkan ke ~1 km setelah periode ini; hasil cek tetap "
        "disimpan sebagai bukti pengawasan",
    ),
    Activity(
        key="swafoto",
        title="Swafoto presensi dan foto rujukan wajah (hanya OPD yang mengaktifkannya)",
        tables=(
            _t(
                "presence.FaceReference",
                ("employee", EMPLOYEE),
                file_fields=frozenset({"photo"}),
            ),
            _t(
                "presence.SelfieCheck",
                ("employee", EMPLOYEE),
                file_fields=frozenset({"first", "second"}),
            ),
            _t("presence.SelfiePolicy", not_downloaded=ACTOR_ONLY),
        ),
        categories="Data biometrik (data pribadi yang bersifat spesifik, Pasal 4 ayat (2) UU "
        "27/2022): foto rujukan wajah dan dua swafoto per presensi, embedding wajah (128 "
        "angka), jarak kecocokan, hasil uji keaktifan (menoleh); rujukan DPIA per OPD",
        purpose="Membuktikan bahwa orang yang presensi adalah pegawai itu sendiri (mencegah "
        "joki absensi) di OPD yang diwajibkan BKPSDM setelah DPIA; hasil yang meragukan "
        "hanya menandai presensi untuk ditinjau atasan, tidak pernah menolak otomatis",
        basis=BASIS_LEGAL_DUTY,
        viewers=(Role.ASN, Role.ATASAN, Role.OPD_ADMIN),
        viewers_note="Atasan melihat skor kecocokan presensi bawahannya yang ditandai; atasan "
        "dan admin OPD melihat foto rujukan yang menunggu persetujuan; swafoto tidak "
        "ditampilkan kepada siapa pun selain pegawai itu sendiri (unduhan data pribadi)",
        retention_setting="HIBRIDA_SELFIE_RETENTION_DAYS",
        retention_rule="Swafoto dihapus (berkas dan rujukannya) setelah periode ini; foto "
        "rujukan dihapus HIBRIDA_FACE_PHOTO_RETENTION_DAYS hari setelah diputuskan; embedding "
        "dan skor disimpan sebagai bukti presensi selama presensinya disimpan",
    ),
    Activity(
        key="lapangan",
        title="Laporan tugas lapangan dan fotonya",
        tables=(
            _t("presence.FieldReport", ("employee", EMPLOYEE), file_fields=frozenset({"photo"})),
        ),
        categories="Waktu, koordinat GPS, catatan dan foto tugas lapangan",
        purpose="Bukti tugas di luar kantor",
        basis=BASIS_LEGAL_DUTY,
        viewers=(Role.ASN, Role.ATASAN, Role.INSPEKTORAT),
        retention_setting="HIBRIDA_FIELD_PHOTO_RETENTION_DAYS",
        retention_rule="Foto dihapus (berkas dan rujukannya) setelah periode ini; koordinat "
        "dibulatkan seperti presensi",
    ),
    Activity(
        key="laporan",
        title="Laporan kerja harian dan SKP",
        tables=(
            _t("activity.DailyReport", ("employee", EMPLOYEE)),
            _t(
                "activity.Activity",
                ("report__employee", EMPLOYEE),
                file_fields=frozenset({"evidence_path"}),
            ),
            _t("activity.ReportEvent", ("report__employee", EMPLOYEE)),
            _t("activity.SkpTarget", ("employee", EMPLOYEE)),
            _t("activity.ReportOpening", not_downloaded=ACTOR_ONLY),
            _t("monitoring.PersonDailySummary", ("employee", EMPLOYEE)),
        ),
        categories="Uraian kegiatan, capaian, keputusan validasi atasan, target SKP, "
        "ringkasan harian presensi dan laporan",
        purpose="Penilaian kinerja dan pengawasan kerja hibrida",
        basis=BASIS_LEGAL_DUTY,
        viewers=EVERY_READER,
        retention_rule="Laporan yang disetujui, beserta berkas buktinya, adalah dokumen "
        "penilaian kinerja (arsip dinas) dan tidak dihapus; ringkasan harian dihitung ulang "
        "dari data sumber",
    ),
    Activity(
        key="notifikasi",
        title="Notifikasi dalam aplikasi",
        tables=(_t("activity.Notification", ("user__employee", EMPLOYEE)),),
        categories="Pengingat dan pemberitahuan keputusan, termasuk catatan validator",
        purpose="Mengingatkan pegawai dan atasan",
        basis=BASIS_PUBLIC_TASK,
        viewers=(Role.ASN,),
        viewers_note="Hanya penerima",
        retention_setting="HIBRIDA_NOTIFICATION_RETENTION_DAYS",
        retention_rule="Dihapus setelah periode ini",
    ),
    Activity(
        key="rapat",
        title="Rapat koordinasi dan spot check pengawasan",
        tables=(
            _t("meetings.MeetingAttendance", ("employee", EMPLOYEE)),
            _t("meetings.SpotCheck", ("employee", EMPLOYEE)),
            _t("meetings.Meeting", not_downloaded=ACTOR_ONLY),
        ),
        categories="Kehadiran rapat, panggilan video acak saat WFH dan hasilnya",
        purpose="Koordinasi tim dan pengawasan WFH oleh atasan",
        basis=BASIS_LEGAL_DUTY,
        viewers=(Role.ASN, Role.ATASAN, Role.OPD_ADMIN, Role.BKPSDM, Role.INSPEKTORAT),
        retention_setting="HIBRIDA_SPOT_CHECK_RETENTION_DAYS",
        retention_rule="Catatan spot check dihapus setelah periode ini; kehadiran rapat "
        "disimpan sebagai arsip rapat",
    ),
    Activity(
        key="lihat_lokasi",
        title="Catatan siapa melihat lokasi pegawai",
        tables=(_t("presence.LocationView", ("employee", EMPLOYEE)),),
        categories="Pelihat, pegawai yang lokasinya dilihat, waktu, halaman",
        purpose="Akuntabilitas akses lokasi; diperlihatkan kepada pegawai (Pasal 32)",
        basis=BASIS_LEGAL_DUTY,
        viewers=(Role.ASN, Role.BKPSDM, Role.INSPEKTORAT),
        viewers_note="Pegawai melihat siapa yang melihat lokasinya",
        retention_setting="HIBRIDA_LOCATION_VIEW_RETENTION_DAYS",
        retention_rule="Dihapus setelah periode ini",
    ),
    Activity(
        key="keamanan",
        title="Keamanan masuk dan token API",
        tables=(
            _t("axes.AccessAttempt", ("username", USERNAME)),
            _t("axes.AccessLog", ("username", USERNAME)),
            _t("axes.AccessFailureLog", ("username", USERNAME)),
            _t(
                "org.ApiToken",
                ("user__employee", EMPLOYEE),
                secret_fields=frozenset({"key_hash"}),
            ),
        ),
        categories="Nama pengguna, alamat IP, peramban, waktu percobaan masuk; token ponsel",
        purpose="Mencegah pembobolan akun (penguncian setelah gagal berulang)",
        basis=BASIS_LEGAL_DUTY,
        viewers=(Role.DISKOMINFO,),
        viewers_note="Operator sistem (superuser) saja",
        retention_setting="HIBRIDA_LOGIN_LOG_RETENTION_DAYS",
        retention_rule="Percobaan masuk dihapus setelah periode ini; token yang dicabut atau "
        "kedaluwarsa dihapus HIBRIDA_API_TOKEN_RETENTION_DAYS hari kemudian",
    ),
    Activity(
        key="nasional",
        title="Integrasi nasional: SIASN, kinerja ke BKN, presensi Simpegnas",
        tables=(
            _t(
                "national.SiasnRecord",
                not_downloaded="salinan nilai SIASN dari data induk yang sudah ada di unduhan "
                "data pegawai",
            ),
            _t(
                "national.SyncRun",
                not_downloaded="hasil tarikan SIASN untuk seluruh kota; data orang itu sendiri "
                "ada di data pegawai, perubahannya di peristiwa audit",
            ),
            _t("national.BknSubmission", ("employee", EMPLOYEE)),
            _t("national.SimpegnasDay", ("employee", EMPLOYEE)),
        ),
        categories="NIP, nama, jabatan, golongan, unit, email dinas dari SIASN; nilai kinerja "
        "yang dikirim ke BKN; presensi harian format Simpegnas",
        purpose="Menyamakan data induk dengan SIASN BKN dan melaporkan kinerja ke BKN",
        basis=BASIS_LEGAL_DUTY,
        viewers=(Role.BKPSDM, Role.INSPEKTORAT),
        retention_rule="Disimpan sebagai bukti sinkronisasi dan pengiriman ke BKN (arsip "
        "kepegawaian); data induk sendiri mengikuti data pegawai",
    ),
    Activity(
        key="joki",
        title="Analitik joki absensi (Inspektorat)",
        tables=(_t("audit.JokiFinding", not_downloaded=SUPERVISION),),
        categories="Temuan mingguan atas presensi beberapa ASN sekaligus: nama dan NIP, ID "
        "perangkat, waktu presensi, koordinat tempat berkumpul, alasan reset perangkat",
        purpose="Menemukan presensi yang dilakukan orang lain (satu perangkat untuk beberapa "
        "ASN, presensi berkelompok di luar kantor, koordinat identik, HP yang dilaporkan hilang) "
        "sebagai bahan pemeriksaan, bukan sanksi otomatis",
        basis=BASIS_LEGAL_DUTY,
        viewers=(Role.INSPEKTORAT, Role.BKPSDM),
        viewers_note="Setiap pembukaan temuan tercatat pada riwayat tampilan lokasi setiap "
        "pegawai di dalamnya",
        retention_rule="Disimpan sebagai bukti pengawasan intern; presensi yang dirujuk "
        "mengikuti masa simpan presensi",
    ),
    Activity(
        key="audit",
        title="Log audit dan pengawasan Inspektorat",
        tables=(
            _t(
                "audit.AuditEvent",
                not_downloaded="diunduh terpisah: peristiwa tentang data pegawai itu sendiri",
            ),
            _t("audit.SampleItem", not_downloaded=SUPERVISION),
            _t("audit.AuditPlan", not_downloaded=ACTOR_ONLY),
            _t("audit.Finding", not_downloaded=SUPERVISION),
            _t("audit.FollowUp", not_downloaded=ACTOR_ONLY),
            _t("admin.LogEntry", not_downloaded=ACTOR_ONLY),
            _t("efficiency.RealisedCost", not_downloaded=ACTOR_ONLY),
        ),
        categories="Siapa mengubah apa dan kapan (sebelum/sesudah); sampel, temuan dan "
        "tindak lanjut audit",
        purpose="Jejak audit yang tidak dapat diubah dan pengawasan intern",
        basis=BASIS_LEGAL_DUTY,
        viewers=(Role.INSPEKTORAT, Role.BKPSDM),
        retention_rule="Tidak dihapus: log audit berantai hash dan hanya-tambah; menghapus "
        "satu peristiwa merusak bukti seluruh rantai, dan pengawasan intern memerlukannya",
    ),
)

# Models with a personal-looking field that hold no personal data, and why.
NOT_PERSONAL: dict[str, str] = {
    "org.OfficeLocation": "koordinat kantor, bukan orang",
    "org.Opd": "nama dan alamat instansi",
    "org.Unit": "nama unit kerja",
    "org.Position": "nama jabatan",
    "presence.FieldArea": "wilayah tugas lapangan",
    "presence.PasskeyPolicy": "mode passkey per OPD",
    "presence.PresenceCheckPolicy": "pengaturan cek kehadiran acak per OPD",
    "policy.Phase": "nama tahap kebijakan",
    "auth.Group": "nama kelompok izin",
    "auth.Permission": "nama izin",
}


@dataclass(frozen=True)
class Declared:
    activity: Activity
    table: Table


def declared_tables() -> dict[str, Declared]:
    return {t.label: Declared(a, t) for a in ACTIVITIES for t in a.tables}


def dpo_contact() -> dict[str, str]:
    return {
        "name": settings.HIBRIDA_DPO_NAME,
        "email": settings.HIBRIDA_DPO_EMAIL,
        "phone": settings.HIBRIDA_DPO_PHONE,
    }


def record_rows() -> list[dict[str, object]]:
    """The record of processing as flat rows, for the page and the CSV/JSON export."""
    return [
        {
            "kegiatan": a.key,
            "judul": a.title,
            "tabel": ", ".join(t.label for t in a.tables),
            "kategori_data": a.categories,
            "tujuan": a.purpose,
            "dasar_hukum": a.basis,
            "pihak_yang_dapat_melihat": ", ".join(a.viewer_labels),
            "keterangan_akses": a.viewers_note,
            "pengaturan_retensi": a.retention_setting,
            "retensi_hari": a.retention_days,
            "aturan_retensi": a.retention_rule,
        }
        for a in ACTIVITIES
    ]
