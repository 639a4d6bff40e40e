"""The unit's monthly exports as SIMFONI and the Dinas Sosial take them: Indonesian headers, Indonesian
values (whatever the user's language), one row per jenis kekerasan and per layanan (SIMFONI stores each
extra value as an extra row), and no free text (chronology, outcome) unless it was asked for.

The victim is named by the case number (No Register), not by name or NIK: the operator who types the
case into SIMFONI has the case page. The PMKS register is a register of people (Permensos 08/2012): it
carries their identity, as the Dinas Sosial's form does.
"""

import csv
import io

from web import sop, sop_cases
from web.models.reports import ExportRows

SEX = {"p": "P", "l": "L"}
KDRT = {True: "Ya", False: "Tidak"}
ROW_VIOLENCE, ROW_SERVICE = "Kekerasan", "Layanan"

SIMFONI_HEADER = (
    "No Register",
    "Jenis Baris",
    "Tanggal Pelaporan",
    "Tanggal Kejadian",
    "Kategori Lokasi Kasus",
    "Kota/Kabupaten TKP",
    "KDRT",
    "Jenis Kelamin Korban",
    "Kelompok Usia Korban",
    "Pendidikan",
    "Pekerjaan",
    "Status Perkawinan",
    "Disabilitas",
    "Hubungan Pelaku dengan Korban",
    "Jenis Kekerasan",
    "Tanggal Pelayanan",
    "Jenis Layanan",
    "Instansi",
)
SIMFONI_FREE_TEXT = ("Deskripsi Kasus", "Deskripsi Pelayanan")

PMKS_HEADER = (
    "No Register PMKS",
    "Tanggal Pencatatan",
    "Kode Jenis PMKS",
    "Jenis PMKS",
    "Nama",
    "NIK",
    "No KK",
    "Jenis Kelamin",
    "Tempat Lahir",
    "Tanggal Lahir",
    "Alamat",
    "Desa/Kelurahan",
    "Kecamatan",
    "Kabupaten/Kota",
    "Provinsi",
    "Kriteria",
    "Penanganan",
    "No Kasus",
)
PMKS_FREE_TEXT = ("Kronologis Kasus",)


def name_id(items, key):
    """The Indonesian name of `key` in a vocabulary ("" for no key; the key itself if unknown)."""
    if not key:
        return ""
    item = sop.by_key(items, key, None)
    return item.name_id if item else key


def local_date(value):
    """The date in the unit's time zone of a naive UTC datetime, as YYYY-MM-DD."""
    if value is None:
        return ""
    from datetime import UTC

    from web.timeutil import unit_timezone

    return value.replace(tzinfo=UTC).astimezone(unit_timezone()).date().isoformat()


def _victim(case, assessment):
    """The victim's columns (from "Tanggal Kejadian" to "Hubungan Pelaku" but the relations)."""
    a = assessment
    return [
        a.incident_date.isoformat() if a and a.incident_date else "",
        name_id(sop_cases.INCIDENT_PLACES, a.incident_place) if a else "",
        a.incident_kabupaten if a else "",
        KDRT.get(a.kdrt, "") if a else "",
        SEX.get(case.person.sex, ""),
        a.age_band if a else "",
        name_id(sop_cases.EDUCATION_LEVELS, a.education) if a else "",
        name_id(sop_cases.OCCUPATIONS, a.occupation) if a else "",
        name_id(sop_cases.MARITAL_STATUSES, a.marital_status) if a else "",
        name_id(sop_cases.DISABILITIES, a.disability) if a else "",
    ]


def _assessment(row):
    a = getattr(row, "assessment_row", None)
    return a if a is not None and a.id is not None else None


def simfoni(unit, start, end, free_text=False):
    """(header, rows, cases not assessed yet, person ids) of the SIMFONI export: for each case received in
    the month, one "Kekerasan" row per jenis kekerasan and one "Layanan" row "Pengaduan"; for each service
    given in the month, one "Layanan" row. Sorted by case number, then kekerasan before layanan, in the lists' order."""
    read = ExportRows(unit.id, start, end)
    cases = read.cases()
    services = read.services()
    case_ids = list({c.id for c in cases} | {s.case_id for s in services})
    violence = read.violence([c.id for c in cases])
    relations = read.relations(case_ids)
    violence_order = {k: i for i, k in enumerate(sop.keys(sop_cases.VIOLENCE_TYPES))}
    service_order = {k: i for i, k in enumerate(sop.keys(sop_cases.SIMFONI_SERVICES))}

    def relation_text(case_id):
        names = [name_id(sop_cases.PERPETRATOR_RELATIONS, r) for r in relations.get(case_id, [])]
        return "; ".join(dict.fromkeys(names))

    keyed, unassessed = [], 0
    for case in cases:
        a = _assessment(case)
        victim = _victim(case, a)
        received = local_date(case.received_at)
        head = [case.code]
        kinds = violence.get(case.id, [])
        if not kinds:
            unassessed += 1
        for kind in sorted(set(kinds), key=lambda k: violence_order.get(k, 99)):
            row = head + [ROW_VIOLENCE, received] + victim + [relation_text(case.id)]
            simfoni_name = sop_cases.SIMFONI_VIOLENCE_NAMES.get(kind) or name_id(sop_cases.VIOLENCE_TYPES, kind)
            row += [simfoni_name, "", "", ""]
            if free_text:
                row += [case.chronology, ""]
            keyed.append(((case.code, 0, violence_order.get(kind, 99), ""), row))
        row = head + [ROW_SERVICE, received] + victim + [relation_text(case.id)]
        row += ["", received, name_id(sop_cases.SIMFONI_SERVICES, sop_cases.SIMFONI_PENGADUAN), unit.name]
        if free_text:
            row += ["", ""]
        keyed.append(((case.code, 1, 0, received), row))
    for service in services:
        case = service.case
        a = _assessment(case)
        layanan = sop_cases.SIMFONI_SERVICE_OF.get(service.service, "")
        given = local_date(service.started_at or service.finished_at)
        row = [case.code, ROW_SERVICE, local_date(case.received_at)] + _victim(case, a) + [relation_text(case.id)]
        row += ["", given, name_id(sop_cases.SIMFONI_SERVICES, layanan), service.provider]
        if free_text:
            row += ["", service.outcome]
        keyed.append(((case.code, 1, service_order.get(layanan, 99), given + f"{service.id:012d}"), row))
    keyed.sort(key=lambda pair: pair[0])
    header = SIMFONI_HEADER + (SIMFONI_FREE_TEXT if free_text else ())
    people = {c.person_id for c in cases} | {s.case.person_id for s in services}
    return header, [row for _, row in keyed], unassessed, people


def pmks(unit, start, end, free_text=False):
    """(header, rows, person ids) of the PMKS register entries recorded in the month, by number."""
    rows, people = [], set()
    for entry in ExportRows(unit.id, start, end).pmks():
        case, person = entry.case, entry.case.person
        people.add(person.id)
        criteria_names = {c.key: c.name_id for c in case.sop.criteria}
        row = [
            entry.code,
            local_date(entry.recorded_at),
            entry.pmks_type,
            name_id(sop_cases.PMKS_TYPES, entry.pmks_type),
            person.name,
            person.nik or "",
            entry.kk_number,
            SEX.get(person.sex, ""),
            entry.birth_place,
            person.birth_date.isoformat() if person.birth_date else "",
            person.address,
            person.desa,
            person.kecamatan,
            person.kabupaten,
            entry.province,
            "; ".join(criteria_names.get(k, k) for k in entry.criteria_keys),
            name_id(sop_cases.PMKS_HANDLING, entry.handling),
            case.code,
        ]
        if free_text:
            row.append(case.chronology)
        rows.append(row)
    return PMKS_HEADER + (PMKS_FREE_TEXT if free_text else ()), rows, people


def _safe(value):
    """A cell that a spreadsheet would run as a formula (=, +, -, @ first) is kept as text."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(header, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_safe(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM: Excel reads UTF-8 (names with accents)


def to_xlsx(header, rows, title):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_safe(v) for v in row])
    sheet.freeze_panes = "A2"
    for index, name in enumerate(header, start=1):
        width = max([len(name)] + [len(str(r[index - 1])) for r in rows[:200]])
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = min(max(width + 2, 8), 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
