from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from web.inputs import FlaskForm


class LoginForm(FlaskForm):
    username = StringField(_l("Nama pengguna"), validators=[
        DataRequired(_l("Isi nama pengguna.")), Length(max=80)])
    password = PasswordField(_l("Kata sandi"), validators=[
        DataRequired(_l("Isi kata sandi.")), Length(max=200)])
    next = HiddenField()
