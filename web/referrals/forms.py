"""Forms of step 10a: the emergency referral (with the consent override), its state, closing a flag."""

from flask_babel import get_locale, to_user_timezone, to_utc
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.fields import TelField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from web import inputs, sop
from web.inputs import FlaskForm
from web.timeutil import now

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"  # <input type="datetime-local">
PHONE_RE = r"^[0-9+()\- ]{6,20}$"


def local_input(value):
    """A naive UTC datetime -> the value of a datetime-local input in the unit's time zone."""
    return to_user_timezone(value).strftime(LOCAL_FORMAT) if value else ""


def parse_local(raw):
    """The value of a datetime-local input (unit's time zone) -> naive UTC, or None if unreadable."""
    try:
        value = inputs.parse_datetime(raw, (LOCAL_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"))
    except ValueError:  # a year before 1900 or after 2100
        return None
    return to_utc(value).replace(microsecond=0) if value else None


class ReferralForm(FlaskForm):
    service = RadioField(_l("Layanan darurat"), choices=[], validate_choice=False)
    provider = StringField(
        _l("Penyedia layanan"),
        validators=[DataRequired(_l("Isi nama penyedia layanan, misalnya RSUD Kota atau Polres.")), Length(max=200)],
    )
    contact = StringField(_l("Nama petugas yang menerima"), validators=[Optional(), Length(max=120)])
    contact_phone = TelField(
        _l("Nomor telepon petugas yang menerima"),
        validators=[
            Optional(),
            Regexp(PHONE_RE, message=_l("Nomor telepon hanya berisi angka, spasi, +, - atau tanda kurung.")),
        ],
    )
    referred_at = StringField(_l("Waktu rujukan"))
    override = BooleanField(_l("Nyawa korban terancam: rujukan darurat tanpa persetujuan"))
    override_reason = TextAreaField(_l("Alasan rujukan tanpa persetujuan"), validators=[Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.service.choices = sop.select_choices(sop.EMERGENCY_SERVICES, str(get_locale()))
        if not self.is_submitted() and not self.referred_at.data:
            self.referred_at.data = local_input(now())

    def service_item(self):
        return sop.by_key(sop.EMERGENCY_SERVICES, self.service.data or "", None)

    def check(self):
        """The checks WTForms cannot express; True when the form is fine."""
        ok = self.validate()
        if self.service_item() is None:
            self.service.errors = list(self.service.errors) + [_("Pilih layanan darurat.")]
            ok = False
        self.referred_utc = parse_local(self.referred_at.data)
        if self.referred_utc is None:
            self.referred_at.errors = list(self.referred_at.errors) + [_("Isi tanggal dan jam rujukan.")]
            ok = False
        return ok


class StateForm(FlaskForm):
    """sent -> accepted / declined (with a reason) -> done."""

    state = StringField()
    reason = TextAreaField(_l("Alasan ditolak"), validators=[Length(max=2000)])


class CloseFlagForm(FlaskForm):
    note = TextAreaField(
        _l("Mengapa tanda bahaya ini ditutup tanpa rujukan?"),
        validators=[
            DataRequired(_l("Tuliskan alasannya, misalnya: tombol Darurat tertekan tidak sengaja.")),
            Length(max=2000),
        ],
    )
