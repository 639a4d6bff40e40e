"""The search form: a GET form, so a search is a link that can be kept and shared within the unit."""

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from web import risk, roles, sop, sop_cases
from web.inputs import FlaskForm
from web.models import User

MAX_QUERY = 100
PEOPLE, CASES = "orang", "kasus"


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: it reads, never changes anything

    q = StringField(_l("Nama, NIK, kode, telepon, atau desa"), validators=[Optional(), Length(max=MAX_QUERY)])
    jenis = SelectField(_l("Cari di"), choices=[], default=PEOPLE, validators=[Optional()])
    # id: base.html's live region is #status; the label must point at this select, not at it.
    status = SelectField(_l("Status kasus"), choices=[], validators=[Optional()], id="status-kasus")
    prosedur = SelectField(_l("SOP"), choices=[], validators=[Optional()])
    kategori = SelectField(_l("Kategori pengaduan"), choices=[], validators=[Optional()])
    risiko = SelectField(_l("Tingkat risiko terakhir"), choices=[], validators=[Optional()])
    terlambat = SelectField(_l("Lewat batas waktu"), choices=[], validators=[Optional()])
    petugas = SelectField(_l("Petugas"), choices=[], validators=[Optional()])

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale = str(get_locale())
        anything = [("", _l("Semua"))]
        self.jenis.choices = [(PEOPLE, _l("Orang")), (CASES, _l("Kasus"))]
        self.status.choices = anything + [("terbuka", _l("Terbuka")), ("ditutup", _l("Ditutup"))]
        self.prosedur.choices = anything + sop.choices(sop_cases.PROCEDURES, locale)
        self.kategori.choices = anything + sop.choices(sop_cases.COMPLAINT_CATEGORIES, locale)
        self.risiko.choices = anything + sop.choices(risk.LEVELS, locale)
        self.terlambat.choices = anything + [("ya", _l("Ya, ada langkah atau layanan yang terlambat"))]
        # Workers of the user's own unit only: an id from the URL is never trusted beyond this list.
        workers = User.in_unit(user.unit_id, roles.WORKER)
        self.petugas.choices = anything + [(str(w.id), w.full_name) for w in workers]

    @property
    def case_filters(self):
        """The case filters chosen (valid choices only), by name."""
        names = ("status", "prosedur", "kategori", "risiko", "terlambat", "petugas")
        return {name: self[name].data for name in names if self[name].data}
