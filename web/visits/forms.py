"""Forms of the visit screens: start or change a visit, a person met on the spot, consent (step 8),
withdrawal of consent, the witness's confirmation, photos and documents.

The lists (what was explained, who consents, scopes, method, ...) are data in web.sop; their labels
are picked for the user's language when the form is made (sop.select_choices).
"""

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from web import inputs, sop, steps
from web.concurrency import VersionForm
from web.inputs import FlaskForm
from web.models.visits import UUID_RE, Consent
from web.sop import (
    AFTER_REFUSAL,
    CHILD_ASSENT,
    CONSENT_EXPLAINED,
    CONSENT_METHODS,
    CONSENT_OUTCOMES,
    CONSENT_SCOPES,
    CONSENTERS,
    CONTACT_LEFT,
    EXPLAINED_AGAIN,
    GUARDIAN,
    SEXES,
    SIGNATURE,
    SPOKEN,
    THUMBPRINT,
)
from web.visits import uploads


def _locale():
    return str(get_locale())


class LocalDateField(inputs.DateField):
    """A date (the phone's date picker) with the parse error in the user's language (web.inputs)."""

    unreadable = _l("Tanggal tidak terbaca. Pilih tanggal dari kalender.")


class LocalTimeField(inputs.TimeField):
    unreadable = _l("Jam tidak terbaca. Tulis seperti 09:30.")


class LocalIntegerField(inputs.IntegerField):
    unreadable = _l("Isi dengan angka saja.")


class CheckboxesField(SelectMultipleField):
    """Several checkboxes, one value each (rendered one by one in the templates)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class InstanceForm(FlaskForm):
    """A form that may be sent again by a phone that was offline: `instance_id` makes it one record."""

    instance_id = HiddenField()

    def instance(self):
        """The form's instance_id if it is a UUID (as crypto.randomUUID() makes), else None."""
        return self.instance_of({"instance_id": self.instance_id.data})

    @staticmethod
    def instance_of(formdata):
        value = (formdata.get("instance_id") or "").strip().lower()
        return value if UUID_RE.match(value) else None


# ---- Visit ---------------------------------------------------------------------------------


class VisitFields(FlaskForm):
    visit_date = LocalDateField(_l("Tanggal kunjungan"), validators=[InputRequired(_l("Isi tanggal kunjungan."))])
    visit_time = LocalTimeField(
        _l("Jam mulai"), format="%H:%M", validators=[InputRequired(_l("Isi jam mulai kunjungan."))]
    )
    place = StringField(
        _l("Tempat"),
        validators=[
            DataRequired(_l("Isi tempat kunjungan, misalnya rumah, sekolah, atau balai desa.")),
            Length(max=200),
        ],
    )
    present = TextAreaField(_l("Siapa saja yang hadir"), validators=[Length(max=2000)])


class StartVisitForm(VisitFields, InstanceForm):
    target = HiddenField()
    plan = HiddenField()


class EditVisitForm(VisitFields, VersionForm):
    pass


# ---- A person met on the spot ----------------------------------------------------------------


class PersonForm(FlaskForm):
    name = StringField(
        _l("Nama atau nama panggilan"), validators=[DataRequired(_l("Isi nama atau nama panggilan.")), Length(max=120)]
    )
    sex = RadioField(_l("Jenis kelamin"), default="", validate_choice=False)
    estimated_age = LocalIntegerField(
        _l("Umur (perkiraan, tahun)"),
        validators=[Optional(), NumberRange(min=0, max=120, message=_l("Umur antara 0 dan 120 tahun."))],
    )
    birth_date = LocalDateField(_l("Tanggal lahir (jika tahu)"), validators=[Optional()])
    desa = StringField(_l("Desa atau kelurahan"), validators=[Length(max=120)])
    report = TextAreaField(_l("Bagaimana orang ini ditemui"), validators=[Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sex.choices = sop.select_choices(SEXES, _locale()) + [SelectChoice("", _l("Belum tahu"))]

    def validate_sex(self, field):
        if field.data not in sop.keys(SEXES) + ("",):
            raise ValidationError(_("Pilih salah satu."))


# ---- Consent (step 8) -------------------------------------------------------------------------


class ConsentForm(InstanceForm):
    """Consent, or refusal. Who may decide, what and how is checked in validate(); the route sets
    `for_child` (the person is under 18) and `colleagues` (who may witness) before validating."""

    explained = CheckboxesField(_l("Sudah dijelaskan kepada orang itu"), validate_choice=True)
    consenter = RadioField(_l("Siapa yang memutuskan"), validate_choice=False)
    consenter_name = StringField(_l("Nama orang tua atau wali"), validators=[Length(max=120)])
    consenter_relation = StringField(_l("Hubungan dengan anak"), validators=[Length(max=60)])
    child_assent = RadioField(_l("Apakah anak itu sendiri juga setuju?"), validate_choice=False)
    outcome = RadioField(_l("Keputusan"), validate_choice=False)
    scopes = CheckboxesField(_l("Yang disetujui"))
    method = RadioField(_l("Cara menyatakan persetujuan"), validate_choice=False)
    signature = HiddenField()
    thumbprint = FileField(_l("Foto cap jempol"))
    thumbprint_data = HiddenField()
    witness = SelectField(_l("Petugas yang menyaksikan"), validate_choice=False)
    refusal_reason = TextAreaField(_l("Alasan menolak (jika disampaikan)"), validators=[Length(max=2000)])
    after_refusal = CheckboxesField(_l("Setelah orang itu menolak"))
    follow_up_date = LocalDateField(_l("Tanggal untuk menghubungi lagi (tidak wajib)"), validators=[Optional()])

    def __init__(self, *args, colleagues=(), for_child=False, **kwargs):
        super().__init__(*args, **kwargs)
        locale = _locale()
        self.for_child = for_child
        self.colleagues = list(colleagues)
        self.explained.choices = sop.select_choices(CONSENT_EXPLAINED, locale)
        self.consenter.choices = sop.select_choices(CONSENTERS, locale)
        self.child_assent.choices = sop.select_choices(CHILD_ASSENT, locale)
        self.outcome.choices = sop.select_choices(CONSENT_OUTCOMES, locale)
        self.scopes.choices = sop.select_choices(CONSENT_SCOPES, locale)
        self.method.choices = sop.select_choices(CONSENT_METHODS, locale)
        self.after_refusal.choices = sop.select_choices(AFTER_REFUSAL, locale)
        self.witness.choices = [SelectChoice("", _("Pilih petugas"))] + [
            SelectChoice(str(u.id), u.full_name) for u in self.colleagues
        ]
        self.refusal_note = sop.step(steps.CONSENT).note(locale)
        # Results of validate(), for the route to store.
        self.signature_png = None
        self.thumbprint_jpeg = None
        self.witness_user = None

    @property
    def is_given(self):
        return self.outcome.data == Consent.GIVEN

    def consent_fields(self):
        """The Consent's fields as decided on this (validated) form."""
        given, guardian = self.is_given, self.consenter.data == GUARDIAN
        after = set(self.after_refusal.data or ())
        return dict(
            instance_id=self.instance(),
            outcome=self.outcome.data,
            consenter=self.consenter.data,
            consenter_name=(self.consenter_name.data or "").strip() if guardian else "",
            consenter_relation=(self.consenter_relation.data or "").strip() if guardian else "",
            child_assent=self.child_assent.data == "ya" if given and self.for_child else None,
            explained=" ".join(c.key for c in CONSENT_EXPLAINED if c.key in (self.explained.data or ())),
            method=self.method.data if given else "",
            witness=self.witness_user if given and self.method.data == SPOKEN else None,
            refusal_reason="" if given else (self.refusal_reason.data or "").strip(),
            explained_again=not given and EXPLAINED_AGAIN in after,
            contact_left=not given and CONTACT_LEFT in after,
            follow_up_date=None if given else self.follow_up_date.data,
        )

    def validate_consenter(self, field):
        if field.data not in {c.key for c in CONSENTERS}:
            raise ValidationError(_("Pilih siapa yang memberi keputusan."))

    def validate_outcome(self, field):
        if field.data not in (Consent.GIVEN, Consent.REFUSED):
            raise ValidationError(_("Pilih: setuju atau menolak."))

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if self.consenter.data == GUARDIAN and not (self.consenter_name.data or "").strip():
            self.consenter_name.errors.append(_("Isi nama orang tua atau wali."))
        if self.is_given:
            self._validate_given()
        elif self.outcome.data == Consent.REFUSED:
            self.thumbprint_data.data = ""
            self.signature.data = ""
        return ok and not any(f.errors for f in self)

    def _validate_given(self):
        if self.for_child and self.consenter.data != GUARDIAN and not self.consenter.errors:
            self.consenter.errors.append(_("Orang ini masih anak: persetujuan diberikan oleh orang tua atau wali."))
        if set(self.explained.data or ()) != {c.key for c in CONSENT_EXPLAINED}:
            self.explained.errors.append(_("Jelaskan semuanya dan centang semua sebelum persetujuan bisa diberikan."))
        if self.for_child and self.child_assent.data not in sop.keys(CHILD_ASSENT):
            self.child_assent.errors.append(_("Tanyakan juga kepada anak itu sendiri, lalu catat jawabannya."))
        if not self.scopes.data:
            self.scopes.errors.append(_("Centang paling sedikit satu hal yang disetujui."))
        method = self.method.data
        if method not in (SIGNATURE, THUMBPRINT, SPOKEN):
            self.method.errors.append(_("Pilih cara menyatakan persetujuan."))
        elif method == SIGNATURE:
            try:
                self.signature_png = uploads.signature_png(self.signature.data or "")
            except uploads.UploadError as error:
                self.method.errors.append(
                    str(error) if self.signature.data else _("Minta orang itu menandatangani di kotak tanda tangan.")
                )
        elif method == THUMBPRINT:
            self._validate_thumbprint()
        elif method == SPOKEN:
            chosen = {str(u.id): u for u in self.colleagues}.get(self.witness.data or "")
            if chosen is None:
                self.witness.errors.append(_("Pilih petugas lain yang ikut mendengar persetujuan itu."))
            self.witness_user = chosen

    def _validate_thumbprint(self):
        upload = self.thumbprint.data
        try:
            if upload and getattr(upload, "filename", ""):
                self.thumbprint_jpeg = uploads.thumbprint_from_upload(upload)
            elif self.thumbprint_data.data:
                self.thumbprint_jpeg = uploads.thumbprint_jpeg(self.thumbprint_data.data)
            else:
                self.thumbprint.errors.append(_("Ambil foto cap jempol dengan kamera."))
                return
        except uploads.UploadError as error:
            self.thumbprint.errors.append(str(error))
            self.thumbprint_data.data = ""
            return
        # Kept in the page, so that a correction elsewhere does not lose the photo.
        self.thumbprint_data.data = uploads.data_url(self.thumbprint_jpeg, "image/jpeg")


class WithdrawForm(VersionForm):
    scopes = CheckboxesField(_l("Yang ditarik"))
    reason = TextAreaField(
        _l("Alasan penarikan"),
        validators=[DataRequired(_l("Tulis alasan penarikan, seperti yang disampaikan orang itu.")), Length(max=2000)],
    )

    def __init__(self, *args, consent=None, **kwargs):
        super().__init__(*args, **kwargs)
        locale = _locale()
        self.scopes.choices = [
            SelectChoice(s.scope, s.choice.label(locale) if s.choice else s.scope)
            for s in (consent.withdrawable_scopes if consent else ())
        ]

    def validate_scopes(self, field):
        if not field.data:
            raise ValidationError(_("Centang paling sedikit satu yang ditarik."))


class ConfirmForm(FlaskForm):
    """A button only (the CSRF token is the form)."""


# ---- Photos and documents ---------------------------------------------------------------------


class AttachmentForm(FlaskForm):
    photo = FileField(_l("Ambil foto dengan kamera"))
    document = FileField(_l("Atau pilih berkas dari HP (foto atau PDF)"))
    caption = StringField(_l("Keterangan (tidak wajib)"), validators=[Length(max=200)])

    def validate_photo(self, field):
        has_photo = bool(field.data and getattr(field.data, "filename", ""))
        has_document = bool(self.document.data and getattr(self.document.data, "filename", ""))
        if not has_photo and not has_document:
            raise ValidationError(_("Ambil foto atau pilih sebuah berkas."))
        if has_photo and has_document:
            raise ValidationError(_("Kirim satu berkas setiap kali."))
