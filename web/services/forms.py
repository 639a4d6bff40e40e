"""Forms of a case's services, the social report and the PMKS register entry."""

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from web import sop, sop_cases
from web.concurrency import VersionForm
from web.inputs import FlaskForm

LONG_TEXT = 5000


def locale():
    return str(get_locale())


class ServiceForm(FlaskForm):
    """Plan a service: which one, who gives it, the shelter coordinator for d., what is planned."""

    service = SelectField(_l("Layanan"), choices=[], validate_choice=False)
    provider = StringField(
        _l("Pemberi layanan (rumah sakit, kantor, shelter, lembaga)"),
        validators=[DataRequired(_l("Tulis siapa yang memberi layanan ini.")), Length(max=200)],
    )
    contact = StringField(_l("Orang atau bagian yang dihubungi (boleh kosong)"), validators=[Length(max=200)])
    coordinator = StringField(_l("Koordinator shelter (untuk penitipan sementara)"), validators=[Length(max=200)])
    note = TextAreaField(_l("Yang direncanakan (boleh kosong)"), validators=[Length(max=LONG_TEXT)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.service.choices = sop.select_choices(sop_cases.CASE_SERVICES, locale(), first=("", _l("Pilih layanan")))

    def validate_service(self, field):
        if field.data not in sop_cases.CASE_SERVICE_BY_KEY:
            raise ValidationError(_l("Pilih salah satu layanan dari daftar."))

    def validate_coordinator(self, field):
        if self.service.data == sop_cases.SHELTER and not (field.data or "").strip():
            raise ValidationError(_l("Tulis nama koordinator shelter yang menerima korban."))


class StartForm(FlaskForm):
    """Start a service; without the client's consent to share with this partner, only with the reason
    her life cannot wait."""

    override_reason = TextAreaField(
        _l("Alasan tetap merujuk tanpa persetujuan (nyawa terancam)"), validators=[Length(max=LONG_TEXT)]
    )


class FinishForm(FlaskForm):
    outcome = TextAreaField(
        _l("Hasil layanan"),
        validators=[DataRequired(_l("Tulis hasil layanan ini.")), Length(max=LONG_TEXT)],
    )


class NotPossibleForm(FlaskForm):
    reason = TextAreaField(
        _l("Alasan layanan tidak dapat diberikan"),
        validators=[DataRequired(_l("Tulis alasannya.")), Length(max=LONG_TEXT)],
    )


class LetterForm(FlaskForm):
    """Make the recommendation letter (no fields: the service says it all)."""


class SocialReportForm(VersionForm):
    condition = TextAreaField(
        _l("Kondisi korban (fisik, psikis, sosial, ekonomi)"),
        validators=[DataRequired(_l("Tulis kondisi korban.")), Length(max=LONG_TEXT)],
    )
    analysis = TextAreaField(_l("Analisis masalah"), validators=[Length(max=LONG_TEXT)])
    recommendation = TextAreaField(
        _l("Rekomendasi"),
        validators=[DataRequired(_l("Tulis rekomendasi Anda.")), Length(max=LONG_TEXT)],
    )


class PmksForm(VersionForm):
    pmks_type = SelectField(_l("Jenis PMKS"), choices=[], validate_choice=False)
    criteria = SelectMultipleField(_l("Kriteria yang dipenuhi"), choices=[], validate_choice=False)
    kk_number = StringField(
        _l("Nomor Kartu Keluarga (boleh kosong)"),
        validators=[Optional(), Regexp(r"^[0-9]{16}$", message=_l("Nomor KK terdiri dari 16 angka."))],
    )
    birth_place = StringField(_l("Tempat lahir"), validators=[Length(max=100)])
    province = StringField(_l("Provinsi"), validators=[Length(max=100)])
    handling = RadioField(_l("Status penanganan"), choices=[], validate_choice=False)

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.pmks_type.choices = sop.select_choices(sop_cases.PMKS_TYPES, locale())
        self.criteria.choices = sop.select_choices(criteria, locale())
        self.handling.choices = sop.select_choices(sop_cases.PMKS_HANDLING, locale())
        self._criteria_keys = set(sop.keys(criteria))

    def validate_pmks_type(self, field):
        if field.data not in sop.keys(sop_cases.PMKS_TYPES):
            raise ValidationError(_l("Pilih salah satu jenis PMKS dari daftar."))

    def validate_criteria(self, field):
        if any(key not in self._criteria_keys for key in field.data or ()):
            raise ValidationError(_l("Pilih kriteria dari daftar."))

    def validate_handling(self, field):
        if field.data not in sop.keys(sop_cases.PMKS_HANDLING):
            raise ValidationError(_l("Pilih status penanganan."))
