"""SOP data the app does not use yet. Same rules as ``web/sop.py``; when an area starts to use a list,
move it to ``web/sop.py`` or ``web/sop_cases.py`` (``tests/test_sop.py`` checks that no app module reads this
one).

* ``shared/RISK.md``: ``REASSESS_AFTER``, when a new risk assessment (``web.risk``) is due.
* ``004`` and ``003`` "Peringatan": ``PRINCIPLES``; ``003`` "Identifikasi Kegiatan": ``REHABILITATION_ACTIVITIES``
  (the rehabilitation area follows ``sop_cases.REHABILITATION_STEPS`` instead).
"""

from dataclasses import dataclass

from .sop import Choice, _Named


@dataclass(frozen=True)
class Activity(_Named):
    """A numbered activity of the Kota Batu SOP ("Identifikasi Kegiatan")."""

    number: int
    key: str
    name_id: str
    name_en: str


# "Peringatan" of 004 and 003, shared by all four SOPs in spirit.
PRINCIPLES: tuple[Choice, ...] = (
    Choice(
        "tanpa_diskriminasi",
        "Semua pengaduan tentang masalah perempuan dan anak diterima tanpa diskriminasi.",
        "Every report about women and children is accepted without discrimination.",
    ),
    Choice(
        "responsif",
        "Layanan gratis, cepat tanggap, sopan, dan peka gender.",
        "The service is free, quick to respond, courteous and gender-sensitive.",
    ),
    Choice(
        "persetujuan",
        "Informasi pribadi hanya diminta dengan persetujuan korban (informed consent).",
        "Personal information is asked for only with the victim's informed consent.",
    ),
    Choice(
        "kerahasiaan",
        "Petugas wajib menjaga kerahasiaan korban.",
        "Staff must keep the victim's information confidential.",
    ),
    Choice(
        "etika",
        "Pendampingan dilakukan dengan memperhatikan etika.",
        "Accompaniment follows professional ethics.",
    ),
)

# "Identifikasi Kegiatan": the service flow for a child, from report to termination.
REHABILITATION_ACTIVITIES: tuple[Activity, ...] = (
    Activity(
        1,
        "penerimaan_laporan",
        "Menerima laporan dari anak, orang tua, atau masyarakat tentang masalah kesejahteraan sosial anak",
        "Receive a report from the child, a parent or the community on a child-welfare problem",
    ),
    Activity(2, "pendataan_asesmen", "Pendataan dan asesmen", "Record data and assess"),
    Activity(
        3,
        "kunjungan_rumah",
        "Verifikasi lewat kunjungan rumah untuk melengkapi data dan mengenali kebutuhan anak",
        "Verify by a home visit, to complete the data and identify the child's needs",
    ),
    Activity(
        4,
        "konferensi_kasus",
        "Konferensi kasus bersama pihak terkait untuk menyusun rencana manajemen kasus",
        "Hold a case conference with the parties involved to plan case management",
    ),
    Activity(
        5,
        "layanan_darurat",
        "Jika anak butuh dukungan darurat, berikan layanan darurat",
        "If the child needs emergency support, provide emergency services",
    ),
    Activity(
        6,
        "jaminan_sosial",
        "Jika anak belum punya jaminan kesejahteraan sosial, bantu mengurusnya",
        "If the child has no social-security cover, help enrol them",
    ),
    Activity(
        7,
        "kembali_sekolah",
        "Jika anak tidak bersekolah, upayakan kembali ke sekolah formal atau mendapat pendidikan nonformal",
        "If the child is out of school, help them back to school or into non-formal education",
    ),
    Activity(
        8,
        "rujukan_rehabilitasi",
        "Jika anak perlu rehabilitasi atau habilitasi, rujuk ke layanan tersebut",
        "If the child needs rehabilitation or habilitation, refer them to it",
    ),
    Activity(
        9,
        "monitoring",
        "Pekerja sosial memantau sesuai kebutuhan yang ditetapkan dalam konferensi kasus",
        "The social worker monitors as decided at the case conference",
    ),
    Activity(
        10,
        "pendampingan_lanjut",
        "Jika anak belum pulih atau masih butuh dukungan berkelanjutan, pendampingan diteruskan",
        "If the child has not recovered or still needs ongoing support, accompaniment continues",
    ),
    Activity(
        11,
        "terminasi_layanan_terpenuhi",
        "Jika semua layanan kesejahteraan terpenuhi dan dapat diakses, pendampingan diakhiri (terminasi)",
        "When all welfare services are met and accessible, accompaniment ends (termination)",
    ),
    Activity(
        12,
        "terminasi_pulih",
        "Jika anak pulih atau dijamin mendapat layanan berkelanjutan, kasus diakhiri (terminasi)",
        "When the child has recovered or is assured of ongoing services, the case is closed (termination)",
    ),
    Activity(
        13,
        "laporan_akhir",
        "Pekerja sosial selaku manajer kasus membuat laporan, didokumentasikan oleh staf Seksi Data dan Informasi",
        "The social worker, as case manager, writes the report; the data and information section files it",
    ),
)

# --------------------------------------------------------------------------------------------
# Field risk assessment (web.risk): when a new assessment is due
# --------------------------------------------------------------------------------------------

REASSESS_AFTER: tuple[Choice, ...] = (
    Choice(
        "kejadian_baru",
        "Ada kejadian kekerasan baru",
        "A new incident of violence",
    ),
    Choice(
        "perpisahan",
        "Korban berpisah dari pelaku, atau berencana berpisah",
        "The person separates from the perpetrator, or plans to",
    ),
)
