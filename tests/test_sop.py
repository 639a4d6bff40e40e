"""The SOP data in web/sop.py and web/sop_cases.py (and web/sop_future.py, not used yet): shape, keys and
against the SOP text; every list in web/sop.py, web/sop_cases.py and web/risk.py is used by the app."""

import dataclasses
import re
from pathlib import Path

import pytest

from web import risk, roles, sop, sop_cases, sop_future

EXPECTED_MINUTES = (30, 60, 60, 30, 60, 60, 60, 60, 60, 60, 30, 30)
EXPECTED_STEP_KEYS = (
    "sasaran",
    "identifikasi",
    "rencana",
    "persetujuan",
    "penugasan",
    "administrasi",
    "koordinasi",
    "persetujuan_korban",
    "asesmen_risiko",
    "tindak_lanjut",
    "laporan",
    "dokumentasi",
)

# Every list of labelled items, by name, to check keys and labels in one go.
LISTS = {
    "DOCUMENTS": tuple(sop.DOCUMENTS.values()),
    "CLIENT_DOCUMENTS": sop_cases.CLIENT_DOCUMENTS,
    "OUTREACH_STEPS": sop.OUTREACH_STEPS,
    "CASE_HANDLING_STEPS": sop_cases.CASE_HANDLING_STEPS,
    "REHABILITATION_STEPS": sop_cases.REHABILITATION_STEPS,
    "REHABILITATION_ACTIVITIES": sop_future.REHABILITATION_ACTIVITIES,
    "TRAFFICKING_CRITERIA": sop_cases.TRAFFICKING_CRITERIA,
    "VIOLENCE_CRITERIA": sop_cases.VIOLENCE_CRITERIA,
    "COMPLAINT_CATEGORIES": sop_cases.COMPLAINT_CATEGORIES,
    "REFERRAL_SERVICES": sop_cases.REFERRAL_SERVICES,
    "EMERGENCY_SERVICES": sop.EMERGENCY_SERVICES,
    "PARTNER_KINDS": sop.PARTNER_KINDS,
    "TARGET_SOURCES": sop.TARGET_SOURCES,
    "VERIFICATION_AUTHORITIES": sop.VERIFICATION_AUTHORITIES,
    "VERIFICATION_RESULTS": sop.VERIFICATION_RESULTS,
    "BUDGET_CATEGORIES": sop.BUDGET_CATEGORIES,
    "COORDINATION_PARTIES": sop.COORDINATION_PARTIES,
    "COORDINATION_RESULTS": sop.COORDINATION_RESULTS,
    "CONTACT_MEANS": sop.CONTACT_MEANS,
    "TARGET_KINDS": sop.TARGET_KINDS,
    "SEXES": sop.SEXES,
    "DOCUMENT_STATES": sop.DOCUMENT_STATES,
    "CONSENT_EXPLAINED": sop.CONSENT_EXPLAINED,
    "CONSENTERS": sop.CONSENTERS,
    "CONSENT_OUTCOMES": sop.CONSENT_OUTCOMES,
    "CHILD_ASSENT": sop.CHILD_ASSENT,
    "CONSENT_SCOPES": sop.CONSENT_SCOPES,
    "CONSENT_METHODS": sop.CONSENT_METHODS,
    "AFTER_REFUSAL": sop.AFTER_REFUSAL,
    "REASSESS_AFTER": sop_future.REASSESS_AFTER,
    "PRINCIPLES": sop_future.PRINCIPLES,
}


# --- the 12 outreach steps ------------------------------------------------------------------


def test_twelve_steps_numbered_in_order_with_the_sop_time_standards():
    assert [s.number for s in sop.OUTREACH_STEPS] == list(range(1, 13))
    assert tuple(s.minutes for s in sop.OUTREACH_STEPS) == EXPECTED_MINUTES
    assert tuple(s.key for s in sop.OUTREACH_STEPS) == EXPECTED_STEP_KEYS


def test_step_lookup_by_key_and_number():
    for s in sop.OUTREACH_STEPS:
        assert sop.step(s.key) is s
        assert sop.STEP_BY_NUMBER[s.number] is s
    assert sorted(sop.STEP_BY_NUMBER) == list(range(1, 13))
    with pytest.raises(KeyError):
        sop.step("tidak_ada")


def test_every_step_role_is_a_known_role():
    for s in sop.OUTREACH_STEPS + sop_cases.CASE_HANDLING_STEPS + sop_cases.REHABILITATION_STEPS:
        assert s.role in roles.ALL, s.key
        assert s.role != roles.SYSADMIN, s.key  # the sysadmin never touches case work


def test_who_does_the_key_steps():
    # The SOP names these performers in the step text itself.
    assert sop.step("persetujuan").role == roles.HEAD  # Kepala UPTD checks plan and budget
    assert sop.step("administrasi").role == roles.ADMIN  # Surat Tugas, SPPD
    assert sop.step("asesmen_risiko").role == roles.WORKER  # reported *to* the case manager
    assert sop.step("tindak_lanjut").role == roles.CASE_MANAGER  # "Manajer Kasus merujuk"


def test_every_step_document_exists():
    for s in sop.OUTREACH_STEPS:
        assert isinstance(s.documents, tuple), s.key
        assert len(set(s.documents)) == len(s.documents), s.key
        for key in s.documents:
            assert key in sop.DOCUMENTS, (s.key, key)


def test_step_6_prepares_the_travel_documents():
    docs = set(sop.step("administrasi").documents)
    assert {"surat_tugas", "sppd", "tiket", "formulir_kasus", "formulir_penjangkauan"} <= docs


def test_documents_named_by_the_sop_are_there():
    for key in (
        "surat_tugas",
        "sppd",
        "tiket",
        "formulir_kasus",
        "formulir_penjangkauan",
        "formulir_pengaduan",
        "informed_consent",
        "formulir_asesmen",
        "formulir_rujukan",
        "berita_acara",
        "laporan_penjangkauan",
    ):
        assert key in sop.DOCUMENTS
    for key, doc in sop.DOCUMENTS.items():
        assert doc.key == key


def test_consent_step_says_what_to_do_on_refusal():
    s = sop.step("persetujuan_korban")
    assert "informed_consent" in s.documents
    assert "kontak" in s.note_id and "contact" in s.note_en


def test_every_outreach_step_has_output_in_both_languages():
    for s in sop.OUTREACH_STEPS:
        assert s.output_id.strip() and s.output_en.strip(), s.key
        assert s.output("en") == s.output_en and s.output("id") == s.output_id


# --- case handling (Dinas Sosial) ------------------------------------------------------------


def test_case_handling_time_standards():
    steps = sop_cases.CASE_HANDLING_STEPS
    assert [s.number for s in steps] == [1, 2, 3, 4]
    assert [(s.min_minutes, s.max_minutes) for s in steps] == [
        (15, 15),
        (30, 30),
        (30, 60),
        (3 * 24 * 60, 7 * 24 * 60),
    ]
    assert [s.time_label("id") for s in steps] == ["15 menit", "30 menit", "30–60 menit", "3–7 hari"]
    assert steps[3].time_label("en") == "3–7 days"


def test_rehabilitation_steps():
    steps = sop_cases.REHABILITATION_STEPS
    assert [s.number for s in steps] == list(range(1, len(steps) + 1))
    assert [s.max_minutes for s in steps] == [60, 60, 30, 60, 120, 0]
    assert not steps[-1].has_time_standard
    assert steps[-1].time_label("id") == "sesuai jenis kasus"
    for s in steps:
        assert 0 <= s.min_minutes <= s.max_minutes
    assert [a.number for a in sop_future.REHABILITATION_ACTIVITIES] == list(range(1, 14))


def test_criteria():
    assert [c.key for c in sop_cases.TRAFFICKING_CRITERIA] == [
        "kekerasan",
        "eksploitasi_seksual",
        "penelantaran",
        "deportasi",
        "tidak_mampu_menyesuaikan",
    ]
    assert len(sop_cases.VIOLENCE_CRITERIA) == 5
    assert {"penelantaran", "eksploitasi", "diskriminasi"} <= {c.key for c in sop_cases.VIOLENCE_CRITERIA}


def test_fifteen_complaint_categories_with_unique_keys():
    keys = [c.key for c in sop_cases.COMPLAINT_CATEGORIES]
    assert len(keys) == 15
    assert len(set(keys)) == 15
    assert keys[0] == "darurat" and keys[-1] == "konsultasi"
    assert "perdagangan_orang" in keys and "disabilitas" in keys


def test_five_referral_services_a_to_e():
    assert [s.letter for s in sop_cases.REFERRAL_SERVICES] == ["a", "b", "c", "d", "e"]
    assert [s.key for s in sop_cases.REFERRAL_SERVICES] == [
        "kesehatan",
        "jamkesda",
        "pendampingan_hukum",
        "rumah_aman",
        "pemulangan",
    ]
    assert "RSUD" in sop_cases.REFERRAL_SERVICES[0].providers_id
    assert "Baznas" in sop_cases.REFERRAL_SERVICES[4].providers_id


def test_services_name_a_partner_kind_and_providers():
    partner_kinds = {p.key for p in sop.PARTNER_KINDS}
    assert partner_kinds == {"kesehatan", "polisi", "rumah_aman", "bantuan_hukum", "layanan_sosial", "lainnya"}
    for s in sop.EMERGENCY_SERVICES + sop_cases.REFERRAL_SERVICES:
        assert s.partner_kind in partner_kinds, s.key
        assert s.providers_id and len(s.providers_id) == len(s.providers_en), s.key
        assert all(p.strip() for p in s.providers_id + s.providers_en), s.key
    assert {s.key for s in sop.EMERGENCY_SERVICES} == {
        "kesehatan",
        "polisi",
        "rumah_aman",
        "dukungan_psikologis",
        "bantuan_hukum",
        "pemulangan",
    }
    assert all(s.letter == "" for s in sop.EMERGENCY_SERVICES)


def test_required_choice_keys():
    assert sop.keys(sop.TARGET_SOURCES) == ("polisi", "warga", "korban_sendiri", "lembaga_lain", "media", "lainnya")
    assert {"dukcapil", "kepala_desa", "polisi", "sekolah", "lainnya"} <= set(sop.keys(sop.VERIFICATION_AUTHORITIES))
    assert sop.keys(sop.VERIFICATION_RESULTS) == ("terverifikasi", "tidak_ditemukan", "alamat_berbeda")
    assert sop.keys(sop.BUDGET_CATEGORIES) == ("transport", "tiket", "penginapan", "uang_harian", "konsumsi", "lainnya")
    assert sop.keys(sop.COORDINATION_PARTIES) == ("pemda", "polisi", "pemerintah_desa", "satgas_ppa", "lainnya")
    assert sop.keys(sop.COORDINATION_RESULTS) == ("izin_diberikan", "dukungan_dijanjikan", "ditolak", "lainnya")
    assert sop.keys(sop.CONTACT_MEANS) == ("tatap_muka", "telepon", "surat", "pesan")


# --- every list --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(LISTS))
def test_unique_keys_and_labels_in_both_languages(name):
    items = LISTS[name]
    assert items, name
    keys = [item.key for item in items]
    assert len(keys) == len(set(keys)), f"duplicate key in {name}"
    for item in items:
        assert dataclasses.is_dataclass(item) and item.__dataclass_params__.frozen, (name, item.key)
        assert item.key and item.key == item.key.strip().lower() and " " not in item.key, (name, item.key)
        assert item.name_id.strip() and item.name_en.strip(), (name, item.key)
        assert item.label("id") == item.name_id, (name, item.key)
        assert item.label("en") == item.name_en, (name, item.key)
        assert item.label("") == item.name_id, (name, item.key)


def test_labels_differ_by_language_somewhere():
    # A list copied from one language into the other would pass the non-empty check.
    for name, items in LISTS.items():
        assert any(item.name_id != item.name_en for item in items), name


def test_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        sop.OUTREACH_STEPS[0].minutes = 1  # type: ignore[misc]


def test_label_locales():
    doc = sop.DOCUMENTS["tiket"]
    assert doc.label("en") == "Travel tickets"
    assert doc.label("en_US") == "Travel tickets"
    assert doc.label("id") == "Tiket perjalanan"
    assert doc.label("fr") == "Tiket perjalanan"
    assert doc.label(None) == "Tiket perjalanan"


def test_choices_and_by_key():
    assert sop.choices(sop.CONTACT_MEANS, "id")[0] == ("tatap_muka", "Tatap muka")
    assert sop.choices(sop.CONTACT_MEANS, "en")[0] == ("tatap_muka", "In person")
    assert [k for k, _ in sop.choices(sop.DOCUMENTS, "id")] == list(sop.DOCUMENTS)
    assert sop.by_key(sop.PARTNER_KINDS, "polisi").key == "polisi"
    assert sop.by_key(sop.DOCUMENTS, "sppd") is sop.DOCUMENTS["sppd"]
    assert sop.by_key(sop.PARTNER_KINDS, "tidak_ada", None) is None
    with pytest.raises(KeyError):
        sop.by_key(sop.PARTNER_KINDS, "tidak_ada")


# --- legal basis and sources --------------------------------------------------------------------


def test_legal_basis():
    assert len(sop.LEGAL_BASIS) == 15
    assert sop.LEGAL_BASIS[0] == "Undang-Undang Nomor 23 Tahun 2002 tentang Perlindungan Anak"
    assert "Bangka Belitung" in sop.LEGAL_BASIS[-1]
    for text in sop.LEGAL_BASIS:
        assert text == text.strip() and "  " not in text and "<" not in text
        assert " Nomor " in text and " Tahun " in text and " tentang " in text, text


def test_sources_cover_the_four_sop_files():
    assert set(sop.SOURCES) == {
        "000_b932fd0a5f795a8d.txt",
        "001_8ca0f5f3777c89c7.txt",
        "003_3911aeed874810c8.txt",
        "004_f2dbedc6e5f993d7.txt",
    }
    for name, (title, issuer, number, year) in sop.SOURCES.items():
        assert title.startswith("SOP ") and issuer, name
        assert isinstance(number, str)
        assert 2000 < year < 2100, name
    assert sop.SOURCES["004_f2dbedc6e5f993d7.txt"][2] == "17/SOP/UPTD-PPA/DP3ACSKB/2024"


# --- used data and future data ------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
DATA_MODULES = ("web/sop.py", "web/risk.py", "web/sop_cases.py")


def app_sources():
    """The app's own code and templates, without the data modules themselves."""
    files = [p for p in (ROOT / "web").rglob("*.py") if p.relative_to(ROOT).as_posix() not in DATA_MODULES]
    files += list((ROOT / "templates").rglob("*.html"))
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


def vocabularies(module):
    """Names of the module's public lists of labelled items (tuples of items with a key and a label),
    without the views made from another list (such as web.risk.RED_FLAGS from RISK_ITEMS)."""
    lists = {
        name: value
        for name, value in vars(module).items()
        if name.isupper()
        and not name.startswith("_")
        and isinstance(value, tuple)
        and value
        and all(hasattr(item, "key") and hasattr(item, "label") for item in value)
    }
    return [
        name
        for name, value in lists.items()
        if not any(
            other != name and len(items) > len(value) and set(value) <= set(items) for other, items in lists.items()
        )
    ]


# Read by the app through another list of the same module: the case SOPs' steps through PROCEDURES.
READ_THROUGH = {"CASE_HANDLING_STEPS", "REHABILITATION_STEPS"}


@pytest.mark.parametrize("module", [sop, sop_cases, risk], ids=["sop", "sop_cases", "risk"])
def test_every_vocabulary_in_the_data_modules_is_used_by_the_app(module):
    source = app_sources()
    names = [n for n in vocabularies(module) if n not in READ_THROUGH]
    assert names, module.__name__
    unused = [n for n in names if not re.search(rf"\b{n}\b", source)]
    assert not unused, f"not used by the app: move to web/sop_cases.py: {unused}"


def test_future_data_is_not_read_by_the_app():
    assert "sop_future" not in app_sources()
    assert not set(vocabularies(sop_future)) & (set(vars(sop)) | set(vars(sop_cases)) | set(vars(risk)))


def test_select_choices_are_the_form_type_in_the_users_language():
    options = sop.select_choices(sop.CONTACT_MEANS, "en", ("", "Pick"))
    assert [(o.value, o.label) for o in options[:2]] == [("", "Pick"), ("tatap_muka", "In person")]
    assert all(type(o).__name__ == "SelectChoice" for o in options)


FORM_AREAS = (
    "assessments",
    "cases",
    "coordination",
    "letters",
    "outreach",
    "referrals",
    "targets",
    "visits",
    "offline",
    "auth",
)


def test_no_form_offers_its_choices_in_a_deprecated_shape(app):
    """wtforms 3.3 deprecates tuple choices: every form builds them with SelectChoice (sop.select_choices)."""
    import importlib
    import inspect
    import warnings

    from flask_wtf import FlaskForm

    forms = []
    for area in FORM_AREAS:
        module = importlib.import_module(f"web.{area}.forms")
        forms += [
            cls
            for _name, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, FlaskForm) and cls.__module__ == module.__name__
        ]
    records = {
        "PlanForm": dict(target_choices=[(1, "JGK")], team_choices=[(2, "Sari")]),
        "AssignForm": dict(member_choices=[(2, "Sari")]),
    }
    with app.test_request_context("/", method="POST", data={}), warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        for cls in forms:
            form = cls(meta={"csrf": False}, **records.get(cls.__name__, {}))
            for field in form:
                if getattr(field, "choices", None) is not None:
                    assert field(), (cls.__name__, field.name)
            form.validate()
