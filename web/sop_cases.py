"""The case-handling SOPs (trafficking, violence) and the social rehabilitation SOP, written down as data:
their steps and time standards, criteria, complaint categories, services, the client's documents, and the
lists a case screen picks from (how a case came in, which SOP applies).

Same rules as ``web/sop.py`` (keys are stored, labels in both languages, nothing talks to Flask or the
database; a list to pick from is a tuple of ``sop.Choice``). ``tests/test_sop.py`` checks that every list
here is used by the app.

Where each piece comes from (files in ``shared/sop/``):

* ``000_b932fd0a5f795a8d.txt`` -- SOP Penanganan Korban Perdagangan Orang, Dinas Sosial Kota
  Tanjungpinang, 2024, and ``001_8ca0f5f3777c89c7.txt`` -- SOP Penanganan Korban Tindak
  Kekerasan, same issuer: ``CASE_HANDLING_STEPS`` (the same four steps in both),
  ``REFERRAL_SERVICES`` (referral services a-e), ``TRAFFICKING_CRITERIA`` (000, "Ketentuan
  Umum"), ``VIOLENCE_CRITERIA`` (001, "Ketentuan Umum").
* ``003_3911aeed874810c8.txt`` -- SOP Layanan Rehabilitasi Sosial, DP3AP2KB Kota Batu, 2018:
  ``COMPLAINT_CATEGORIES`` (the 15 "Pengaduan yang mendapatkan Layanan"),
  ``REHABILITATION_STEPS`` (its flow chart), ``CLIENT_DOCUMENTS`` ("Kelengkapan Dokumen"). Its
  "Identifikasi Kegiatan" and the "Peringatan" of 003/004 wait in ``web/sop_future.py``.
* Not in any SOP, but needed to record a case: ``PROCEDURES`` (which of the three SOPs a case follows) and
  ``CASE_CHANNELS`` (how it came in, SOP 000/001 step 1: police, citizen, agency, the client, hotline; and
  from an outreach visit or a risk flag).
"""

from __future__ import annotations

from dataclasses import dataclass

from .roles import ADMIN, CASE_MANAGER, HEAD, WORKER
from .sop import MINUTES_PER_DAY, Choice, Doc, Service, _Named, is_english, pick

# --------------------------------------------------------------------------------------------
# Types
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Criterion(Choice):
    """A criterion or category named by an SOP."""


@dataclass(frozen=True)
class CaseStep(_Named):
    """A step of a case-handling procedure, with its time standard as a range in minutes.

    ``min_minutes == max_minutes == 0`` means the SOP sets no time (it depends on the case).
    """

    number: int
    key: str
    name_id: str
    name_en: str
    min_minutes: int
    max_minutes: int
    output_id: str
    output_en: str
    role: str = WORKER  # one of web.roles (inferred where the scan lost the marks)
    requirement_id: str = ""  # "Persyaratan / Kelengkapan"
    requirement_en: str = ""

    @property
    def has_time_standard(self) -> bool:
        return self.max_minutes > 0

    def output(self, locale: str | None) -> str:
        return pick(locale, self.output_id, self.output_en)

    def requirement(self, locale: str | None) -> str:
        return pick(locale, self.requirement_id, self.requirement_en)

    def time_label(self, locale: str | None) -> str:
        """ "15 menit", "30–60 menit", "3–7 hari", or "sesuai kasus" when there is no standard."""
        en = is_english(locale)
        if not self.has_time_standard:
            return "depends on the case" if en else "sesuai jenis kasus"
        lo, hi = self.min_minutes, self.max_minutes
        if lo % MINUTES_PER_DAY == 0 and hi % MINUTES_PER_DAY == 0:
            lo, hi, unit = lo // MINUTES_PER_DAY, hi // MINUTES_PER_DAY, ("days" if en else "hari")
        else:
            unit = "min" if en else "menit"
        span = str(hi) if lo == hi else f"{lo}–{hi}"
        return f"{span} {unit}"


# --------------------------------------------------------------------------------------------
# The client's documents
# --------------------------------------------------------------------------------------------

# 003 "Kelengkapan Dokumen": what the client (or their family) brings.
CLIENT_DOCUMENTS: tuple[Doc, ...] = (
    Doc("ktp_kk", "Fotokopi KTP dan KK orang tua/wali", "Copy of the parents'/guardian's ID card and family card"),
    Doc("akta_kelahiran", "Akta kelahiran/surat kenal lahir", "Birth certificate or birth notice"),
    Doc(
        "kartu_jaminan",
        "Surat/kartu pendukung (SKTM, KIS, Jamkesda, KIP, KKS)",
        "Supporting letters/cards (poverty letter SKTM, health cards KIS/Jamkesda, school card KIP, welfare card KKS)",
    ),
    Doc(
        "surat_pengantar_rujukan",
        "Surat pengantar rujukan dari lembaga yang merujuk",
        "Referral letter from the referring body",
    ),
    Doc("pas_foto", "Pas foto", "Passport photo"),
)

# --------------------------------------------------------------------------------------------
# SOP Penanganan Korban Perdagangan Orang (000) and Tindak Kekerasan (001), Dinas Sosial
# --------------------------------------------------------------------------------------------

# Both SOPs have the same four steps. Who performs them comes from the table's columns: Staf ADM
# receives the client, Staf Lapangan/Peksos assesses, the functional officer (the supervisor)
# decides; the referral row has no mark, the case manager is assumed.
CASE_HANDLING_STEPS: tuple[CaseStep, ...] = (
    CaseStep(
        1,
        "penerimaan",
        "Menerima korban dari laporan polisi, warga, atau korban sendiri",
        "Receive the victim, reported by the police, a citizen or the victim themself",
        15,
        15,
        "Laporan/informasi",
        "Report/information",
        role=ADMIN,
        requirement_id="Laporan lisan",
        requirement_en="Oral report",
    ),
    CaseStep(
        2,
        "pendataan_asesmen",
        "Pendataan dan asesmen untuk mengetahui kebutuhan korban",
        "Record the victim's data and assess their needs",
        30,
        30,
        "Laporan tertulis",
        "Written report",
        role=WORKER,
        requirement_id="Identitas korban",
        requirement_en="The victim's identity",
    ),
    CaseStep(
        3,
        "koordinasi_atasan",
        "Koordinasi dengan atasan tentang hasil asesmen",
        "Discuss the assessment with the supervisor",
        30,
        60,
        "Laporan/informasi",
        "Report/information",
        role=CASE_MANAGER,
        requirement_id="Laporan lisan",
        requirement_en="Oral report",
    ),
    CaseStep(
        4,
        "rujukan",
        "Memberi layanan rujukan sesuai kebutuhan korban (huruf a–e)",
        "Provide referral services as the victim needs (items a–e)",
        3 * MINUTES_PER_DAY,
        7 * MINUTES_PER_DAY,
        "Pendampingan ke RSUD/Puskesmas; surat rekomendasi Jamkesda; rekomendasi permohonan bantuan ke Baznas",
        "Accompaniment to the hospital/health centre; recommendation letter for Jamkesda; recommendation "
        "for a Baznas assistance request",
        role=CASE_MANAGER,
        requirement_id="Surat rekomendasi",
        requirement_en="Recommendation letter",
    ),
)

# 000, "Ketentuan Umum": who counts as a victim of trafficking.
TRAFFICKING_CRITERIA: tuple[Criterion, ...] = (
    Criterion("kekerasan", "Mengalami tindak kekerasan", "Suffered violence"),
    Criterion("eksploitasi_seksual", "Mengalami eksploitasi seksual", "Suffered sexual exploitation"),
    Criterion("penelantaran", "Mengalami penelantaran", "Suffered neglect"),
    Criterion("deportasi", "Mengalami pengusiran (deportasi)", "Was expelled (deported)"),
    Criterion(
        "tidak_mampu_menyesuaikan",
        "Tidak mampu menyesuaikan diri di tempat kerja baru (negara tempat bekerja) sehingga fungsi "
        "sosialnya terganggu",
        "Unable to adjust to the new workplace (the country of work), so that their social functioning is impaired",
    ),
)

# 001, "Ketentuan Umum": who counts as a victim of violence.
VIOLENCE_CRITERIA: tuple[Criterion, ...] = (
    Criterion("perlakuan_salah", "Mengalami perlakuan salah", "Suffered mistreatment"),
    Criterion("penelantaran", "Mengalami penelantaran", "Suffered neglect"),
    Criterion("eksploitasi", "Mengalami eksploitasi", "Suffered exploitation"),
    Criterion("diskriminasi", "Mengalami diskriminasi", "Suffered discrimination"),
    Criterion("dibiarkan_dalam_bahaya", "Dibiarkan dalam situasi berbahaya", "Was left in a dangerous situation"),
)

# 000/001 step 4, a–e. The trafficking SOP says "kepolisian" for c., the violence SOP
# "kepolisian/kejaksaan"; the wider one is kept.
REFERRAL_SERVICES: tuple[Service, ...] = (
    Service(
        "kesehatan",
        "a",
        "Pendampingan ke layanan kesehatan (rekomendasi ke RSUD/Puskesmas)",
        "Accompaniment to health care (recommendation to the hospital/health centre)",
        ("RSUD", "Puskesmas"),
        ("Regional hospital (RSUD)", "Health centre (Puskesmas)"),
        "kesehatan",
    ),
    Service(
        "jamkesda",
        "b",
        "Pengurusan Jamkesda (jaminan kesehatan daerah)",
        "Enrolment in Jamkesda (regional health cover)",
        ("Dinas Sosial", "Dinas Kesehatan"),
        ("Social affairs office", "Health office"),
        "layanan_sosial",
    ),
    Service(
        "pendampingan_hukum",
        "c",
        "Pendampingan ke kepolisian/kejaksaan",
        "Accompaniment to the police/prosecutor",
        ("Kepolisian (Unit PPA)", "Kejaksaan"),
        ("Police (women and children unit)", "Prosecutor's office"),
        "polisi",
    ),
    Service(
        "rumah_aman",
        "d",
        "Penitipan sementara di RSTS Dinas Sosial/shelter P2TP2A",
        "Temporary stay at the social affairs shelter (RSTS) or the P2TP2A shelter",
        ("RSTS Dinas Sosial", "Shelter P2TP2A"),
        ("Social affairs shelter (RSTS)", "P2TP2A shelter"),
        "rumah_aman",
    ),
    Service(
        "pemulangan",
        "e",
        "Pemulangan ke daerah asal melalui bantuan Baznas atau lembaga lain",
        "Return to the home region with help from Baznas or another body",
        ("Baznas", "Lembaga lain"),
        ("Baznas (national zakat agency)", "Other bodies"),
        "layanan_sosial",
    ),
)

# --------------------------------------------------------------------------------------------
# SOP Layanan Rehabilitasi Sosial, Kota Batu (003)
# --------------------------------------------------------------------------------------------

# "Pengaduan yang mendapatkan Layanan", in the SOP's order.
COMPLAINT_CATEGORIES: tuple[Criterion, ...] = (
    Criterion("darurat", "Korban dalam situasi darurat", "Victim in an emergency"),
    Criterion(
        "kekerasan",
        "Korban kekerasan fisik, psikis, atau seksual",
        "Victim of physical, psychological or sexual violence",
    ),
    Criterion("eksploitasi", "Korban eksploitasi ekonomi atau seksual", "Victim of economic or sexual exploitation"),
    Criterion(
        "minoritas_terisolasi",
        "Korban dari kelompok minoritas atau terisolasi",
        "Victim from a minority or isolated group",
    ),
    Criterion("perlakuan_salah", "Korban perlakuan salah dan penelantaran", "Victim of mistreatment and neglect"),
    Criterion("perdagangan_orang", "Korban perdagangan orang (trafiking)", "Victim of trafficking"),
    Criterion("berhadapan_hukum", "Korban yang berhadapan dengan hukum", "Victim in contact with the law"),
    Criterion(
        "napza",
        "Korban penyalahgunaan narkoba, alkohol, psikotropika, dan zat adiktif lain (NAPZA)",
        "Victim of drug, alcohol or other substance abuse",
    ),
    Criterion("disabilitas", "Korban penyandang disabilitas", "Victim with a disability"),
    Criterion("pendidikan", "Masalah dengan layanan pendidikan", "Problem with education services"),
    Criterion("kesehatan", "Masalah dengan layanan kesehatan", "Problem with health services"),
    Criterion(
        "administrasi_kependudukan",
        "Masalah dengan layanan administrasi kependudukan (KTP, KK, akta)",
        "Problem with civil registration (ID card, family card, certificates)",
    ),
    Criterion(
        "kesejahteraan_sosial", "Masalah dengan layanan kesejahteraan sosial", "Problem with social welfare services"
    ),
    Criterion("hak_anak_lain", "Masalah dengan pemenuhan hak anak lainnya", "Problem with other children's rights"),
    Criterion("konsultasi", "Ingin berkonsultasi tentang haknya", "Wants advice on their rights"),
)

# The flow chart. Performers are "Pendamping P2TP2A/Petugas Operator" and "Ketua Pelaksana Harian";
# the scan lost which does what: the disposition (step 3) is taken as the head's, the rest the worker's.
REHABILITATION_STEPS: tuple[CaseStep, ...] = (
    CaseStep(
        1,
        "penerimaan",
        "Identifikasi korban",
        "Identify the victim",
        60,
        60,
        "Administrasi dan dokumentasi tersusun rapi dan lengkap",
        "Administration and records are complete and in order",
        role=WORKER,
        requirement_id="Dokumen identitas korban (KTP, KK), formulir pelayanan, kronologi kasus",
        requirement_en="The victim's identity documents (ID card, family card), service form, case chronology",
    ),
    CaseStep(
        2,
        "pendataan_asesmen",
        "Asesmen kasus",
        "Assess the case",
        60,
        60,
        # The SOP leaves this output blank.
        "Hasil asesmen kasus",
        "Case assessment",
        role=WORKER,
        requirement_id="Formulir laporan PPT",
        requirement_en="Integrated service centre (PPT) report form",
    ),
    CaseStep(
        3,
        "klasifikasi_layanan",
        "Menentukan jenis layanan atau rujukan yang sesuai dengan kebutuhan korban",
        "Decide which service or referral fits the victim's needs",
        30,
        30,
        "Koordinasi dengan peserta konferensi kasus/divisi yang membantu penyelesaian kasus",
        "Coordination with the case-conference members/divisions that help resolve the case",
        role=HEAD,
        requirement_id="Lembar disposisi ke layanan sesuai kebutuhan",
        requirement_en="Disposition sheet to the services needed",
    ),
    CaseStep(
        4,
        "skrining",
        "Skrining kasus",
        "Screen the case",
        60,
        60,
        "Data kronologi kasus",
        "Chronology of the case",
        role=WORKER,
        requirement_id="Data korban, hasil asesmen, verifikasi dan kunjungan rumah",
        requirement_en="The victim's data, assessment, verification and home visit",
    ),
    CaseStep(
        5,
        "mediasi",
        "Mediasi antara korban dan masyarakat",
        "Mediate between the victim and the community",
        120,
        120,
        # The SOP leaves this output blank.
        "Hasil mediasi",
        "Outcome of the mediation",
        role=WORKER,
        requirement_id="Pelaku dan korban",
        requirement_en="Perpetrator and victim",
    ),
    CaseStep(
        6,
        "pendampingan_monev",
        "Pendampingan korban, serta monitoring dan evaluasi",
        "Accompany the victim, monitor and evaluate",
        0,
        0,
        "Korban didampingi dan kemajuannya dipantau",
        "The victim is accompanied and progress is monitored",
        role=WORKER,
        requirement_id="Data korban, hasil asesmen, verifikasi dan kunjungan rumah",
        requirement_en="The victim's data, assessment, verification and home visit",
    ),
)

# --------------------------------------------------------------------------------------------
# The case: which SOP it follows and how it came in (web.models.cases.Case)
# --------------------------------------------------------------------------------------------

# The steps by name, shared by the procedures that have them (the keys of the CaseStep tuples above).
INTAKE = "penerimaan"  # 000/001 step 1 (15 min); 003 step 1 (60 min)
ASSESSMENT = "pendataan_asesmen"  # 000/001 step 2 (30 min); 003 step 2 (60 min)
REVIEW = "koordinasi_atasan"  # 000/001 step 3: the supervisor's review (30-60 min)
SERVICES = "rujukan"  # 000/001 step 4: services and referrals a-e (3-7 days)
DISPOSITION = "klasifikasi_layanan"  # 003 step 3: the disposition sheet (30 min)
SCREENING = "skrining"  # 003 step 4: screening, verification and home visit (60 min)
MEDIATION = "mediasi"  # 003 step 5 (120 min)
MONITORING = "pendampingan_monev"  # 003 step 6: accompaniment, monitoring (no time standard)


@dataclass(frozen=True)
class Procedure(Choice):
    """One of the three case SOPs: its steps (with their time standards) and the criteria deciding
    whether a client fits it (empty for rehabilitation, which takes the complaint categories)."""

    source: str = ""  # the file in shared/sop/
    steps: tuple[CaseStep, ...] = ()
    criteria: tuple[Criterion, ...] = ()

    def step(self, key: str) -> CaseStep | None:
        return next((s for s in self.steps if s.key == key), None)


TRAFFICKING, VIOLENCE, REHABILITATION = "perdagangan_orang", "kekerasan", "rehabilitasi"

PROCEDURES: tuple[Procedure, ...] = (
    Procedure(
        TRAFFICKING,
        "Penanganan korban perdagangan orang",
        "Care of victims of trafficking",
        "000_b932fd0a5f795a8d.txt",
        CASE_HANDLING_STEPS,
        TRAFFICKING_CRITERIA,
    ),
    Procedure(
        VIOLENCE,
        "Penanganan korban tindak kekerasan",
        "Care of victims of violence",
        "001_8ca0f5f3777c89c7.txt",
        CASE_HANDLING_STEPS,
        VIOLENCE_CRITERIA,
    ),
    Procedure(
        REHABILITATION,
        "Layanan rehabilitasi sosial",
        "Social rehabilitation",
        "003_3911aeed874810c8.txt",
        REHABILITATION_STEPS,
    ),
)
PROCEDURE_BY_KEY: dict[str, Procedure] = {p.key: p for p in PROCEDURES}

# SOP 000/001 step 1: "laporan polisi, warga, atau klien sendiri"; an agency refers with its surat
# pengantar rujukan (003 "Kelengkapan Dokumen"); and the two ways a case starts inside Jangkau.
FROM_VISIT, FROM_FLAG, FROM_AGENCY = "penjangkauan", "tanda_risiko", "lembaga"
CASE_CHANNELS: tuple[Choice, ...] = (
    Choice("polisi", "Laporan polisi", "Police report"),
    Choice("warga", "Laporan warga", "Report by a citizen"),
    Choice(FROM_AGENCY, "Rujukan lembaga (dengan surat pengantar)", "Referral by an agency (with its letter)"),
    Choice("sendiri", "Korban datang sendiri", "The victim came in person"),
    Choice("hotline", "Telepon/hotline (SAPA 129)", "Phone/hotline (SAPA 129)"),
    Choice(FROM_VISIT, "Dari kunjungan penjangkauan", "From an outreach visit"),
    Choice(FROM_FLAG, "Dari tanda risiko tinggi", "From a high-risk flag"),
)

# --------------------------------------------------------------------------------------------
# Intake, data and needs assessment (SIMFONI fields): lists added by the intake area
# --------------------------------------------------------------------------------------------

# SIMFONI PPA (shared/SIMFONI.md): what the monthly export counts. R = a list seen in a source, I = an
# inference (kept as data a unit may change). Each multi-valued answer is stored one row per value
# (CaseAnswer), as SIMFONI itself stores an extra jenis kekerasan as an extra row.

# Jenis kekerasan (multi-valued), R.
VIOLENCE_TYPES: tuple[Choice, ...] = (
    Choice("fisik", "Fisik", "Physical"),
    Choice("psikis", "Psikis", "Psychological"),
    Choice("seksual", "Seksual", "Sexual"),
    Choice("eksploitasi", "Eksploitasi", "Exploitation"),
    Choice("trafficking", "Perdagangan orang (trafficking)", "Trafficking"),
    Choice("penelantaran", "Penelantaran", "Neglect"),
    Choice("lainnya", "Lainnya", "Other"),
)

# Tempat kejadian, R.
INCIDENT_PLACES: tuple[Choice, ...] = (
    Choice("rumah_tangga", "Rumah tangga", "Household"),
    Choice("tempat_kerja", "Tempat kerja", "Workplace"),
    Choice("sekolah", "Sekolah", "School"),
    Choice("fasilitas_umum", "Fasilitas umum", "Public place"),
    Choice("lembaga_pendidikan_kilat", "Lembaga pendidikan kilat (kursus)", "Short-course institution"),
    Choice("lainnya", "Lainnya", "Other"),
)

# Age bands, R; derived from the date of birth (or the estimated age) on the day of the incident.
AGE_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 5, "0-5"),
    (6, 12, "6-12"),
    (13, 17, "13-17"),
    (18, 24, "18-24"),
    (25, 44, "25-44"),
    (45, 59, "45-59"),
    (60, None, "60+"),
)


def age_band(age: int | None) -> str:
    """The SIMFONI age band of an age in years ("" when unknown)."""
    if age is None or age < 0:
        return ""
    for low, high, label in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return label
    return ""


# Pendidikan, R [RKP].
EDUCATION_LEVELS: tuple[Choice, ...] = (
    Choice("tidak_sekolah", "Tidak/belum sekolah", "No schooling (yet)"),
    Choice("paud_tk", "PAUD/TK", "Pre-school/kindergarten"),
    Choice("sd", "SD", "Primary school"),
    Choice("sltp", "SLTP (SMP)", "Junior secondary school"),
    Choice("slta", "SLTA (SMA/SMK)", "Senior secondary school"),
    Choice("perguruan_tinggi", "Perguruan tinggi", "Higher education"),
    Choice("na", "Tidak diketahui", "Not known"),
)

# Pekerjaan, R.
OCCUPATIONS: tuple[Choice, ...] = (
    Choice("pelajar", "Pelajar/mahasiswa", "Pupil/student"),
    Choice("ibu_rumah_tangga", "Ibu rumah tangga", "Homemaker"),
    Choice("swasta_buruh", "Swasta/buruh", "Private employee/labourer"),
    Choice("pns_tni_polri", "PNS/TNI/POLRI", "Civil servant/armed forces/police"),
    Choice("pedagang_tani_nelayan", "Pedagang/tani/nelayan", "Trader/farmer/fisher"),
    Choice("tidak_bekerja", "Tidak bekerja", "Not working"),
    Choice("na", "Tidak diketahui", "Not known"),
)

# Status perkawinan, I: the Dukcapil list (the SIMFONI list is unverified).
MARITAL_STATUSES: tuple[Choice, ...] = (
    Choice("belum_kawin", "Belum kawin", "Not married"),
    Choice("kawin_tercatat", "Kawin tercatat", "Married (registered)"),
    Choice("kawin_belum_tercatat", "Kawin belum tercatat (siri)", "Married (not registered)"),
    Choice("cerai_hidup", "Cerai hidup", "Divorced"),
    Choice("cerai_mati", "Cerai mati", "Widowed"),
)

# Disabilitas, I: UU 8/2016 (SIMFONI records Ya/Tidak; "tidak" is its own answer).
DISABILITIES: tuple[Choice, ...] = (
    Choice("tidak", "Tidak ada", "None"),
    Choice("fisik", "Disabilitas fisik", "Physical disability"),
    Choice("intelektual", "Disabilitas intelektual", "Intellectual disability"),
    Choice("mental", "Disabilitas mental", "Mental (psychosocial) disability"),
    Choice("sensorik", "Disabilitas sensorik", "Sensory disability"),
)

# Hubungan pelaku dengan korban, R.
PERPETRATOR_RELATIONS: tuple[Choice, ...] = (
    Choice("orang_tua", "Orang tua", "Parent"),
    Choice("keluarga", "Keluarga/saudara", "Relative"),
    Choice("suami_istri", "Suami/istri", "Husband/wife"),
    Choice("tetangga", "Tetangga", "Neighbour"),
    Choice("pacar_teman", "Pacar/teman", "Partner/friend"),
    Choice("guru", "Guru", "Teacher"),
    Choice("majikan", "Majikan", "Employer"),
    Choice("rekan_kerja", "Rekan kerja", "Co-worker"),
    Choice("lainnya", "Lainnya", "Other"),
    Choice("na", "Tidak diketahui", "Not known"),
)

# The needs found at the assessment (003 "Identifikasi Kegiatan" and 000/001 a-e, in a worker's words).
NEEDS: tuple[Choice, ...] = (
    Choice("kesehatan", "Layanan kesehatan", "Health care"),
    Choice("psikologis", "Dukungan psikologis", "Psychological support"),
    Choice("hukum", "Pendampingan hukum", "Legal accompaniment"),
    Choice("rumah_aman", "Tempat tinggal aman sementara", "A safe place to stay"),
    Choice("pemulangan", "Pemulangan ke daerah asal", "Return home"),
    Choice("jaminan_sosial", "Jaminan kesehatan/sosial (KIS, Jamkesda)", "Health or social cover (KIS, Jamkesda)"),
    Choice("pendidikan", "Kembali sekolah atau pendidikan nonformal", "Back to school or non-formal education"),
    Choice("dokumen", "Dokumen kependudukan (KTP, KK, akta)", "Civil documents (ID card, family card, certificates)"),
    Choice("ekonomi", "Bantuan ekonomi", "Economic help"),
    Choice("reintegrasi", "Reintegrasi dengan keluarga/masyarakat", "Reintegration with family/community"),
)

# The supervisor's review of an assessment (000/001 step 3).
REVIEW_AGREE, REVIEW_MORE, REVIEW_SERVICES = "setuju", "lengkapi", "layanan"
REVIEW_DECISIONS: tuple[Choice, ...] = (
    Choice(REVIEW_AGREE, "Setuju dengan hasil asesmen", "Agree with the assessment"),
    Choice(REVIEW_MORE, "Minta dilengkapi", "Ask for more"),
    Choice(REVIEW_SERVICES, "Setuju dan tentukan layanan", "Agree and decide the services"),
)

# Who reviews the assessment, as the unit sets it.
REVIEWERS: tuple[Choice, ...] = (
    Choice(CASE_MANAGER, "Manajer kasus", "Case manager"),
    Choice(HEAD, "Kepala", "Head of unit"),
)


# --------------------------------------------------------------------------------------------
# Services and referrals, letters: lists added by the services area
# --------------------------------------------------------------------------------------------

# SOP 003 "Identifikasi Kegiatan" 6-8, and the legal aid and psychological support a UPTD PPA gives
# (Permen PPPA 4/2018: pendampingan korban). They have no letter letter ("").
REHABILITATION_SERVICES: tuple[Service, ...] = (
    Service(
        "jaminan_sosial",
        "",
        "Pengurusan jaminan kesejahteraan sosial (KIS, KKS, PKH)",
        "Enrolment in social security (KIS, KKS, PKH)",
        ("Dinas Sosial", "BPJS Kesehatan"),
        ("Social affairs office", "National health insurance (BPJS)"),
        "layanan_sosial",
    ),
    Service(
        "kembali_sekolah",
        "",
        "Kembali ke sekolah formal atau pendidikan nonformal",
        "Back to school or into non-formal education",
        ("Sekolah", "Dinas Pendidikan", "PKBM (kejar paket)"),
        ("School", "Education office", "Community learning centre (PKBM)"),
        "lainnya",
    ),
    Service(
        "rujukan_rehabilitasi",
        "",
        "Rujukan rehabilitasi atau habilitasi",
        "Referral to rehabilitation or habilitation",
        ("Balai/Loka Rehabilitasi Sosial Kemensos", "LKSA/LKS"),
        ("Ministry of Social Affairs rehabilitation centre", "Child or social welfare institution (LKSA/LKS)"),
        "layanan_sosial",
    ),
    Service(
        "bantuan_hukum",
        "",
        "Bantuan hukum",
        "Legal aid",
        ("LBH", "Posbakum", "Advokat"),
        ("Legal aid institute (LBH)", "Court legal aid post (Posbakum)", "Lawyer"),
        "bantuan_hukum",
    ),
    Service(
        "dukungan_psikologis",
        "",
        "Dukungan psikologis (konseling, psikolog)",
        "Psychological support (counselling, psychologist)",
        ("Psikolog UPTD PPA", "Puskesmas", "RSUD"),
        ("The unit's psychologist", "Health centre (Puskesmas)", "Regional hospital (RSUD)"),
        "kesehatan",
    ),
)

# Every service a case can get (a-e first, then SOP 003's), and one by key.
CASE_SERVICES: tuple[Service, ...] = REFERRAL_SERVICES + REHABILITATION_SERVICES
CASE_SERVICE_BY_KEY: dict[str, Service] = {s.key: s for s in CASE_SERVICES}

# Where SOP 000/001 step 4 names a letter ("Surat rekomendasi"; output a) RSUD/Puskesmas, b) Jamkesda,
# c) "rekom permohonan bantuan ke Baznas" for the return home): these services print a numbered
# recommendation letter, in the unit's one sequence of outgoing letters (the Surat Tugas's).
LETTER_SERVICES: tuple[str, ...] = ("kesehatan", "jamkesda", "pemulangan")
SHELTER = "rumah_aman"  # d.: the shelter coordinator (Koordinator Rumah Singgah) is named on it

# The states of a service. Planned -> in progress -> done, or not possible (with the reason) from either.
SERVICE_PLANNED, SERVICE_IN_PROGRESS, SERVICE_DONE, SERVICE_NOT_POSSIBLE = (
    "direncanakan",
    "berjalan",
    "selesai",
    "tidak_dapat",
)
SERVICE_STATES: tuple[Choice, ...] = (
    Choice(SERVICE_PLANNED, "Direncanakan", "Planned"),
    Choice(SERVICE_IN_PROGRESS, "Sedang berjalan", "In progress"),
    Choice(SERVICE_DONE, "Selesai", "Done"),
    Choice(SERVICE_NOT_POSSIBLE, "Tidak dapat diberikan", "Not possible"),
)

# The service's time standard: SOP 000/001 step 4, "3-7 hari" (the longest counts, as for steps). SOP
# 003 sets none for its services; the same 7 days are used so that nothing waits unseen.
SERVICE_DUE_DAYS = 7

# What the services area writes in a case's history (CaseEvent.kind), as people read it.
SERVICE_EVENTS: tuple[Choice, ...] = (
    Choice("layanan_direncanakan", "Layanan direncanakan", "Service planned"),
    Choice("layanan_berjalan", "Layanan mulai berjalan", "Service started"),
    Choice("layanan_selesai", "Layanan selesai", "Service done"),
    Choice("layanan_tidak_dapat", "Layanan tidak dapat diberikan", "Service not possible"),
    Choice("surat_rekomendasi", "Surat rekomendasi dibuat", "Recommendation letter made"),
)

# Permensos 08/2012: the 26 kinds of PMKS (penyandang masalah kesejahteraan sosial), in its order.
# The numbers are the app's (I, see shared/SIMFONI.md), the names the regulation's.
PMKS_TYPES: tuple[Choice, ...] = (
    Choice("01", "Anak balita terlantar", "Neglected child under five"),
    Choice("02", "Anak terlantar", "Neglected child"),
    Choice("03", "Anak yang berhadapan dengan hukum", "Child in conflict with the law"),
    Choice("04", "Anak jalanan", "Street child"),
    Choice("05", "Anak dengan kedisabilitasan", "Child with a disability"),
    Choice(
        "06",
        "Anak yang menjadi korban tindak kekerasan atau diperlakukan salah",
        "Child victim of violence or mistreatment",
    ),
    Choice("07", "Anak yang memerlukan perlindungan khusus", "Child in need of special protection"),
    Choice("08", "Lanjut usia terlantar", "Neglected elderly person"),
    Choice("09", "Penyandang disabilitas", "Person with a disability"),
    Choice("10", "Tuna susila", "Sex worker"),
    Choice("11", "Gelandangan", "Homeless person"),
    Choice("12", "Pengemis", "Beggar"),
    Choice("13", "Pemulung", "Scavenger"),
    Choice("14", "Kelompok minoritas", "Minority group"),
    Choice("15", "Bekas warga binaan lembaga pemasyarakatan", "Former prisoner"),
    Choice("16", "Orang dengan HIV/AIDS (ODHA)", "Person living with HIV/AIDS"),
    Choice("17", "Korban penyalahgunaan NAPZA", "Victim of drug abuse"),
    Choice("18", "Korban trafficking", "Victim of trafficking"),
    Choice("19", "Korban tindak kekerasan", "Victim of violence"),
    Choice("20", "Pekerja migran bermasalah sosial", "Migrant worker with social problems"),
    Choice("21", "Korban bencana alam", "Victim of a natural disaster"),
    Choice("22", "Korban bencana sosial", "Victim of a social disaster"),
    Choice("23", "Perempuan rawan sosial ekonomi", "Socially and economically vulnerable woman"),
    Choice("24", "Fakir miskin", "Poor person"),
    Choice("25", "Keluarga bermasalah sosial psikologis", "Family with social-psychological problems"),
    Choice("26", "Komunitas adat terpencil", "Remote indigenous community"),
)
# The PMKS kind a case suggests (the worker may choose another): by procedure, and for a child.
PMKS_TRAFFICKING, PMKS_VIOLENCE, PMKS_CHILD_VIOLENCE = "18", "19", "06"

# What the PMKS register says about the handling (Permensos 08/2012: data of PMKS "yang ditangani").
PMKS_HANDLING: tuple[Choice, ...] = (
    Choice("dalam_penanganan", "Dalam penanganan", "Being handled"),
    Choice("dirujuk", "Dirujuk ke lembaga lain", "Referred to another body"),
    Choice("selesai", "Selesai ditangani", "Handling finished"),
)

# --------------------------------------------------------------------------------------------
# Rehabilitation, termination: lists added by the rehabilitation area
# --------------------------------------------------------------------------------------------

# Step 3, "Lembar Disposisi ke Layanan Sesuai Kebutuhan": who takes the case. The SOP's "Keterangan"
# says the case-conference members / divisions are those that help resolve it; they are the parties of
# its "Kualifikasi Pelaksana" and "Keterkaitan" (Puskesmas, RS and BPJS under health).
DISPOSITION_SERVICES: tuple[Choice, ...] = (
    Choice("p2tp2a", "P2TP2A (pendampingan dan konseling)", "P2TP2A (accompaniment and counselling)"),
    Choice("bidang_ppa", "Bidang/Subbidang PPA Dinas", "The office's women and children protection division"),
    Choice("uppa_polres", "Unit PPA Polres", "Police women and children unit (UPPA)"),
    Choice("lembaga_peduli", "Lembaga peduli perempuan dan anak (WCC, LPA)", "Women's and children's NGOs (WCC, LPA)"),
    Choice("dinas_sosial", "Dinas Sosial", "Social affairs office"),
    Choice(
        "kesehatan", "Dinas Kesehatan, Puskesmas, rumah sakit, BPJS", "Health office, health centre, hospital, BPJS"
    ),
    Choice("kemenag", "Kementerian Agama", "Ministry of Religious Affairs"),
    Choice("pendidikan", "Dinas Pendidikan", "Education office"),
)

# Step 4, screening: the client's data verified at the home visit.
DATA_VERIFIED: tuple[Choice, ...] = (
    Choice("sesuai", "Data korban sesuai dengan yang dilihat", "The victim's data match what was seen"),
    Choice("berbeda", "Ada data yang berbeda (tulis di catatan)", "Some data differ (see the note)"),
)

# Step 5, "Melakukan Mediasi terhadap korban dan masyarakat" ("Pelaku dan Korban"): with whom.
MEDIATION_WITH: tuple[Choice, ...] = (
    Choice("masyarakat", "Korban dan masyarakat", "The victim and the community"),
    Choice("pelaku", "Korban dan pelaku", "The victim and the perpetrator"),
    Choice("keluarga", "Korban dan keluarga", "The victim and the family"),
)
MEDIATION_OUTCOMES: tuple[Choice, ...] = (
    Choice("sepakat", "Sepakat", "Agreed"),
    Choice("sepakat_sebagian", "Sepakat sebagian", "Partly agreed"),
    Choice("tidak_sepakat", "Tidak sepakat", "No agreement"),
)

# Step 6 and activities 9-10: accompaniment and monitoring notes, against the case plan's tasks.
ACCOMPANIMENT, MONITORING_VISIT = "pendampingan", "monitoring"
FOLLOW_UP_KINDS: tuple[Choice, ...] = (
    Choice(ACCOMPANIMENT, "Pendampingan", "Accompaniment"),
    Choice(MONITORING_VISIT, "Monitoring dan evaluasi", "Monitoring and evaluation"),
)
TASK_DONE = "selesai"
TASK_PROGRESS: tuple[Choice, ...] = (
    Choice("berjalan", "Sedang berjalan", "Under way"),
    Choice("terkendala", "Terkendala", "Held up"),
    Choice(TASK_DONE, "Selesai", "Done"),
)

# Activities 11-12: termination (every case, all three SOPs). The first three are the SOP's; a case also
# ends when the client is handed to another body, withdraws, or cannot be reached.
TERMINATION_REASONS: tuple[Choice, ...] = (
    Choice(
        "layanan_terpenuhi",
        "Semua layanan kesejahteraan terpenuhi dan dapat diakses",
        "All welfare services are met and accessible",
    ),
    Choice("pulih", "Korban sudah pulih", "The victim has recovered"),
    Choice(
        "layanan_terjamin",
        "Korban dijamin mendapat layanan berkelanjutan",
        "The victim is assured of ongoing services",
    ),
    Choice(
        "dirujuk", "Ditangani lembaga lain (dirujuk dan diterima)", "Taken over by another body (referred and accepted)"
    ),
    Choice("mengundurkan_diri", "Korban atau walinya menghentikan layanan", "The victim or guardian ended the service"),
)

# --------------------------------------------------------------------------------------------
# Reports: the SIMFONI export, the PMKS register export, dashboards (issue 12, web/reports/)
# --------------------------------------------------------------------------------------------

# SIMFONI jenis layanan, R [CS][EPK][CI] (shared/SIMFONI.md; the numbers are app codes there, not ours).
SIMFONI_SERVICES: tuple[Choice, ...] = (
    Choice("pengaduan", "Pengaduan", "Complaint"),
    Choice("kesehatan", "Kesehatan", "Health"),
    Choice("bantuan_hukum", "Bantuan Hukum", "Legal aid"),
    Choice("penegakan_hukum", "Penegakan Hukum", "Law enforcement"),
    Choice("rehabilitasi_sosial", "Rehabilitasi Sosial", "Social rehabilitation"),
    Choice("reintegrasi_sosial", "Reintegrasi Sosial", "Social reintegration"),
    Choice("pemulangan", "Pemulangan", "Return home"),
    Choice("pendampingan_tokoh_agama", "Pendampingan Tokoh Agama", "Support by a religious leader"),
)
# Which SIMFONI layanan a case service is (I: a unit may change it). Every case received counts one
# "Pengaduan" (the intake is the first service SIMFONI records).
SIMFONI_PENGADUAN = "pengaduan"
SIMFONI_SERVICE_OF: dict[str, str] = {
    "kesehatan": "kesehatan",
    "jamkesda": "kesehatan",
    "pendampingan_hukum": "penegakan_hukum",
    "rumah_aman": "rehabilitasi_sosial",
    "pemulangan": "pemulangan",
    "jaminan_sosial": "reintegrasi_sosial",
    "kembali_sekolah": "reintegrasi_sosial",
    "rujukan_rehabilitasi": "rehabilitasi_sosial",
    "bantuan_hukum": "bantuan_hukum",
    "dukungan_psikologis": "rehabilitasi_sosial",
}

# Jenis kekerasan as SIMFONI writes them (R [EPK][JBR][SIGA]) where our list's name says more for a worker.
SIMFONI_VIOLENCE_NAMES: dict[str, str] = {"trafficking": "Trafficking"}

# Why a file leaves the app (asked at every export, kept in the audit trail: a key, never typed text).
EXPORT_REASONS: tuple[Choice, ...] = (
    Choice("simfoni_bulanan", "Input bulanan ke SIMFONI PPA", "Monthly entry into SIMFONI PPA"),
    Choice("pmks_dinsos", "Register PMKS untuk Dinas Sosial", "PMKS register for the social affairs office"),
    Choice("permintaan_dinas", "Permintaan tertulis dari Dinas", "A written request from the Dinas"),
    Choice("rapat_koordinasi", "Bahan rapat koordinasi", "Material for a coordination meeting"),
    Choice("pemeriksaan", "Pemeriksaan atau audit", "An inspection or audit"),
)

# What the export makes: SIMFONI rows or the PMKS register; as CSV or XLSX.
EXPORT_KINDS: tuple[Choice, ...] = (
    Choice(
        "simfoni",
        "SIMFONI PPA (satu baris per jenis kekerasan dan per layanan)",
        "SIMFONI PPA (one row per type of violence and per service)",
    ),
    Choice("pmks", "Register PMKS (Permensos 08/2012)", "PMKS register (Permensos 08/2012)"),
)
EXPORT_FORMATS: tuple[Choice, ...] = (
    Choice("xlsx", "Excel (XLSX)", "Excel (XLSX)"),
    Choice("csv", "CSV", "CSV"),
)

# Who besides the Kepala may export, as the unit sets it.
EXPORT_GRANTS: tuple[Choice, ...] = (
    Choice("", "Hanya Kepala", "Only the head of unit"),
    Choice(CASE_MANAGER, "Kepala dan manajer kasus", "The head of unit and the case managers"),
)

# The dashboard's response-time bands for a risk flag (raised -> acknowledged), in minutes.
RESPONSE_BANDS: tuple[tuple[int | None, Choice], ...] = (
    (15, Choice("15m", "Dalam 15 menit", "Within 15 minutes")),
    (60, Choice("1j", "15-60 menit", "15-60 minutes")),
    (1440, Choice("24j", "1-24 jam", "1-24 hours")),
    (None, Choice("lebih", "Lebih dari 24 jam", "More than 24 hours")),
)
