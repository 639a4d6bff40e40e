"""The forms of the users and units screens (issue 12 point 6)."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from web import roles
from web.concurrency import VersionForm
from web.inputs import FlaskForm
from web.models.core import NIP_LENGTH, RANK_MAX_LENGTH, clean_nip, clean_rank
from web.timeutil import ZONES

USERNAME = Regexp(
    r"^[A-Za-z0-9._-]{3,40}$", message=_l("3 sampai 40 huruf, angka, titik, garis bawah atau tanda minus.")
)


class AccountForm(FlaskForm):
    """A user's account: the username only when it is made; the unit only for the system administrator."""

    username = StringField(_l("Nama pengguna"), validators=[DataRequired(_l("Isi nama pengguna.")), USERNAME])
    full_name = StringField(_l("Nama lengkap"), validators=[DataRequired(_l("Isi nama lengkap.")), Length(max=120)])
    role = SelectField(_l("Peran"), choices=[], validate_choice=False)
    unit = SelectField(_l("Unit"), choices=[], validate_choice=False)
    nip = StringField(_l("NIP"), validators=[Optional(), Length(max=40)])
    rank = StringField(_l("Pangkat/golongan"), validators=[Optional(), Length(max=RANK_MAX_LENGTH + 20)])
    phone = StringField(_l("Nomor HP"), validators=[Optional(), Length(max=30)])

    def __init__(self, given_roles, units=(), new=True, **kwargs):
        super().__init__(**kwargs)
        self.role.choices = [SelectChoice(role, roles.label(role)) for role in given_roles]
        self.unit.choices = [SelectChoice(str(unit.id), unit.name) for unit in units]
        if not new:
            del self.username
        if not units:
            del self.unit

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if self.role.data not in {choice.value for choice in self.role.choices}:
            self.role.errors = list(self.role.errors) + [_l("Pilih peran dari daftar.")]
            ok = False
        if "unit" in self and self.unit.data not in {choice.value for choice in self.unit.choices}:
            self.unit.errors = list(self.unit.errors) + [_l("Pilih unit dari daftar.")]
            ok = False
        try:
            clean_nip(self.nip.data)
        except ValueError:
            self.nip.errors = list(self.nip.errors) + [
                _l(
                    "NIP harus tepat %(n)d angka (boleh dengan spasi), atau kosong untuk pegawai tanpa NIP.",
                    n=NIP_LENGTH,
                )
            ]
            ok = False
        try:
            clean_rank(self.rank.data)
        except ValueError:
            self.rank.errors = list(self.rank.errors) + [
                _l("Pangkat/golongan paling banyak %(n)d karakter.", n=RANK_MAX_LENGTH)
            ]
            ok = False
        return ok


class ConfirmForm(FlaskForm):
    """A button that changes something (deactivate, new one-time code): only the CSRF token."""


class UnitForm(VersionForm):
    """A unit's name, letterhead, time zone, legal basis and budget account."""

    code = StringField(
        _l("Kode unit (dipakai pada nomor surat)"),
        validators=[
            DataRequired(_l("Isi kode unit.")),
            Regexp(r"^[A-Za-z0-9-]{2,20}$", message=_l("2 sampai 20 huruf, angka atau tanda minus.")),
        ],
    )
    name = StringField(_l("Nama unit"), validators=[DataRequired(_l("Isi nama unit.")), Length(max=150)])
    government_line = StringField(_l("Baris pemerintah pada kop surat"), validators=[Optional(), Length(max=150)])
    agency_line = StringField(_l("Baris dinas pada kop surat"), validators=[Optional(), Length(max=200)])
    address = TextAreaField(_l("Alamat"), validators=[Optional(), Length(max=300)])
    phone = StringField(_l("Telepon"), validators=[Optional(), Length(max=60)])
    region = StringField(_l("Kota tempat surat dibuat"), validators=[Optional(), Length(max=80)])
    timezone = SelectField(_l("Zona waktu"), choices=[SelectChoice(name, abbreviation) for name, abbreviation in ZONES])
    legal_basis = TextAreaField(
        _l("Dasar hukum pada Surat Tugas (satu per baris)"),
        validators=[DataRequired(_l("Isi paling sedikit satu dasar hukum.")), Length(max=10000)],
    )
    budget_account = StringField(_l("Mata anggaran SPPD"), validators=[Optional(), Length(max=150)])
    logo = FileField(_l("Logo pada kop surat (foto PNG atau JPEG)"))
    remove_logo = BooleanField(_l("Hapus logo"))

    def __init__(self, *args, new=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not new:
            del self.code
        if new:
            del self.remove_logo

    def settings(self):
        """The fields as the unit stores them."""
        return {
            "name": " ".join(self.name.data.split()),
            "government_line": " ".join((self.government_line.data or "").split()),
            "agency_line": " ".join((self.agency_line.data or "").split()),
            "address": (self.address.data or "").strip(),
            "phone": (self.phone.data or "").strip(),
            "region": (self.region.data or "").strip(),
            "timezone": self.timezone.data,
            "legal_basis": "\n".join(
                " ".join(line.split()) for line in (self.legal_basis.data or "").splitlines() if line.strip()
            ),
            "budget_account": (self.budget_account.data or "").strip(),
        }
