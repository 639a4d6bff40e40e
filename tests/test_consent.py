"""Consent (SOP step 8): what was explained, who decides (guardian + the child's assent), scopes one
by one, the method (signature, thumbprint, spoken with a witness who confirms), refusal as an outcome,
consent given later, withdrawal that blocks sharing, the printed form, the offline contract."""

import base64
import io
import re
import uuid

import pytest
from PIL import Image, ImageDraw

from tests.factories import form_html, jpeg_with_gps, start_visit
from web.models import Attachment, AuditLog, Consent, ConsentScope, StepLog, User
from web.sop import CONSENT_EXPLAINED, CONSENT_SCOPES

ALL_EXPLAINED = [c.key for c in CONSENT_EXPLAINED]


def checked(html, name, value):
    """True when the radio/checkbox `name`=`value` is rendered checked."""
    pattern = rf'<input[^>]* checked [^>]*name="{re.escape(name)}"[^>]*value="{re.escape(value)}"'
    return re.search(pattern, html) is not None


def signature_data_url(blank=False):
    image = Image.new("RGBA", (640, 360), (0, 0, 0, 0))
    if not blank:
        ImageDraw.Draw(image).line([(40, 300), (200, 80), (320, 280), (600, 60)], fill=(0, 0, 0, 255), width=5)
    out = io.BytesIO()
    image.save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def consent_data(**overrides):
    data = {
        "instance_id": "",
        "explained": ALL_EXPLAINED,
        "consenter": "orang_tua_wali",
        "consenter_name": "Ibu Contoh",
        "consenter_relation": "ibu",
        "child_assent": "ya",
        "outcome": "setuju",
        "scopes": ["asesmen", "layanan", "berbagi:kesehatan", "berbagi:polisi"],
        "method": "tanda_tangan",
        "signature": signature_data_url(),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def worker(login):
    return login("petugas1")


@pytest.fixture
def visit(field, worker):
    return start_visit(worker, field)


@pytest.fixture
def adult_visit(field, worker):
    return start_visit(worker, field, target=field.adult)


def post_consent(browser, visit, data, **kw):
    return browser.post(f"/kunjungan/{visit.id}/persetujuan", data, content_type="multipart/form-data", **kw)


# ---- The form ---------------------------------------------------------------------------------------


def test_consent_form_follows_the_offline_contract(visit, worker):
    html = worker.get(f"/kunjungan/{visit.id}/persetujuan").get_data(as_text=True)
    form = form_html(html, 'data-offline-form="consent"')
    assert form.startswith('<form method="post" enctype="multipart/form-data"')
    assert '<input id="instance_id" name="instance_id" type="hidden" value="">' in form
    # every scope and every explained item, from the data
    for choice in CONSENT_EXPLAINED + CONSENT_SCOPES:
        assert f'value="{choice.key}"' in form
    assert 'capture="environment"' in form and 'accept="image/*"' in form and "data-signature" in form
    # the phone's date picker for the follow-up date of a refusal
    assert re.search(r'<input[^>]*name="follow_up_date"[^>]*type="date"', form)
    # a child: the guardian is preset from the person's record (typed values only, in the fields)
    assert checked(form, "consenter", "orang_tua_wali") and 'value="Ibu Contoh"' in form
    # no person's name in the partial (only in the page around it)
    assert "Anak Contoh" in html and "Anak Contoh" not in form and "JGK-26-0901" not in form
    assert "Orang ini anak (15 tahun)" in html
    assert AuditLog.for_record("visit", visit.id).where(AuditLog.detail == "consent form").exists()


# ---- Consent for a child -------------------------------------------------------------------------------


def test_child_consent_by_guardian_with_assent_and_signature(app, visit, worker):
    response = post_consent(worker, visit, consent_data())
    assert response.status_code == 302 and response.headers["Location"] == f"/kunjungan/{visit.id}"
    consent = Consent.get(Consent.visit == visit)
    assert consent.outcome == "setuju" and consent.consenter == "orang_tua_wali"
    assert consent.consenter_name == "Ibu Contoh" and consent.consenter_relation == "ibu"
    assert consent.child_assent is True and consent.method == "tanda_tangan"
    assert consent.explained_keys == set(ALL_EXPLAINED) and consent.recorded_by.username == "petugas1"
    scopes = {s.scope: s.granted for s in consent.scopes}
    assert set(scopes) == {c.key for c in CONSENT_SCOPES}  # every scope decided, one by one
    assert scopes["asesmen"] and scopes["berbagi:polisi"] and not scopes["berbagi:rumah_aman"]
    assert ConsentScope.sharing_allowed(visit, "polisi") is True
    assert ConsentScope.sharing_allowed(visit, "kesehatan") is True
    assert ConsentScope.sharing_allowed(visit, "rumah_aman") is False
    mark = consent.mark
    assert mark.kind == "tanda_tangan" and mark.content_type == "image/png"
    assert Image.open(f"{app.config['UPLOAD_DIR']}/{mark.stored_name}").format == "PNG"
    log = StepLog.get(StepLog.subject_type == "visit", StepLog.subject_id == visit.id, StepLog.step == 8)
    assert log.finished_at is not None
    assert AuditLog.for_record("consent", consent.id).where(AuditLog.action == "create").exists()
    html = worker.get(f"/kunjungan/{visit.id}").get_data(as_text=True)
    assert "consent-setuju" in html and "Ibu Contoh" in html and f"/lampiran/{mark.id}" in html
    assert "Asesmen dilakukan setelah" not in html  # the assessment was agreed to


def test_child_needs_guardian_name_and_assent(visit, worker):
    response = post_consent(
        worker, visit, consent_data(consenter="diri_sendiri", consenter_name="", child_assent=None, scopes=["asesmen"])
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "persetujuan diberikan oleh orang tua atau wali" in html
    assert "Tanyakan juga kepada anak itu sendiri" in html
    response = post_consent(worker, visit, consent_data(consenter_name=""))
    assert response.status_code == 422 and "Isi nama orang tua atau wali." in response.get_data(as_text=True)
    assert Consent.select().count() == 0


def test_everything_must_be_explained_before_consent(visit, worker):
    response = post_consent(worker, visit, consent_data(explained=ALL_EXPLAINED[:3], consenter_relation="nenek"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="explained-error"' in html and "centang semua" in html
    # nothing typed is lost: the ticks, the names, the signature
    assert checked(html, "explained", "yang_dicatat") and not checked(html, "explained", "gratis")
    assert 'value="nenek"' in html and checked(html, "scopes", "berbagi:polisi")
    assert checked(html, "outcome", "setuju") and checked(html, "child_assent", "ya")
    assert 'value="data:image/png;base64,' in html
    assert Consent.select().count() == 0


def test_consent_needs_a_scope_and_a_method(visit, worker):
    response = post_consent(worker, visit, consent_data(scopes=None, method=None))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "paling sedikit satu hal yang disetujui" in html and "Pilih cara menyatakan persetujuan." in html


def test_blank_or_forged_signature_is_refused(visit, worker):
    blank = post_consent(worker, visit, consent_data(signature=signature_data_url(blank=True)))
    assert blank.status_code == 422 and "Tanda tangan masih kosong" in blank.get_data(as_text=True)
    missing = post_consent(worker, visit, consent_data(signature=""))
    assert missing.status_code == 422 and "menandatangani di kotak" in missing.get_data(as_text=True)
    forged = post_consent(worker, visit, consent_data(signature="data:image/png;base64,PHN2Zz4="))
    assert forged.status_code == 422
    assert Consent.select().count() == 0 and Attachment.select().count() == 0


# ---- Thumbprint and spoken consent -----------------------------------------------------------------


def test_thumbprint_photo_is_kept_through_a_correction_and_stored_stripped(app, visit, worker):
    data = consent_data(
        method="cap_jempol",
        signature="",
        consenter_name="",
        thumbprint=(io.BytesIO(jpeg_with_gps(2400, 1800)), "jempol.jpg"),
    )
    response = post_consent(worker, visit, data)
    assert response.status_code == 422  # the guardian's name is missing
    html = response.get_data(as_text=True)
    assert 'name="thumbprint_data" type="hidden" value="data:image/jpeg;base64,' in html
    kept = html.split('name="thumbprint_data" type="hidden" value="', 1)[1].split('"', 1)[0]
    # sent again with the photo carried in the form, and the name filled in
    response = post_consent(worker, visit, consent_data(method="cap_jempol", signature="", thumbprint_data=kept))
    assert response.status_code == 302
    mark = Consent.get(Consent.visit == visit).mark
    assert mark.kind == "cap_jempol" and mark.content_type == "image/jpeg"
    stored = open(f"{app.config['UPLOAD_DIR']}/{mark.stored_name}", "rb").read()
    assert b"KameraRahasia" not in stored and not Image.open(io.BytesIO(stored)).getexif()
    assert max(Image.open(io.BytesIO(stored)).size) <= 1600


def test_thumbprint_must_be_an_image(visit, worker):
    data = consent_data(method="cap_jempol", signature="", thumbprint=(io.BytesIO(b"%PDF-1.4 x"), "a.jpg"))
    response = post_consent(worker, visit, data)
    assert response.status_code == 422 and 'id="thumbprint-error"' in response.get_data(as_text=True)


def test_spoken_consent_needs_a_colleague_who_then_confirms(field, visit, worker, login):
    petugas2 = User.by_username("petugas2")
    kepala2 = User.by_username("kepala2")
    # no witness, or someone who is not a colleague of the unit (or the worker themself): refused
    for witness in ("", str(kepala2.id), str(User.by_username("petugas1").id), str(User.by_username("kepala1").id)):
        response = post_consent(worker, visit, consent_data(method="lisan", signature="", witness=witness))
        assert response.status_code == 422, witness
        assert "Pilih petugas lain" in response.get_data(as_text=True)
    response = post_consent(worker, visit, consent_data(method="lisan", signature="", witness=str(petugas2.id)))
    assert response.status_code == 302
    consent = Consent.get(Consent.visit == visit)
    assert consent.witness_id == petugas2.id and consent.witness_confirmed_at is None and consent.needs_witness
    assert not ConsentScope.sharing_allowed(visit, "polisi")  # shared only once the witness confirms
    assert ConsentScope.allowed(visit, "asesmen")  # the assessment on the spot does not wait
    assert "menunggu konfirmasi saksi" in worker.get(f"/kunjungan/{visit.id}").get_data(as_text=True)
    # the witness (not assigned to the plan) sees it on their home screen and confirms
    witness = login("petugas2")
    home = witness.get("/").get_data(as_text=True)
    assert f'href="/persetujuan/{consent.id}/saksi"' in home and "JGK-26-0901" in home
    assert "Anak Contoh" not in witness.get(f"/persetujuan/{consent.id}/saksi").get_data(as_text=True)
    assert witness.get(f"/kunjungan/{visit.id}").status_code == 403  # the visit itself stays closed
    assert login("manajer1").post(f"/persetujuan/{consent.id}/saksi").status_code == 403  # not the witness
    assert witness.post(f"/persetujuan/{consent.id}/saksi").status_code == 302
    consent = Consent.get_by_id(consent.id)
    assert consent.witness_confirmed_at is not None and not consent.needs_witness
    assert ConsentScope.sharing_allowed(visit, "polisi")
    assert f"/persetujuan/{consent.id}/saksi" not in witness.get("/").get_data(as_text=True)
    assert AuditLog.for_record("consent", consent.id).where(AuditLog.detail == "witness confirmed").exists()


# ---- Refusal, and consent later ----------------------------------------------------------------------


def test_refusal_is_recorded_and_blocks_sharing(visit, worker):
    data = {
        "instance_id": "",
        "consenter": "orang_tua_wali",
        "consenter_name": "Ibu Contoh",
        "outcome": "menolak",
        "refusal_reason": "Takut diketahui suami",
        "after_refusal": ["dijelaskan_ulang", "kontak_ditinggalkan"],
        "follow_up_date": "2030-01-15",
    }
    response = post_consent(worker, visit, data)
    assert response.status_code == 302
    consent = Consent.get(Consent.visit == visit)
    assert consent.outcome == "menolak" and consent.refusal_reason == "Takut diketahui suami"
    assert consent.explained_again and consent.contact_left and str(consent.follow_up_date) == "2030-01-15"
    assert consent.scopes.count() == 0 and consent.mark is None
    assert ConsentScope.sharing_allowed(visit, "polisi") is False and visit.consent_state == "menolak"
    html = worker.get(f"/kunjungan/{visit.id}").get_data(as_text=True)
    assert "Orang ini menolak" in html and "Takut diketahui suami" in html and "Catat persetujuan baru" in html
    # step 8 is done (the person was asked; the refusal is its outcome)
    assert StepLog.get(StepLog.subject_id == visit.id, StepLog.step == 8).finished_at is not None


def test_refusal_by_the_child_alone_is_accepted(visit, worker):
    response = post_consent(worker, visit, {"consenter": "diri_sendiri", "outcome": "menolak"})
    assert response.status_code == 302
    consent = Consent.get(Consent.visit == visit)
    assert consent.consenter == "diri_sendiri" and not consent.explained_again and consent.refusal_reason == ""


def test_person_can_consent_later_and_the_latest_decision_counts(adult_visit, worker):
    visit = adult_visit
    post_consent(worker, visit, {"consenter": "diri_sendiri", "outcome": "menolak"})
    assert ConsentScope.sharing_allowed(visit, "kesehatan") is False
    later = consent_data(
        consenter="diri_sendiri", consenter_name="", child_assent=None, scopes=["asesmen", "berbagi:kesehatan"]
    )
    assert post_consent(worker, visit, later).status_code == 302
    assert visit.consent_state == "setuju" and ConsentScope.sharing_allowed(visit, "kesehatan") is True
    latest = Consent.latest(visit)
    assert latest.child_assent is None and latest.consenter_name == ""
    # and a refusal after a consent blocks sharing again (the latest decision counts)
    post_consent(worker, visit, {"consenter": "diri_sendiri", "outcome": "menolak"})
    assert ConsentScope.sharing_allowed(visit, "kesehatan") is False
    html = worker.get(f"/kunjungan/{visit.id}").get_data(as_text=True)
    assert "Catatan sebelumnya (2)" in html


# ---- Withdrawal ----------------------------------------------------------------------------------------


def test_withdrawal_per_scope_blocks_sharing_and_shows_on_the_record(visit, worker, login):
    post_consent(worker, visit, consent_data())
    consent = Consent.get(Consent.visit == visit)
    url = f"/kunjungan/{visit.id}/persetujuan/{consent.id}/tarik"
    page = worker.get(url).get_data(as_text=True)
    assert 'value="berbagi:polisi"' in page and 'value="berbagi:rumah_aman"' not in page  # only what was granted
    assert 'name="version" type="hidden" value="1"' in page
    missing = worker.post(url, {"scopes": ["berbagi:polisi"], "reason": "", "version": "1"})
    assert missing.status_code == 422 and "Tulis alasan penarikan" in missing.get_data(as_text=True)
    response = login("manajer1").post(
        url, {"scopes": ["berbagi:polisi"], "reason": "Tidak mau melapor ke polisi", "version": "1"}
    )
    assert response.status_code == 302
    assert ConsentScope.sharing_allowed(visit, "polisi") is False
    assert ConsentScope.sharing_allowed(visit, "kesehatan") is True
    assert visit.consent_state == "sebagian_ditarik"
    scope = ConsentScope.get(ConsentScope.consent == consent, ConsentScope.scope == "berbagi:polisi")
    assert scope.withdrawn_by.username == "manajer1" and scope.withdrawal_reason == "Tidak mau melapor ke polisi"
    html = worker.get(f"/kunjungan/{visit.id}").get_data(as_text=True)
    assert "Tidak mau melapor ke polisi" in html and "Sebagian persetujuan ditarik" in html
    entry = AuditLog.for_record("consent", consent.id).where(AuditLog.action == "update").get()
    assert entry.detail == "withdrawn: berbagi:polisi"
    # the same withdrawal from a page opened before: 409, the typed reason kept
    stale = worker.post(url, {"scopes": ["berbagi:kesehatan"], "reason": "alasan saya", "version": "1"})
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    assert "sudah diubah orang lain" in html and "alasan saya" in html
    assert ConsentScope.sharing_allowed(visit, "kesehatan") is True


def test_withdrawing_everything_makes_the_state_withdrawn(adult_visit, worker):
    visit = adult_visit
    post_consent(
        worker,
        visit,
        consent_data(
            consenter="diri_sendiri", consenter_name="", child_assent=None, scopes=["asesmen", "berbagi:rumah_aman"]
        ),
    )
    consent = Consent.latest(visit)
    worker.post(
        f"/kunjungan/{visit.id}/persetujuan/{consent.id}/tarik",
        {"scopes": ["asesmen", "berbagi:rumah_aman"], "reason": "Pindah kota", "version": "1"},
    )
    assert visit.consent_state == "ditarik" and not ConsentScope.allowed(visit, "asesmen")
    # nothing is left to withdraw: the page sends the worker back
    again = worker.get(f"/kunjungan/{visit.id}/persetujuan/{consent.id}/tarik")
    assert again.status_code == 302


# ---- Offline contract, print, isolation ------------------------------------------------------------------


def test_the_same_consent_sent_twice_is_stored_once(visit, worker):
    instance = str(uuid.uuid4())
    first = post_consent(worker, visit, consent_data(instance_id=instance))
    second = post_consent(worker, visit, consent_data(instance_id=instance))
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert Consent.select().count() == 1 and Attachment.select().count() == 1
    assert Consent.get().instance_id == instance


def test_consent_reaches_a_visit_by_its_instance_id(field, worker):
    visit_instance = str(uuid.uuid4())
    visit = start_visit(worker, field, instance_id=visit_instance)
    assert worker.get(f"/kunjungan/{visit_instance}/persetujuan").status_code == 200
    response = worker.post(
        f"/kunjungan/{visit_instance}/persetujuan", consent_data(), content_type="multipart/form-data"
    )
    assert response.status_code == 302 and response.headers["Location"] == f"/kunjungan/{visit.id}"
    assert Consent.get().visit_id == visit.id


def test_printable_consent_form_is_audited(visit, worker, login):
    post_consent(worker, visit, consent_data())
    consent = Consent.get(Consent.visit == visit)
    response = login("kepala1").get(f"/kunjungan/{visit.id}/persetujuan/{consent.id}/cetak")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "informed consent" in html and "Anak Contoh" in html and "Ibu Contoh" in html
    assert "Tanda tangan" in html and f"/lampiran/{consent.mark.id}" in html
    assert "Kepolisian (Unit PPA)" in html and "tidak disetujui" in html
    assert "data-print" in html and "consent-print.js" in html
    entry = AuditLog.for_record("consent", consent.id).where(AuditLog.action == "print").get()
    assert entry.user.username == "kepala1"
    assert login("petugas2").get(f"/kunjungan/{visit.id}/persetujuan/{consent.id}/cetak").status_code == 403
    assert login("kepala1").get(f"/kunjungan/{visit.id}/persetujuan/999999/cetak").status_code == 404


def test_only_those_who_may_edit_the_visit_record_consent(visit, login):
    assert login("petugas2").get(f"/kunjungan/{visit.id}/persetujuan").status_code == 403
    assert post_consent(login("petugas2"), visit, consent_data()).status_code == 403
    assert login("kepala1").get(f"/kunjungan/{visit.id}/persetujuan").status_code == 403
    assert login("kepala2").get(f"/kunjungan/{visit.id}/persetujuan").status_code == 403
    assert login("manajer1").get(f"/kunjungan/{visit.id}/persetujuan").status_code == 200
    assert Consent.select().count() == 0
