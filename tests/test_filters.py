"""One date and time format per language, in the unit's own time zone (issue 12 point 9): stored times
are naive UTC; "5 Des 2026, 06.09 WIB" in Bahasa Indonesia, "5 Dec 2026, 06:09 WIB" in English; the
berita acara's "Minggu, tanggal 29 November 2026, pukul 06.11 WIB". SQLite and PostgreSQL."""

from datetime import date, datetime

import pytest
from flask_babel import force_locale
from flask_login import login_user

from tests.factories import user
from web.filters import local_date, local_datetime, spoken
from web.models import Unit


@pytest.mark.parametrize(
    ("zone", "stored", "indonesian", "english"),
    [
        ("Asia/Jakarta", datetime(2026, 12, 4, 23, 9), "5 Des 2026, 06.09 WIB", "5 Dec 2026, 06:09 WIB"),
        ("Asia/Makassar", datetime(2026, 12, 4, 22, 9), "5 Des 2026, 06.09 WITA", "5 Dec 2026, 06:09 WITA"),
        ("Asia/Jayapura", datetime(2026, 12, 4, 21, 9), "5 Des 2026, 06.09 WIT", "5 Dec 2026, 06:09 WIT"),
    ],
)
def test_one_format_per_language_in_the_units_time_zone(app, demo, zone, stored, indonesian, english):
    Unit.update(timezone=zone).where(Unit.code == "UPTD-PPA").execute()
    with app.test_request_context():
        login_user(user("petugas1"))
        with force_locale("id"):
            assert local_datetime(stored) == indonesian
            assert local_datetime(stored, "short") == indonesian  # old callers' formats: the same one
            assert local_date(stored) == indonesian.split(",")[0]
        with force_locale("en"):
            assert local_datetime(stored) == english


def test_the_berita_acara_says_the_day_the_date_and_the_time(app, demo):
    with app.test_request_context():
        login_user(user("manajer1"))
        with force_locale("id"):
            assert spoken(datetime(2026, 11, 28, 23, 11)) == "Minggu, tanggal 29 November 2026, pukul 06.11 WIB"
            assert local_date(date(2030, 3, 2), "long") == "2 Maret 2030"
        with force_locale("en"):
            assert spoken(datetime(2026, 11, 28, 23, 11)) == "Sunday, 29 November 2026, at 06:11 WIB"


def test_a_unit_in_wita_sees_its_own_time_on_screens(login, demo):
    # kepala2's demo unit works in WITA: a stored time is shown in its zone, with its name
    unit = Unit.get(Unit.code == "UPTD-PPA-SPL")
    assert unit.zone == "WITA"
    page = login("kepala2").get("/").get_data(as_text=True)
    assert "UPTD PPA Kabupaten Sampel" in page
