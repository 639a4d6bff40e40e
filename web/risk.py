"""Field risk assessment (step 9 of the SOP Penjangkauan), as data plus one pure rule.

Source: ``shared/RISK.md``. No official Indonesian scoring form exists; the items, red flags and
thresholds below follow recognised public screens (Lethality Assessment Program, SafeLives DASH,
Structured Decision Making child safety, ILO forced-labour indicators, WHO clinical management of
rape, ASQ suicide screen). They are NOT validated for Indonesia, which is why they live here as
data: a unit can change an item, a flag or a threshold without touching ``assess``. The questions
are written for Jangkau in plain Indonesian, not copied from those instruments.

The rule (``assess``):

* TINGGI if any red-flag item is answered Ya, or ``HIGH_COUNT`` or more Ya among the other items;
* SEDANG if ``MEDIUM_MIN`` .. ``HIGH_COUNT - 1`` Ya among the other items, or a red flag is Tidak tahu;
* RENDAH otherwise.
* A missing answer counts as Tidak tahu.
* For the items in ``REFUSAL_COUNTS_AS_YES`` (wished to be dead / attempted before), Tidak tahu
  (the person did not answer or refused) counts as Ya, as the ASQ screen does.
* The worker may always raise the level. A level forced by a red flag can never be lowered; a level
  from the count may be lowered only with a written reason, and the result says it was lowered.
* A new assessment is expected after a new incident or a separation (``web.sop_future.REASSESS_AFTER``,
  not asked by the app yet).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .sop import Choice, is_english, pick

# --------------------------------------------------------------------------------------------
# Answers, levels, groups
# --------------------------------------------------------------------------------------------


# Answers, levels and groups are lists of web.sop.Choice, the one bilingual choice type of the app.

YA = "ya"
TIDAK = "tidak"
TIDAK_TAHU = "tidak_tahu"

ANSWERS: tuple[Choice, ...] = (
    Choice(YA, "Ya", "Yes"),
    Choice(TIDAK, "Tidak", "No"),
    Choice(TIDAK_TAHU, "Tidak tahu", "Don't know"),
)


class Answer:
    """Namespace for the answer values (``Answer.YA`` is ``YA``)."""

    YA = YA
    TIDAK = TIDAK
    TIDAK_TAHU = TIDAK_TAHU


RENDAH = "rendah"
SEDANG = "sedang"
TINGGI = "tinggi"

# Ordered from low to high.
LEVELS: tuple[Choice, ...] = (
    Choice(RENDAH, "Rendah", "Low"),
    Choice(SEDANG, "Sedang", "Medium"),
    Choice(TINGGI, "Tinggi", "High"),
)
_RANK = {level.key: i for i, level in enumerate(LEVELS)}

# In display order.
GROUPS: tuple[Choice, ...] = (
    Choice("bahaya_segera", "Bahaya saat ini", "Immediate danger"),
    Choice("pelaku", "Pelaku", "The perpetrator"),
    Choice("kesehatan", "Kesehatan", "Health"),
    Choice("anak", "Anak", "Children"),
    Choice("perdagangan_orang", "Perdagangan orang", "Trafficking"),
    Choice("menyakiti_diri", "Menyakiti diri", "Self-harm"),
)

# --------------------------------------------------------------------------------------------
# Thresholds and deadlines (tunable)
# --------------------------------------------------------------------------------------------

HIGH_COUNT = 4  # this many Ya among the non-flag items, or more -> TINGGI
MEDIUM_MIN = 2  # from this many up to HIGH_COUNT - 1 -> SEDANG

RAPE_ITEM = "perkosaan_120_jam"
PEP_HOURS = 72  # HIV post-exposure prophylaxis: as soon as possible, within 72 hours
EC_HOURS = 120  # emergency contraception: within 120 hours (5 days)

# (key, window in hours, label id, label en), in the order they expire.
DEADLINE_WINDOWS: tuple[tuple[str, int, str, str], ...] = (
    ("pep", PEP_HOURS, "PEP (obat pencegah HIV)", "PEP (HIV prevention medicine)"),
    ("kontrasepsi_darurat", EC_HOURS, "Kontrasepsi darurat", "Emergency contraception"),
)

SELF_HARM_HISTORY_ITEM = "ingin_mati_atau_pernah_mencoba"
# Items where "Tidak tahu" (no answer, refused) counts as Ya.
REFUSAL_COUNTS_AS_YES: frozenset[str] = frozenset({SELF_HARM_HISTORY_ITEM})


# --------------------------------------------------------------------------------------------
# Items
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RiskItem:
    key: str
    group: str  # key of GROUPS
    text_id: str  # the question, as the worker asks or answers it
    text_en: str
    red_flag: bool  # Ya forces TINGGI; Tidak tahu gives at least SEDANG
    help_id: str = ""
    help_en: str = ""
    short_id: str = ""  # a few words for summaries; falls back to the question
    short_en: str = ""

    def label(self, locale: str | None) -> str:
        return pick(locale, self.text_id, self.text_en)

    def help(self, locale: str | None) -> str:
        return pick(locale, self.help_id, self.help_en)

    def short(self, locale: str | None) -> str:
        return pick(locale, self.short_id or self.text_id, self.short_en or self.text_en)


RISK_ITEMS: tuple[RiskItem, ...] = (
    # --- immediate danger
    RiskItem(
        "pelaku_bisa_datang",
        "bahaya_segera",
        "Apakah pelaku tinggal serumah dengan korban atau bisa mendatanginya malam ini, sementara korban tidak "
        "punya tempat aman untuk menginap?",
        "Does the perpetrator live with the person or can they get to them tonight, while the person has no safe "
        "place to stay?",
        True,
        short_id="pelaku bisa datang malam ini, tidak ada tempat aman",
        short_en="perpetrator can reach them tonight, no safe place",
    ),
    RiskItem(
        "ancaman_dibunuh",
        "bahaya_segera",
        "Apakah pelaku pernah mengancam akan membunuh korban atau anaknya, atau korban sendiri merasa pelaku "
        "bisa membunuhnya?",
        "Has the perpetrator threatened to kill the person or a child, or does the person believe they could "
        "be killed?",
        True,
        short_id="ancaman pembunuhan",
        short_en="threat to kill",
    ),
    RiskItem(
        "senjata",
        "bahaya_segera",
        "Apakah pelaku pernah memakai senjata (pisau, parang, senjata api, atau benda lain) atau mengancam "
        "dengan senjata?",
        "Has the perpetrator used a weapon (knife, machete, gun or anything else) or threatened with one?",
        True,
        short_id="senjata dipakai atau diancamkan",
        short_en="weapon used or threatened",
    ),
    RiskItem(
        "dicekik",
        "bahaya_segera",
        "Apakah korban pernah dicekik, dibekap, ditutup jalan napasnya, atau dibenamkan ke dalam air?",
        "Has the person ever been strangled, choked, smothered or held under water?",
        True,
        short_id="pernah dicekik/dibekap",
        short_en="strangled or smothered",
    ),
    # --- the perpetrator
    RiskItem(
        "kekerasan_makin_sering",
        "pelaku",
        "Apakah kekerasannya makin sering atau makin parah?",
        "Is the violence getting more frequent or worse?",
        False,
        short_id="kekerasan makin sering/parah",
        short_en="violence getting worse",
    ),
    RiskItem(
        "berpisah",
        "pelaku",
        "Apakah korban berpisah dari pelaku dalam setahun terakhir, atau berencana berpisah?",
        "Has the person separated from the perpetrator in the past year, or do they plan to?",
        False,
        short_id="berpisah atau akan berpisah",
        short_en="separated or separating",
    ),
    RiskItem(
        "cemburu_mengontrol",
        "pelaku",
        "Apakah pelaku sangat cemburu, mengatur semua gerak korban, menguntit, atau mengirim pesan ancaman?",
        "Is the perpetrator very jealous, controlling, stalking, or sending threatening messages?",
        False,
        short_id="cemburu, mengontrol, menguntit",
        short_en="jealousy, control, stalking",
    ),
    RiskItem(
        "pelaku_napza_bunuh_diri",
        "pelaku",
        "Apakah pelaku minum alkohol atau memakai narkoba, atau pernah mengancam atau mencoba bunuh diri?",
        "Does the perpetrator drink or use drugs, or have they threatened or attempted suicide?",
        False,
        short_id="pelaku mabuk/narkoba atau ancam bunuh diri",
        short_en="perpetrator drinks/uses drugs or threatens suicide",
    ),
    RiskItem(
        "seks_dipaksa",
        "pelaku",
        "Apakah pelaku pernah memaksa korban berhubungan seks?",
        "Has the perpetrator forced the person to have sex?",
        False,
        short_id="hubungan seks dipaksa",
        short_en="forced sex",
    ),
    # --- health
    RiskItem(
        "luka_perlu_dirawat",
        "kesehatan",
        "Apakah korban punya luka atau keluhan yang perlu segera ditangani dokter atau bidan?",
        "Does the person have an injury or complaint that needs a doctor or midwife urgently?",
        True,
        short_id="luka perlu perawatan segera",
        short_en="injury needing urgent care",
    ),
    RiskItem(
        RAPE_ITEM,
        "kesehatan",
        "Apakah korban diperkosa dalam 5 hari (120 jam) terakhir?",
        "Was the person raped in the last 5 days (120 hours)?",
        True,
        help_id="Jika Ya, tanyakan sudah berapa jam sejak kejadian. Obat pencegah HIV (PEP) harus diberikan "
        "dalam 72 jam, kontrasepsi darurat dalam 120 jam. Segera bawa ke RSUD/Puskesmas.",
        help_en="If yes, ask how many hours ago it happened. HIV prevention (PEP) must start within 72 hours, "
        "emergency contraception within 120 hours. Take the person to a hospital or health centre at once.",
        short_id="perkosaan dalam 120 jam terakhir",
        short_en="rape within the last 120 hours",
    ),
    RiskItem(
        "hamil_melahirkan",
        "kesehatan",
        "Apakah korban sedang hamil, atau melahirkan dalam 18 bulan terakhir?",
        "Is the person pregnant, or did they give birth in the last 18 months?",
        False,
        short_id="hamil atau baru melahirkan",
        short_en="pregnant or recently gave birth",
    ),
    RiskItem(
        "disabilitas",
        "kesehatan",
        "Apakah korban penyandang disabilitas (fisik, sensorik, intelektual, atau mental)?",
        "Does the person have a disability (physical, sensory, intellectual or mental)?",
        False,
        short_id="penyandang disabilitas",
        short_en="has a disability",
    ),
    # --- children
    RiskItem(
        "anak_terancam",
        "anak",
        "Apakah ada anak yang disakiti atau diancam, atau diduga mengalami kekerasan seksual, dan pelaku masih "
        "bisa bertemu dengan anak itu?",
        "Has a child been hurt or threatened, or is sexual abuse suspected, and the perpetrator can still get "
        "to the child?",
        True,
        short_id="anak terancam, pelaku masih bisa mendekat",
        short_en="child at risk, perpetrator still has access",
    ),
    RiskItem(
        "anak_tanpa_pengasuh_aman",
        "anak",
        "Apakah ada anak (korban sendiri atau anaknya) yang saat ini tidak punya orang dewasa yang aman untuk "
        "mengasuh dan melindunginya?",
        "Is there a child (the person or their child) who has no safe adult to care for and protect them right now?",
        True,
        help_id="Misalnya anak tinggal sendiri, pengasuhnya adalah pelaku, atau pengasuhnya tidak mau atau tidak "
        "mampu melindunginya.",
        help_en="For example the child lives alone, the caregiver is the perpetrator, or the caregiver will not or "
        "cannot protect them.",
        short_id="anak tanpa pengasuh yang aman",
        short_en="child without a safe caregiver",
    ),
    RiskItem(
        "anak_rentan",
        "anak",
        "Apakah di rumah ada anak berumur 0–5 tahun atau anak penyandang disabilitas?",
        "Is there a child aged 0–5 or a child with a disability in the household?",
        False,
        short_id="ada anak balita atau anak disabilitas",
        short_en="child aged 0–5 or with a disability",
    ),
    # --- trafficking
    RiskItem(
        "dikurung_dokumen_ditahan",
        "perdagangan_orang",
        "Apakah korban dikurung atau tidak bebas pergi, atau KTP/paspornya dipegang orang lain?",
        "Is the person locked in or not free to leave, or is their ID card/passport held by someone else?",
        True,
        short_id="dikurung atau dokumen ditahan",
        short_en="confined or documents held",
    ),
    RiskItem(
        "ditipu_gaji_utang",
        "perdagangan_orang",
        "Apakah korban ditipu soal pekerjaannya, gajinya ditahan, atau ia berutang kepada penyalur atau majikan?",
        "Was the person deceived about the work, are their wages withheld, or are they in debt to a recruiter "
        "or employer?",
        False,
        short_id="ditipu, gaji ditahan, atau terjerat utang",
        short_en="deceived, unpaid or in debt",
    ),
    RiskItem(
        "dideportasi",
        "perdagangan_orang",
        "Apakah korban dideportasi atau dipulangkan dari tempat kerja di luar negeri?",
        "Was the person deported or sent home from work abroad?",
        False,
        short_id="dideportasi/dipulangkan dari luar negeri",
        short_en="deported or sent home from abroad",
    ),
    # --- self-harm
    RiskItem(
        "ingin_bunuh_diri_sekarang",
        "menyakiti_diri",
        "Apakah saat ini korban berpikir untuk bunuh diri?",
        "Is the person thinking about killing themself right now?",
        True,
        short_id="saat ini berpikir bunuh diri",
        short_en="thinking of suicide now",
    ),
    RiskItem(
        SELF_HARM_HISTORY_ITEM,
        "menyakiti_diri",
        "Akhir-akhir ini apakah korban pernah berharap mati, atau dulu pernah mencoba bunuh diri?",
        "Has the person recently wished they were dead, or ever tried to kill themself?",
        False,
        help_id="Jika korban tidak mau menjawab, pilih Tidak tahu: jawaban ini dihitung Ya.",
        help_en="If the person will not answer, choose Don't know: it counts as Yes.",
        short_id="pernah ingin mati atau mencoba bunuh diri",
        short_en="wished dead or attempted suicide",
    ),
)

ITEM_BY_KEY: dict[str, RiskItem] = {item.key: item for item in RISK_ITEMS}


def grouped_items() -> list[tuple[Choice, list[RiskItem]]]:
    """[(group, [its items])] in the order of GROUPS, groups without items left out."""
    out = []
    for group in GROUPS:
        items = [item for item in RISK_ITEMS if item.group == group.key]
        if items:
            out.append((group, items))
    return out


RED_FLAGS: tuple[RiskItem, ...] = tuple(item for item in RISK_ITEMS if item.red_flag)

# --------------------------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------------------------


class RiskRuleError(ValueError):
    """The answers or the worker's level break the rule; the message is in Indonesian."""


@dataclass(frozen=True)
class Deadline:
    key: str
    label_id: str
    label_en: str
    hours_left: int  # > 0 in Result.deadlines; <= 0 (hours past) in Result.deadlines_passed

    def label(self, locale: str | None) -> str:
        return pick(locale, self.label_id, self.label_en)


@dataclass(frozen=True)
class Reason:
    item_key: str
    answer: str  # as given (a missing answer is TIDAK_TAHU)
    text_id: str
    text_en: str
    red_flag: bool
    counted_as: str = ""  # the answer the rule used: differs from ``answer`` for a refusal

    def label(self, locale: str | None) -> str:
        return pick(locale, self.text_id, self.text_en)

    @property
    def refused(self) -> bool:
        return self.counted_as == YA and self.answer != YA


@dataclass(frozen=True)
class Result:
    level: str  # the level saved (after the worker's judgement)
    computed_level: str  # the level by the rule
    forced: bool  # a red flag was answered Ya
    raised: bool
    lowered: bool
    lower_reason: str
    reasons: list[Reason] = field(default_factory=list)
    yes_count: int = 0  # Ya among the non-flag items (refusals counted)
    unknown_flags: list[str] = field(default_factory=list)  # red-flag keys answered Tidak tahu
    deadlines: list[Deadline] = field(default_factory=list)  # still open, soonest first
    deadlines_passed: list[Deadline] = field(default_factory=list)
    hours_since_rape: int | None = None

    @property
    def high(self) -> bool:
        return self.level == TINGGI

    @property
    def needs_hours_since_rape(self) -> bool:
        """Rape in the last 120 h is Ya but nobody said how long ago: the deadlines are unknown."""
        return self.hours_since_rape is None and any(
            r.item_key == RAPE_ITEM and r.counted_as == YA for r in self.reasons
        )

    def level_label(self, locale: str | None) -> str:
        return level_label(self.level, locale)

    def summary(self, locale: str | None) -> str:
        """One or two short sentences: the level and why."""
        en = is_english(locale)
        parts: list[str] = []
        for r in self.reasons:
            short = ITEM_BY_KEY[r.item_key].short(locale)
            if r.red_flag and r.counted_as == TIDAK_TAHU:
                short += " (unknown)" if en else " (tidak tahu)"
            elif r.refused:
                short += " (no answer, counted as yes)" if en else " (tidak dijawab, dihitung Ya)"
            parts.append(short)
        head = ("Risk: " if en else "Risiko: ") + self.level_label(locale)
        if self.raised:
            head += " (raised by the worker)" if en else " (dinaikkan petugas)"
        elif self.lowered:
            head += (
                f" (lowered from {level_label(self.computed_level, locale)}: {self.lower_reason})"
                if en
                else f" (diturunkan dari {level_label(self.computed_level, locale)}: {self.lower_reason})"
            )
        if parts:
            text = head + (". Because: " if en else ". Karena: ") + "; ".join(parts) + "."
        else:
            text = head + (". No risk factor answered yes." if en else ". Tidak ada faktor risiko yang dijawab Ya.")
        for d in self.deadlines:
            text += (
                f" {d.label(locale)}: {d.hours_left} hours left."
                if en
                else f" {d.label(locale)}: sisa {d.hours_left} jam."
            )
        for d in self.deadlines_passed:
            text += f" {d.label(locale)}: window passed." if en else f" {d.label(locale)}: batas waktu sudah lewat."
        if self.needs_hours_since_rape:
            text += (
                " Ask how many hours ago the rape happened (PEP within 72 h, emergency contraception within 120 h)."
                if en
                else " Tanyakan sudah berapa jam sejak perkosaan (PEP dalam 72 jam, kontrasepsi darurat dalam 120 jam)."
            )
        return text


# --------------------------------------------------------------------------------------------
# The rule
# --------------------------------------------------------------------------------------------


def level_label(level: str, locale: str | None) -> str:
    for option in LEVELS:
        if option.key == level:
            return option.label(locale)
    raise KeyError(level)


def level_rank(level: str) -> int:
    """0 for rendah, 1 for sedang, 2 for tinggi; KeyError for anything else."""
    return _RANK[level]


def compute_deadlines(hours_since_rape: int) -> tuple[list[Deadline], list[Deadline]]:
    """(still open, already passed) for a rape ``hours_since_rape`` hours ago."""
    open_, passed = [], []
    for key, window, label_id, label_en in DEADLINE_WINDOWS:
        d = Deadline(key, label_id, label_en, window - hours_since_rape)
        (open_ if d.hours_left > 0 else passed).append(d)
    return open_, passed


def assess(
    answers: Mapping[str, str | None],
    worker_level: str | None = None,
    lower_reason: str = "",
    hours_since_rape: int | None = None,
) -> Result:
    """Apply the rule to ``answers`` ({item key: YA/TIDAK/TIDAK_TAHU}).

    Missing items (or None/"") count as TIDAK_TAHU. ``worker_level`` is the worker's own judgement
    (None: take the computed level). Raises RiskRuleError for an unknown item key or answer, an
    unknown level, a negative or non-integer ``hours_since_rape``, an attempt to lower a level
    forced by a red flag, or to lower a counted level without a reason.
    """
    unknown = sorted(set(answers) - set(ITEM_BY_KEY))
    if unknown:
        raise RiskRuleError(f"Pertanyaan tidak dikenal: {', '.join(unknown)}.")
    valid = {option.key for option in ANSWERS}
    for key, value in answers.items():
        if value is None or value == "":
            continue
        if not isinstance(value, str) or value not in valid:
            raise RiskRuleError(f"Jawaban tidak sah untuk {key}: {value!r} (pilih Ya, Tidak, atau Tidak tahu).")
    if hours_since_rape is not None and (
        isinstance(hours_since_rape, bool) or not isinstance(hours_since_rape, int) or hours_since_rape < 0
    ):
        raise RiskRuleError("Jumlah jam sejak perkosaan harus bilangan bulat 0 atau lebih.")
    if worker_level not in (None, "") and worker_level not in _RANK:
        raise RiskRuleError(f"Tingkat risiko tidak dikenal: {worker_level!r}.")

    reasons: list[Reason] = []
    unknown_flags: list[str] = []
    forced = False
    yes_count = 0
    rape_yes = False
    for item in RISK_ITEMS:
        given = answers.get(item.key) or TIDAK_TAHU
        counted = YA if (given == TIDAK_TAHU and item.key in REFUSAL_COUNTS_AS_YES) else given
        if counted == YA:
            if item.red_flag:
                forced = True
            else:
                yes_count += 1
            if item.key == RAPE_ITEM:
                rape_yes = True
        elif counted == TIDAK_TAHU and item.red_flag:
            unknown_flags.append(item.key)
        else:
            continue
        reasons.append(Reason(item.key, given, item.text_id, item.text_en, item.red_flag, counted))

    if forced or yes_count >= HIGH_COUNT:
        computed = TINGGI
    elif yes_count >= MEDIUM_MIN or unknown_flags:
        computed = SEDANG
    else:
        computed = RENDAH

    level, raised, lowered, reason_kept = computed, False, False, ""
    if worker_level and worker_level != computed:
        if _RANK[worker_level] > _RANK[computed]:
            level, raised = worker_level, True
        elif forced:
            raise RiskRuleError(
                "Tingkat risiko TINGGI karena ada tanda bahaya yang dijawab Ya; tingkat ini tidak boleh diturunkan."
            )
        elif not (lower_reason or "").strip():
            raise RiskRuleError("Tuliskan alasan jika menurunkan tingkat risiko dari hasil perhitungan.")
        else:
            level, lowered, reason_kept = worker_level, True, lower_reason.strip()

    deadlines: list[Deadline] = []
    passed: list[Deadline] = []
    if rape_yes and hours_since_rape is not None:
        deadlines, passed = compute_deadlines(hours_since_rape)

    return Result(
        level=level,
        computed_level=computed,
        forced=forced,
        raised=raised,
        lowered=lowered,
        lower_reason=reason_kept,
        reasons=reasons,
        yes_count=yes_count,
        unknown_flags=unknown_flags,
        deadlines=deadlines,
        deadlines_passed=passed,
        hours_since_rape=hours_since_rape if rape_yes else None,
    )
