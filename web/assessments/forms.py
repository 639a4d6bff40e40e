"""The risk assessment form (step 9): one radio group per item of web.risk, in its groups.

The items, answers and levels come from web.risk (data a unit can tune); nothing is re-typed here.
Every check gives an Indonesian message next to its field and keeps what was typed.
"""

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import Length

from web import risk, sop
from web.inputs import FlaskForm, is_ascii_digits

# The longest window that matters for the rape item (emergency contraception, 120 hours).
MAX_RAPE_HOURS = max(window for _key, window, _id, _en in risk.DEADLINE_WINDOWS)
ANSWER_KEYS = tuple(option.key for option in risk.ANSWERS)
LEVEL_KEYS = tuple(option.key for option in risk.LEVELS)


class RiskForm(FlaskForm):
    instance_id = HiddenField()
    hours_since_rape = StringField(
        _l("Sudah berapa jam sejak perkosaan?"), validators=[Length(max=6, message=_l("Isi jumlah jam dengan angka."))]
    )
    level = RadioField(_l("Tingkat risiko yang disimpan"), choices=[], default="", validate_choice=False)
    lower_reason = TextAreaField(
        _l("Alasan jika menurunkan tingkat risiko"),
        validators=[Length(max=2000, message=_l("Alasan terlalu panjang (paling banyak 2000 huruf)."))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale = str(get_locale())
        answers = sop.select_choices(risk.ANSWERS, locale)
        for item in risk.RISK_ITEMS:
            self[item.key].choices = answers
        self.level.choices = sop.select_choices(risk.LEVELS, locale, ("", _("Ikuti hasil perhitungan")))

    # ---- reading the answers -------------------------------------------------------------

    def grouped(self):
        """[(group option, [(RiskItem, bound field)])] in the order of web.risk.GROUPS."""
        return [(group, [(item, self[item.key]) for item in items]) for group, items in risk.grouped_items()]

    @property
    def rape_item(self):
        return risk.RAPE_ITEM

    def answers(self):
        """{item key: answer} for the items answered with a valid answer."""
        return {item.key: self[item.key].data for item in risk.RISK_ITEMS if self[item.key].data in ANSWER_KEYS}

    def check_answers(self, require_all):
        """Mark invalid answers (always) and unanswered items (when saving). True when fine."""
        ok = True
        for item in risk.RISK_ITEMS:
            value = self[item.key].data
            if value in (None, ""):
                if require_all:
                    self[item.key].errors.append(_("Pilih salah satu jawaban: Ya, Tidak, atau Tidak tahu."))
                    ok = False
            elif value not in ANSWER_KEYS:
                self[item.key].errors.append(_("Jawaban tidak dikenal. Pilih Ya, Tidak, atau Tidak tahu."))
                ok = False
        return ok

    def hours(self):
        """The hours since the rape as an int, None if empty or not needed; marks a bad value."""
        if self[risk.RAPE_ITEM].data != risk.YA:
            return None
        raw = (self.hours_since_rape.data or "").strip()
        if not raw:
            return None
        if not is_ascii_digits(raw):
            self.hours_since_rape.errors.append(_("Isi jumlah jam dengan angka, misalnya 10."))
            return None
        hours = int(raw)
        if hours > MAX_RAPE_HOURS:
            self.hours_since_rape.errors.append(
                _(
                    "Lebih dari %(max)d jam: periksa lagi jumlah jamnya, atau jawab Tidak pada pertanyaan ini.",
                    max=MAX_RAPE_HOURS,
                )
            )
            return None
        return hours

    def worker_level(self):
        value = self.level.data or ""
        if value and value not in LEVEL_KEYS:
            self.level.errors.append(_("Pilih salah satu tingkat risiko."))
            return None
        return value or None


# One radio group per item of the instrument; its name is the item's key.
for _item in risk.RISK_ITEMS:
    setattr(RiskForm, _item.key, RadioField(_item.text_id, choices=[], validate_choice=False))
