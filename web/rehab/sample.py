"""Sample rehabilitation cases for a seeded province (web/province.py): the query budget test opens the
rehabilitation pages on them at two sizes, so the number of rows per case grows with `people`."""

import uuid
from datetime import timedelta

from web import sop_cases
from web.models import Case, CaseConference, HomeVisit, Mediation, MonitoringNote, Person, Termination, Unit, User
from web.timeutil import today


def seed_rehab(unit_id, worker, manager, people):
    """One rehabilitation case of `unit_id` for `worker` with its records (about people/30 of each kind)
    and a final report waiting for the Kepala. Returns {"case_id", "mediation_id", "termination_id"}."""
    n = max(2, min(people // 30, 40))
    unit = Unit.get_by_id(unit_id)
    worker, manager = User.get(User.username == worker), User.get(User.username == manager)
    person = Person.create(unit=unit, name="Anak Contoh", sex="p", created_by=worker)
    case = Case.open(
        unit, worker, person=person, procedure=sop_cases.REHABILITATION, channel="sendiri", worker=worker,
        manager=manager, chronology="contoh",
    )  # fmt: skip
    day = today()
    for k in range(n):
        HomeVisit.record(case, worker, str(uuid.uuid4()), visited_on=day, place=f"Rumah {k}", verified="sesuai",
                         findings="contoh")  # fmt: skip
        mediation = Mediation.record(
            case, worker, str(uuid.uuid4()), held_on=day, place="Balai", with_whom="masyarakat",
            parties="\n".join(f"Pihak {i}" for i in range(k + 2)), agreement="contoh", outcome="sepakat",
        )  # fmt: skip
    conference = CaseConference.hold(
        case, worker, held_on=day, participants="A\nB", goals="Tujuan",
        tasks=[(f"Tugas {k}", "Petugas", day + timedelta(days=k - 1)) for k in range(min(n, 5))],
    )  # fmt: skip
    tasks = list(conference.tasks)
    for k in range(n):
        MonitoringNote.record(case, worker, str(uuid.uuid4()), task=tasks[k % len(tasks)], kind="monitoring",
                              noted_on=day, progress="berjalan", note="contoh")  # fmt: skip
    termination, _ = Termination.submit(case, worker, None, reason="pulih", services_given="contoh", condition="contoh")
    return {"case_id": case.id, "mediation_id": mediation.id, "termination_id": termination.id}
