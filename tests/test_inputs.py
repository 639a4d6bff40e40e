"""Bad input never makes a 500 (web/inputs.py): strict ids in URLs, numbers and dates in forms, file
parts in text fields, a busy database; and a property-based run (Hypothesis) that throws generated bad
input at every form endpoint of the permission table, logged in with a role that may use it."""

import io
import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from peewee import OperationalError

import web
from tests.factories import HUGE, ID_MODELS, ODD_DATES, UNICODE_DIGITS, URL_IDS, answers, make_visit
from web import inputs, risk
from web.models import (
    Attachment,
    Target,
)
from web.permissions import ANY_USER, PERMISSIONS, PUBLIC

USER_OF_ROLE = {"petugas": "petugas1", "manajer": "manajer1", "kepala": "kepala1", "admin": "admin1"}


# ---- the pieces ----------------------------------------------------------------------------------


def test_parse_id_takes_ascii_digits_within_64_bits_only():
    assert inputs.parse_id("42") == 42
    assert inputs.parse_id(str(2**63 - 1)) == 2**63 - 1
    for bad in ("0", "-1", str(2**63), "99999999999999999999", "²", "٣", "4\u0661", "1e3", "", " ", None, "0x1"):
        assert inputs.parse_id(bad) is None, bad


def test_parse_int_refuses_unicode_digits_and_huge_numbers():
    assert inputs.parse_int("-5") == -5
    assert inputs.parse_int("²") is None
    assert inputs.parse_int("١٢") is None
    assert inputs.parse_int("9" * 40) is None
    assert inputs.parse_int("7", low=0, high=5) is None


def test_dates_before_1900_are_refused_with_a_message(app):
    with app.test_request_context():
        with pytest.raises(ValueError, match="1900"):
            inputs.parse_date("0001-01-01")
        assert inputs.parse_date("2026-05-01") == date(2026, 5, 1)
        assert inputs.parse_date("٢٠٢٦-٠٥-٠١") is None


def test_every_int_in_a_url_uses_the_strict_converter(app):
    rules = [rule for rule in app.url_map.iter_rules() if rule.arguments]
    for rule in rules:
        for name, converter in rule._converters.items():
            if name.endswith("_id"):
                assert isinstance(converter, inputs.IdConverter), rule.rule


def test_every_form_derives_from_the_shared_form(app):
    import flask_wtf

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [c for c in subclasses(flask_wtf.FlaskForm) if c.__module__.startswith("web.")]
    assert ours
    for form_class in ours:
        assert issubclass(form_class, inputs.FlaskForm), form_class


@pytest.mark.parametrize(
    "url",
    [
        "/rencana/99999999999999999999",
        "/rencana/²",
        "/rencana/٣",
        "/rencana/0",
        "/kunjungan/²",
        "/kunjungan/99999999999999999999",
        "/sasaran/18446744073709551616",
        "/lampiran/9223372036854775808",
        "/rencana/9223372036854775807",
    ],
)
def test_odd_ids_in_urls_are_404(login, url):
    assert login("manajer1").get(url).status_code == 404


def test_a_file_in_a_text_field_is_refused_next_to_the_field(anon):
    anon.get("/login")
    response = anon.post(
        "/login", {"username": (io.BytesIO(b"petugas1"), "u.txt"), "password": "x"}, content_type="multipart/form-data"
    )
    assert response.status_code in (400, 422, 200)
    assert "bukan berkas" in response.get_data(as_text=True)


def test_nul_characters_never_reach_the_database(login, demo):
    manager = login("manajer1")
    manager.get("/sasaran/baru")
    response = manager.post(
        "/sasaran/baru",
        {"kind": "laporan", "source": "warga", "received_at": "2026-01-01T10:00", "report": "Laporan\x00 uji"},
    )
    assert response.status_code < 500
    assert all("\x00" not in (target.report or "") for target in Target.select())


def test_unicode_digits_in_the_hours_field_are_refused(login, demo):
    visit = make_visit()
    worker = login("petugas1")
    url = f"/kunjungan/{visit.id}/asesmen-risiko"
    worker.get(url)
    data = answers(yes=[risk.RAPE_ITEM])
    data["hours_since_rape"] = "²"
    response = worker.post(url, data)
    assert response.status_code == 422
    assert "Isi jumlah jam dengan angka" in response.get_data(as_text=True)


def test_a_year_1_date_is_refused_next_to_the_field(login, demo):
    manager = login("manajer1")
    response = manager.post(
        "/sasaran/baru",
        {"kind": "laporan", "source": "warga", "received_at": "0001-01-01T10:00", "report": "Laporan uji"},
    )
    assert response.status_code == 422
    assert "1900" in response.get_data(as_text=True)


def test_a_busy_database_is_a_503_with_retry_after(anon, monkeypatch):
    from web import db as database

    real_connect, calls = database.db.obj.connect, []

    def locked_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return real_connect(*args, **kwargs)

    monkeypatch.setattr(database.db.obj, "connect", locked_once)
    response = anon.client.get("/login")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(web.RETRY_AFTER_SECONDS)
    assert "coba lagi" in response.get_data(as_text=True)


# ---- heavy images: refused by their header, JPEG decoded at a reduced scale ---------------------


def png_of(width, height, mode="L"):
    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, (width, height), 200).save(out, "PNG", optimize=True)
    return out.getvalue()


def test_a_59_megapixel_png_is_refused_from_its_header_without_decoding(app, monkeypatch):
    from PIL import ImageFile

    from web.visits import uploads

    bomb = png_of(9000, 6612)  # ~60 kB that would unpack to 59.5 megapixels
    assert len(bomb) < 400_000

    def no_decoding(self, *args, **kwargs):
        raise AssertionError("decoded an image that the header already shows is too big")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    with app.test_request_context(), pytest.raises(uploads.UploadError, match="59 megapiksel"):
        uploads.open_image(bomb)


def test_png_and_webp_have_a_lower_cap_than_jpeg(app):
    from web.visits import uploads

    with app.test_request_context():
        with pytest.raises(uploads.UploadError, match="megapiksel"):
            uploads.open_image(png_of(4500, 3000))  # 13.5 MP, decoded whole
        assert uploads.open_image(png_of(4000, 3000)).size == (4000, 3000)


def test_a_big_jpeg_is_decoded_at_a_reduced_scale(app):
    from PIL import Image

    from web.visits import uploads

    out = io.BytesIO()
    Image.new("RGB", (4000, 3000), (90, 120, 200)).save(out, "JPEG")
    with app.test_request_context():
        assert uploads.open_image(out.getvalue()).size == (2000, 1500)  # draft: 1/2, still >= 1600 px


def test_a_heavy_image_is_refused_next_to_the_file_field(login, demo):
    visit = make_visit()
    worker = login("petugas1")
    worker.get(f"/kunjungan/{visit.id}/lampiran")
    response = worker.post(
        f"/kunjungan/{visit.id}/lampiran",
        {"photo": (io.BytesIO(png_of(9000, 6612)), "bom.png"), "caption": "keterangan saya"},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "terlalu besar (59 megapiksel" in html
    assert "keterangan saya" in html
    assert Attachment.select().count() == 0


# ---- generated bad input at every form endpoint ---------------------------------------------------

# HUGE, UNICODE_DIGITS, ODD_DATES, URL_IDS: tests/factories.py (bench/fuzz.py sends the same)


def bad_text():
    return st.one_of(
        st.sampled_from(HUGE + UNICODE_DIGITS + ODD_DATES + ["", " ", "\x00", "null", "[]", "{}", "<script>"]),
        st.text(max_size=40),
        st.integers(min_value=-(2**80), max_value=2**80).map(str),
        st.just("x" * 20000),
    )


def a_value():
    """A text value, or the same name sent as a file part."""
    return st.one_of(
        bad_text(),
        bad_text(),
        bad_text().map(lambda text: ("file", text)),
    )


NAME_RE = re.compile(r'name="([^"]+)"')


def form_endpoints(app):
    """[(rule, methods, username)] for every endpoint of the permission table that takes a form (POST),
    with a demo user whose role may use it (anonymous for a public one)."""
    out = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint not in PERMISSIONS or "POST" not in rule.methods:
            continue
        allowed = PERMISSIONS[rule.endpoint]
        if rule.endpoint == "auth.logout":
            user = "petugas2"  # logging out ends every session of that user: not the one the others use
        elif allowed == PUBLIC:
            user = None
        elif allowed == ANY_USER:
            user = "petugas1"
        else:
            user = next((USER_OF_ROLE[role] for role in allowed if role in USER_OF_ROLE), None)
            if user is None:
                continue
        out.append((rule, sorted(rule.methods - {"HEAD", "OPTIONS"}), user))
    return out


def real_url(rule, visit):
    values = {}
    for arg in rule.arguments:
        if arg == "ref":
            values[arg] = visit.id
        else:
            model = ID_MODELS.get(arg)
            row = model.select().order_by(model.id).first() if model else None
            values[arg] = row.id if row else 1
    return rule.build(values, append_unknown=False)[1], values


def throw_bad_input(browser, rule, url, values, names, failures):
    """Generated bad requests at one endpoint (a real record's URL, or an odd id), as `browser`."""

    @settings(max_examples=6, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(
        fields=st.dictionaries(st.sampled_from(names), a_value(), max_size=6),
        method=st.sampled_from(["POST"] * 6 + ["PUT", "DELETE", "PATCH", "GET"]),
        url_id=st.one_of(st.none(), st.sampled_from(URL_IDS)),
        csrf=st.sampled_from(["good", "good", "good", "missing", "wrong"]),
        query=st.dictionaries(
            st.sampled_from(["plan", "target", "sasaran", "next", "lang", "ukuran"]), bad_text(), max_size=2
        ),
        multipart=st.booleans(),
    )
    def throw(fields, method, url_id, csrf, query, multipart):
        target = url
        if url_id is not None and values:
            first = next(iter(values))
            target = rule.build({**values, first: 1}, append_unknown=False)[1]
            target = target.replace("/1", "/" + url_id, 1) if "/1" in target else target
        data = {}
        for name, value in fields.items():
            data[name] = (
                (io.BytesIO(value[1].encode("utf-8", "replace")), "x.txt") if isinstance(value, tuple) else value
            )
        if csrf == "good":
            data["csrf_token"] = browser.token or ""
        elif csrf == "wrong":
            data["csrf_token"] = "x" * 40
        kwargs = {"query_string": query}
        if method != "GET":
            kwargs["data"] = data
            if multipart:
                kwargs["content_type"] = "multipart/form-data"
        response = browser.client.open(target, method=method, **kwargs)
        if response.status_code >= 500:
            failures.append((response.status_code, method, target, sorted(fields), query))

    throw()


def test_generated_bad_input_at_every_form_endpoint_gives_no_5xx(app, demo, login, anon):
    visit = make_visit(share=("polisi",))
    worker = login("petugas1")
    worker.get(f"/kunjungan/{visit.id}/asesmen-risiko")
    flags = [item.key for item in risk.RISK_ITEMS if item.red_flag][:1]
    worker.post(f"/kunjungan/{visit.id}/asesmen-risiko", answers(yes=flags))  # an assessment and a flag
    browsers = {None: anon}
    endpoints = form_endpoints(app)
    assert len(endpoints) >= 30, [r.rule for r, _m, _u in endpoints]
    failures = []

    for rule, _methods, username in endpoints:
        if username not in browsers:
            browsers[username] = login(username)
        browser = browsers[username]
        url, values = real_url(rule, visit)
        page = browser.get(url)
        names = (
            sorted(set(NAME_RE.findall(page.get_data(as_text=True))) - {"csrf_token"})
            if page.status_code == 200
            else []
        )
        names = names or ["note", "reason", "lead", "hours_since_rape", "visit_date", "scheduled_for", "username"]

        throw_bad_input(browser, rule, url, values, names, failures)
    assert not failures, failures[:10]
