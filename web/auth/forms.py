from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from web.inputs import FlaskForm
from web.models import MIN_PASSWORD_LENGTH


class LoginForm(FlaskForm):
    username = StringField(_l("Nama pengguna"), validators=[DataRequired(_l("Isi nama pengguna.")), Length(max=80)])
    password = PasswordField(_l("Kata sandi"), validators=[DataRequired(_l("Isi kata sandi.")), Length(max=200)])
    next = HiddenField()


class PasswordSetForm(FlaskForm):
    """The first password after an administrator's one-time code: the new one twice."""

    new = PasswordField(
        _l("Kata sandi baru"),
        validators=[
            DataRequired(_l("Isi kata sandi baru.")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
                message=_l("Kata sandi baru paling sedikit %(min)d karakter.", min=MIN_PASSWORD_LENGTH),
            ),
        ],
    )
    confirm = PasswordField(
        _l("Ulangi kata sandi baru"),
        validators=[
            DataRequired(_l("Ketik lagi kata sandi baru.")),
            EqualTo("new", _l("Kedua kata sandi baru tidak sama.")),
        ],
    )


class PasswordChangeForm(PasswordSetForm):
    current = PasswordField(
        _l("Kata sandi sekarang"), validators=[DataRequired(_l("Isi kata sandi sekarang.")), Length(max=200)]
    )
