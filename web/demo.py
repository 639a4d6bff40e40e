"""Demo data for `make run`: obviously fictional units and people, on the embedded database only."""

from web import db as database
from web import roles
from web.models import Unit, User

DEMO_PASSWORD = "jangkau-demo"

UNITS = [
    dict(
        code="UPTD-PPA",
        name="UPTD PPA Kota Contoh (demo)",
        government_line="PEMERINTAH KOTA CONTOH",
        agency_line="DINAS PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK",
        kind="uptd_ppa",
        region="Kota Contoh",
        address="Jl. Contoh No. 1, Kota Contoh",
        phone="(0000) 000000",
    ),
    dict(
        code="UPTD-PPA-SPL",
        name="UPTD PPA Kabupaten Sampel (demo)",
        government_line="PEMERINTAH KABUPATEN SAMPEL",
        agency_line="DINAS SOSIAL, PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK",
        timezone="Asia/Makassar",
        kind="uptd_ppa",
        region="Kabupaten Sampel",
        address="Jl. Sampel No. 2, Kabupaten Sampel",
        phone="(0000) 111111",
    ),
]

USERS = [
    ("petugas1", "Sari Contoh (petugas demo)", roles.WORKER, "UPTD-PPA"),
    ("petugas2", "Budi Contoh (petugas demo)", roles.WORKER, "UPTD-PPA"),
    ("manajer1", "Rina Contoh (manajer kasus demo)", roles.CASE_MANAGER, "UPTD-PPA"),
    ("kepala1", "Dewi Contoh (kepala demo)", roles.HEAD, "UPTD-PPA"),
    ("admin1", "Andi Contoh (staf administrasi demo)", roles.ADMIN, "UPTD-PPA"),
    ("kepala2", "Tono Sampel (kepala demo, unit lain)", roles.HEAD, "UPTD-PPA-SPL"),
    ("adminsistem1", "Yudi Contoh (administrator sistem demo)", roles.SYSADMIN, "UPTD-PPA"),
]

# NIP and pangkat/golongan of the demo civil servants. The NIPs are impossible on purpose (birth month 00,
# start month 00, serial 000), so they can never be a real person's. petugas2 and the others are contract
# staff: no NIP, no rank (the letters show "-").
CIVIL_SERVANTS = {
    "kepala1": ("197800002003002000", "Pembina, IV/a"),
    "kepala2": ("197500002000001000", "Pembina Tingkat I, IV/b"),
    "petugas1": ("199200002020002000", "Penata Muda, III/a"),
}


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
            nip, rank = CIVIL_SERVANTS.get(username, ("", ""))
            User.create(
                username=username,
                full_name=name,
                role=role,
                unit=units[code],
                nip=nip,
                rank=rank,
                password_hash=hashed.password_hash,
            )
    seed_outreach(units["UPTD-PPA"])
    return units


def seed_outreach(unit):
    """Steps 1-5 in the demo unit: three fictional targets (one a child of 15), and the plan
    "Penjangkauan Desa Contoh" approved by kepala1 with petugas1 (team lead) and petugas2 assigned."""
    from datetime import date, timedelta

    from web import steps
    from web.models.outreach import Person, Plan, Target, Verification

    users = {u.username: u for u in User.select().where(User.unit == unit)}
    worker, kepala, manager = users["petugas1"], users["kepala1"], users["manajer1"]
    today = date.today()
    with database.db.atomic():
        bunga = Person.create(
            unit=unit,
            name="Bunga (nama samaran)",
            sex="p",
            birth_date=today - timedelta(days=15 * 365 + 60),
            address="Jl. Contoh Gang 3, RT 01/RW 02",
            desa="Desa Contoh",
            kecamatan="Kecamatan Contoh",
            kabupaten="Kota Contoh",
            guardian_name="Ibu Contoh (nama samaran)",
            guardian_relation="Ibu",
            created_by=worker,
        )
        mawar = Person.create(
            unit=unit,
            name="Mawar (nama samaran)",
            sex="p",
            estimated_age=24,
            address="Dusun Contoh",
            desa="Desa Contoh",
            kecamatan="Kecamatan Contoh",
            kabupaten="Kota Contoh",
            created_by=worker,
        )
        targets = []
        for person, kind, source, report, problem in (
            (
                bunga,
                Target.REPORT,
                "warga",
                "Contoh fiktif: warga melaporkan seorang anak perempuan tidak bersekolah lagi dan bekerja "
                "sampai malam di sebuah warung.",
                "Contoh fiktif: anak dan ibunya takut kepada pemilik warung.",
            ),
            (
                mawar,
                Target.HIGH_RISK,
                "",
                "Contoh fiktif: perempuan muda yang baru pulang dari bekerja di luar negeri, berisiko tinggi.",
                "",
            ),
        ):
            target = Target.create_with_code(
                unit,
                worker,
                kind=kind,
                source=source,
                report=report,
                problem=problem,
                person=person,
                status="terverifikasi",
            )
            Verification.create(
                target=target,
                result="terverifikasi",
                authority="kepala_desa",
                authority_detail="Kepala Desa Contoh (demo)",
                verified_on=today,
                recorded_by=worker,
            )
            steps.finish(target, steps.TARGET, worker)
            steps.finish(target, steps.IDENTIFICATION, worker)
            targets.append(target)
        open_target = Target.create_with_code(
            unit,
            worker,
            kind=Target.REPORT,
            source="polisi",
            report="Contoh fiktif: laporan polisi tentang dugaan kekerasan dalam rumah tangga; identitas belum jelas.",
        )
        steps.finish(open_target, steps.TARGET, worker)
        steps.start(open_target, steps.IDENTIFICATION, worker)

        plan = Plan.start(
            unit,
            worker,
            title="Penjangkauan Desa Contoh",
            purpose="Menemui anak dan ibunya, menjelaskan layanan UPTD PPA, dan menilai "
            "keselamatan anak (contoh fiktif).",
            places="Desa Contoh, Kecamatan Contoh, Kota Contoh",
            start_date=today + timedelta(days=7),
            end_date=today + timedelta(days=8),
            parties_note="Kepala Desa Contoh; Polsek Contoh (Unit PPA)",
        )
        plan.set_targets(targets)
        plan.set_lines(
            [
                dict(
                    category="transport",
                    description="Mobil dinas: bahan bakar",
                    quantity=1,
                    unit_label="perjalanan",
                    unit_cost=250_000,
                ),
                dict(category="uang_harian", description="", quantity=4, unit_label="orang × hari", unit_cost=150_000),
                dict(
                    category="konsumsi",
                    description="Makan siang tim",
                    quantity=4,
                    unit_label="orang × hari",
                    unit_cost=50_000,
                ),
            ]
        )
        plan.set_proposed_team([worker, users["petugas2"]])
        plan.set_parties(["pemerintah_desa", "polisi"])
        plan.submit(worker)
        plan.decide(kepala, True, "Setuju. Utamakan keselamatan anak (demo).")
        plan.assign(
            manager,
            [worker, users["petugas2"]],
            lead=worker,
            briefing="Temui ibu lebih dulu. Jangan menyebut nama anak di depan pemilik warung. "
            "Hubungi Kepala Desa Contoh saat tiba (demo).",
        )
    return plan
