"""Forms of steps 3-5: the plan with its budget, the Kepala's decision, the team and briefing.

Also the small fields the targets forms share: dates, whole numbers and Rupiah with Indonesian
messages (WTForms has no Indonesian catalogue), and NIK checking.
"""

import re

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import (
    FieldList,
    Form,
    FormField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from web import inputs, sop
from web.concurrency import VersionForm
from web.inputs import FlaskForm, coerce_id, is_ascii_digits
from web.models.outreach import MAX_LINE_TOTAL, MAX_QUANTITY
from web.timeutil import today

LONG_TEXT = 5000
BLANK_LINES = 2  # empty budget rows offered under the filled ones
MIN_LINES = 3


def locale():
    return str(get_locale())


# ---- shared fields ---------------------------------------------------------------------------


class DateInput(inputs.DateField):
    """<input type=date>, with an Indonesian message for a value that is not a date (web.inputs)."""

    unreadable = _l("Tanggal tidak dikenali. Pilih tanggal dari kalender.")

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {}).setdefault("type", "date")
        super().__init__(label, validators, format="%Y-%m-%d", **kwargs)


def parse_whole(text):
    """'1.250.000', 'Rp 1.250.000', '1250000' -> 1250000; '-5' -> -5. ValueError for anything else."""
    s = (text or "").strip().replace("Rp", "").replace("rp", "").replace("RP", "").replace(" ", "")
    if s.endswith(",00"):
        s = s[:-3]
    if len(s) <= 30 and (re.fullmatch(r"-?[0-9]+", s) or re.fullmatch(r"-?[0-9]{1,3}(\.[0-9]{3})+", s)):
        return int(s.replace(".", ""))
    raise ValueError(s)


class WholeNumberField(StringField):
    """A whole number typed on a phone's number pad; kept as typed when it is wrong."""

    def __init__(self, label=None, validators=None, message=None, **kwargs):
        render_kw = kwargs.setdefault("render_kw", {})
        render_kw.setdefault("inputmode", "numeric")
        render_kw.setdefault("autocomplete", "off")
        super().__init__(label, validators, **kwargs)
        self.message = message or _l("Tulis angka saja, misalnya 15.")
        self.number = None

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.number = None
        if self.data and (self.data or "").strip():
            try:
                self.number = parse_whole(self.data)
            except ValueError:
                raise ValueError(self.message) from None

    def process_data(self, value):
        self.data = value
        self.number = value if isinstance(value, int) else None

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if isinstance(self.data, int):
            return str(self.data)
        return self.data or ""


NIK_DATE = re.compile(r"^\d{6}(\d{2})(\d{2})\d{6}$")


def check_nik(value):
    """The NIK without spaces, or ValidationError with a message for the person typing it."""
    nik = re.sub(r"[\s.-]", "", value or "")
    if not nik:
        return None
    if not re.fullmatch(r"[0-9]{16}", nik):
        raise ValidationError(_l("NIK harus 16 angka."))
    day, month = (int(x) for x in NIK_DATE.match(nik).groups())
    if not (1 <= day <= 31 or 41 <= day <= 71) or not 1 <= month <= 12:
        raise ValidationError(_l("NIK ini tidak sah: angka ke-7 sampai ke-10 harus tanggal dan bulan lahir."))
    return nik


def not_in_future(form, field):
    if field.data and field.data > today():
        raise ValidationError(_l("Tanggal ini belum lewat. Periksa lagi."))


# ---- step 3: the plan ----------------------------------------------------------------------


class BudgetLineForm(Form):
    """One budget row; a row left empty is ignored."""

    category = SelectField(_l("Jenis biaya"), choices=[], validate_choice=False)
    description = StringField(_l("Keterangan"), validators=[Length(max=200)])
    quantity = WholeNumberField(_l("Jumlah"), message=_l("Tulis jumlah dalam angka bulat, misalnya 2."))
    unit_label = StringField(_l("Satuan"), validators=[Length(max=60)])
    unit_cost = WholeNumberField(
        _l("Biaya satuan (Rp)"), message=_l("Tulis biaya dalam Rupiah tanpa koma, misalnya 150000 atau 150.000.")
    )

    def is_blank(self):
        return not any(
            str(f.data or "").strip()
            for f in (self.category, self.description, self.quantity, self.unit_label, self.unit_cost)
        )


def _add_error(field, message):
    field.errors = list(field.errors or []) + [message]


class PlanForm(VersionForm):
    title = StringField(_l("Nama rencana"), validators=[Length(max=150)])
    purpose = TextAreaField(_l("Tujuan penjangkauan"), validators=[Length(max=LONG_TEXT)])
    targets = SelectMultipleField(_l("Korban yang dijangkau"), coerce=coerce_id, choices=[], validate_choice=False)
    places = TextAreaField(_l("Tempat yang dituju"), validators=[Length(max=2000)])
    start_date = DateInput(_l("Tanggal mulai"), validators=[Optional()])
    end_date = DateInput(_l("Tanggal selesai"), validators=[Optional()])
    team = SelectMultipleField(_l("Usulan tim"), coerce=coerce_id, choices=[], validate_choice=False)
    team_note = TextAreaField(_l("Anggota tim dari luar (jika ada)"), validators=[Length(max=2000)])
    parties = SelectMultipleField(_l("Pihak yang perlu diajak berkoordinasi"), choices=[], validate_choice=False)
    parties_note = TextAreaField(_l("Nama kantor atau orang yang akan dihubungi"), validators=[Length(max=2000)])
    lines = FieldList(FormField(BudgetLineForm), min_entries=MIN_LINES)

    def __init__(self, *args, target_choices=(), team_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.targets.choices = [SelectChoice(value, label) for value, label in target_choices]
        self.team.choices = [SelectChoice(value, label) for value, label in team_choices]
        self.parties.choices = sop.select_choices(sop.COORDINATION_PARTIES, locale())
        self.prepare_lines()
        self.clean_lines = []
        self.budget_error = None

    def prepare_lines(self):
        categories = sop.select_choices(sop.BUDGET_CATEGORIES, locale(), ("", _l("Pilih jenis biaya")))
        for entry in self.lines:
            entry.form.category.choices = categories

    def add_line(self):
        self.lines.append_entry()
        self.prepare_lines()

    def validate_targets(self, field):
        allowed = {choice.value for choice in field.choices}
        if any(value not in allowed for value in field.data or []):
            raise ValidationError(_l("Korban ini tidak bisa dipilih."))

    def validate_team(self, field):
        allowed = {choice.value for choice in field.choices}
        if any(value not in allowed for value in field.data or []):
            raise ValidationError(_l("Pilih anggota tim dari daftar."))

    def validate_parties(self, field):
        if any(value not in sop.keys(sop.COORDINATION_PARTIES) for value in field.data or []):
            raise ValidationError(_l("Pilih pihak dari daftar."))

    def validate_end_date(self, field):
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError(_l("Tanggal selesai tidak boleh sebelum tanggal mulai."))

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        self.clean_lines = []
        for entry in self.lines:
            line = entry.form
            if line.is_blank():
                continue
            good = True
            if line.category.data not in sop.keys(sop.BUDGET_CATEGORIES):
                _add_error(line.category, _l("Pilih jenis biaya."))
                good = False
            quantity, cost = line.quantity.number, line.unit_cost.number
            if line.quantity.errors:
                good = False
            elif quantity is None:
                _add_error(line.quantity, _l("Isi jumlah, misalnya 2."))
                good = False
            elif quantity < 1:
                _add_error(line.quantity, _l("Jumlah minimal 1."))
                good = False
            elif quantity > MAX_QUANTITY:
                _add_error(line.quantity, _l("Jumlah ini terlalu besar. Periksa lagi."))
                good = False
            if line.unit_cost.errors:
                good = False
            elif cost is None:
                _add_error(line.unit_cost, _l("Isi biaya satuan dalam Rupiah."))
                good = False
            elif cost < 0:
                _add_error(line.unit_cost, _l("Biaya tidak boleh negatif."))
                good = False
            elif cost == 0:
                _add_error(line.unit_cost, _l("Biaya satuan harus lebih dari Rp 0."))
                good = False
            elif quantity and quantity > 0 and quantity * cost > MAX_LINE_TOTAL:
                _add_error(
                    line.unit_cost,
                    _l("Total baris ini lebih dari Rp 1.000.000.000. Periksa lagi jumlah dan biaya satuan."),
                )
                good = False
            elif cost > MAX_LINE_TOTAL:
                _add_error(line.unit_cost, _l("Biaya ini lebih dari Rp 1.000.000.000. Periksa lagi."))
                good = False
            if good:
                self.clean_lines.append(
                    dict(
                        category=line.category.data,
                        description=(line.description.data or "").strip(),
                        quantity=quantity,
                        unit_label=(line.unit_label.data or "").strip(),
                        unit_cost=cost,
                    )
                )
            else:
                ok = False
        return ok

    def line_total(self, entry):
        """quantity x cost of a row as typed, or None when it cannot be computed yet."""
        q, c = entry.form.quantity.number, entry.form.unit_cost.number
        if q is None or c is None or q < 0 or c < 0:
            return None
        return q * c

    def typed_total(self):
        return sum(t for t in (self.line_total(e) for e in self.lines) if t)

    def require_complete(self):
        """For "submit to the Kepala": what the Kepala needs, with the message next to its field."""
        ok = True
        for field, message in (
            (self.title, _l("Beri nama rencana sebelum mengajukan.")),
            (self.purpose, _l("Tulis tujuan penjangkauan sebelum mengajukan.")),
            (self.places, _l("Tulis tempat yang dituju sebelum mengajukan.")),
            (self.start_date, _l("Isi tanggal mulai sebelum mengajukan.")),
            (self.end_date, _l("Isi tanggal selesai sebelum mengajukan.")),
        ):
            if not field.data or (isinstance(field.data, str) and not (field.data or "").strip()):
                if not field.errors:
                    _add_error(field, message)
                ok = False
        if not self.targets.data:
            _add_error(self.targets, _l("Pilih paling sedikit satu korban sebelum mengajukan."))
            ok = False
        if not any(line["quantity"] * line["unit_cost"] > 0 for line in self.clean_lines):
            # the SOP's plan includes its budget: the Kepala never approves "Rp 0"
            self.budget_error = _l(
                "Isi paling sedikit satu baris anggaran dengan biaya lebih dari Rp 0 sebelum mengajukan."
            )
            ok = False
        return ok


# ---- step 4: the decision ------------------------------------------------------------------


class DecisionForm(FlaskForm):
    APPROVE, RETURN = "setujui", "kembalikan"

    decision = StringField()  # the pressed button: name="decision" value="setujui" | "kembalikan"
    note = TextAreaField(_l("Catatan untuk penyusun rencana"), validators=[Length(max=LONG_TEXT)])

    def validate_note(self, field):
        if self.decision.data == self.RETURN and not (field.data or "").strip():
            raise ValidationError(_l("Tulis catatan: apa yang harus diperbaiki sebelum rencana disetujui."))

    def validate_decision(self, field):
        if field.data not in (self.APPROVE, self.RETURN):
            raise ValidationError(_l("Pilih Setujui atau Kembalikan."))


class DinasDecisionForm(DecisionForm):
    signer_name = StringField(
        _l("Nama Kepala Dinas"),
        validators=[DataRequired(_l("Isi nama Kepala Dinas yang memutuskan.")), Length(max=200)],
    )
    note = TextAreaField(_l("Catatan Kepala Dinas"), validators=[Length(max=LONG_TEXT)])


class UnitApprovalForm(FlaskForm):
    """The unit's setting: does a plan also need the Kepala Dinas's approval (the SOP of some provinces)?"""

    YES, NO = "ya", "tidak"
    dinas = RadioField(
        _l("Persetujuan Kepala Dinas"),
        choices=[
            SelectChoice(NO, _l("Tidak perlu: rencana berlaku setelah disetujui Kepala UPTD")),
            SelectChoice(
                YES,
                _l("Perlu: setelah Kepala UPTD menyetujui, Kepala Dinas juga menyetujui (Anda mencatat keputusannya)"),
            ),
        ],
        validate_choice=False,
    )

    def validate_dinas(self, field):
        if field.data not in (self.YES, self.NO):
            raise ValidationError(_l("Pilih salah satu."))


# ---- step 5: the team ----------------------------------------------------------------------


class AssignForm(FlaskForm):
    members = SelectMultipleField(_l("Anggota tim"), coerce=coerce_id, choices=[], validate_choice=False)
    lead = SelectField(_l("Ketua tim"), choices=[], validate_choice=False)
    briefing = TextAreaField(
        _l("Pengarahan untuk tim"),
        validators=[
            DataRequired(_l("Tulis pengarahan: tujuan, informasi awal tentang korban, dan hal yang perlu dijaga.")),
            Length(max=LONG_TEXT),
        ],
    )

    def __init__(self, *args, member_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members.choices = [SelectChoice(value, label) for value, label in member_choices]
        self.lead.choices = [SelectChoice("", _l("Tanpa ketua tim"))] + [
            SelectChoice(str(value), label) for value, label in member_choices
        ]

    def validate_members(self, field):
        allowed = {choice.value for choice in field.choices}
        if not field.data:
            raise ValidationError(_l("Pilih paling sedikit satu petugas."))
        if any(value not in allowed for value in field.data):
            raise ValidationError(_l("Pilih anggota tim dari daftar."))

    def validate_lead(self, field):
        if field.data and (not is_ascii_digits(field.data) or int(field.data) not in (self.members.data or [])):
            raise ValidationError(_l("Ketua tim harus salah satu anggota yang dipilih."))
