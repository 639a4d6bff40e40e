"""Step 10a: risk flags on the case managers' screens within seconds (and their 60-minute timer),
the Darurat button, acknowledging, the emergency referral and its states, consent blocking and the
audited emergency override listed for the Kepala, the handover record, and isolation."""

import re
import uuid
from datetime import timedelta

import pytest

from tests.factories import PERSON_NAME, add_user, answers, make_visit, user
from web import roles
from web.models import (
    AuditLog,
    ConsentOverride,
    ConsentScope,
    Referral,
    ReferralEvent,
    RiskAssessment,
    RiskFlag,
    StepLog,
)
from web.timeutil import now

FRAGMENT = "/tanda-bahaya/daftar"


@pytest.fixture
def visit(demo):
    return make_visit(share=["kesehatan"])  # consent to share with health services only


@pytest.fixture
def worker(login):
    return login("petugas1")


@pytest.fixture
def manager(login):
    return login("manajer1")


def high_risk(worker, visit, **extra):
    response = worker.post(f"/kunjungan/{visit.id}/asesmen-risiko", {**answers(yes=["senjata"]), **extra})
    assert response.status_code == 302
    return RiskFlag.get(RiskFlag.visit == visit)


def urgent_part(html):
    """The part of the flag list before "Sedang ditangani"."""
    return html.split("Sedang ditangani")[0]


def refer(manager, flag, **fields):
    data = {
        "service": "kesehatan",
        "provider": "RSUD Kota Contoh",
        "contact": "dr. Uji",
        "contact_phone": "0812 3456 7890",
        "referred_at": "2026-01-05T14:30",
    }
    data.update(fields)
    return manager.post(f"/tanda-bahaya/{flag.id}/rujukan", data)


# ---- flags and their timing -------------------------------------------------------------------


def test_a_flag_is_in_the_managers_list_right_after_the_save(worker, manager, visit):
    assert visit.target.code not in manager.get(FRAGMENT).get_data(as_text=True)
    flag = high_risk(worker, visit)
    fragment = manager.get(FRAGMENT)
    html = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<html" not in html
    assert visit.target.code in urgent_part(html) and f"/tanda-bahaya/{flag.id}" in html
    assert PERSON_NAME not in html  # codes only on a phone's home screen
    assert "Risiko tinggi" in html and "Dilaporkan oleh Sari Contoh" in html


def test_the_home_panel_polls_itself_and_has_a_plain_link(manager, visit):
    html = manager.get("/").get_data(as_text=True)
    container = re.search(r'<div id="flags"[^>]*>', html).group(0)
    assert f'hx-get="{FRAGMENT}"' in container and 'hx-trigger="every 5s"' in container
    assert 'hx-swap="outerHTML"' in container
    assert 'href="/tanda-bahaya"' in html
    # the fragment is the same container, so polling goes on after each swap
    assert re.search(r'<div id="flags"[^>]*hx-trigger="every 5s"', html)


def test_the_timer_counts_against_the_sops_60_minutes(worker, manager, visit):
    flag = high_risk(worker, visit)
    html = manager.get(FRAGMENT).get_data(as_text=True)
    assert re.search(r'data-minutes="0" data-limit="60"', html) and "batas SOP 60 menit" in html
    assert re.search(r'class="badge overdue timer-over" hidden', html)
    RiskFlag.update(raised_at=now() - timedelta(minutes=61)).where(RiskFlag.id == flag.id).execute()
    html = manager.get(FRAGMENT).get_data(as_text=True)
    assert 'data-minutes="61"' in html and "is-overdue" in html
    assert re.search(r'class="badge overdue timer-over">Lewat batas waktu', html)
    assert flag.minutes_open(now()) == 0 and RiskFlag.get_by_id(flag.id).is_overdue()


def test_acknowledged_flags_leave_the_urgent_list(worker, manager, visit):
    flag = high_risk(worker, visit)
    response = manager.post(f"/tanda-bahaya/{flag.id}/terima")
    assert response.status_code == 302
    flag = RiskFlag.get_by_id(flag.id)
    assert flag.acknowledged_by.username == "manajer1" and flag.acknowledged_at is not None
    html = manager.get(FRAGMENT).get_data(as_text=True)
    assert visit.target.code not in urgent_part(html)
    assert "Sedang ditangani" in html and visit.target.code in html.split("Sedang ditangani")[1]
    assert "ditangani Rina Contoh" in html
    assert [e.action for e in AuditLog.for_record("risk_flag", flag.id)][-1] == "update"


def test_two_case_managers_pressing_at_once_make_one_acknowledgement(worker, manager, login, visit):
    flag = high_risk(worker, visit)
    second = add_user("manajer9", roles.CASE_MANAGER)
    seen_by_second = RiskFlag.get_by_id(flag.id)  # her page was made before the first press
    assert manager.post(f"/tanda-bahaya/{flag.id}/terima").status_code == 302
    assert seen_by_second.acknowledge(second) is False  # the one-time mark is the first manager's
    html = login("manajer9").post(f"/tanda-bahaya/{flag.id}/terima", follow_redirects=True).get_data(as_text=True)
    assert "sudah ditangani manajer kasus lain" in html
    flag = RiskFlag.get_by_id(flag.id)
    assert flag.acknowledged_by.username == "manajer1"
    assert [e.action for e in AuditLog.for_record("risk_flag", flag.id)].count("update") == 1


def test_a_flag_closes_once(worker, manager, visit):
    flag = high_risk(worker, visit)
    stale = RiskFlag.get_by_id(flag.id)
    assert manager.post(f"/tanda-bahaya/{flag.id}/tutup", {"note": "sudah aman di rumah keluarga"}).status_code == 302
    assert stale.close(user("manajer1"), "kedua") is False
    flag = RiskFlag.get_by_id(flag.id)
    assert flag.close_note == "sudah aman di rumah keluarga" and flag.acknowledged_by.username == "manajer1"
    html = manager.post(f"/tanda-bahaya/{flag.id}/tutup", {"note": "lagi"}, follow_redirects=True)
    assert "sudah ditutup sebelumnya" in html.get_data(as_text=True)


def test_only_case_managers_acknowledge(worker, login, visit):
    flag = high_risk(worker, visit)
    assert worker.post(f"/tanda-bahaya/{flag.id}/terima").status_code == 403
    assert login("kepala1").post(f"/tanda-bahaya/{flag.id}/terima").status_code == 403
    assert RiskFlag.get_by_id(flag.id).acknowledged_at is None


def test_the_worker_sees_the_flag_status(worker, manager, visit):
    flag = high_risk(worker, visit)
    html = worker.get(f"/tanda-bahaya/{flag.id}").get_data(as_text=True)
    assert "Belum ada manajer kasus yang menangani" in html and "Saya tangani" not in html
    manager.post(f"/tanda-bahaya/{flag.id}/terima")
    html = worker.get(f"/tanda-bahaya/{flag.id}").get_data(as_text=True)
    assert "Rina Contoh" in html
    assert worker.get(FRAGMENT).status_code == 403  # the list is the case managers'


# ---- Darurat ----------------------------------------------------------------------------------


def test_the_darurat_button_raises_a_flag_at_once(worker, manager, visit):
    instance_id = str(uuid.uuid4())
    response = worker.post(f"/kunjungan/{visit.id}/darurat", {"instance_id": instance_id})
    flag = RiskFlag.get()
    assert response.status_code == 302 and response.headers["Location"] == f"/tanda-bahaya/{flag.id}"
    assert (flag.source, flag.level, flag.assessment, flag.instance_id) == ("darurat", "tinggi", None, instance_id)
    html = manager.get(FRAGMENT).get_data(as_text=True)
    assert visit.target.code in urgent_part(html) and "Darurat" in html
    assert StepLog.get(StepLog.subject_id == visit.id, StepLog.step == 10).finished_at is None
    # sent twice (offline, a double tap): one flag
    again = worker.post(f"/kunjungan/{visit.id}/darurat", {"instance_id": instance_id})
    assert again.headers["Location"] == response.headers["Location"] and RiskFlag.select().count() == 1
    # the visit may be named by the instance_id its phone gave it
    worker.post(f"/kunjungan/{visit.instance_id}/darurat", {"instance_id": str(uuid.uuid4())})
    assert RiskFlag.select().where(RiskFlag.visit == visit).count() == 2


def test_an_assessment_after_darurat_completes_that_flag(worker, visit):
    worker.post(f"/kunjungan/{visit.id}/darurat", {"instance_id": str(uuid.uuid4())})
    high_risk(worker, visit)
    flag = RiskFlag.get()
    assert RiskFlag.select().count() == 1 and flag.assessment_id == RiskAssessment.get().id


def test_darurat_is_for_the_visits_own_people(login, demo, visit):
    assert login("petugas2").post(f"/kunjungan/{visit.id}/darurat").status_code == 403
    assert login("kepala1").post(f"/kunjungan/{visit.id}/darurat").status_code == 403
    assert RiskFlag.select().count() == 0


def test_closing_a_flag_without_referral_needs_a_reason(worker, manager, visit):
    worker.post(f"/kunjungan/{visit.id}/darurat")
    flag = RiskFlag.get()
    refused = manager.post(f"/tanda-bahaya/{flag.id}/tutup", {"note": ""})
    assert refused.status_code == 422 and "Tuliskan alasannya" in refused.get_data(as_text=True)
    manager.post(f"/tanda-bahaya/{flag.id}/tutup", {"note": "Tombol tertekan tidak sengaja."})
    flag = RiskFlag.get()
    assert not flag.is_open and flag.close_note == "Tombol tertekan tidak sengaja."
    assert visit.target.code not in manager.get(FRAGMENT).get_data(as_text=True)


# ---- referrals --------------------------------------------------------------------------------


def test_a_referral_with_consent_connects_the_person(worker, manager, visit):
    flag = high_risk(worker, visit)
    form = manager.get(f"/tanda-bahaya/{flag.id}/rujukan").get_data(as_text=True)
    assert "Ada persetujuan berbagi data" in form and 'type="datetime-local"' in form and 'type="tel"' in form
    response = refer(manager, flag)
    referral = Referral.get()
    assert response.status_code == 302 and response.headers["Location"] == f"/rujukan/{referral.id}"
    assert (referral.service, referral.partner_kind, referral.state) == ("kesehatan", "kesehatan", Referral.SENT)
    assert referral.provider == "RSUD Kota Contoh" and referral.contact_phone == "0812 3456 7890"
    assert referral.referred_at.strftime("%Y-%m-%d %H:%M") == "2026-01-05 07:30"  # Asia/Jakarta -> UTC
    assert [e.state for e in referral.events()] == [Referral.SENT]
    flag = RiskFlag.get_by_id(flag.id)
    assert flag.acknowledged_at is not None and not flag.is_open  # connected: off the manager's lists
    assert visit.target.code not in manager.get(FRAGMENT).get_data(as_text=True)
    step10 = StepLog.get(StepLog.subject_id == visit.id, StepLog.step == 10)
    assert step10.finished_by.username == "manajer1"
    assert AuditLog.for_record("referral", referral.id).first().action == "create"
    assert not ConsentOverride.select().exists()


def test_the_referral_shows_on_the_assessment_and_visit_pages(worker, manager, visit):
    flag = high_risk(worker, visit)
    refer(manager, flag)
    page = worker.get(f"/asesmen-risiko/{flag.assessment_id}").get_data(as_text=True)
    assert "Layanan kesehatan darurat" in page and "RSUD Kota Contoh" in page and "Terkirim" in page
    visit_page = worker.get(f"/kunjungan/{visit.id}")  # the visits area's page, with this area's section
    html = visit_page.get_data(as_text=True)
    assert visit_page.status_code == 200
    assert "RSUD Kota Contoh" in html and 'data-offline-form="darurat"' in html and "Risiko tinggi" in html


def test_bad_referral_input_is_kept_with_messages(worker, manager, visit):
    flag = high_risk(worker, visit)
    response = refer(
        manager, flag, service="", provider="", referred_at="kemarin", contact_phone="abc", contact="dr. Tetap"
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Pilih layanan darurat" in html and "Isi nama penyedia layanan" in html
    assert "Isi tanggal dan jam rujukan" in html and "Nomor telepon hanya berisi angka" in html
    assert 'value="dr. Tetap"' in html and 'value="kemarin"' in html
    assert not Referral.select().exists()


def test_no_consent_for_that_partner_blocks_the_referral(worker, manager, visit):
    flag = high_risk(worker, visit)
    form = manager.get(f"/tanda-bahaya/{flag.id}/rujukan").get_data(as_text=True)
    assert "Belum ada persetujuan: hanya sebagai rujukan darurat tanpa persetujuan" in form
    response = refer(manager, flag, service="polisi", provider="Polres Kota Contoh")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "belum memberi persetujuan untuk berbagi data dengan Kepolisian (Unit PPA)" in html
    assert 'value="Polres Kota Contoh"' in html
    assert not Referral.select().exists()
    assert AuditLog.select().where(AuditLog.action == "referral_blocked").count() == 1


def test_a_spoken_consent_shares_nothing_until_the_witness_confirms(worker, manager, login, demo):
    from web.models import Consent, User

    visit = make_visit(consent=False)
    consent = Consent.create(
        visit=visit,
        outcome=Consent.GIVEN,
        method="lisan",
        witness=User.by_username("petugas2"),
        recorded_by=User.by_username("petugas1"),
    )
    for scope in ("asesmen", "berbagi:kesehatan"):
        ConsentScope.create(consent=consent, scope=scope, granted=True)
    flag = high_risk(worker, visit)  # the assessment on the spot does not wait for the witness
    form = manager.get(f"/tanda-bahaya/{flag.id}/rujukan").get_data(as_text=True)
    assert 'id="awaiting-witness"' in form
    assert "Ada persetujuan berbagi data" not in form
    assert refer(manager, flag).status_code == 422 and not Referral.select().exists()
    assert login("petugas2").post(f"/persetujuan/{consent.id}/saksi").status_code == 302
    form = manager.get(f"/tanda-bahaya/{flag.id}/rujukan").get_data(as_text=True)
    assert 'id="awaiting-witness"' not in form and "Ada persetujuan berbagi data" in form
    assert refer(manager, flag).status_code == 302
    assert Referral.get().override is None


def test_an_override_needs_a_reason_and_is_audited_and_listed_for_the_kepala(worker, manager, login, visit):
    flag = high_risk(worker, visit)
    no_reason = refer(manager, flag, service="polisi", provider="Polres Kota Contoh", override="y")
    assert no_reason.status_code == 422 and "Tuliskan mengapa nyawa korban terancam" in no_reason.get_data(as_text=True)
    assert not Referral.select().exists()

    reason = "Pelaku membawa parang dan sedang mencari korban."
    response = refer(
        manager, flag, service="polisi", provider="Polres Kota Contoh", override="y", override_reason=reason
    )
    assert response.status_code == 302
    referral = Referral.get()
    record = ConsentOverride.get()
    assert (record.referral_id, record.partner_kind, record.reason, record.by.username) == (
        referral.id,
        "polisi",
        reason,
        "manajer1",
    )
    audit = AuditLog.get(AuditLog.action == "override")
    assert audit.record_type == "consent_override" and audit.user.username == "manajer1"
    assert PERSON_NAME not in audit.detail and reason not in audit.detail

    kepala = login("kepala1")
    home = kepala.get("/").get_data(as_text=True)
    assert "Rujukan tanpa persetujuan korban" in home and visit.target.code in home
    listing = kepala.get("/rujukan/penggantian-persetujuan").get_data(as_text=True)
    assert reason in listing and "Belum diperiksa" in listing
    assert "Rujukan darurat tanpa persetujuan korban" in manager.get(f"/rujukan/{referral.id}").get_data(as_text=True)
    kepala.post(f"/rujukan/penggantian-persetujuan/{record.id}/diperiksa")
    assert ConsentOverride.get().reviewed_by.username == "kepala1"
    assert "Rujukan tanpa persetujuan korban" not in kepala.get("/").get_data(as_text=True)
    assert manager.post(f"/rujukan/penggantian-persetujuan/{record.id}/diperiksa").status_code == 403


def test_withdrawn_consent_blocks_a_later_referral(worker, manager, visit):
    scope = ConsentScope.get(ConsentScope.scope == "berbagi:kesehatan")
    scope.withdrawn_at = now()
    scope.save()
    flag = high_risk(worker, visit)
    response = refer(manager, flag)
    assert response.status_code == 422 and not Referral.select().exists()


def test_an_override_is_not_recorded_when_consent_exists(worker, manager, visit):
    flag = high_risk(worker, visit)
    refer(manager, flag, override="y", override_reason="tidak perlu")
    assert Referral.select().count() == 1 and not ConsentOverride.select().exists()


# ---- referral states --------------------------------------------------------------------------


def test_sent_accepted_done(worker, manager, visit):
    flag = high_risk(worker, visit)
    refer(manager, flag)
    referral = Referral.get()
    page = manager.get(f"/rujukan/{referral.id}").get_data(as_text=True)
    assert 'value="diterima"' in page and 'value="ditolak"' in page and 'value="selesai"' not in page
    assert manager.post(f"/rujukan/{referral.id}/status", {"state": "diterima"}).status_code == 302
    assert manager.post(f"/rujukan/{referral.id}/status", {"state": "selesai"}).status_code == 302
    referral = Referral.get()
    assert referral.state == Referral.DONE
    assert [e.state for e in referral.events()] == ["terkirim", "diterima", "selesai"]
    assert [e.by.username for e in referral.events()] == ["manajer1"] * 3
    # nothing after done
    late = manager.post(f"/rujukan/{referral.id}/status", {"state": "diterima"})
    assert late.status_code == 422 and Referral.get().state == Referral.DONE


def test_a_state_cannot_be_skipped(worker, manager, visit):
    flag = high_risk(worker, visit)
    refer(manager, flag)
    referral = Referral.get()
    assert manager.post(f"/rujukan/{referral.id}/status", {"state": "selesai"}).status_code == 422
    assert Referral.get().state == Referral.SENT
    with pytest.raises(ValueError):
        referral.move("selesai", referral.created_by)


def test_declined_needs_a_reason_and_opens_the_flag_again(worker, manager, visit):
    flag = high_risk(worker, visit)
    refer(manager, flag)
    referral = Referral.get()
    refused = manager.post(f"/rujukan/{referral.id}/status", {"state": "ditolak", "reason": ""})
    assert refused.status_code == 422 and "Tuliskan alasan penyedia layanan menolak" in refused.get_data(as_text=True)
    manager.post(f"/rujukan/{referral.id}/status", {"state": "ditolak", "reason": "Ruang IGD penuh."})
    referral = Referral.get()
    assert (referral.state, referral.decline_reason) == (Referral.DECLINED, "Ruang IGD penuh.")
    assert ReferralEvent.select().where(ReferralEvent.note == "Ruang IGD penuh.").count() == 1
    flag = RiskFlag.get_by_id(flag.id)
    assert flag.is_open  # not connected any more: back in the manager's list
    assert visit.target.code in manager.get(FRAGMENT).get_data(as_text=True)
    refer(manager, flag, provider="Puskesmas Contoh")
    assert not RiskFlag.get_by_id(flag.id).is_open


def test_workers_see_referrals_but_do_not_change_them(worker, manager, visit):
    flag = high_risk(worker, visit)
    refer(manager, flag)
    referral = Referral.get()
    html = worker.get(f"/rujukan/{referral.id}").get_data(as_text=True)
    assert "RSUD Kota Contoh" in html and 'value="diterima"' not in html
    assert worker.post(f"/rujukan/{referral.id}/status", {"state": "diterima"}).status_code == 403
    assert worker.get(f"/tanda-bahaya/{flag.id}/rujukan").status_code == 403


# ---- handover record --------------------------------------------------------------------------


def test_the_handover_record_is_printable_and_its_printing_audited(worker, manager, login, visit):
    flag = high_risk(worker, visit)
    refer(manager, flag)
    referral = Referral.get()
    response = manager.get(f"/rujukan/{referral.id}/berita-acara")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "BERITA ACARA PENYERAHAN" in html and PERSON_NAME in html and "RSUD Kota Contoh" in html
    assert "Layanan kesehatan darurat" in html and "PIHAK PERTAMA" in html and "dr. Uji" in html
    assert "cerita rahasia" not in html  # the story stays out of the handover
    assert f"RJK-{referral.id:05d}/UPTD-PPA/2026" in html
    login("kepala1").get(f"/rujukan/{referral.id}/berita-acara")
    prints = AuditLog.select().where(AuditLog.action == "print", AuditLog.record_type == "referral")
    assert [p.user.username for p in prints] == ["manajer1", "kepala1"]
    assert worker.get(f"/rujukan/{referral.id}/berita-acara").status_code == 403


# ---- isolation --------------------------------------------------------------------------------


def test_another_unit_sees_nothing(worker, manager, login, demo, visit):
    flag = high_risk(worker, visit)
    refer(manager, flag, service="polisi", override="y", override_reason="Nyawa terancam.")
    referral = Referral.get()
    other_head = login("kepala2")
    for page in (
        f"/tanda-bahaya/{flag.id}",
        f"/rujukan/{referral.id}",
        f"/rujukan/{referral.id}/berita-acara",
        f"/asesmen-risiko/{flag.assessment_id}",
    ):
        assert other_head.get(page).status_code == 403, page
    assert visit.target.code not in other_head.get(FRAGMENT).get_data(as_text=True)
    assert "Nyawa terancam." not in other_head.get("/rujukan/penggantian-persetujuan").get_data(as_text=True)
    assert other_head.post(f"/rujukan/penggantian-persetujuan/{ConsentOverride.get().id}/diperiksa").status_code == 403
    add_user("manajer2", roles.CASE_MANAGER, "UPTD-PPA-SPL")
    other_manager = login("manajer2")
    assert visit.target.code not in other_manager.get("/").get_data(as_text=True)
    assert other_manager.post(f"/tanda-bahaya/{flag.id}/terima").status_code == 403
    assert other_manager.post(f"/tanda-bahaya/{flag.id}/rujukan", {"service": "kesehatan"}).status_code == 403
    assert other_manager.post(f"/rujukan/{referral.id}/status", {"state": "diterima"}).status_code == 403
    assert Referral.get().state == Referral.SENT
    denied = AuditLog.select().where(AuditLog.action == "denied").count()
    assert denied >= 7


def test_a_worker_not_on_the_team_sees_nothing(worker, manager, login, visit):
    flag = high_risk(worker, visit)
    refer(manager, flag)
    other = login("petugas2")
    assert other.get(f"/tanda-bahaya/{flag.id}").status_code == 403
    assert other.get(f"/rujukan/{Referral.get().id}").status_code == 403


# ---- the 5-second poll: 304 when nothing changed ------------------------------------------------


def _poll(manager, etag=None):
    headers = {"If-None-Match": etag} if etag else {}
    return manager.client.get(FRAGMENT, headers=headers)


def test_the_poll_answers_304_until_a_flag_changes(worker, manager, visit):
    first = _poll(manager)
    etag = first.headers["ETag"]
    assert first.status_code == 200 and etag
    assert f'data-etag="{etag.strip(chr(34))}"' in first.get_data(as_text=True)
    again = _poll(manager, etag)
    assert again.status_code == 304 and again.get_data() == b"" and again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == "no-store"

    flag = high_risk(worker, visit)  # raised: the list changes
    raised = _poll(manager, etag)
    assert raised.status_code == 200 and visit.target.code in raised.get_data(as_text=True)
    etag = raised.headers["ETag"]
    assert _poll(manager, etag).status_code == 304

    manager.post(f"/tanda-bahaya/{flag.id}/terima")  # acknowledged: it moves to "in handling"
    moved = _poll(manager, etag)
    assert moved.status_code == 200 and visit.target.code not in urgent_part(moved.get_data(as_text=True))


def test_the_poll_answers_304_to_the_tag_of_its_compressed_copy(worker, manager, visit):
    """A browser gets the answer compressed (brotli or gzip: its ETag then says which) and sends that
    tag back: still a 304 when nothing changed."""
    high_risk(worker, visit)  # a list long enough to be compressed
    for encoding in ("br", "gzip"):
        headers = {"Accept-Encoding": "gzip, deflate, br" if encoding == "br" else "gzip"}
        first = manager.client.get(FRAGMENT, headers=headers)
        assert first.headers["Content-Encoding"] == encoding
        etag = first.headers["ETag"]
        assert etag.endswith('-br"' if encoding == "br" else '-gz"')
        again = manager.client.get(FRAGMENT, headers={**headers, "If-None-Match": etag})
        assert again.status_code == 304 and again.get_data() == b""


def test_the_polls_etag_follows_the_minute_the_language_and_the_user(worker, manager, login, visit, monkeypatch):
    from web.referrals import panels

    etag = _poll(manager).headers["ETag"]
    manager.client.set_cookie("lang", "en")
    assert _poll(manager, etag).status_code == 200  # another language: rendered again
    manager.client.delete_cookie("lang")
    assert _poll(login("kepala1"), etag).status_code == 200  # another user never gets a 304 on this one

    high_risk(worker, visit)
    etag = _poll(manager).headers["ETag"]
    later = now() + timedelta(minutes=1)
    monkeypatch.setattr(panels, "now", lambda: later)  # the timers count one more minute
    assert _poll(manager, etag).status_code == 200


# ---- the printed referral form (issue 12 point 8) ---------------------------------------------


def test_the_referral_prints_as_the_sops_form(worker, manager, login, visit, count_queries):
    flag = high_risk(worker, visit)
    refer(manager, flag)
    referral = Referral.get()
    page = f"/rujukan/{referral.id}/cetak"
    assert f'href="{page}"' in worker.get(f"/rujukan/{referral.id}").get_data(as_text=True)  # a plain link
    response = manager.get(page)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    sheet = html.split('<article class="sheet form-sheet" lang="id">')[1].split("</article>")[0]
    assert "FORMULIR RUJUKAN / PELIMPAHAN" in sheet and f"RJK-{referral.id:05d}/UPTD-PPA/2026" in sheet
    assert "UPTD PPA KOTA CONTOH (DEMO)" in sheet  # the kop
    assert "RSUD Kota Contoh" in sheet and "Layanan kesehatan darurat" in sheet and "dr. Uji" in sheet
    assert "tanggal 5 Januari 2026, pukul 14.30 WIB" in sheet  # the handover, as a berita acara says it
    assert "<strong>TINGGI</strong>" in sheet and "DARURAT" in sheet and "60 menit" in sheet
    assert "Persetujuan korban untuk berbagi data" in sheet and PERSON_NAME in sheet
    assert "cerita rahasia" not in sheet
    signatures = sheet.split('class="form-signatures"')[1]
    assert "Yang menerima," in signatures and "Kepala UPTD PPA" in signatures and "Yang merujuk," in signatures
    assert signatures.index("dr. Uji") < signatures.index("Rina Contoh")
    # permissions: another unit, a worker off the team, admin staff; a record that does not exist
    assert login("kepala2").get(page).status_code == 403
    assert login("petugas2").get(page).status_code == 403
    assert login("admin1").get(page).status_code == 403
    assert manager.get("/rujukan/999999/cetak").status_code == 404
    # opening is a read, the Cetak button a print: both audited
    assert worker.post(page, headers={"X-Jangkau-Print": "1"}).status_code == 204
    entries = [(e.action, e.detail) for e in AuditLog.for_record("referral", referral.id)]
    assert ("view", "print view") in entries and entries[-1] == ("print", "formulir rujukan")
    # the same queries with more answers from the provider
    before = count_queries(lambda: manager.get(page))
    manager.post(f"/rujukan/{referral.id}/status", {"state": "diterima"})
    manager.post(f"/rujukan/{referral.id}/status", {"state": "selesai"})
    assert count_queries(lambda: manager.get(page)) == before
