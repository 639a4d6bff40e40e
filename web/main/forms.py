"""The main area's one form: the filters of the Kepala's audit screen (a GET form, no CSRF: it
changes nothing). The language switch and logout are plain POST buttons."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from web.inputs import DateField, FlaskForm


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    orang = StringField(_l("Orang (nomor orang atau kode korban)"), validators=[Optional(), Length(max=60)])
    pengguna = SelectField(_l("Pengguna"), choices=[], default="", validate_choice=False)
    dari = DateField(_l("Dari tanggal"), validators=[Optional()])
    sampai = DateField(_l("Sampai tanggal"), validators=[Optional()])

    def __init__(self, users, **kwargs):
        super().__init__(**kwargs)
        self.pengguna.choices = [("", str(_l("Semua pengguna")))] + [
            (str(u.id), f"{u.full_name} ({u.username})") for u in users
        ]

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if (self.pengguna.data or "") not in {value for value, _label in self.pengguna.choices}:
            self.pengguna.errors = list(self.pengguna.errors) + [_l("Pilih pengguna dari daftar.")]
            ok = False
        if self.dari.data and self.sampai.data and self.sampai.data < self.dari.data:
            self.sampai.errors = list(self.sampai.errors) + [_l("Tanggal akhir sebelum tanggal awal.")]
            ok = False
        return ok
