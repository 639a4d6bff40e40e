"""Template filters shared by every screen: Rupiah, dates in the unit's time zone, SOP labels."""
from flask_babel import format_date, format_datetime, get_locale


def rupiah(amount):
    """Integer Rupiah as Indonesians write it: Rp 1.250.000."""
    amount = int(amount or 0)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


def label(item):
    """The label of an SOP data item (web/sop.py, web/risk.py) in the current language."""
    return item.label(str(get_locale())) if item is not None else ""


def init_app(app):
    from web import roles
    app.jinja_env.globals["roles_label"] = roles.label
    app.jinja_env.filters["rupiah"] = rupiah
    app.jinja_env.filters["label"] = label
    app.jinja_env.filters["date"] = lambda value, fmt="medium": format_date(value, fmt) if value else ""
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": format_datetime(value, fmt) if value else ""
