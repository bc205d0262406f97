"""Kota Bekasi reference data: the city's OPDs, their classes, offices and kelurahan.

The OPD list follows the city's organisation (secretariats, inspectorate, dinas, badan, Satpol
PP, the regional hospital and the 12 kecamatan) with the short names the city uses. The class
is *confirmed* only for the OPDs the November 2025 reports name; every other class is Hibrida's
proposal and is marked "usulan — perlu konfirmasi" until BKPSDM confirms it. Coordinates are
approximate positions of the offices (good enough for demo geofences, not for surveying).
"""

from __future__ import annotations

PL, AT, PG = "pelayanan_langsung", "administratif_teknis", "pengawasan_lapangan"
PEMKOT = (-6.2355, 106.9925)  # Kantor Wali Kota, Jl. Jend. Ahmad Yani No. 1

REPORTED = "Disebut dalam laporan November 2025 sebagai OPD {what}."
PROPOSED = "Usulan Hibrida — perlu konfirmasi BKPSDM: {why}"

# code, short name, full name, kind, class, confirmed, reason, (lat, lon), relative weight of staff
OPDS: list[tuple] = [
    ("SETDA", "Setda", "Sekretariat Daerah", "sekretariat", AT, True,
     REPORTED.format(what="administratif (WFH bergilir, pelaporan daring)"), (-6.2355, 106.9925), 5),
    ("SETWAN", "Setwan", "Sekretariat DPRD", "sekretariat", AT, False,
     PROPOSED.format(why="pekerjaan kesekretariatan dan persidangan"), (-6.2349, 106.9931), 2),
    ("ITDA", "Inspektorat", "Inspektorat Daerah", "inspektorat", AT, False,
     PROPOSED.format(why="pemeriksaan berbasis dokumen, sebagian kunjungan lapangan"), (-6.2361, 106.9917), 2),
    ("DISDIK", "Disdik", "Dinas Pendidikan", "dinas", AT, False,
     PROPOSED.format(why="kantor dinas administratif; sekolah di luar cakupan"), (-6.2398, 106.9868), 6),
    ("DINKES", "Dinkes", "Dinas Kesehatan", "dinas", PL, True,
     REPORTED.format(what="pelayanan langsung (WFO penuh)"), (-6.2430, 106.9955), 12),
    ("DBMSDA", "DBMSDA", "Dinas Bina Marga dan Sumber Daya Air", "dinas", PG, False,
     PROPOSED.format(why="pengawasan pekerjaan jalan dan drainase di lapangan"), (-6.2370, 106.9940), 5),
    ("DISPERKIMTAN", "Disperkimtan", "Dinas Perumahan, Kawasan Permukiman dan Pertanahan", "dinas", AT, False,
     PROPOSED.format(why="perencanaan dan administrasi pertanahan"), (-6.2366, 106.9902), 3),
    ("DISTARU", "Distaru", "Dinas Tata Ruang", "dinas", AT, False,
     PROPOSED.format(why="perencanaan tata ruang; pengawasan bangunan sebagian lapangan"), (-6.2372, 106.9911), 3),
    ("SATPOLPP", "Satpol PP", "Satuan Polisi Pamong Praja", "satuan", PG, True,
     REPORTED.format(what="pengawasan/lapangan (tugas lapangan bergilir, pelaporan waktu nyata)"), (-6.2380, 106.9960), 8),
    ("DAMKAR", "Damkar", "Dinas Pemadam Kebakaran", "dinas", PL, False,
     PROPOSED.format(why="layanan darurat 24 jam memerlukan kehadiran"), (-6.2450, 107.0010), 5),
    ("DINSOS", "Dinsos", "Dinas Sosial", "dinas", PL, False,
     PROPOSED.format(why="layanan langsung kepada warga (bansos, rehabilitasi)"), (-6.2392, 106.9879), 3),
    ("DISNAKER", "Disnaker", "Dinas Tenaga Kerja", "dinas", PL, False,
     PROPOSED.format(why="layanan kartu kuning dan pengaduan tenaga kerja"), (-6.2388, 106.9890), 2),
    ("DP3A", "DP3A", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "dinas", AT, False,
     PROPOSED.format(why="program dan pendampingan; layanan pengaduan dijadwalkan"), (-6.2383, 106.9896), 2),
    ("DPPKB", "DPPKB", "Dinas Pengendalian Penduduk dan Keluarga Berencana", "dinas", AT, False,
     PROPOSED.format(why="program dan penyuluhan lapangan terjadwal"), (-6.2378, 106.9899), 2),
    ("DKPPP", "DKPPP", "Dinas Ketahanan Pangan, Pertanian dan Perikanan", "dinas", PG, False,
     PROPOSED.format(why="penyuluhan dan pengawasan pangan di lapangan"), (-6.2361, 106.9890), 2),
    ("DLH", "DLH", "Dinas Lingkungan Hidup", "dinas", PG, True,
     REPORTED.format(what="pengawasan/lapangan (tugas lapangan bergilir, pelaporan waktu nyata)"), (-6.2412, 106.9978), 9),
    ("DISDUKCAPIL", "Disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "dinas", PL, True,
     REPORTED.format(what="pelayanan langsung (WFO penuh, antrean digital dan layanan daring)"), (-6.2348, 106.9945), 5),
    ("DISHUB", "Dishub", "Dinas Perhubungan", "dinas", PG, True,
     REPORTED.format(what="pengawasan/lapangan (tugas lapangan bergilir, pelaporan waktu nyata)"), (-6.2465, 107.0005), 7),
    ("DISKOMINFOSTANDI", "Diskominfostandi", "Dinas Komunikasi, Informatika, Statistik dan Persandian", "dinas", AT, False,
     PROPOSED.format(why="layanan TI dapat dikelola jarak jauh; piket pusat data tetap hadir"), (-6.2358, 106.9921), 3),
    ("DISKOPUKM", "Diskop UKM", "Dinas Koperasi dan Usaha Kecil Menengah", "dinas", AT, False,
     PROPOSED.format(why="pembinaan dan administrasi koperasi"), (-6.2394, 106.9884), 2),
    ("DPMPTSP", "DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "dinas", PL, True,
     REPORTED.format(what="pelayanan langsung (perizinan; WFO penuh dengan antrean digital)"), (-6.2351, 106.9938), 3),
    ("DISPORA", "Dispora", "Dinas Kepemudaan dan Olahraga", "dinas", AT, False,
     PROPOSED.format(why="program kepemudaan; pengelola sarana olahraga hadir"), (-6.2419, 106.9901), 2),
    ("DISBUDPAR", "Disbudpar", "Dinas Kebudayaan dan Pariwisata", "dinas", AT, False,
     PROPOSED.format(why="program kebudayaan dan promosi"), (-6.2416, 106.9907), 2),
    ("DISPUSIP", "Dispusip", "Dinas Perpustakaan dan Kearsipan", "dinas", PL, False,
     PROPOSED.format(why="layanan perpustakaan tatap muka"), (-6.2404, 106.9873), 2),
    ("DISDAGPERIN", "Disdagperin", "Dinas Perdagangan dan Perindustrian", "dinas", PG, False,
     PROPOSED.format(why="pengelolaan dan pengawasan pasar"), (-6.2440, 106.9990), 3),
    ("BAPELITBANGDA", "Bapelitbangda", "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah", "badan", AT, True,
     REPORTED.format(what="administratif/teknis (Bappeda: WFH bergilir, pelaporan daring)"), (-6.2359, 106.9911), 3),
    ("BPKAD", "BPKAD", "Badan Pengelola Keuangan dan Aset Daerah", "badan", AT, False,
     PROPOSED.format(why="pengelolaan keuangan berbasis aplikasi; tenggat anggaran dijaga"), (-6.2353, 106.9915), 4),
    ("BAPENDA", "Bapenda", "Badan Pendapatan Daerah", "badan", PL, False,
     PROPOSED.format(why="loket pelayanan pajak daerah"), (-6.2346, 106.9908), 4),
    ("BKPSDM", "BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "badan", AT, True,
     REPORTED.format(what="administratif/teknis (BKD/BKPSDM: WFH bergilir, pelaporan daring)"), (-6.2357, 106.9930), 3),
    ("KESBANGPOL", "Kesbangpol", "Badan Kesatuan Bangsa dan Politik", "badan", AT, False,
     PROPOSED.format(why="administrasi dan koordinasi"), (-6.2363, 106.9934), 1),
    ("BPBD", "BPBD", "Badan Penanggulangan Bencana Daerah", "badan", PG, False,
     PROPOSED.format(why="siaga dan respons bencana di lapangan"), (-6.2452, 107.0016), 3),
    ("RSUDCAM", "RSUD CAM", "RSUD dr. Chasbullah Abdulmadjid", "rsud", PL, False,
     PROPOSED.format(why="pelayanan kesehatan rumah sakit memerlukan kehadiran"), (-6.2433, 107.0045), 14),
]

# The 12 kecamatan and their kelurahan (56 in all).
KECAMATAN: list[tuple[str, tuple[float, float], list[str]]] = [
    ("Bekasi Timur", (-6.2470, 107.0150), ["Aren Jaya", "Bekasi Jaya", "Duren Jaya", "Margahayu"]),
    ("Bekasi Barat", (-6.2280, 106.9790), ["Bintara", "Bintara Jaya", "Jakasampurna", "Kota Baru", "Kranji"]),
    ("Bekasi Selatan", (-6.2530, 106.9900), ["Jakamulya", "Jakasetia", "Kayuringin Jaya", "Marga Jaya", "Pekayon Jaya"]),
    ("Bekasi Utara", (-6.2120, 107.0000), ["Harapan Baru", "Harapan Jaya", "Kaliabang Tengah", "Marga Mulya", "Perwira", "Teluk Pucung"]),
    ("Medan Satria", (-6.1900, 106.9900), ["Harapan Mulya", "Kalibaru", "Medan Satria", "Pejuang"]),
    ("Rawalumbu", (-6.2730, 107.0060), ["Bojong Menteng", "Bojong Rawalumbu", "Pengasinan", "Sepanjang Jaya"]),
    ("Mustikajaya", (-6.2930, 107.0350), ["Cimuning", "Mustikajaya", "Mustikasari", "Padurenan"]),
    ("Bantargebang", (-6.3200, 106.9950), ["Bantargebang", "Cikiwul", "Ciketing Udik", "Sumur Batu"]),
    ("Jatiasih", (-6.3000, 106.9600), ["Jatiasih", "Jatikramat", "Jatiluhur", "Jatimekar", "Jatirasa", "Jatisari"]),
    ("Jatisampurna", (-6.3650, 106.9300), ["Jatikarya", "Jatiranggon", "Jatirangga", "Jatisampurna", "Jatiraden"]),
    ("Pondok Gede", (-6.2850, 106.9150), ["Jatibening", "Jatibening Baru", "Jaticempaka", "Jatimakmur", "Jatiwaringin"]),
    ("Pondok Melati", (-6.3050, 106.9200), ["Jatimelati", "Jatimurni", "Jatirahayu", "Jatiwarna"]),
]
KECAMATAN_WEIGHT = 3
KECAMATAN_CLASS_REASON = PROPOSED.format(
    why="layanan PATEN di loket kecamatan/kelurahan hadir; seksi administrasi dapat bergilir"
)

# Positions per OPD class: (name, kind, requires presence, reason, field work, weight).
BACK_OFFICE = [
    ("Analis Kebijakan", "fungsional", False, "", False, 3),
    ("Pranata Komputer", "fungsional", False, "", False, 2),
    ("Perencana", "fungsional", False, "", False, 2),
    ("Analis Keuangan", "pelaksana", False, "", False, 3),
    ("Pengadministrasi Umum", "pelaksana", False, "", False, 4),
    ("Pengelola Data", "pelaksana", False, "", False, 3),
    ("Arsiparis", "fungsional", False, "", False, 1),
    ("Pengemudi", "pelaksana", True, "pengemudi dinas", False, 1),
    ("Petugas Resepsionis", "pelaksana", True, "penerima tamu kantor", False, 1),
]
FRONT_OFFICE = {
    PL: [
        ("Petugas Loket Pelayanan", "pelaksana", True, "loket pelayanan", False, 6),
        ("Perawat", "fungsional", True, "pelayanan klinis", False, 5),
        ("Dokter", "fungsional", True, "pelayanan klinis", False, 2),
        ("Bidan", "fungsional", True, "pelayanan klinis", False, 2),
        ("Operator Antrean", "pelaksana", True, "antrean layanan tatap muka", False, 2),
        ("Verifikator Berkas", "pelaksana", False, "", False, 2),
    ],
    PG: [
        ("Petugas Patroli", "pelaksana", True, "patroli lapangan", True, 6),
        ("Petugas Lapangan", "pelaksana", True, "pengawasan lapangan", True, 5),
        ("Pengawas Lapangan", "fungsional", True, "pengawasan lapangan", True, 2),
        ("Operator Ruang Kendali", "pelaksana", True, "ruang kendali 24 jam", False, 1),
    ],
    AT: [],
}
KECAMATAN_FRONT = [
    ("Petugas Pelayanan PATEN", "pelaksana", True, "loket pelayanan PATEN", False, 4),
    ("Petugas Ketenteraman dan Ketertiban", "pelaksana", True, "patroli wilayah", True, 2),
]
