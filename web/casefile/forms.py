"""Forms of the case screens (issue 11): intake, the documents checklist, the assessment, the review."""

from flask_babel import lazy_gettext as _l
from wtforms import FileField, HiddenField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from web import roles, sop, sop_cases
from web.concurrency import VersionForm
from web.inputs import FlaskForm
from web.outreach.forms import LONG_TEXT, DateInput, WholeNumberField, locale, not_in_future
from web.targets.forms import LocalDateTimeField, PersonForm
from web.timeutil import now


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _check_keys(field, items, message):
    if any(key not in sop.keys(items) for key in field.data or ()):
        raise ValidationError(message)


class IntakeForm(FlaskForm):
    """SOP 000/001 step 1 (003 step 1): how the client came, which SOP applies, the complaint, the story."""

    procedure = RadioField(_l("SOP yang dipakai"), choices=[], validate_choice=False)
    channel = SelectField(_l("Dari mana laporan datang"), choices=[], validate_choice=False)
    received_at = LocalDateTimeField(_l("Kapan laporan diterima"))
    referrer_name = StringField(_l("Nama pelapor atau perujuk"), validators=[Length(max=200)])
    referrer_agency = StringField(_l("Lembaga pelapor atau perujuk"), validators=[Length(max=200)])
    referral_letter_no = StringField(_l("Nomor surat pengantar rujukan"), validators=[Length(max=100)])
    complaint_category = SelectField(_l("Kategori pengaduan"), choices=[], validate_choice=False)
    chronology = TextAreaField(
        _l("Kronologis kasus"),
        validators=[DataRequired(_l("Tulis kronologis kasus, sejauh diceritakan.")), Length(max=LONG_TEXT)],
    )
    manager = SelectField(_l("Manajer kasus"), choices=[], validate_choice=False)
    worker = SelectField(_l("Petugas pendamping"), choices=[], validate_choice=False)
    documents = MultiCheckboxField(_l("Dokumen yang dibawa korban"), choices=[], validate_choice=False)
    instance_id = HiddenField()

    def __init__(self, *args, staff=(), fixed_channel=None, **kwargs):
        super().__init__(*args, **kwargs)
        loc = locale()
        self.fixed_channel = fixed_channel
        self.procedure.choices = sop.select_choices(sop_cases.PROCEDURES, loc)
        self.channel.choices = sop.select_choices(
            [c for c in sop_cases.CASE_CHANNELS if c.key not in (sop_cases.FROM_VISIT, sop_cases.FROM_FLAG)]
            if fixed_channel is None
            else [c for c in sop_cases.CASE_CHANNELS if c.key == fixed_channel],
            loc,
            ("", _l("Pilih")) if fixed_channel is None else None,
        )
        if fixed_channel is not None:
            self.channel.data = fixed_channel
        self.complaint_category.choices = sop.select_choices(
            sop_cases.COMPLAINT_CATEGORIES, loc, ("", _l("Pilih kategori"))
        )
        self.staff = {u.id: u for u in staff}
        self.manager.choices = [("", _l("Belum ditentukan"))] + [
            (str(u.id), u.full_name) for u in staff if u.role == roles.CASE_MANAGER
        ]
        self.worker.choices = [("", _l("Belum ditentukan"))] + [
            (str(u.id), u.full_name) for u in staff if u.role in (roles.WORKER, roles.CASE_MANAGER)
        ]
        self.documents.choices = sop.select_choices(sop_cases.CLIENT_DOCUMENTS, loc)

    def validate_procedure(self, field):
        if field.data not in sop_cases.PROCEDURE_BY_KEY:
            raise ValidationError(_l("Pilih SOP yang dipakai untuk kasus ini."))

    def validate_channel(self, field):
        allowed = [c.key for c in sop_cases.CASE_CHANNELS]
        if self.fixed_channel is not None:
            field.data = self.fixed_channel
        elif field.data not in allowed or field.data in (sop_cases.FROM_VISIT, sop_cases.FROM_FLAG):
            raise ValidationError(_l("Pilih dari mana laporan datang."))

    def validate_received_at(self, field):
        from datetime import timedelta

        if field.data and field.utc > now() + timedelta(minutes=10):
            raise ValidationError(_l("Waktu ini belum lewat. Periksa lagi."))

    def validate_referrer_agency(self, field):
        if self.channel.data == sop_cases.FROM_AGENCY and not (field.data or "").strip():
            raise ValidationError(_l("Untuk rujukan lembaga, tulis nama lembaganya."))

    def validate_complaint_category(self, field):
        if field.data and field.data not in sop.keys(sop_cases.COMPLAINT_CATEGORIES):
            raise ValidationError(_l("Pilih kategori dari daftar."))
        if self.procedure.data == sop_cases.REHABILITATION and not field.data:
            raise ValidationError(_l("Untuk layanan rehabilitasi sosial, pilih kategori pengaduan."))

    def _person(self, field, roles_):
        if not field.data:
            return None
        try:
            user = self.staff.get(int(field.data))
        except ValueError:
            user = None
        if user is None or user.role not in roles_:
            raise ValidationError(_l("Pilih dari daftar."))
        return user

    def validate_manager(self, field):
        field.user = self._person(field, (roles.CASE_MANAGER,))

    def validate_worker(self, field):
        field.user = self._person(field, (roles.WORKER, roles.CASE_MANAGER))

    def validate_documents(self, field):
        _check_keys(field, sop_cases.CLIENT_DOCUMENTS, _l("Pilih dokumen dari daftar."))

    def case_fields(self):
        return dict(
            referrer_name=(self.referrer_name.data or "").strip(),
            referrer_agency=(self.referrer_agency.data or "").strip(),
            referral_letter_no=(self.referral_letter_no.data or "").strip(),
            complaint_category=self.complaint_category.data or "",
            chronology=(self.chronology.data or "").strip(),
            manager=getattr(self.manager, "user", None),
            worker=getattr(self.worker, "user", None),
        )


class WalkInIntakeForm(IntakeForm, PersonForm):
    """Intake of a client who came without outreach: the case and the person (duplicate check as targets)."""


class DocumentPhotoForm(FlaskForm):
    kind = SelectField(_l("Dokumen"), choices=[], validate_choice=False)
    photo = FileField(_l("Foto dokumen"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = sop.select_choices(sop_cases.CLIENT_DOCUMENTS, locale(), ("", _l("Pilih dokumen")))

    def validate_kind(self, field):
        if field.data not in sop.keys(sop_cases.CLIENT_DOCUMENTS):
            raise ValidationError(_l("Pilih dokumen dari daftar."))


class ChecklistForm(FlaskForm):
    documents = MultiCheckboxField(_l("Dokumen yang dibawa korban"), choices=[], validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.documents.choices = sop.select_choices(sop_cases.CLIENT_DOCUMENTS, locale())

    def validate_documents(self, field):
        _check_keys(field, sop_cases.CLIENT_DOCUMENTS, _l("Pilih dokumen dari daftar."))


PERPETRATOR_ROWS = 3


class AssessmentForm(VersionForm):
    """SOP 000/001 step 2: data and needs assessment, with the SIMFONI fields and the SOP's criteria."""

    violence_types = MultiCheckboxField(_l("Jenis kekerasan (boleh lebih dari satu)"), choices=[])
    incident_date = DateInput(_l("Tanggal kejadian"), validators=[Optional(), not_in_future])
    incident_place = SelectField(_l("Tempat kejadian"), choices=[], validate_choice=False)
    incident_address = StringField(_l("Alamat tempat kejadian"), validators=[Length(max=300)])
    incident_kabupaten = StringField(_l("Kabupaten/kota tempat kejadian"), validators=[Length(max=200)])
    kdrt = RadioField(_l("Kekerasan dalam rumah tangga (KDRT)?"), choices=[], default="", validate_choice=False)
    education = SelectField(_l("Pendidikan korban"), choices=[], validate_choice=False)
    occupation = SelectField(_l("Pekerjaan korban"), choices=[], validate_choice=False)
    marital_status = SelectField(_l("Status perkawinan"), choices=[], validate_choice=False)
    disability = SelectField(_l("Disabilitas"), choices=[], validate_choice=False)
    criteria = MultiCheckboxField(_l("Kriteria SOP yang terpenuhi"), choices=[])
    needs = MultiCheckboxField(_l("Kebutuhan korban yang ditemukan"), choices=[])
    needs_note = TextAreaField(_l("Catatan kebutuhan"), validators=[Length(max=LONG_TEXT)])
    story = TextAreaField(
        _l("Hasil asesmen"),
        validators=[
            DataRequired(_l("Tulis hasil asesmen: apa yang dialami korban dan keadaannya sekarang.")),
            Length(max=LONG_TEXT),
        ],
    )
    kirim = RadioField(_l("Setelah disimpan"), choices=[], default="0", validate_choice=False)
    instance_id = HiddenField()

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        loc = locale()
        self.violence_types.choices = sop.select_choices(sop_cases.VIOLENCE_TYPES, loc)
        self.incident_place.choices = sop.select_choices(sop_cases.INCIDENT_PLACES, loc, ("", _l("Pilih")))
        self.kdrt.choices = [("ya", _l("Ya")), ("tidak", _l("Tidak")), ("", _l("Belum diketahui"))]
        self.kirim.choices = [("0", _l("Simpan sebagai draf")), ("1", _l("Kirim ke atasan untuk ditelaah"))]
        self.education.choices = sop.select_choices(sop_cases.EDUCATION_LEVELS, loc, ("", _l("Pilih")))
        self.occupation.choices = sop.select_choices(sop_cases.OCCUPATIONS, loc, ("", _l("Pilih")))
        self.marital_status.choices = sop.select_choices(sop_cases.MARITAL_STATUSES, loc, ("", _l("Pilih")))
        self.disability.choices = sop.select_choices(sop_cases.DISABILITIES, loc, ("", _l("Pilih")))
        if case is not None:
            self.criteria_items = case.sop.criteria
        else:  # the offline copy: the case (and so its SOP) is picked later; the server keeps the SOP's own
            both = sop_cases.TRAFFICKING_CRITERIA + sop_cases.VIOLENCE_CRITERIA
            self.criteria_items = tuple({c.key: c for c in both}.values())
        self.criteria.choices = sop.select_choices(self.criteria_items, loc)
        self.needs.choices = sop.select_choices(sop_cases.NEEDS, loc)

    def validate_kirim(self, field):
        if field.data not in ("0", "1"):
            raise ValidationError(_l("Pilih simpan sebagai draf atau kirim ke atasan."))

    def validate_kdrt(self, field):
        if field.data not in ("ya", "tidak", ""):
            raise ValidationError(_l("Pilih Ya, Tidak, atau Belum diketahui."))

    def _one_of(self, field, items):
        if field.data and field.data not in sop.keys(items):
            raise ValidationError(_l("Pilih dari daftar."))

    def validate_incident_place(self, field):
        self._one_of(field, sop_cases.INCIDENT_PLACES)

    def validate_education(self, field):
        self._one_of(field, sop_cases.EDUCATION_LEVELS)

    def validate_occupation(self, field):
        self._one_of(field, sop_cases.OCCUPATIONS)

    def validate_marital_status(self, field):
        self._one_of(field, sop_cases.MARITAL_STATUSES)

    def validate_disability(self, field):
        self._one_of(field, sop_cases.DISABILITIES)

    def fields(self):
        return dict(
            incident_date=self.incident_date.data,
            incident_place=self.incident_place.data or "",
            incident_address=(self.incident_address.data or "").strip(),
            incident_kabupaten=(self.incident_kabupaten.data or "").strip(),
            kdrt={"ya": True, "tidak": False}.get(self.kdrt.data),
            education=self.education.data or "",
            occupation=self.occupation.data or "",
            marital_status=self.marital_status.data or "",
            disability=self.disability.data or "",
            story=(self.story.data or "").strip(),
            needs_note=(self.needs_note.data or "").strip(),
        )

    def multi(self):
        from web.models import CaseAssessment

        return {
            CaseAssessment.VIOLENCE: list(self.violence_types.data or ()),
            CaseAssessment.CRITERION: list(self.criteria.data or ()),
            CaseAssessment.NEED: list(self.needs.data or ()),
        }


class PerpetratorForm(FlaskForm):
    """One perpetrator row of the assessment (prefix pelaku-N-)."""

    class Meta:
        csrf = False

    name = StringField(_l("Nama pelaku (jika diketahui)"), validators=[Length(max=200)])
    sex = SelectField(_l("Jenis kelamin pelaku"), choices=[], validate_choice=False)
    age = WholeNumberField(_l("Perkiraan umur pelaku (tahun)"), message=_l("Tulis umur dalam angka, misalnya 35."))
    relation = SelectField(_l("Hubungan dengan korban"), choices=[], validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sex.choices = [("", _l("Belum diketahui"))] + sop.select_choices(sop.SEXES, locale())
        self.relation.choices = sop.select_choices(sop_cases.PERPETRATOR_RELATIONS, locale(), ("", _l("Pilih")))

    @property
    def is_blank(self):
        return not ((self.name.data or "").strip() or self.relation.data or (self.age.data or "").strip())

    def validate_sex(self, field):
        if field.data and field.data not in sop.keys(sop.SEXES):
            raise ValidationError(_l("Pilih dari daftar."))

    def validate_age(self, field):
        if field.number is not None and not 0 <= field.number <= 120:
            raise ValidationError(_l("Umur harus antara 0 dan 120 tahun."))

    def validate_relation(self, field):
        if self.is_blank:
            return
        if field.data not in sop.keys(sop_cases.PERPETRATOR_RELATIONS):
            raise ValidationError(_l("Pilih hubungan pelaku dengan korban."))

    def data_row(self):
        return dict(
            name=(self.name.data or "").strip(),
            sex=self.sex.data or "",
            age=self.age.number,
            relation=self.relation.data,
        )


class ReviewForm(FlaskForm):
    """SOP 000/001 step 3: the supervisor's answer."""

    decision = RadioField(_l("Keputusan"), choices=[], validate_choice=False)
    services = MultiCheckboxField(_l("Layanan yang diberikan"), choices=[])
    note = TextAreaField(_l("Catatan untuk petugas"), validators=[Length(max=LONG_TEXT)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision.choices = sop.select_choices(sop_cases.REVIEW_DECISIONS, locale())
        self.services.choices = [(s.key, f"{s.letter}. {s.label(locale())}") for s in sop_cases.REFERRAL_SERVICES]

    def validate_decision(self, field):
        if field.data not in sop.keys(sop_cases.REVIEW_DECISIONS):
            raise ValidationError(_l("Pilih keputusan."))

    def validate_services(self, field):
        if self.decision.data == sop_cases.REVIEW_SERVICES and not field.data:
            raise ValidationError(_l("Pilih sedikitnya satu layanan."))

    def validate_note(self, field):
        if self.decision.data == sop_cases.REVIEW_MORE and not (field.data or "").strip():
            raise ValidationError(_l("Tulis apa yang perlu dilengkapi."))


class SettingsForm(FlaskForm):
    reviewer = RadioField(_l("Siapa yang menelaah asesmen"), choices=[], validate_choice=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reviewer.choices = sop.select_choices(sop_cases.REVIEWERS, locale())

    def validate_reviewer(self, field):
        if field.data not in sop.keys(sop_cases.REVIEWERS):
            raise ValidationError(_l("Pilih siapa yang menelaah."))


def blank_intake():
    """The offline copy of the intake form (a walk-in client): no staff list, no personal data."""
    return {"form": WalkInIntakeForm(formdata=None, meta={"csrf": False}), "intake_action": "/kasus/baru"}


def blank_assessment():
    """The offline copy of the assessment form, with its perpetrator rows."""
    return {
        "form": AssessmentForm(formdata=None, meta={"csrf": False}),
        "perpetrators": [PerpetratorForm(formdata=None, prefix=f"pelaku-{i}") for i in range(PERPETRATOR_ROWS)],
        "offline_blank": True,
    }
