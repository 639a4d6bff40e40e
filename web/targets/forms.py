"""Forms of steps 1-2: the target (who to reach and how we know), the person, the verification."""

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from flask_babel import to_user_timezone, to_utc
from wtforms import HiddenField, RadioField, SelectChoice, SelectField, StringField, TelField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from web import inputs, sop
from web.concurrency import VersionForm
from web.inputs import FlaskForm
from web.models.outreach import Target
from web.outreach.forms import LONG_TEXT, DateInput, WholeNumberField, check_nik, locale, not_in_future
from web.timeutil import now
from web.timeutil import today as local_today  # age(): `today` is a local name there


class LocalDateTimeField(inputs.DateTimeLocalField):
    """<input type=datetime-local> in the unit's time zone, kept as naive UTC (checks: web.inputs)."""

    unreadable = _l("Waktu tidak dikenali. Pilih tanggal dan jam.")

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format="%Y-%m-%dT%H:%M", **kwargs)

    @property
    def utc(self):
        return to_utc(self.data).replace(tzinfo=None) if self.data else None

    def set_utc(self, value):
        self.data = to_user_timezone(value).replace(tzinfo=None) if value else None


class TargetForm(VersionForm):
    """Step 1: someone to reach, a high-risk person or an indirect report."""

    kind = RadioField(_l("Dari mana korban diketahui"), choices=[], default=Target.REPORT, validate_choice=False)
    source = SelectField(_l("Sumber informasi"), choices=[], validate_choice=False)
    received_at = LocalDateTimeField(_l("Kapan informasi diterima"))
    report = TextAreaField(
        _l("Apa yang dilaporkan atau diketahui"),
        validators=[DataRequired(_l("Tulis apa yang dilaporkan atau diketahui.")), Length(max=LONG_TEXT)],
    )
    reporter_name = StringField(_l("Nama pelapor"), validators=[Length(max=200)])
    reporter_phone = TelField(_l("Nomor telepon pelapor"), validators=[Length(max=40)])
    opened_at = HiddenField()  # when the form was opened: the start of SOP step 1

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = sop.select_choices(sop.TARGET_KINDS, locale())
        self.source.choices = sop.select_choices(sop.TARGET_SOURCES, locale(), ("", _l("Pilih sumber")))

    def validate_kind(self, field):
        if field.data not in Target.KINDS:
            raise ValidationError(_l("Pilih dari mana korban diketahui."))

    def validate_source(self, field):
        if field.data and field.data not in sop.keys(sop.TARGET_SOURCES):
            raise ValidationError(_l("Pilih sumber dari daftar."))
        if self.kind.data == Target.REPORT and not field.data:
            raise ValidationError(_l("Untuk laporan tidak langsung, pilih dari mana laporan datang."))

    def validate_received_at(self, field):
        if field.data and field.utc > now() + timedelta(minutes=10):
            raise ValidationError(_l("Waktu ini belum lewat. Periksa lagi."))

    def opened(self):
        """When the worker opened the form (UTC), if it is believable; else None."""
        try:
            at = datetime.fromisoformat(self.opened_at.data or "")
        except ValueError:
            return None
        current = now()
        return at if current - timedelta(hours=12) <= at <= current else None


class PersonForm(VersionForm):
    """Step 2: the person as far as known. A child needs a parent or guardian."""

    name = StringField(
        _l("Nama atau nama samaran"), validators=[DataRequired(_l("Isi nama atau nama samaran.")), Length(max=200)]
    )
    sex = RadioField(_l("Jenis kelamin"), choices=[], default="", validate_choice=False)
    birth_date = DateInput(_l("Tanggal lahir"), validators=[Optional(), not_in_future])
    estimated_age = WholeNumberField(_l("Perkiraan umur (tahun)"), message=_l("Tulis umur dalam angka, misalnya 15."))
    nik = StringField(_l("NIK"), validators=[Length(max=40)], render_kw={"inputmode": "numeric", "autocomplete": "off"})
    phone = TelField(_l("Nomor telepon"), validators=[Length(max=40)])
    address = TextAreaField(_l("Alamat (jalan, RT/RW, dusun)"), validators=[Length(max=1000)])
    desa = StringField(_l("Desa/kelurahan"), validators=[Length(max=200)])
    kecamatan = StringField(_l("Kecamatan"), validators=[Length(max=200)])
    kabupaten = StringField(_l("Kabupaten/kota"), validators=[Length(max=200)])
    guardian_name = StringField(_l("Nama orang tua atau wali"), validators=[Length(max=200)])
    guardian_relation = StringField(_l("Hubungan dengan anak"), validators=[Length(max=100)])
    guardian_phone = TelField(_l("Nomor telepon orang tua atau wali"), validators=[Length(max=40)])
    disability = StringField(_l("Disabilitas (jika ada)"), validators=[Length(max=200)])
    problem = TextAreaField(_l("Masalah yang diceritakan"), validators=[Length(max=LONG_TEXT)])
    # the duplicate warning: "new" = not the same person, save anyway; or the id of the same person
    confirm = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sex.choices = sop.select_choices(sop.SEXES, locale()) + [SelectChoice("", _l("Belum diketahui"))]

    def validate_sex(self, field):
        if field.data not in sop.keys(sop.SEXES) + ("",):
            raise ValidationError(_l("Pilih jenis kelamin dari daftar."))

    def validate_estimated_age(self, field):
        if field.number is not None and not 0 <= field.number <= 120:
            raise ValidationError(_l("Umur harus antara 0 dan 120 tahun."))

    def validate_nik(self, field):
        field.clean = check_nik(field.data)
        if not field.clean:
            return
        # digits 7-12 of a NIK are the birth date DDMMYY, the day plus 40 for a woman
        day, month, year = int(field.clean[6:8]), int(field.clean[8:10]), int(field.clean[10:12])
        woman = day > 40
        day -= 40 if woman else 0
        if self.sex.data in ("p", "l") and (self.sex.data == "p") != woman:
            raise ValidationError(
                _l(
                    "NIK ini milik perempuan (tanggal lahirnya ditambah 40), tetapi jenis kelamin yang dipilih "
                    "laki-laki. Periksa NIK atau jenis kelamin."
                )
                if woman
                else _l(
                    "NIK ini milik laki-laki, tetapi jenis kelamin yang dipilih perempuan (NIK perempuan: "
                    "tanggal lahir ditambah 40). Periksa NIK atau jenis kelamin."
                )
            )
        born = self.birth_date.data
        if born and not self.birth_date.errors and (born.day, born.month, born.year % 100) != (day, month, year):
            raise ValidationError(
                _l(
                    "Tanggal lahir di NIK ini %(nik_date)s, tidak sama dengan tanggal lahir yang "
                    "diisi. Periksa NIK atau tanggal lahir.",
                    nik_date=f"{day:02d}-{month:02d}-{year:02d}",
                )
            )

    def age(self):
        if self.birth_date.data:
            b, today = self.birth_date.data, local_today()
            return today.year - b.year - ((today.month, today.day) < (b.month, b.day))
        return self.estimated_age.number

    def is_child(self):
        age = self.age()
        return age is not None and 0 <= age < 18

    def validate_guardian_name(self, field):
        if self.is_child() and not (field.data or "").strip():
            raise ValidationError(_l("Untuk anak di bawah 18 tahun, isi nama orang tua atau wali."))

    def validate_guardian_relation(self, field):
        if self.is_child() and not (field.data or "").strip():
            raise ValidationError(_l("Isi hubungan orang tua atau wali dengan anak, misalnya ibu atau paman."))

    def person_data(self):
        """The fields of Person, cleaned."""
        return dict(
            name=" ".join(self.name.data.split()),
            sex=self.sex.data or "",
            birth_date=self.birth_date.data,
            estimated_age=None if self.birth_date.data else self.estimated_age.number,
            nik=getattr(self.nik, "clean", None) or None,
            phone=(self.phone.data or "").strip(),
            address=(self.address.data or "").strip(),
            desa=(self.desa.data or "").strip(),
            kecamatan=(self.kecamatan.data or "").strip(),
            kabupaten=(self.kabupaten.data or "").strip(),
            guardian_name=(self.guardian_name.data or "").strip(),
            guardian_relation=(self.guardian_relation.data or "").strip(),
            guardian_phone=(self.guardian_phone.data or "").strip(),
            disability=(self.disability.data or "").strip(),
        )


class VerificationForm(FlaskForm):
    """Step 2: the identity and address checked with an authority."""

    result = RadioField(_l("Hasil verifikasi"), choices=[], validate_choice=False)
    authority = SelectField(_l("Diverifikasi dengan"), choices=[], validate_choice=False)
    authority_detail = StringField(_l("Kantor atau orang yang dihubungi"), validators=[Length(max=200)])
    verified_on = DateInput(
        _l("Tanggal verifikasi"), validators=[DataRequired(_l("Isi tanggal verifikasi.")), not_in_future]
    )
    note = TextAreaField(_l("Catatan"), validators=[Length(max=LONG_TEXT)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.result.choices = sop.select_choices(sop.VERIFICATION_RESULTS, locale())
        self.authority.choices = sop.select_choices(sop.VERIFICATION_AUTHORITIES, locale(), ("", _l("Pilih")))

    def validate_result(self, field):
        if field.data not in sop.keys(sop.VERIFICATION_RESULTS):
            raise ValidationError(_l("Pilih hasil verifikasi."))

    def validate_authority(self, field):
        if field.data not in sop.keys(sop.VERIFICATION_AUTHORITIES):
            raise ValidationError(_l("Pilih dengan siapa data diverifikasi."))

    def validate_authority_detail(self, field):
        if self.authority.data == "lainnya" and not (field.data or "").strip():
            raise ValidationError(_l("Tulis kantor atau orang yang dihubungi."))

    def validate_note(self, field):
        if self.result.data == "alamat_berbeda" and not (field.data or "").strip():
            raise ValidationError(_l("Tulis alamat yang ditemukan."))
