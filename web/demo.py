"""Demo data for `make run`: obviously fictional units and people, on the embedded database only."""
from web import db as database
from web import roles
from web.models import Unit, User

DEMO_PASSWORD = "jangkau-demo"

UNITS = [
    dict(code="UPTD-PPA", name="UPTD PPA Kota Contoh (demo)", kind="uptd_ppa", region="Kota Contoh",
         address="Jl. Contoh No. 1, Kota Contoh", phone="(0000) 000000"),
    dict(code="UPTD-PPA-SPL", name="UPTD PPA Kabupaten Sampel (demo)", kind="uptd_ppa",
         region="Kabupaten Sampel", address="Jl. Sampel No. 2, Kabupaten Sampel", phone="(0000) 111111"),
]

USERS = [
    ("petugas1", "Sari Contoh (petugas demo)", roles.WORKER, "UPTD-PPA"),
    ("petugas2", "Budi Contoh (petugas demo)", roles.WORKER, "UPTD-PPA"),
    ("manajer1", "Rina Contoh (manajer kasus demo)", roles.CASE_MANAGER, "UPTD-PPA"),
    ("kepala1", "Dewi Contoh (kepala demo)", roles.HEAD, "UPTD-PPA"),
    ("admin1", "Andi Contoh (staf administrasi demo)", roles.ADMIN, "UPTD-PPA"),
    ("kepala2", "Tono Sampel (kepala demo, unit lain)", roles.HEAD, "UPTD-PPA-SPL"),
]


class DemoRefused(Exception):
    pass


def seed(force_any_database=False):
    """Add the demo units and users. Refuses on PostgreSQL and on a database that has users."""
    if not force_any_database and not database.is_embedded():
        raise DemoRefused("demo data is only for the embedded SQLite database")
    if User.select().exists():
        raise DemoRefused("the database already has users")
    hashed = User(username="", full_name="", role="")
    hashed.set_password(DEMO_PASSWORD)  # one (slow, salted) hash for all demo users: it is a demo
    with database.db.atomic():
        units = {u["code"]: Unit.create(**u) for u in UNITS}
        for username, name, role, code in USERS:
            User.create(username=username, full_name=name, role=role, unit=units[code],
                        password_hash=hashed.password_hash)
    return units
