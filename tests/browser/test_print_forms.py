"""The SOP's forms on A4 (issue 12 point 8): the risk assessment, the referral and the outreach report,
each printed by Chromium to an A4 PDF (and a PNG of the print layout at A4 width in tests/artifacts/):
the kop and the form's title are there, no on-screen bar goes on paper, and it takes the pages expected."""

import re
import uuid

from tests.browser.conftest import ARTIFACTS, login_as
from tests.factories import answers, make_visit
from web import risk, sop
from web.models import OutreachReport, Referral, RiskAssessment, User
from web.timeutil import now


def assessed(visit, yes=("senjata",), hours=None):
    data = answers(yes=yes)
    result = risk.assess(data, None, "", hours)
    worker = User.by_username("petugas1")
    assessment, flag, _new = RiskAssessment.submit(visit, data, result, worker, str(uuid.uuid4()))
    return assessment, flag


def printed(page, name, title):
    """Print the open page to an A4 PDF; returns its number of pages (every page A4)."""
    print_button = page.get_by_role("button", name="Cetak", exact=True)
    assert print_button.is_visible()  # shown by static/js/print.js
    assert page.get_by_role("heading", name=title, exact=True).is_visible()
    assert page.errors == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.emulate_media(media="print")
    pdf = page.pdf(path=str(ARTIFACTS / f"{name}.pdf"), prefer_css_page_size=True, print_background=True)
    assert pdf.startswith(b"%PDF")
    assert not page.locator(".top").is_visible() and not print_button.is_visible()  # no on-screen bars
    page.set_viewport_size({"width": 794, "height": 1123})
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    sizes = set(re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf))
    assert sizes and all(abs(float(w) - 595.3) < 1.5 and abs(float(h) - 841.9) < 1.5 for w, h in sizes), sizes
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def test_the_risk_assessment_prints_as_the_sops_form_on_two_pages(new_phone, demo):
    visit = make_visit()
    assessment, _flag = assessed(visit, yes=("senjata", risk.RAPE_ITEM), hours=10)
    page = new_phone()
    login_as(page, "manajer1")
    page.goto(f"/asesmen-risiko/{assessment.id}")
    page.get_by_role("link", name="Cetak formulir asesmen").click()
    page.wait_for_url(f"**/asesmen-risiko/{assessment.id}/cetak")
    pages = printed(page, "formulir-asesmen-risiko", "FORMULIR ASESMEN RISIKO")
    assert pages == 2, f"the risk assessment form should take two A4 pages, got {pages}"


def test_the_referral_prints_as_the_sops_form_on_one_page(new_phone, demo):
    visit = make_visit(share=["kesehatan"])
    _assessment, flag = assessed(visit)
    manager = User.by_username("manajer1")
    health = sop.by_key(sop.EMERGENCY_SERVICES, "kesehatan")
    referral = Referral.make(
        flag, manager, health, provider="RSUD Kota Contoh", contact="dr. Uji", contact_phone="0812", referred_at=now()
    )
    page = new_phone()
    login_as(page, "manajer1")
    page.goto(f"/rujukan/{referral.id}")
    page.get_by_role("link", name="Cetak formulir rujukan").click()
    page.wait_for_url(f"**/rujukan/{referral.id}/cetak")
    pages = printed(page, "formulir-rujukan", "FORMULIR RUJUKAN / PELIMPAHAN")
    assert pages == 1, f"the referral form should fit one A4 page, got {pages}"


def test_the_outreach_report_prints_as_the_sops_report_on_two_pages_at_most(new_phone, demo):
    visit = make_visit()
    assessed(visit)
    report, _created = OutreachReport.submit(visit.plan, User.by_username("petugas1"), "Sasaran ditemukan; dirujuk.")
    page = new_phone()
    login_as(page, "kepala1")
    page.goto(f"/rencana/{visit.plan_id}/laporan-penjangkauan")
    page.get_by_role("link", name="Cetak laporan").click()
    page.wait_for_url(f"**/laporan-penjangkauan/{report.id}/cetak")
    pages = printed(page, "laporan-hasil-penjangkauan", "LAPORAN HASIL PENJANGKAUAN")
    assert pages <= 2, f"the outreach report of one visit should fit two A4 pages, got {pages}"
