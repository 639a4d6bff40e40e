"""Search on a 360 px phone (issue 12 point 3): a case manager finds a person by part of her name typed
without its accent and in another case, by NIK and by case code; opens the case filters and filters by
status and SOP; pages to the next page (keyset). Only what she may open is listed; axe-core clean, 44 px
tap targets (the "Saring kasus" toggle too), no sideways scrolling."""

from playwright.sync_api import expect

from tests.browser.conftest import check_screen, login_as
from tests.factories import user
from web.models import Case, Person, Unit


def person(name, unit="UPTD-PPA", by="petugas1", **fields):
    return Person.create(unit=Unit.get(Unit.code == unit), name=name, sex="p", created_by=user(by), **fields)


def open_case(someone, procedure, by="admin1"):
    return Case.open(
        someone.unit,
        user(by),
        person=someone,
        procedure=procedure,
        channel="polisi",
        manager=user("manajer1"),
        worker=user("petugas1"),
        chronology="kronologi rahasia",
    )


def search(phone, q, jenis="Orang"):
    phone.get_by_label("Nama, NIK, kode, telepon, atau desa").fill(q)
    if jenis:
        phone.get_by_label("Cari di").select_option(label=jenis)
    phone.locator("form.search").get_by_role("button", name="Cari").click()
    phone.wait_for_load_state("domcontentloaded")
    return phone.locator("#hasil-h").locator("xpath=..")


def test_a_case_manager_searches_filters_and_pages_on_a_phone(new_phone, demo):
    siti = person("Sîti Rahmawati", nik="3201014101950001", desa="Sukamaju")
    case = open_case(siti, "perdagangan_orang")
    other = person("Dewi Séndang", desa="Cibeureum")
    open_case(other, "kekerasan")
    person("Siti Seberang", unit="UPTD-PPA-SPL", by="kepala2")  # another unit: never listed
    for i in range(53):
        person(f"Anggrek Uji {i:02d}")

    phone = login_as(new_phone(), "manajer1")
    phone.goto("/cari")
    filters = phone.locator("form.search details")
    summary = filters.locator("summary")
    box = summary.bounding_box()
    assert box["height"] >= 44, box  # the toggle is a tap target, not a 24 px line of text
    check_screen(phone, "search-empty-360")

    # part of the name, another case, no accent: the accented name is found, the other unit's is not
    results = search(phone, "SITI rahma")
    expect(results.get_by_text("Sîti Rahmawati")).to_be_visible()
    expect(results.get_by_role("link", name=f"Kasus {case.code}")).to_be_visible()
    assert "Seberang" not in results.inner_text()
    check_screen(phone, "search-results-360")
    results = search(phone, "siti")
    assert "Sîti Rahmawati" in results.inner_text() and "Seberang" not in results.inner_text()

    # by NIK: the NIK is shown masked, never whole
    results = search(phone, "3201014101950001")
    expect(results.get_by_text("Sîti Rahmawati")).to_be_visible()
    assert "3201014101950001" not in results.inner_text()

    # by case code, typed in lower case and without its zeros
    results = search(phone, case.code.lower().replace("-000", "-"), jenis="Kasus")
    expect(results.get_by_role("link").filter(has_text=case.code)).to_be_visible()
    assert other.name not in results.inner_text()

    # the case filters: status and SOP
    phone.get_by_label("Nama, NIK, kode, telepon, atau desa").fill("")
    summary.click()
    expect(phone.get_by_label("Status kasus")).to_be_visible()
    phone.get_by_label("Status kasus").select_option(label="Terbuka")
    phone.get_by_label("SOP", exact=True).select_option(value="perdagangan_orang")
    check_screen(phone, "search-filters-open-360")
    phone.locator("form.search").get_by_role("button", name="Cari").click()
    phone.wait_for_load_state("domcontentloaded")
    results = phone.locator("#hasil-h").locator("xpath=..")
    expect(results.get_by_role("link").filter(has_text=case.code)).to_be_visible()
    assert "Dewi" not in results.inner_text() and results.locator("li").count() == 1
    assert filters.get_attribute("open") is not None  # the chosen filters stay open and chosen
    expect(phone.get_by_label("SOP", exact=True)).to_have_value("perdagangan_orang")
    check_screen(phone, "search-filtered-360")
    phone.get_by_label("SOP", exact=True).select_option(value="kekerasan")
    phone.locator("form.search").get_by_role("button", name="Cari").click()
    phone.wait_for_load_state("domcontentloaded")
    assert case.code not in phone.locator("#hasil-h").locator("xpath=..").inner_text()

    # keyset pages: 53 people, 50 on the first page, the 3 others after "Berikutnya", none twice
    phone.goto("/cari")
    results = search(phone, "anggrek")
    first = results.locator("li strong").all_inner_texts()
    assert len(first) == 50
    results.get_by_role("link", name="Berikutnya").click()
    phone.wait_for_url("**setelah=**")
    results = phone.locator("#hasil-h").locator("xpath=..")
    rest = results.locator("li strong").all_inner_texts()
    assert len(rest) == 3 and not set(first) & set(rest)
    assert set(first) | set(rest) == {f"Anggrek Uji {i:02d}" for i in range(53)}
    expect(results.get_by_role("link", name="Berikutnya")).to_have_count(0)
    expect(phone.get_by_label("Nama, NIK, kode, telepon, atau desa")).to_have_value("anggrek")
    check_screen(phone)
    assert phone.errors == []


def test_a_worker_finds_only_the_people_she_may_open(new_phone, demo):
    person("Melati Satu", by="petugas1")
    person("Melati Dua", by="petugas2")  # another worker's: not hers to open
    phone = login_as(new_phone(), "petugas1")
    phone.goto("/cari")
    results = search(phone, "MELATI")
    expect(results.get_by_text("Melati Satu")).to_be_visible()
    assert "Melati Dua" not in results.inner_text()
    check_screen(phone)
    assert phone.errors == []
