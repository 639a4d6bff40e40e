"""The field risk assessment in web/risk.py: the data and the rule of shared/RISK.md."""

import pytest

from web import risk, sop_future
from web.risk import RENDAH, SEDANG, TIDAK, TIDAK_TAHU, TINGGI, YA, RiskRuleError, assess

FLAGS = [item.key for item in risk.RISK_ITEMS if item.red_flag]
OTHERS = [item.key for item in risk.RISK_ITEMS if not item.red_flag]


def all_no(**overrides):
    """Every item answered Tidak, except the overrides."""
    answers = {item.key: TIDAK for item in risk.RISK_ITEMS}
    answers.update(overrides)
    return answers


def others_yes(n):
    """Tidak everywhere, Ya on the first n non-flag items."""
    return all_no(**{key: YA for key in OTHERS[:n]})


# --- the data ---------------------------------------------------------------------------------


def test_items_match_the_reference_table():
    assert len(FLAGS) == 10  # the 9 ⛔ rows of RISK.md + a child without a safe caregiver (issue 4)
    assert len(OTHERS) == 11  # 9 rows of RISK.md + deported + disability
    keys = [item.key for item in risk.RISK_ITEMS]
    assert len(keys) == len(set(keys))
    groups = [g.key for g in risk.GROUPS]
    assert groups == ["bahaya_segera", "pelaku", "kesehatan", "anak", "perdagangan_orang", "menyakiti_diri"]
    per_group = {g: [i for i in risk.RISK_ITEMS if i.group == g] for g in groups}
    assert sum(len(v) for v in per_group.values()) == len(risk.RISK_ITEMS)  # no item outside a group
    assert all(i.red_flag for i in per_group["bahaya_segera"]) and len(per_group["bahaya_segera"]) == 4
    assert not any(i.red_flag for i in per_group["pelaku"]) and len(per_group["pelaku"]) == 5
    assert risk.ITEM_BY_KEY["perkosaan_120_jam"].red_flag
    assert risk.ITEM_BY_KEY["perkosaan_120_jam"].group == "kesehatan"
    assert not risk.ITEM_BY_KEY["dideportasi"].red_flag
    assert risk.ITEM_BY_KEY["dideportasi"].group == "perdagangan_orang"
    # issue 4's list: "perpetrator lives with or can reach the person", "a child without a safe caregiver"
    assert "serumah" in risk.ITEM_BY_KEY["pelaku_bisa_datang"].text_id
    assert risk.ITEM_BY_KEY["anak_tanpa_pengasuh_aman"].red_flag
    assert risk.ITEM_BY_KEY["anak_tanpa_pengasuh_aman"].group == "anak"
    assert not risk.ITEM_BY_KEY["disabilitas"].red_flag
    assert risk.ITEM_BY_KEY["disabilitas"].group == "kesehatan"
    # items are listed group by group, in display order
    order = [groups.index(i.group) for i in risk.RISK_ITEMS]
    assert order == sorted(order)


def test_every_item_has_both_languages():
    for item in risk.RISK_ITEMS:
        assert item.text_id.strip() and item.text_en.strip(), item.key
        assert item.text_id != item.text_en, item.key
        assert item.label("id") == item.text_id and item.label("en") == item.text_en
        assert bool(item.help_id) == bool(item.help_en), item.key
        assert item.short("id") and item.short("en")


def test_answers_levels_thresholds():
    assert (risk.YA, risk.TIDAK, risk.TIDAK_TAHU) == ("ya", "tidak", "tidak_tahu")
    assert [(a.key, a.label("id"), a.label("en")) for a in risk.ANSWERS] == [
        ("ya", "Ya", "Yes"),
        ("tidak", "Tidak", "No"),
        ("tidak_tahu", "Tidak tahu", "Don't know"),
    ]
    assert [lvl.key for lvl in risk.LEVELS] == ["rendah", "sedang", "tinggi"]
    key, name_id, name_en = risk.LEVELS[2]  # unpacks as a tuple
    assert (key, name_id, name_en) == ("tinggi", "Tinggi", "High")
    assert (risk.HIGH_COUNT, risk.MEDIUM_MIN) == (4, 2)
    assert len(sop_future.REASSESS_AFTER) == 2  # not asked by the app yet
    assert all(r.name_id and r.name_en for r in sop_future.REASSESS_AFTER)


# --- the rule ---------------------------------------------------------------------------------


@pytest.mark.parametrize("key", FLAGS)
def test_every_red_flag_alone_forces_tinggi(key):
    result = assess(all_no(**{key: YA}))
    assert result.level == TINGGI and result.computed_level == TINGGI
    assert result.forced
    assert result.yes_count == 0
    assert [r.item_key for r in result.reasons] == [key]
    assert result.reasons[0].red_flag and result.reasons[0].answer == YA


def test_all_no_is_rendah():
    result = assess(all_no())
    assert result.level == RENDAH and not result.forced and result.reasons == [] and result.yes_count == 0


@pytest.mark.parametrize("n, level", [(0, RENDAH), (1, RENDAH), (2, SEDANG), (3, SEDANG), (4, TINGGI), (5, TINGGI)])
def test_count_of_other_items(n, level):
    result = assess(others_yes(n))
    assert result.level == level
    assert result.yes_count == n
    assert not result.forced
    assert [r.item_key for r in result.reasons] == OTHERS[:n]


def test_the_count_uses_every_non_flag_item():
    # the last four non-flag items (trafficking and self-harm ones included) count as well
    result = assess(all_no(**{key: YA for key in OTHERS[-4:]}))
    assert result.level == TINGGI and result.yes_count == 4


def test_thresholds_are_read_at_call_time(monkeypatch):
    monkeypatch.setattr(risk, "HIGH_COUNT", 3)
    assert assess(others_yes(3)).level == TINGGI
    monkeypatch.setattr(risk, "MEDIUM_MIN", 1)
    assert assess(others_yes(1)).level == SEDANG


@pytest.mark.parametrize("key", FLAGS)
def test_red_flag_unknown_gives_sedang(key):
    result = assess(all_no(**{key: TIDAK_TAHU}))
    assert result.level == SEDANG
    assert result.unknown_flags == [key]
    assert not result.forced
    assert result.reasons[0].item_key == key and result.reasons[0].answer == TIDAK_TAHU


def test_non_flag_unknown_does_not_count():
    result = assess(all_no(kekerasan_makin_sering=TIDAK_TAHU, seks_dipaksa=TIDAK_TAHU))
    assert result.level == RENDAH and result.yes_count == 0 and result.reasons == []


def test_missing_answers_count_as_unknown():
    result = assess({})
    assert result.level == SEDANG  # every red flag unknown
    assert result.unknown_flags == FLAGS
    assert result.yes_count == 1  # the self-harm history item: no answer counts as yes
    assert assess({k: v for k, v in all_no().items() if k != "senjata"}).unknown_flags == ["senjata"]
    assert assess(all_no(senjata=None)).unknown_flags == ["senjata"]


def test_self_harm_refusal_counts_as_yes():
    key = risk.SELF_HARM_HISTORY_ITEM
    assert key == "ingin_mati_atau_pernah_mencoba"
    refused = assess(all_no(**{key: TIDAK_TAHU}))
    assert refused.yes_count == 1
    reason = refused.reasons[0]
    assert (reason.item_key, reason.answer, reason.counted_as, reason.refused) == (key, TIDAK_TAHU, YA, True)
    # with one other yes it reaches sedang, exactly as a yes would
    assert assess(all_no(**{key: TIDAK_TAHU, "berpisah": YA})).level == SEDANG
    assert assess(all_no(**{key: YA, "berpisah": YA})).level == SEDANG
    assert assess(all_no(**{key: TIDAK, "berpisah": YA})).level == RENDAH
    # the rule applies to that item only
    assert assess(all_no(berpisah=TIDAK_TAHU)).yes_count == 0
    assert "dihitung Ya" in refused.summary("id")


# --- the worker's judgement --------------------------------------------------------------------


@pytest.mark.parametrize("lower", [SEDANG, RENDAH])
def test_a_forced_level_can_never_be_lowered(lower):
    with pytest.raises(RiskRuleError):
        assess(all_no(senjata=YA), worker_level=lower, lower_reason="korban sudah di rumah aman")
    assert issubclass(RiskRuleError, ValueError)


def test_a_counted_level_is_lowered_only_with_a_reason():
    answers = others_yes(4)
    with pytest.raises(RiskRuleError):
        assess(answers, worker_level=SEDANG)
    with pytest.raises(RiskRuleError):
        assess(answers, worker_level=SEDANG, lower_reason="   ")
    result = assess(answers, worker_level=SEDANG, lower_reason="  Pelaku sudah ditahan polisi. ")
    assert result.level == SEDANG and result.computed_level == TINGGI
    assert result.lowered and not result.raised
    assert result.lower_reason == "Pelaku sudah ditahan polisi."
    assert "diturunkan" in result.summary("id") and "Pelaku sudah ditahan polisi." in result.summary("id")


def test_an_unknown_flag_level_can_be_lowered_with_a_reason():
    result = assess(all_no(senjata=TIDAK_TAHU), worker_level=RENDAH, lower_reason="Tidak ada senjata di rumah.")
    assert result.level == RENDAH and result.lowered


def test_the_worker_may_always_raise():
    result = assess(all_no(), worker_level=TINGGI)
    assert result.level == TINGGI and result.computed_level == RENDAH
    assert result.raised and not result.lowered and not result.forced
    assert "dinaikkan" in result.summary("id")
    result = assess(others_yes(2), worker_level=TINGGI)
    assert result.level == TINGGI and result.raised


def test_same_level_is_neither_raised_nor_lowered():
    result = assess(all_no(senjata=YA), worker_level=TINGGI, lower_reason="ignored")
    assert result.level == TINGGI and not result.raised and not result.lowered and result.lower_reason == ""


# --- rape deadlines ----------------------------------------------------------------------------


def hours_left(result):
    return {d.key: d.hours_left for d in result.deadlines}


def test_rape_10_hours_ago_both_windows_open():
    result = assess(all_no(perkosaan_120_jam=YA), hours_since_rape=10)
    assert result.level == TINGGI and result.forced
    assert hours_left(result) == {"pep": 62, "kontrasepsi_darurat": 110}
    assert [d.key for d in result.deadlines] == ["pep", "kontrasepsi_darurat"]  # soonest first
    assert result.deadlines_passed == []
    assert "62" in result.summary("id") and "110" in result.summary("en")


def test_rape_100_hours_ago_only_emergency_contraception_left():
    result = assess(all_no(perkosaan_120_jam=YA), hours_since_rape=100)
    assert hours_left(result) == {"kontrasepsi_darurat": 20}
    assert [d.key for d in result.deadlines_passed] == ["pep"]
    assert "lewat" in result.summary("id") and "passed" in result.summary("en")


def test_rape_at_72_hours_pep_window_has_passed():
    result = assess(all_no(perkosaan_120_jam=YA), hours_since_rape=72)
    assert hours_left(result) == {"kontrasepsi_darurat": 48}


def test_rape_beyond_120_hours_no_deadline_left():
    result = assess(all_no(perkosaan_120_jam=YA), hours_since_rape=130)
    assert result.deadlines == [] and len(result.deadlines_passed) == 2
    assert result.level == TINGGI


def test_no_deadlines_without_a_rape_yes_or_without_hours():
    assert assess(all_no(), hours_since_rape=10).deadlines == []
    result = assess(all_no(perkosaan_120_jam=YA))
    assert result.deadlines == [] and result.needs_hours_since_rape
    assert "jam" in result.summary("id")
    assert not assess(all_no(perkosaan_120_jam=YA), hours_since_rape=5).needs_hours_since_rape


@pytest.mark.parametrize("hours", [-1, 1.5, "10", True])
def test_bad_hours_rejected(hours):
    with pytest.raises(RiskRuleError):
        assess(all_no(perkosaan_120_jam=YA), hours_since_rape=hours)


# --- bad input ---------------------------------------------------------------------------------


def test_unknown_item_key_rejected():
    with pytest.raises(RiskRuleError):
        assess(all_no(bukan_pertanyaan=YA))


@pytest.mark.parametrize("value", ["yes", "Ya", "1", 1, True])
def test_unknown_answer_rejected(value):
    with pytest.raises(RiskRuleError):
        assess(all_no(senjata=value))


def test_unknown_worker_level_rejected():
    with pytest.raises(RiskRuleError):
        assess(all_no(), worker_level="darurat")


# --- the result --------------------------------------------------------------------------------


def test_reasons_are_in_item_order_and_carry_the_question():
    answers = all_no(ingin_bunuh_diri_sekarang=YA, senjata=YA, berpisah=YA, dicekik=TIDAK_TAHU)
    result = assess(answers)
    assert [r.item_key for r in result.reasons] == ["senjata", "dicekik", "berpisah", "ingin_bunuh_diri_sekarang"]
    item = risk.ITEM_BY_KEY["berpisah"]
    reason = result.reasons[2]
    assert (reason.text_id, reason.text_en, reason.red_flag) == (item.text_id, item.text_en, False)
    assert result.unknown_flags == ["dicekik"]
    assert result.yes_count == 1


def test_summary_in_both_languages():
    result = assess(all_no(senjata=YA, berpisah=YA))
    summary_id, summary_en = result.summary("id"), result.summary("en")
    assert summary_id.startswith("Risiko: Tinggi")
    assert summary_en.startswith("Risk: High")
    assert risk.ITEM_BY_KEY["senjata"].short_id in summary_id
    assert risk.ITEM_BY_KEY["berpisah"].short_en in summary_en
    assert "Rendah" in assess(all_no()).summary("id")


def test_result_is_frozen():
    result = assess(all_no())
    with pytest.raises(AttributeError):  # a frozen dataclass refuses it
        result.level = TINGGI  # type: ignore[misc]
