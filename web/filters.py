"""Template filters shared by every screen: Rupiah, dates in the unit's time zone, SOP labels, NIPs."""

from flask_babel import format_date, format_datetime, get_locale


def rupiah(amount):
    """Integer Rupiah as Indonesians write it: Rp 1.250.000."""
    amount = int(amount or 0)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


def nip(value):
    """A NIP as printed on letters, in its four parts: 19800101 200501 2 001 (birth date, start of
    service, sex, serial). Anything that is not 18 digits is shown as it is; "" stays ""."""
    value = str(value or "")
    if len(value) == 18 and value.isdigit():
        return f"{value[:8]} {value[8:14]} {value[14]} {value[15:]}"
    return value


def label(item):
    """The label of an SOP data item (web/sop.py, web/risk.py) in the current language."""
    return item.label(str(get_locale())) if item is not None else ""


def choice(key, list_name, missing=""):
    """The label of the item `key` of the vocabulary named `list_name` (in web/sop.py, web/sop_cases.py or
    web/risk.py), for a stored key shown on a screen: ``{{ item.status|choice('DOCUMENT_STATES') }}``;
    `missing` for an empty key (``{{ person.sex|choice('SEXES', '-') }}``). An unknown key is shown as it is."""
    from web import risk, sop, sop_cases

    if not key:
        return missing
    for module in (sop, sop_cases, risk):
        items = getattr(module, list_name, None)
        if items is not None:
            return label(sop.by_key(items, key, None)) or key
    raise LookupError(f"no vocabulary {list_name!r}")


def init_app(app):
    from web import roles

    app.jinja_env.globals["roles_label"] = roles.label
    app.jinja_env.filters["rupiah"] = rupiah
    app.jinja_env.filters["label"] = label
    app.jinja_env.filters["choice"] = choice
    app.jinja_env.filters["nip"] = nip
    app.jinja_env.filters["date"] = lambda value, fmt="medium": format_date(value, fmt) if value else ""
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": format_datetime(value, fmt) if value else ""
