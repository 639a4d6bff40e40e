"""Forms of step 6: make the letters (a button), and the checklist of the other documents."""

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length

from web import sop
from web.concurrency import VersionForm
from web.inputs import FlaskForm
from web.models.letters import DocumentItem


class IssueForm(FlaskForm):
    """Make the Surat Tugas and the SPPDs that do not exist yet (no fields: the plan says it all)."""


class CsrfOnly(FlaskForm):
    """The print button: a letter's print recorded (no fields, the CSRF token only)."""


class ChecklistForm(VersionForm):
    """One radio group (not yet / ready / not needed) and a short note per document; the fields are
    added below, one pair per key of DocumentItem.keys(). The version is the checklist's
    (DocumentItem.version_of)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        states = sop.select_choices(sop.DOCUMENT_STATES, str(get_locale()))
        for key in DocumentItem.keys():
            self[f"status_{key}"].choices = states

    def rows(self, checklist):
        """[(web.sop.Doc, status field, note field, DocumentItem or None)] for the template."""
        return [(doc, self[f"status_{doc.key}"], self[f"note_{doc.key}"], item) for doc, item in checklist]

    def fill(self, checklist):
        self.version.data = str(DocumentItem.version_of(checklist))
        for doc, item in checklist:
            if item is not None:
                self[f"status_{doc.key}"].data = item.status
                self[f"note_{doc.key}"].data = item.note
        return self

    def states(self):
        return {key: self[f"status_{key}"].data for key in DocumentItem.keys()}

    def notes(self):
        return {key: self[f"note_{key}"].data for key in DocumentItem.keys()}


for _key in DocumentItem.keys():
    setattr(
        ChecklistForm,
        f"status_{_key}",
        RadioField(
            _l("Keadaan"),
            choices=[],
            default=DocumentItem.NOT_YET,
            validate_choice=False,
            validators=[
                AnyOf(DocumentItem.STATES, message=_l("Pilih salah satu: belum siap, siap, atau tidak perlu."))
            ],
        ),
    )
    setattr(
        ChecklistForm,
        f"note_{_key}",
        StringField(_l("Catatan (tidak wajib)"), validators=[Length(max=200, message=_l("Paling banyak 200 huruf."))]),
    )


class CancelForm(FlaskForm):
    """Cancel one letter: the reason is required and kept (the number stays used, a new letter replaces it).
    Made with ``prefix=f"batal{letter.id}"`` so that every letter's form has its own field ids."""

    reason = TextAreaField(
        _l("Alasan pembatalan"),
        validators=[
            DataRequired(message=_l("Tulis alasan pembatalan.")),
            Length(min=5, max=500, message=_l("Alasan pembatalan 5 sampai 500 huruf.")),
        ],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )
