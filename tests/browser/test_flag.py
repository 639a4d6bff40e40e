"""Two phones: the worker fills a high-risk assessment; the case manager's home screen, already
open, shows the flag within 10 seconds with no reload; the manager acknowledges and refers, and the
referral shows on the worker's assessment page."""

import time

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, check_screen, login_as, screenshot, tap_targets_too_small
from tests.factories import answers, jpeg_with_gps, make_visit
from web import risk


def fill_consent_on_the_phone(worker, visit, tmp_path):
    """The worker takes an adult's consent on the phone: all explained, scopes one by one, a
    thumbprint photo from the camera."""
    worker.goto(f"/kunjungan/{visit.id}")
    worker.get_by_role("link", name="Minta persetujuan").click()
    form = worker.locator('form[data-offline-form="consent"]')
    for label in (
        "Apa saja yang dicatat tentang dirinya",
        "Siapa saja yang akan melihat catatan itu",
        "Ia boleh menolak, dan boleh menarik persetujuannya kapan saja",
        "Layanan ini gratis",
    ):
        form.get_by_label(label).check()
    expect(form.get_by_label("Orang itu sendiri")).to_be_checked()
    form.get_by_label("Setuju", exact=True).check()
    form.get_by_label("Asesmen: ditanya tentang keadaan dan keselamatannya").check()
    form.get_by_label("Menerima layanan UPTD PPA").check()
    form.get_by_label("Informasinya dibagikan kepada: Layanan kesehatan (RSUD, Puskesmas)").check()
    form.locator('input[name="method"][value="cap_jempol"]').check()
    photo = tmp_path / "cap-jempol.jpg"
    photo.write_bytes(jpeg_with_gps(1200, 900))
    form.locator('input[name="thumbprint"]').set_input_files(str(photo))
    assert_accessible(worker)
    assert tap_targets_too_small(worker) == []
    assert worker.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(worker, "flag-flow-consent-360")
    worker.get_by_role("button", name="Simpan").click()
    expect(worker.get_by_text("Persetujuan tersimpan")).to_be_visible()


def test_high_risk_reaches_the_case_managers_phone_within_10_seconds(new_phone, demo, tmp_path):
    visit = make_visit(consent=False)  # the worker takes the consent on the phone, below
    code = visit.target.code

    manager = new_phone()
    login_as(manager, "manajer1")
    expect(manager.get_by_role("heading", name="Tanda bahaya dari lapangan", exact=True)).to_be_visible()
    expect(manager.locator("#flags")).to_contain_text("Tidak ada tanda bahaya baru")
    navigations = []
    manager.on("framenavigated", lambda frame: frame == manager.main_frame and navigations.append(frame.url))

    worker = new_phone()
    login_as(worker, "petugas1")
    fill_consent_on_the_phone(worker, visit, tmp_path)
    worker.goto(f"/kunjungan/{visit.id}/asesmen-risiko")
    expect(worker.locator("#risk-result")).to_contain_text("Tingkat risiko dan alasannya muncul di sini")
    for key, value in answers(yes=["senjata", risk.RAPE_ITEM]).items():
        worker.locator(f'input[name="{key}"][value="{value}"]').check()
    hours = worker.get_by_label("Sudah berapa jam sejak perkosaan?")
    expect(hours).to_be_visible()  # shown because the rape item is Ya
    assert hours.get_attribute("inputmode") == "numeric"
    hours.fill("10")
    hours.blur()
    # the level and the reasons, live, before saving (htmx), with the deadlines
    result = worker.locator("#risk-result")
    expect(result).to_contain_text("Tinggi")
    expect(result).to_contain_text("senjata dipakai atau diancamkan")
    expect(result).to_contain_text("sisa 62 jam")
    assert worker.locator(".seg-opt").first.bounding_box()["height"] >= 44
    assert_accessible(worker)
    assert tap_targets_too_small(worker) == []
    assert worker.evaluate("document.documentElement.scrollWidth") <= 360
    result.scroll_into_view_if_needed()
    screenshot(worker, "risk-result-360")
    result.screenshot(path="tests/artifacts/risk-result-card-360.png")

    worker.get_by_role("button", name="Simpan asesmen").click()
    saved_at = time.monotonic()
    expect(worker.get_by_role("heading", name=f"Hasil asesmen risiko: {code}")).to_be_visible()

    # the manager's open home screen: the flag appears by itself
    flag = manager.locator("#flags .urgent").get_by_text(code)
    expect(flag).to_be_visible(timeout=10_000)
    assert time.monotonic() - saved_at < 10
    assert navigations == []  # no reload
    expect(manager.locator("#flags")).to_contain_text("menit sejak dilaporkan")
    expect(manager.locator("#flags .timer-over").first).to_be_hidden()  # not overdue yet
    expect(manager.locator("#flags")).to_contain_text("PEP (obat pencegah HIV)")
    assert_accessible(manager)
    assert tap_targets_too_small(manager) == []
    screenshot(manager, "flag-manager-360")

    # acknowledge, then refer
    flag.click()
    expect(manager.get_by_role("heading", name=f"Risiko tinggi: {code}")).to_be_visible()
    manager.get_by_role("button", name="Saya tangani").click()
    manager.get_by_role("link", name="Buat rujukan darurat").click()
    manager.get_by_label("Layanan kesehatan darurat").check()
    manager.get_by_label("Penyedia layanan").fill("RSUD Kota Contoh")
    manager.get_by_label("Nama petugas yang menerima").fill("dr. Uji")
    manager.get_by_label("Nomor telepon petugas yang menerima").fill("081234567890")
    assert_accessible(manager)
    assert tap_targets_too_small(manager) == []
    screenshot(manager, "referral-form-360")
    manager.get_by_role("button", name="Simpan rujukan").click()
    expect(manager.get_by_role("heading", name="Rujukan ke Layanan kesehatan darurat")).to_be_visible()
    expect(manager.locator("main")).to_contain_text("Terkirim")
    manager.get_by_role("button", name="Diterima penyedia layanan").click()
    expect(manager.locator(".ref-history")).to_contain_text("Diterima")
    assert_accessible(manager)
    screenshot(manager, "referral-360")

    # the worker sees the referral on the assessment page, and on the visit
    worker.reload()
    expect(worker.locator("main")).to_contain_text("RSUD Kota Contoh")
    expect(worker.locator("main")).to_contain_text("Diterima")
    assert_accessible(worker)
    worker.goto(f"/kunjungan/{visit.id}")
    referrals = worker.locator(".visit-risk .referral-list")
    expect(referrals).to_contain_text("RSUD Kota Contoh")
    expect(referrals).to_contain_text("Diterima")
    assert_accessible(worker)
    assert tap_targets_too_small(worker) == []
    screenshot(worker, "flag-flow-visit-360")
    assert worker.errors == [] and manager.errors == []


def test_the_darurat_button_on_the_risk_page(new_phone, demo):
    visit = make_visit()
    manager = new_phone()
    login_as(manager, "manajer1")
    worker = new_phone()
    login_as(worker, "petugas1")
    worker.goto(f"/kunjungan/{visit.id}/asesmen-risiko")
    opener = worker.locator("#darurat > summary")
    assert opener.bounding_box()["y"] < 320 and opener.bounding_box()["height"] >= 44  # at the top
    opener.click()
    button = worker.get_by_role("button", name="Ya, kirim DARURAT sekarang")
    assert button.bounding_box()["y"] - opener.bounding_box()["y"] > 100  # not under the first tap
    assert worker.locator("#darurat time[data-clock]").inner_text().strip()
    button.click()
    expect(worker.locator("main")).to_contain_text("Tanda DARURAT terkirim")
    expect(manager.locator("#flags .urgent").get_by_text(visit.target.code)).to_be_visible(timeout=10_000)
    assert_accessible(worker)
    screenshot(worker, "darurat-sent-360")
    assert worker.errors == [] and manager.errors == []


def _records():
    """A high-risk visit referred without consent (override), a sedang one, and a report."""
    from web.models import ConsentOverride, OutreachReport, Referral, ReferralEvent, RiskAssessment, RiskFlag, User
    from web.timeutil import now

    worker, manager = User.by_username("petugas1"), User.by_username("manajer1")
    high = make_visit(child=True)
    data = answers(yes=["senjata"])
    assessment = RiskAssessment.record(high, data, risk.assess(data), worker, None)
    flag = RiskFlag.create(
        unit=high.unit_id,
        visit=high,
        assessment=assessment,
        raised_by=worker,
        acknowledged_at=now(),
        acknowledged_by=manager,
    )
    referral = Referral.create(
        unit=high.unit_id,
        visit=high,
        flag=flag,
        service="polisi",
        partner_kind="polisi",
        provider="Polres Kota Contoh",
        contact="Bripka Uji",
        contact_phone="0812000111",
        referred_at=now(),
        created_by=manager,
    )
    ReferralEvent.create(referral=referral, state=Referral.SENT, by=manager)
    ConsentOverride.create(
        unit=high.unit_id,
        referral=referral,
        visit=high,
        partner_kind="polisi",
        reason="Pelaku mengancam dengan parang malam ini.",
        by=manager,
    )
    OutreachReport.create(
        unit=high.unit_id, plan=high.plan, findings="Sasaran ditemukan dan dirujuk.", submitted_by=worker
    )
    medium = make_visit()
    data = answers(yes=["berpisah", "cemburu_mengontrol"])
    other = RiskAssessment.record(medium, data, risk.assess(data), worker, None)
    return flag, referral, other, high


def test_the_kepala_and_the_case_manager_screens_at_360(new_phone, demo):
    flag, referral, medium, high = _records()
    kepala = new_phone()
    login_as(kepala, "kepala1")
    expect(kepala.locator("main")).to_contain_text("Rujukan tanpa persetujuan korban")
    expect(kepala.locator("main")).to_contain_text("Laporan penjangkauan menunggu")
    kepala.get_by_role("link", name="Periksa rujukan darurat tanpa persetujuan").click()
    expect(kepala.locator("main")).to_contain_text("Pelaku mengancam dengan parang malam ini.")
    assert_accessible(kepala)
    assert tap_targets_too_small(kepala) == []
    screenshot(kepala, "overrides-kepala-360")
    kepala.get_by_role("button", name="Tandai sudah diperiksa").click()
    expect(kepala.locator("main")).not_to_contain_text("Belum diperiksa")
    kepala.goto(f"/rencana/{high.plan_id}/laporan-penjangkauan")
    expect(kepala.locator("main")).to_contain_text("Sasaran ditemukan dan dirujuk.")
    assert_accessible(kepala)
    assert tap_targets_too_small(kepala) == []
    screenshot(kepala, "report-kepala-360")
    kepala.get_by_role("button", name="Tandai laporan sudah diterima").click()
    expect(kepala.locator("main")).to_contain_text("Diterima")
    kepala.goto(f"/rujukan/{referral.id}/berita-acara")
    expect(kepala.get_by_role("heading", name="BERITA ACARA PENYERAHAN")).to_be_visible()
    expect(kepala.get_by_role("button", name="Cetak")).to_be_visible()  # shown by static/js/print.js
    assert_accessible(kepala)
    screenshot(kepala, "handover-360")
    assert kepala.errors == []

    manager = new_phone()
    login_as(manager, "manajer1")
    manager.goto(f"/tanda-bahaya/{flag.id}")
    expect(manager.get_by_role("link", name="Buat rujukan darurat")).to_be_visible()
    assert_accessible(manager)
    assert tap_targets_too_small(manager) == []
    screenshot(manager, "flag-detail-360")
    manager.goto("/")
    manager.locator(f'a[href="/asesmen-risiko/{medium.id}"]').click()
    manager.get_by_role("link", name="Jadwalkan asesmen lanjutan").click()
    manager.get_by_label("Petugas yang ditugasi").select_option(label="Budi Contoh (petugas demo)")
    assert_accessible(manager)
    assert tap_targets_too_small(manager) == []
    screenshot(manager, "further-new-360")
    manager.get_by_role("button", name="Simpan jadwal").click()
    expect(manager.locator("main")).to_contain_text("Budi Contoh")
    assert manager.errors == []


def test_the_workers_further_assessment_and_report_forms_at_360(new_phone, demo):
    """Steps 10b and 11 on the worker's phone: the further assessment's findings, the outreach report."""
    from datetime import date

    from web.models import FurtherAssessment, RiskAssessment, User

    worker_user, manager = User.by_username("petugas1"), User.by_username("manajer1")
    visit = make_visit()
    data = answers(yes=["berpisah", "cemburu_mengontrol"])
    assessment = RiskAssessment.record(visit, data, risk.assess(data), worker_user, None)
    further = FurtherAssessment.create(
        unit=visit.unit_id,
        visit=visit,
        assessment=assessment,
        scheduled_for=date.today(),
        assigned_to=worker_user,
        notes="Periksa keadaan anak.",
        created_by=manager,
    )
    worker = new_phone()
    login_as(worker, "petugas1")
    worker.locator(f'a[href="/asesmen-lanjutan/{further.id}"]').first.click()
    expect(worker.locator("main")).to_contain_text("Periksa keadaan anak.")
    check_screen(worker, "further-worker-360")
    worker.get_by_label("Hasil asesmen lanjutan").fill("Anak tinggal dengan nenek, aman.")
    worker.get_by_role("button", name="Tandai selesai").click()
    expect(worker.locator("main")).to_contain_text("Anak tinggal dengan nenek, aman.")

    worker.goto("/")
    worker.locator(f'a[href="/rencana/{visit.plan_id}/laporan-penjangkauan"]').first.click()
    expect(worker.locator("main")).to_contain_text(visit.target.code)
    worker.get_by_role("button", name="Kirim laporan ke Kepala UPTD").click()  # findings missing
    expect(worker.locator("#findings-error")).to_be_visible()
    check_screen(worker, "report-worker-360")
    worker.get_by_label("Temuan petugas").fill("Satu sasaran dijangkau; asesmen lanjutan selesai.")
    worker.get_by_role("button", name="Kirim laporan ke Kepala UPTD").click()
    expect(worker.locator("main")).to_contain_text("Menunggu Kepala UPTD")
    assert [e for e in worker.errors if "status of 422" not in e] == []


def test_the_poll_gets_304_and_keeps_the_list_until_a_flag_comes(new_phone, demo):
    """Nothing changed: the 5-second poll answers 304 and the list stays on screen; a new flag still
    arrives by itself."""
    visit = make_visit()
    manager = new_phone()
    login_as(manager, "manajer1")
    flags = manager.locator("#flags")
    expect(flags).to_contain_text("Tidak ada tanda bahaya baru")
    unchanged = lambda r: "/tanda-bahaya/daftar" in r.url and r.status == 304  # noqa: E731
    with manager.expect_response(unchanged, timeout=15_000) as poll:
        pass
    assert poll.value.request.headers.get("if-none-match")
    expect(flags).to_contain_text("Tidak ada tanda bahaya baru")  # the 304 swapped nothing away

    from web.models import RiskFlag, User

    RiskFlag.create(unit=visit.unit_id, visit=visit, source=RiskFlag.EMERGENCY, raised_by=User.by_username("petugas1"))
    expect(manager.locator("#flags .urgent").get_by_text(visit.target.code)).to_be_visible(timeout=15_000)
    assert manager.errors == []
