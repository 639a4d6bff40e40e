"""Forms of the rehabilitation screens (SOP 003) and of termination. The lists are data in
web/sop_cases.py, their labels picked for the user's language when the form is made. The home-visit,
mediation and monitoring forms work offline (an `instance_id` made on the phone): their blank copies
hold no personal data."""

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from web import inputs, sop, sop_cases
from web.concurrency import VersionForm
from web.inputs import FlaskForm
from web.visits.forms import CheckboxesField, InstanceForm

TASK_ROWS = 5  # task rows of a case conference's plan form

LONG = 5000


def _locale():
    return str(get_locale())


def _long():
    return Length(max=LONG, message=_l("Terlalu panjang (paling banyak 5000 huruf)."))


class DateInput(inputs.DateField):
    unreadable = _l("Tanggal tidak terbaca. Pilih tanggal dari kalender.")


def _one_of(items, message):
    def check(form, field):
        if field.data not in sop.keys(items):
            raise ValidationError(message)

    return check


class DispositionForm(FlaskForm):
    services = CheckboxesField(_l("Layanan atau bagian yang menangani"), validate_choice=False)
    instructions = TextAreaField(_l("Arahan Kepala"), validators=[_long()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.services.choices = sop.select_choices(sop_cases.DISPOSITION_SERVICES, _locale())

    def validate_services(self, field):
        chosen = field.data or []
        if not chosen:
            raise ValidationError(_("Pilih paling sedikit satu layanan atau bagian."))
        if any(key not in sop.keys(sop_cases.DISPOSITION_SERVICES) for key in chosen):
            raise ValidationError(_("Pilihan tidak dikenal."))


class HomeVisitForm(InstanceForm):
    visited_on = DateInput(_l("Tanggal kunjungan rumah"), validators=[InputRequired(_l("Isi tanggal kunjungan."))])
    place = StringField(
        _l("Alamat atau tempat"),
        validators=[DataRequired(_l("Isi alamat atau tempat kunjungan.")), Length(max=200)],
    )
    met_with = TextAreaField(_l("Siapa yang ditemui"), validators=[Length(max=2000)])
    verified = RadioField(_l("Verifikasi data korban"), validate_choice=False)
    verification_note = TextAreaField(_l("Catatan verifikasi"), validators=[Length(max=2000)])
    findings = TextAreaField(
        _l("Hasil kunjungan: keadaan rumah, keluarga, dan anak"),
        validators=[DataRequired(_l("Tuliskan hasil kunjungan rumah.")), _long()],
    )
    needs = TextAreaField(_l("Kebutuhan anak yang ditemukan"), validators=[_long()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.verified.choices = sop.select_choices(sop_cases.DATA_VERIFIED, _locale())

    def validate_verified(self, field):
        _one_of(sop_cases.DATA_VERIFIED, _("Pilih hasil verifikasi."))(self, field)

    def validate_verification_note(self, field):
        if self.verified.data == "berbeda" and not (field.data or "").strip():
            raise ValidationError(_("Tuliskan data mana yang berbeda."))


class MediationForm(InstanceForm):
    held_on = DateInput(_l("Tanggal mediasi"), validators=[InputRequired(_l("Isi tanggal mediasi."))])
    place = StringField(_l("Tempat"), validators=[DataRequired(_l("Isi tempat mediasi.")), Length(max=200)])
    with_whom = RadioField(_l("Mediasi antara"), validate_choice=False)
    parties = TextAreaField(
        _l("Para pihak yang hadir (satu orang per baris: nama - peran)"),
        validators=[DataRequired(_l("Tuliskan para pihak yang hadir.")), Length(max=3000)],
    )
    agreement = TextAreaField(
        _l("Yang disepakati"), validators=[DataRequired(_l("Tuliskan apa yang disepakati.")), _long()]
    )
    outcome = RadioField(_l("Hasil mediasi"), validate_choice=False)
    follow_up = TextAreaField(_l("Tindak lanjut"), validators=[Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.with_whom.choices = sop.select_choices(sop_cases.MEDIATION_WITH, _locale())
        self.outcome.choices = sop.select_choices(sop_cases.MEDIATION_OUTCOMES, _locale())

    def validate_with_whom(self, field):
        _one_of(sop_cases.MEDIATION_WITH, _("Pilih antara siapa mediasi ini."))(self, field)

    def validate_outcome(self, field):
        _one_of(sop_cases.MEDIATION_OUTCOMES, _("Pilih hasil mediasi."))(self, field)

    def validate_parties(self, field):
        lines = [line for line in (field.data or "").splitlines() if line.strip()]
        if len(lines) < 2:
            raise ValidationError(_("Tuliskan paling sedikit dua pihak, satu per baris."))


class ConferenceForm(FlaskForm):
    held_on = DateInput(_l("Tanggal konferensi kasus"), validators=[InputRequired(_l("Isi tanggal konferensi."))])
    participants = TextAreaField(
        _l("Peserta (satu orang per baris: nama - lembaga)"),
        validators=[DataRequired(_l("Tuliskan peserta konferensi kasus.")), Length(max=3000)],
    )
    summary = TextAreaField(_l("Ringkasan pembahasan"), validators=[_long()])
    goals = TextAreaField(
        _l("Tujuan rencana kasus (satu per baris)"),
        validators=[DataRequired(_l("Tuliskan paling sedikit satu tujuan.")), Length(max=3000)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []  # [(task field, who field, due field)] made below, named task_1, who_1, due_1 ...

    def check_tasks(self, formdata):
        """The task rows filled in: [(task, who, due_on)]; errors by the row, keeping what was typed."""
        self.rows, tasks, ok = [], [], True
        for n in range(1, TASK_ROWS + 1):
            row = {
                "n": n,
                "task": (formdata.get(f"task_{n}") or "").strip()[:1000],
                "who": (formdata.get(f"who_{n}") or "").strip()[:200],
                "due": (formdata.get(f"due_{n}") or "").strip()[:20],
                "errors": [],
            }
            self.rows.append(row)
            if not (row["task"] or row["who"] or row["due"]):
                continue
            due = None
            try:
                due = inputs.parse_date(row["due"])
            except ValueError as refused:
                row["errors"].append(str(refused))
            if not row["task"]:
                row["errors"].append(_("Tuliskan tugasnya."))
            if not row["who"]:
                row["errors"].append(_("Tuliskan siapa yang mengerjakan."))
            if due is None and not row["errors"]:
                row["errors"].append(_("Isi tanggal paling lambat."))
            if row["errors"]:
                ok = False
            else:
                tasks.append((row["task"], row["who"], due))
        if ok and not tasks:
            self.rows[0]["errors"].append(_("Rencana kasus perlu paling sedikit satu tugas."))
            ok = False
        return tasks if ok else None

    def blank_rows(self):
        self.rows = [{"n": n, "task": "", "who": "", "due": "", "errors": []} for n in range(1, TASK_ROWS + 1)]
        return self


class MonitoringForm(InstanceForm):
    kind = RadioField(_l("Jenis catatan"), validate_choice=False)
    noted_on = DateInput(_l("Tanggal"), validators=[InputRequired(_l("Isi tanggal."))])
    task = SelectField(_l("Tugas dalam rencana kasus"), validate_choice=False)
    progress = RadioField(_l("Kemajuan"), validate_choice=False)
    note = TextAreaField(
        _l("Catatan"), validators=[DataRequired(_l("Tuliskan catatan pendampingan atau monitoring.")), _long()]
    )

    def __init__(self, *args, tasks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = sop.select_choices(sop_cases.FOLLOW_UP_KINDS, _locale())
        self.progress.choices = sop.select_choices(sop_cases.TASK_PROGRESS, _locale())
        self.task.choices = sop.select_choices((), _locale(), first=("", _l("Rencana kasus secara umum"))) + [
            SelectChoice(str(t.id), f"{t.task} ({t.who})") for t in tasks
        ]
        self.tasks = {str(t.id): t for t in tasks}

    def validate_kind(self, field):
        _one_of(sop_cases.FOLLOW_UP_KINDS, _("Pilih jenis catatan."))(self, field)

    def validate_progress(self, field):
        _one_of(sop_cases.TASK_PROGRESS, _("Pilih kemajuannya."))(self, field)

    def validate_task(self, field):
        if field.data and field.data not in self.tasks:
            raise ValidationError(_("Pilih tugas dari rencana kasus ini."))

    @property
    def chosen_task(self):
        return self.tasks.get(self.task.data or "")


class TerminationForm(VersionForm):
    reason = RadioField(_l("Alasan terminasi"), validate_choice=False)
    services_given = TextAreaField(
        _l("Layanan yang sudah diterima korban"),
        validators=[DataRequired(_l("Tuliskan layanan yang sudah diterima korban.")), _long()],
    )
    condition = TextAreaField(
        _l("Keadaan korban sekarang"),
        validators=[DataRequired(_l("Tuliskan keadaan korban sekarang.")), _long()],
    )
    follow_up = TextAreaField(_l("Tindak lanjut setelah terminasi"), validators=[_long()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.choices = sop.select_choices(sop_cases.TERMINATION_REASONS, _locale())

    def validate_reason(self, field):
        _one_of(sop_cases.TERMINATION_REASONS, _("Pilih alasan terminasi."))(self, field)


APPROVE, SEND_BACK = "setuju", "kembalikan"


class DecisionForm(FlaskForm):
    decision = RadioField(_l("Keputusan Kepala"), validate_choice=False)
    note = TextAreaField(_l("Catatan Kepala"), validators=[Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision.choices = [
            SelectChoice(APPROVE, _l("Setujui laporan akhir dan tutup kasus")),
            SelectChoice(SEND_BACK, _l("Kembalikan untuk diperbaiki")),
        ]

    def validate_decision(self, field):
        if field.data not in (APPROVE, SEND_BACK):
            raise ValidationError(_("Pilih keputusan."))

    def validate_note(self, field):
        if self.decision.data == SEND_BACK and not (field.data or "").strip():
            raise ValidationError(_("Tuliskan apa yang perlu diperbaiki."))


class ReopenForm(FlaskForm):
    reason = TextAreaField(
        _l("Alasan membuka kembali kasus"),
        validators=[DataRequired(_l("Tuliskan alasan membuka kembali kasus.")), Length(max=2000)],
    )
