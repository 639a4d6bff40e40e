"""The form of one coordination contact: who, when, by what means, the result and notes."""

from datetime import timedelta

from flask_babel import get_locale, to_utc
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, Optional, ValidationError

from web import inputs, sop
from web.inputs import FlaskForm
from web.timeutil import now


class LocalDateTimeField(inputs.DateTimeLocalField):
    """A date and time typed on the phone (``<input type="datetime-local">``), in the unit's time zone."""

    unreadable = _l("Isi tanggal dan jam kontak.")


class ContactForm(FlaskForm):
    party = SelectField(
        _l("Pihak yang dihubungi"),
        validate_choice=False,
        validators=[AnyOf(sop.keys(sop.COORDINATION_PARTIES), message=_l("Pilih pihak yang dihubungi."))],
    )
    party_name = StringField(
        _l("Nama kantor dan orang yang dihubungi"), validators=[Length(max=200, message=_l("Paling banyak 200 huruf."))]
    )
    contacted_at = LocalDateTimeField(
        _l("Waktu kontak"),
        format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
        validators=[InputRequired(_l("Isi tanggal dan jam kontak."))],
    )
    means = RadioField(
        _l("Cara menghubungi"),
        validate_choice=False,
        validators=[AnyOf(sop.keys(sop.CONTACT_MEANS), message=_l("Pilih cara menghubungi."))],
    )
    result = RadioField(
        _l("Hasil"),
        validate_choice=False,
        validators=[AnyOf(sop.keys(sop.COORDINATION_RESULTS), message=_l("Pilih hasil kontak."))],
    )
    notes = TextAreaField(
        _l("Catatan (tidak wajib)"), validators=[Optional(), Length(max=2000, message=_l("Paling banyak 2000 huruf."))]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale = str(get_locale())
        self.party.choices = sop.select_choices(sop.COORDINATION_PARTIES, locale, ("", _l("Pilih…")))
        self.means.choices = sop.select_choices(sop.CONTACT_MEANS, locale)
        self.result.choices = sop.select_choices(sop.COORDINATION_RESULTS, locale)

    def validate_party_name(self, field):
        if self.party.data == "lainnya" and not (field.data or "").strip():
            raise ValidationError(_l("Untuk pihak lain, tulis nama kantor atau orang yang dihubungi."))

    def validate_contacted_at(self, field):
        if field.data is None:
            return
        when = self.contacted_at_utc()
        if when > now() + timedelta(minutes=5):
            raise ValidationError(_l("Waktu kontak tidak boleh di masa depan."))
        if when < now() - timedelta(days=366):
            raise ValidationError(_l("Waktu kontak lebih dari setahun yang lalu. Periksa tahunnya."))

    def contacted_at_utc(self):
        """What was typed is local time (the unit's zone); the database keeps naive UTC."""
        return to_utc(self.contacted_at.data).replace(second=0, microsecond=0)


class SkipPartyForm(FlaskForm):
    """Why a party of the plan is not contacted (an empty reason, sent by "Batalkan", takes the mark back)."""

    reason = TextAreaField(
        _l("Mengapa tidak dihubungi"), validators=[Length(max=500, message=_l("Paling banyak 500 huruf."))]
    )
    undo = StringField()

    def validate_reason(self, field):
        if not self.undo.data and not (field.data or "").strip():
            raise ValidationError(
                _l("Tulis mengapa pihak ini tidak dihubungi, misalnya: belum ada Satgas PPA di kabupaten ini.")
            )
