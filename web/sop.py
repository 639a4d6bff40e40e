"""The four SOPs Jangkau follows, and every list a user picks from, written down as data.

Nothing here talks to Flask or the database: other modules read these tuples to build forms,
checklists, printed letters and time standards. Every text a user reads has an Indonesian
(``*_id``) and an English (``*_en``) version; ``label(locale)`` picks one ("en" gives English,
anything else Indonesian). Keys are stored in the database: never rename one without a migration.
A list to pick from is a tuple of ``Choice`` (the one bilingual choice type; ``web.risk`` uses it
too); a form turns it into its options with ``select_choices(items, locale)``.

Only what the app uses is here (``tests/test_sop.py`` checks each list is read somewhere). The SOP
data of the case SOPs (case handling, rehabilitation) is in ``web/sop_cases.py``.

Where each piece comes from (files in ``shared/sop/``; the text was scanned, OCR typos are fixed
here without saying so):

* ``004_f2dbedc6e5f993d7.txt`` -- SOP Penjangkauan Korban, UPTD PPA Prov. Kepulauan Bangka
  Belitung, 2024: ``OUTREACH_STEPS`` (the 12 steps, their time standard, requirement and output),
  ``DOCUMENTS`` (the forms it names under "Pencatatan dan Pendataan", "Peralatan" and in the
  steps), ``LEGAL_BASIS`` ("Dasar Hukum"). The scan lost the
  flow-chart symbols that mark who performs each step, so ``OutreachStep.role`` is inferred from
  the step's wording and the columns of the table (Operator / Kepala UPTD PPA / Kasi Tindakan dan
  Rujukan-Manajer Kasus / Administrasi / other PPA services).
* ``000``, ``001`` and ``003`` (the case-handling and rehabilitation SOPs): see ``web/sop_cases.py``;
  ``DOCUMENTS`` here includes the forms they name.
* Not in any SOP, but needed by the app to record the steps above: ``EMERGENCY_SERVICES`` (the
  emergency services of step 10a, after Permen PPPA No. 2 Tahun 2022 as summarised in
  ``shared/RISK.md``), ``PARTNER_KINDS``, ``TARGET_SOURCES``, ``TARGET_KINDS``, ``SEXES``,
  ``VERIFICATION_AUTHORITIES``, ``VERIFICATION_RESULTS``, ``BUDGET_CATEGORIES``,
  ``COORDINATION_PARTIES``, ``COORDINATION_RESULTS``, ``CONTACT_MEANS``, ``DOCUMENT_STATES``, and
  step 8's consent lists (``CONSENT_EXPLAINED``, ``CONSENTERS``, ``CONSENT_OUTCOMES``,
  ``CHILD_ASSENT``, ``CONSENT_SCOPES``, ``CONSENT_METHODS``, ``AFTER_REFUSAL``, ``CONSENT_STATES``).

``SOURCES`` gives the title, issuer, number and year of each file for attribution.
The field risk assessment (step 9) is in ``web/risk.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from wtforms import SelectChoice

from .roles import ADMIN, CASE_MANAGER, HEAD, WORKER

MINUTES_PER_DAY = 24 * 60


def is_english(locale: str | None) -> bool:
    """True for "en" (also "en_US", "en-GB"); every other locale reads Indonesian."""
    if not locale:
        return False
    return locale.replace("-", "_").split("_", 1)[0].lower() == "en"


def pick(locale: str | None, text_id: str, text_en: str) -> str:
    """The English text for an English locale, else the Indonesian one."""
    return text_en if is_english(locale) else text_id


# --------------------------------------------------------------------------------------------
# Types
# --------------------------------------------------------------------------------------------


class _Named:
    """Mixin: ``label(locale)`` from ``name_id`` / ``name_en``."""

    name_id: str
    name_en: str

    def label(self, locale: str | None) -> str:
        return pick(locale, self.name_id, self.name_en)


@dataclass(frozen=True)
class Choice(_Named):
    """One option of a list (a select box, a radio group): the one bilingual choice type of the app.
    Unpacks as ``key, name_id, name_en``."""

    key: str
    name_id: str
    name_en: str

    def __iter__(self):
        return iter((self.key, self.name_id, self.name_en))


@dataclass(frozen=True)
class Doc(Choice):
    """A document, letter or form named by an SOP."""


@dataclass(frozen=True)
class OutreachStep(_Named):
    """One of the 12 steps of the SOP Penjangkauan Korban."""

    number: int
    key: str
    name_id: str
    name_en: str
    role: str  # one of web.roles: who performs the step (inferred, see module docstring)
    minutes: int  # time standard ("Waktu")
    documents: tuple[str, ...]  # keys of DOCUMENTS used or produced in the step
    output_id: str  # "Output"
    output_en: str
    requirement_id: str = ""  # "Standar & Kelengkapan"
    requirement_en: str = ""
    note_id: str = ""  # what the SOP adds under the step (refusal, branches)
    note_en: str = ""

    def output(self, locale: str | None) -> str:
        return pick(locale, self.output_id, self.output_en)

    def requirement(self, locale: str | None) -> str:
        return pick(locale, self.requirement_id, self.requirement_en)

    def note(self, locale: str | None) -> str:
        return pick(locale, self.note_id, self.note_en)


@dataclass(frozen=True)
class Service(_Named):
    """A service a person can be referred to, and the kind of partner that provides it."""

    key: str
    letter: str  # "a".."e" for web.sop_cases.REFERRAL_SERVICES, "" for EMERGENCY_SERVICES
    name_id: str
    name_en: str
    providers_id: tuple[str, ...]  # typical providers
    providers_en: tuple[str, ...]
    partner_kind: str  # key of PARTNER_KINDS (what the person's consent must cover)

    def providers(self, locale: str | None) -> tuple[str, ...]:
        return self.providers_en if is_english(locale) else self.providers_id


# --------------------------------------------------------------------------------------------
# Documents (004: "Pencatatan dan Pendataan", "Peralatan", the steps; 000/001; 003)
# --------------------------------------------------------------------------------------------

_DOCS = (
    Doc("surat_tugas", "Surat Tugas", "Assignment letter (Surat Tugas)"),
    Doc("sppd", "Surat Perintah Perjalanan Dinas (SPPD)", "Official travel order (SPPD)"),
    Doc("tiket", "Tiket perjalanan", "Travel tickets"),
    Doc("rencana_penjangkauan", "Rencana penjangkauan dan anggarannya", "Outreach plan and budget"),
    Doc(
        "formulir_simfoni",
        "Formulir detail dan permasalahan perempuan/anak (SIMFONI PPA)",
        "Woman/child details and problem form (SIMFONI PPA)",
    ),
    Doc("formulir_kasus", "Formulir kasus (rekam kasus)", "Case form (case record)"),
    Doc("formulir_penjangkauan", "Formulir penjangkauan", "Outreach form"),
    Doc("formulir_pengaduan", "Formulir penerimaan pengaduan", "Complaint intake form"),
    Doc(
        "informed_consent",
        "Formulir persetujuan pemberian informasi (informed consent)",
        "Informed-consent form",
    ),
    Doc("formulir_asesmen", "Formulir asesmen", "Assessment form"),
    Doc("formulir_rujukan", "Formulir rujukan/pelimpahan", "Referral/transfer form"),
    Doc(
        "berita_acara",
        "Berita acara penyerahan berkas perempuan dan anak",
        "Minutes of handover of the woman's/child's file",
    ),
    Doc("laporan_penjangkauan", "Laporan penjangkauan", "Outreach report"),
    Doc("surat_rekomendasi", "Surat rekomendasi", "Recommendation letter"),
    Doc("laporan_sosial", "Laporan sosial", "Social report"),
    Doc("lembar_disposisi", "Lembar disposisi ke layanan", "Disposition sheet to a service"),
)
DOCUMENTS: dict[str, Doc] = {d.key: d for d in _DOCS}

# --------------------------------------------------------------------------------------------
# SOP Penjangkauan Korban (004): the 12 steps
# --------------------------------------------------------------------------------------------

OUTREACH_STEPS: tuple[OutreachStep, ...] = (
    OutreachStep(
        1,
        "sasaran",
        "Menentukan korban yang akan dijangkau",
        "Choose the victims to reach",
        WORKER,
        30,
        ("formulir_kasus", "formulir_pengaduan"),
        "Kelompok rentan dan laporan tidak langsung yang akan ditindaklanjuti sudah dikenali",
        "The vulnerable people and indirect reports to follow up are identified",
        requirement_id="Hasil identifikasi orang berisiko tinggi dari kelompok rentan di formulir kasus; "
        "informasi pengaduan tidak langsung",
        requirement_en="High-risk individuals from vulnerable groups identified on the case form; "
        "information from indirect reports",
    ),
    OutreachStep(
        2,
        "identifikasi",
        "Identifikasi awal, termasuk verifikasi data melalui DP3ACSKB/pemerintah yang berwenang",
        "Initial identification, including verification of the data with DP3ACSKB or the competent authority",
        WORKER,
        60,
        ("formulir_simfoni",),
        "Informasi awal tentang masalah atau kejadian tersedia; identitas perempuan/anak/orang tua/pengasuh "
        "termasuk alamatnya sudah diverifikasi",
        "Initial information on the problem or incident is available; the identity and address of the "
        "woman/child/parent/carer are verified",
        requirement_id="Formulir detail perempuan/anak dan permasalahan perempuan/anak (SIMFONI PPA)",
        requirement_en="Woman/child details and problem form (SIMFONI PPA)",
    ),
    OutreachStep(
        3,
        "rencana",
        "Menyusun rencana penjangkauan beserta anggarannya, lalu menyerahkannya kepada Kepala UPTD PPA untuk disetujui",
        "Write the outreach plan with its budget and submit it to the head of the UPTD PPA for approval",
        WORKER,
        60,
        ("rencana_penjangkauan",),
        "Rencana penjangkauan beserta anggarannya tersedia",
        "An outreach plan with its budget exists",
        requirement_id="Hasil identifikasi orang berisiko tinggi",
        requirement_en="The high-risk individuals identified",
    ),
    OutreachStep(
        4,
        "persetujuan",
        "Memeriksa rencana penjangkauan beserta anggarannya",
        "Review the outreach plan and its budget",
        HEAD,
        30,
        ("rencana_penjangkauan",),
        "Rencana penjangkauan dan anggarannya disetujui",
        "The outreach plan and its budget are approved",
        requirement_id="Rencana penjangkauan",
        requirement_en="The outreach plan",
    ),
    OutreachStep(
        5,
        "penugasan",
        "Memberi tugas penjangkauan",
        "Assign the outreach team",
        CASE_MANAGER,
        60,
        ("formulir_kasus",),
        "Petugas yang ditugasi memahami tujuan penjangkauan, memegang informasi awal tentang korban, dan "
        "siap berangkat",
        "The assigned staff understand the goal of the outreach, have the initial information on the victim, "
        "and are ready to go",
        requirement_id="Informasi awal tentang korban",
        requirement_en="Initial information on the victim",
    ),
    OutreachStep(
        6,
        "administrasi",
        "Menyiapkan surat tugas dan dokumen administrasi lainnya",
        "Prepare the assignment letter and the other administrative documents",
        ADMIN,
        60,
        ("surat_tugas", "sppd", "tiket", "formulir_kasus", "formulir_penjangkauan"),
        "Surat tugas, tiket perjalanan, SPPD, formulir kasus dan formulir penjangkauan siap",
        "Assignment letter, travel tickets, travel order (SPPD), case form and outreach form are ready",
        requirement_id="Rencana penjangkauan yang sudah disetujui Kepala UPTD PPA dan Kepala Dinas",
        requirement_en="The outreach plan approved by the head of the UPTD PPA and the head of the Dinas",
    ),
    OutreachStep(
        7,
        "koordinasi",
        "Berkoordinasi dengan pihak terkait (pemerintah daerah yang berwenang, kepolisian setempat, "
        "pemerintah desa, Satgas PPA) untuk mendapat izin dan dukungan penjangkauan",
        "Coordinate with the relevant parties (competent local government, local police, village "
        "government, Satgas PPA task force) for permission and support",
        WORKER,
        60,
        ("rencana_penjangkauan", "surat_tugas"),
        "Pihak terkait siap mendukung pelaksanaan penjangkauan",
        "The relevant parties are ready to support the outreach",
        requirement_id="Rencana penjangkauan; surat tugas",
        requirement_en="The outreach plan; the assignment letter",
    ),
    OutreachStep(
        8,
        "persetujuan_korban",
        "Menemui korban, menjelaskan kerahasiaan, dan meminta persetujuannya untuk mendapat layanan",
        "Meet the victim, explain confidentiality and ask their consent to receive services",
        WORKER,
        60,
        ("informed_consent",),
        "Korban/orang tua/pengasuh memahami informasi tentang kerahasiaan dan menyetujui asesmen",
        "The victim (or parent/carer) understands the confidentiality information and agrees to the assessment",
        requirement_id="Berkas informasi kerahasiaan dan persetujuan",
        requirement_en="Confidentiality information and consent form",
        note_id="Jika korban menolak, jelaskan lagi dan sampaikan manfaat layanan. Jika tetap "
        "menolak, tinggalkan nomor kontak dan pastikan ia tahu bahwa ia boleh menghubungi layanan kapan "
        "saja jika berubah pikiran.",
        note_en="If the victim refuses, explain again and tell them the benefits of the service. If they "
        "still refuse, leave a contact number and make sure they know they can contact the service any "
        "time if they change their mind.",
    ),
    OutreachStep(
        9,
        "asesmen_risiko",
        "Melakukan asesmen risiko, lalu melaporkannya kepada Manajer Kasus",
        "Do the risk assessment and report it to the case manager",
        WORKER,
        60,
        ("formulir_kasus", "formulir_penjangkauan", "formulir_asesmen"),
        # The SOP leaves this output blank.
        "Hasil asesmen risiko dilaporkan kepada Manajer Kasus",
        "The risk assessment is reported to the case manager",
        requirement_id="Formulir rekam kasus dan formulir penjangkauan kasus (permasalahan perempuan/anak, "
        "asesmen risiko) terisi semua",
        requirement_en="Case record form and outreach form (the woman's/child's problem, risk assessment) "
        "fully filled in",
    ),
    OutreachStep(
        10,
        "tindak_lanjut",
        "Menindaklanjuti hasil asesmen risiko",
        "Follow up the risk assessment",
        CASE_MANAGER,
        60,
        ("formulir_asesmen", "formulir_rujukan"),
        "Risiko tinggi: korban terhubung dengan layanan kedaruratan. Bukan risiko tinggi: asesmen "
        "lanjutan siap dilakukan.",
        "High risk: the victim is connected to emergency services. Not high risk: the further assessment "
        "is ready to start.",
        requirement_id="Hasil asesmen awal; risiko keamanan dan keselamatan termasuk potensi ancaman; "
        "rekomendasi intervensi darurat",
        requirement_en="Initial assessment; safety and security risks including possible threats; "
        "recommended emergency intervention",
        note_id="a. Jika risiko tinggi, Manajer Kasus merujuk korban ke layanan kedaruratan. "
        "b. Jika bukan risiko tinggi, lakukan asesmen lanjutan.",
        note_en="a. If the risk is high, the case manager refers the victim to emergency services. "
        "b. If not, a further assessment is done.",
    ),
    OutreachStep(
        11,
        "laporan",
        "Membuat laporan penjangkauan dan menyampaikannya kepada Kepala UPTD PPA",
        "Write the outreach report and send it to the head of the UPTD PPA",
        WORKER,
        30,
        ("laporan_penjangkauan",),
        "Kepala UPTD PPA menerima laporan hasil penjangkauan",
        "The head of the UPTD PPA has the outreach report",
        requirement_id="Hasil asesmen risiko awal dan lanjutan",
        requirement_en="The initial and further risk assessments",
    ),
    OutreachStep(
        12,
        "dokumentasi",
        "Mendokumentasikan kegiatan penjangkauan",
        "Document the outreach",
        ADMIN,
        30,
        ("laporan_penjangkauan", "berita_acara"),
        "Kegiatan penjangkauan terdokumentasi",
        "The outreach is documented",
    ),
)

STEP_BY_NUMBER: dict[int, OutreachStep] = {s.number: s for s in OUTREACH_STEPS}
STEP_BY_KEY: dict[str, OutreachStep] = {s.key: s for s in OUTREACH_STEPS}

# 004 "Dasar Hukum", in the SOP's order (used on the printed Surat Tugas). Spelling and capitals are
# normalised; the wording is the SOP's, except UU 21/2007 whose title the SOP gives as "Penghapusan"
# where the law (and SOPs 000 and 003) say "Pemberantasan".
LEGAL_BASIS: tuple[str, ...] = (
    "Undang-Undang Nomor 23 Tahun 2002 tentang Perlindungan Anak",
    "Undang-Undang Nomor 23 Tahun 2004 tentang Penghapusan Kekerasan dalam Rumah Tangga (KDRT)",
    "Undang-Undang Nomor 13 Tahun 2006 tentang Perlindungan Saksi dan Korban",
    "Undang-Undang Nomor 21 Tahun 2007 tentang Pemberantasan Tindak Pidana Perdagangan Orang (TPPO)",
    "Undang-Undang Nomor 11 Tahun 2012 tentang Sistem Peradilan Pidana Anak",
    "Undang-Undang Nomor 35 Tahun 2014 tentang Perubahan atas Undang-Undang Nomor 23 Tahun 2002 "
    "tentang Perlindungan Anak",
    "Peraturan Pemerintah Nomor 4 Tahun 2006 tentang Penyelenggaraan dan Kerja Sama Pemulihan Korban "
    "Kekerasan dalam Rumah Tangga",
    "Peraturan Pemerintah Nomor 9 Tahun 2008 tentang Mekanisme dan Tata Cara Penanganan Terpadu pada Korban TPPO",
    "Peraturan Menteri Negara Pemberdayaan Perempuan Nomor 1 Tahun 2007 tentang Forum Koordinasi "
    "Penyelenggaraan Kerja Sama Pencegahan dan Penanganan KDRT",
    "Peraturan Menteri Negara Pemberdayaan Perempuan Nomor 2 Tahun 2007 tentang Pedoman Pelaksanaan "
    "Perlindungan Perempuan",
    "Peraturan Menteri Negara Pemberdayaan Perempuan Nomor 3 Tahun 2008 tentang Pedoman Pelaksanaan "
    "Perlindungan Perempuan",
    "Peraturan Menteri Pemberdayaan Perempuan dan Perlindungan Anak Nomor 01 Tahun 2010 tentang Standar "
    "Pelayanan Minimal Bidang Layanan Terpadu bagi Perempuan dan Anak Korban Kekerasan",
    "Peraturan Menteri Pemberdayaan Perempuan dan Perlindungan Anak Nomor 05 Tahun 2010 tentang Panduan "
    "Pembentukan dan Pengembangan Pusat Pelayanan Terpadu",
    "Peraturan Daerah Provinsi Kepulauan Bangka Belitung Nomor 8 Tahun 2016 tentang Penyelenggaraan Perlindungan Anak",
    "Peraturan Gubernur Kepulauan Bangka Belitung Nomor 2 Tahun 2022 tentang Penyelenggaraan "
    "Perlindungan Perempuan dan Perlindungan Khusus Anak Tingkat Provinsi Kepulauan Bangka Belitung",
)

# What a unit's Surat Tugas lists as its "Dasar" until the unit edits it (web/users, the unit's
# settings): the SOP's legal bases, then the SOP itself and the budget document (DPA) that pays for the
# outreach. Existing units got this list from migration 0022.
DEFAULT_LEGAL_BASIS: tuple[str, ...] = (
    *LEGAL_BASIS,
    "Standar Operasional Prosedur Penjangkauan Korban di UPTD PPA Provinsi Kepulauan Bangka Belitung "
    "Nomor 17/SOP/UPTD-PPA/DP3ACSKB/2024",
    "Dokumen Pelaksanaan Anggaran (DPA) UPTD PPA Tahun Anggaran berjalan",
)

# --------------------------------------------------------------------------------------------
# Lists the app needs to record the outreach steps (not named in the SOPs)
# --------------------------------------------------------------------------------------------

# Who a person may consent to their information being shared with.
PARTNER_KINDS: tuple[Choice, ...] = (
    Choice("kesehatan", "Layanan kesehatan (RSUD, Puskesmas)", "Health services (hospital, health centre)"),
    Choice("polisi", "Kepolisian (Unit PPA)", "Police (women and children unit)"),
    Choice("rumah_aman", "Rumah aman/shelter", "Safe house/shelter"),
    Choice("bantuan_hukum", "Bantuan hukum", "Legal aid"),
    Choice(
        "layanan_sosial",
        "Layanan sosial (Dinas Sosial, Baznas)",
        "Social services (social affairs office, Baznas)",
    ),
    Choice("lainnya", "Lainnya", "Other"),
)

# Step 10a: emergency services for a high-risk person.
EMERGENCY_SERVICES: tuple[Service, ...] = (
    Service(
        "kesehatan",
        "",
        "Layanan kesehatan darurat",
        "Emergency health care",
        ("RSUD", "Puskesmas"),
        ("Regional hospital (RSUD)", "Health centre (Puskesmas)"),
        "kesehatan",
    ),
    Service(
        "polisi",
        "",
        "Perlindungan polisi",
        "Police protection",
        ("Polres/Polsek", "Unit PPA (UPPA)"),
        ("Police station", "Women and children unit (UPPA)"),
        "polisi",
    ),
    Service(
        "rumah_aman",
        "",
        "Rumah aman/penampungan sementara",
        "Safe house/temporary shelter",
        ("RSTS Dinas Sosial", "Shelter P2TP2A/UPTD PPA"),
        ("Social affairs shelter (RSTS)", "P2TP2A/UPTD PPA shelter"),
        "rumah_aman",
    ),
    Service(
        "dukungan_psikologis",
        "",
        "Dukungan psikologis awal",
        "Psychological first aid",
        ("Psikolog UPTD PPA", "Pekerja sosial"),
        ("UPTD PPA psychologist", "Social worker"),
        "layanan_sosial",
    ),
    Service(
        "bantuan_hukum",
        "",
        "Bantuan hukum",
        "Legal aid",
        ("LBH/Posbakum", "Advokat UPTD PPA"),
        ("Legal aid office (LBH/Posbakum)", "UPTD PPA lawyer"),
        "bantuan_hukum",
    ),
    Service(
        "pemulangan",
        "",
        "Pemulangan ke daerah asal",
        "Return home",
        ("Dinas Sosial", "Baznas", "Lembaga lain"),
        ("Social affairs office", "Baznas", "Other bodies"),
        "layanan_sosial",
    ),
)

# Step 1: where the information about the person came from.
TARGET_SOURCES: tuple[Choice, ...] = (
    Choice("polisi", "Laporan polisi", "Police report"),
    Choice("warga", "Laporan warga", "Report by a citizen"),
    Choice("korban_sendiri", "Korban sendiri", "The victim themself"),
    Choice("lembaga_lain", "Rujukan lembaga lain", "Referral by another body"),
    Choice("media", "Media (cetak, elektronik, media sosial)", "Media (print, broadcast, social media)"),
    Choice("lainnya", "Lainnya", "Other"),
)

# Step 2: who verified the identity and address.
VERIFICATION_AUTHORITIES: tuple[Choice, ...] = (
    Choice("dukcapil", "Dinas Dukcapil (kependudukan dan catatan sipil)", "Civil registry (Dukcapil)"),
    Choice("kepala_desa", "Kepala desa/lurah", "Village or ward head"),
    Choice("polisi", "Kepolisian", "Police"),
    Choice("sekolah", "Sekolah", "School"),
    Choice("dinas_ppa", "Dinas PPA (DP3ACSKB)", "Women and children office (DP3ACSKB)"),
    Choice("lainnya", "Lainnya", "Other"),
)

VERIFICATION_RESULTS: tuple[Choice, ...] = (
    Choice("terverifikasi", "Identitas dan alamat cocok", "Identity and address confirmed"),
    Choice("tidak_ditemukan", "Tidak ditemukan", "Not found"),
    Choice("alamat_berbeda", "Alamat berbeda", "Different address"),
)

# Step 3: budget lines of the outreach plan.
BUDGET_CATEGORIES: tuple[Choice, ...] = (
    Choice("transport", "Transportasi lokal", "Local transport"),
    Choice("tiket", "Tiket perjalanan", "Travel tickets"),
    Choice("penginapan", "Penginapan", "Lodging"),
    Choice("uang_harian", "Uang harian", "Daily allowance"),
    Choice("konsumsi", "Konsumsi", "Meals"),
    Choice("lainnya", "Lainnya", "Other"),
)

# Step 7: who was contacted, and what came of it.
COORDINATION_PARTIES: tuple[Choice, ...] = (
    Choice("pemda", "Pemerintah daerah yang berwenang", "Competent local government"),
    Choice("polisi", "Kepolisian setempat", "Local police"),
    Choice("pemerintah_desa", "Pemerintah desa/kelurahan", "Village/ward government"),
    Choice("satgas_ppa", "Satgas PPA", "Satgas PPA (women and children task force)"),
    Choice("lainnya", "Lainnya", "Other"),
)

COORDINATION_RESULTS: tuple[Choice, ...] = (
    Choice("izin_diberikan", "Izin diberikan", "Permission given"),
    Choice("dukungan_dijanjikan", "Dukungan dijanjikan", "Support promised"),
    Choice("ditolak", "Ditolak", "Refused"),
    Choice("lainnya", "Lainnya", "Other"),
)

CONTACT_MEANS: tuple[Choice, ...] = (
    Choice("tatap_muka", "Tatap muka", "In person"),
    Choice("telepon", "Telepon", "Phone call"),
    Choice("surat", "Surat", "Letter"),
    Choice("pesan", "Pesan singkat (SMS/WhatsApp)", "Text message (SMS/WhatsApp)"),
)

# Step 1: how the unit came to know of the person (web.models.outreach.Target.KINDS).
TARGET_KINDS: tuple[Choice, ...] = (
    Choice(
        "laporan",
        "Laporan tidak langsung (dari polisi, warga, lembaga, media)",
        "Indirect report (from the police, a citizen, an agency, the media)",
    ),
    Choice("risiko_tinggi", "Orang berisiko tinggi dari kelompok rentan", "High-risk person from a vulnerable group"),
)

# Steps 2 and 8: a person's sex as recorded ("" when not known yet: the forms offer it as a blank).
SEXES: tuple[Choice, ...] = (
    Choice("p", "Perempuan", "Female"),
    Choice("l", "Laki-laki", "Male"),
)

# Step 6: the state of each document of a plan's checklist (web.models.letters.DocumentItem.STATES).
DOCUMENT_STATES: tuple[Choice, ...] = (
    Choice("belum", "Belum siap", "Not ready"),
    Choice("siap", "Siap", "Ready"),
    Choice("tidak_perlu", "Tidak perlu", "Not needed"),
)

# Step 8: what the worker explains, who decides, the decision, to what, and how.
# Everything here must be explained (and ticked) before consent can be given.
CONSENT_EXPLAINED: tuple[Choice, ...] = (
    Choice("yang_dicatat", "Apa saja yang dicatat tentang dirinya", "What is recorded about them"),
    Choice("siapa_melihat", "Siapa saja yang akan melihat catatan itu", "Who will see the record"),
    Choice(
        "boleh_menolak",
        "Ia boleh menolak, dan boleh menarik persetujuannya kapan saja",
        "They may refuse, and may withdraw their consent at any time",
    ),
    Choice("gratis", "Layanan ini gratis", "The service is free"),
)

SELF, GUARDIAN = "diri_sendiri", "orang_tua_wali"
CONSENTERS: tuple[Choice, ...] = (
    Choice(SELF, "Orang itu sendiri", "The person themself"),
    Choice(
        GUARDIAN,
        "Orang tua atau wali (wajib untuk anak di bawah 18 tahun)",
        "Parent or guardian (required for a child under 18)",
    ),
)

GIVEN, REFUSED = "setuju", "menolak"
CONSENT_OUTCOMES: tuple[Choice, ...] = (
    Choice(GIVEN, "Setuju", "Agrees"),
    Choice(REFUSED, "Menolak", "Refuses"),
)

# What a visit's consent stands at, as screens and reports show it (web.models.visits.Consent.state).
CONSENT_STATES: tuple[Choice, ...] = (
    Choice("belum", "belum dicatat", "not recorded yet"),
    Choice(GIVEN, "setuju", "agrees"),
    Choice(REFUSED, "menolak", "refuses"),
    Choice("ditarik", "ditarik kembali", "withdrawn"),
    Choice("sebagian_ditarik", "sebagian ditarik kembali", "partly withdrawn"),
)

# A child's own assent, asked as well as the guardian's consent.
CHILD_ASSENT: tuple[Choice, ...] = (
    Choice("ya", "Ya, anak setuju", "Yes, the child agrees"),
    Choice("tidak", "Tidak", "No"),
)

SCOPE_ASSESSMENT, SCOPE_SERVICES, SHARING = "asesmen", "layanan", "berbagi:"
CONSENT_SCOPES: tuple[Choice, ...] = (
    Choice(
        SCOPE_ASSESSMENT,
        "Asesmen: ditanya tentang keadaan dan keselamatannya",
        "Assessment: being asked about their situation and safety",
    ),
    Choice(SCOPE_SERVICES, "Menerima layanan UPTD PPA", "Receiving the UPTD PPA's services"),
) + tuple(
    Choice(
        SHARING + kind.key,
        "Informasinya dibagikan kepada: " + kind.name_id,
        "Their information shared with: " + kind.name_en,
    )
    for kind in PARTNER_KINDS
)

SIGNATURE, THUMBPRINT, SPOKEN = "tanda_tangan", "cap_jempol", "lisan"
CONSENT_METHODS: tuple[Choice, ...] = (
    Choice(SIGNATURE, "Tanda tangan di layar", "Signature drawn on the screen"),
    Choice(THUMBPRINT, "Foto cap jempol", "Photo of a thumbprint"),
    Choice(SPOKEN, "Persetujuan lisan, disaksikan petugas lain", "Spoken consent, witnessed by another worker"),
)

# What the worker did after a refusal (SOP step 8's note).
EXPLAINED_AGAIN, CONTACT_LEFT = "dijelaskan_ulang", "kontak_ditinggalkan"
AFTER_REFUSAL: tuple[Choice, ...] = (
    Choice(
        EXPLAINED_AGAIN,
        "Penjelasan dan manfaat layanan sudah disampaikan sekali lagi",
        "The explanation and the benefits of the service were given once more",
    ),
    Choice(CONTACT_LEFT, "Nomor kontak layanan sudah ditinggalkan", "The service's contact number was left"),
)

# --------------------------------------------------------------------------------------------
# Attribution: file -> (title, issuer, number, year)
# --------------------------------------------------------------------------------------------

SOURCES: dict[str, tuple[str, str, str, int]] = {
    "004_f2dbedc6e5f993d7.txt": (
        "SOP Penjangkauan Korban di UPTD PPA",
        "UPTD PPA, DP3ACSKB Provinsi Kepulauan Bangka Belitung",
        "17/SOP/UPTD-PPA/DP3ACSKB/2024",
        2024,
    ),
    "000_b932fd0a5f795a8d.txt": (
        "SOP Penanganan Korban Perdagangan Orang",
        "Dinas Sosial Kota Tanjungpinang",
        "465.3/12/5.6.04/2024",
        2024,
    ),
    "001_8ca0f5f3777c89c7.txt": (
        "SOP Penanganan Korban Tindak Kekerasan",
        "Dinas Sosial Kota Tanjungpinang",
        "462/11/5.6.04/2024",
        2024,
    ),
    "003_3911aeed874810c8.txt": (
        "SOP Layanan Rehabilitasi Sosial",
        "DP3AP2KB Kota Batu",
        "",  # the SOP's number field is empty
        2018,
    ),
}

# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------

_MISSING: Any = object()


def step(key: str) -> OutreachStep:
    """The outreach step with this key; KeyError if there is none."""
    return STEP_BY_KEY[key]


def _items(items: Iterable[Any] | Mapping[str, Any]) -> Iterable[Any]:
    return items.values() if isinstance(items, Mapping) else items


def choices(items: Iterable[Any] | Mapping[str, Any], locale: str | None) -> list[tuple[str, str]]:
    """``[(key, label), ...]`` for a select box, in the items' order."""
    return [(item.key, item.label(locale)) for item in _items(items)]


def select_choices(
    items: Iterable[Any] | Mapping[str, Any], locale: str | None, first: tuple[str, Any] | None = None
) -> list[SelectChoice]:
    """The items as a form's options (a select box, radio or checkbox group: wtforms ``SelectChoice``),
    in the items' order, with an optional ``first`` (value, label) on top, e.g. ``("", _l("Pilih"))``."""
    head = [SelectChoice(*first)] if first else []
    return head + [SelectChoice(key, label) for key, label in choices(items, locale)]


def by_key(items: Iterable[Any] | Mapping[str, Any], key: str, default: Any = _MISSING) -> Any:
    """The item with this key; ``default`` if given and there is none, else KeyError."""
    for item in _items(items):
        if item.key == key:
            return item
    if default is _MISSING:
        raise KeyError(key)
    return default


def keys(items: Iterable[Any] | Mapping[str, Any]) -> tuple[str, ...]:
    """The keys of the items, in order (handy for form validation)."""
    return tuple(item.key for item in _items(items))
