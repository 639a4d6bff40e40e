"""The reports' forms: the month picker (GET), the export (kind, format, month, reason, free text), the
unit's export rule."""

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, StringField
from wtforms.validators import DataRequired, Optional, ValidationError

from web import sop, sop_cases
from web.inputs import FlaskForm
from web.reports.months import Month

MONTH_MESSAGE = _l("Pilih bulan yang benar, misalnya 2026-11.")


def _month(form, field):
    if field.data and Month.parse(field.data) is None:
        raise ValidationError(MONTH_MESSAGE)


class MonthForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: it reads, never changes anything

    bulan = StringField(_l("Bulan"), validators=[Optional(), _month])

    @property
    def month(self):
        return Month.parse(self.bulan.data) or Month.current()


class ExportForm(FlaskForm):
    jenis = RadioField(_l("Data yang diekspor"), choices=[], validators=[DataRequired(_l("Pilih data yang diekspor."))])
    format = RadioField(_l("Bentuk berkas"), choices=[], validators=[DataRequired(_l("Pilih bentuk berkas."))])
    bulan = StringField(_l("Bulan"), validators=[DataRequired(MONTH_MESSAGE), _month])
    alasan = RadioField(
        _l("Alasan ekspor"),
        choices=[],
        validators=[DataRequired(_l("Pilih alasan ekspor. Alasan dicatat di jejak akses."))],
    )
    teks_bebas = BooleanField(_l("Sertakan teks bebas (kronologis kasus, hasil layanan)"), default=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale = str(get_locale())
        self.jenis.choices = sop.choices(sop_cases.EXPORT_KINDS, locale)
        self.format.choices = sop.choices(sop_cases.EXPORT_FORMATS, locale)
        self.alasan.choices = sop.choices(sop_cases.EXPORT_REASONS, locale)

    @property
    def month(self):
        return Month.parse(self.bulan.data)


class ExportRuleForm(FlaskForm):
    peran = RadioField(_l("Siapa yang boleh mengekspor data unit"), choices=[], validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.peran.choices = sop.choices(sop_cases.EXPORT_GRANTS, str(get_locale()))

    def validate_peran(self, field):
        if (field.data or "") not in sop.keys(sop_cases.EXPORT_GRANTS):
            raise ValidationError(_l("Pilih salah satu."))
