"""Forms of steps 10b and 11: scheduling a further assessment, its findings, the outreach report."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from web import inputs
from web.concurrency import VersionForm
from web.inputs import FlaskForm
from web.timeutil import today as local_today


class FurtherForm(FlaskForm):
    scheduled_for = StringField(_l("Tanggal asesmen lanjutan"))
    assigned_to = SelectField(_l("Petugas yang ditugasi"), choices=[], validate_choice=False)
    notes = TextAreaField(
        _l("Catatan untuk petugas"),
        validators=[Length(max=2000, message=_l("Catatan terlalu panjang (paling banyak 2000 huruf)."))],
    )

    def check(self, workers):
        """Valid date (today or later) and a worker of the unit. Sets .date and .worker."""
        ok = self.validate()
        self.date = self.worker = None
        try:
            self.date = inputs.parse_date(self.scheduled_for.data)
        except ValueError as refused:  # a year before 1900 or after 2100
            self.scheduled_for.errors = list(self.scheduled_for.errors) + [str(refused)]
            ok = False
        if self.date is None:
            if ok:
                self.scheduled_for.errors = list(self.scheduled_for.errors) + [_("Pilih tanggal asesmen lanjutan.")]
            ok = False
        else:
            if self.date < local_today():
                self.scheduled_for.errors = list(self.scheduled_for.errors) + [
                    _("Tanggal tidak boleh sebelum hari ini.")
                ]
                ok = False
        by_id = {str(w.id): w for w in workers}
        self.worker = by_id.get(self.assigned_to.data or "")
        if self.worker is None:
            self.assigned_to.errors = list(self.assigned_to.errors) + [_("Pilih petugas dari unit Anda.")]
            ok = False
        return ok


class FurtherDoneForm(VersionForm):
    findings = TextAreaField(
        _l("Hasil asesmen lanjutan"),
        validators=[
            DataRequired(_l("Tuliskan hasil asesmen lanjutan.")),
            Length(max=5000, message=_l("Terlalu panjang (paling banyak 5000 huruf).")),
        ],
    )


class ReportForm(VersionForm):
    findings = TextAreaField(
        _l("Temuan petugas"),
        validators=[
            DataRequired(_l("Tuliskan temuan Anda dari penjangkauan ini.")),
            Length(max=10000, message=_l("Terlalu panjang (paling banyak 10000 huruf).")),
        ],
    )
