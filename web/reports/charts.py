"""The dashboard's charts as data for the SVG macro (templates/reports/_charts.html): horizontal bars, one
row per item (a label line that wraps, then the bar in SVG), so that they read on a 360 px phone and need
no script. Each
chart carries the same figures as a table (for screen readers and for printing)."""

from dataclasses import dataclass, field

from flask_babel import get_locale
from flask_babel import gettext as _

from web import sop, sop_cases


@dataclass
class Segment:
    x: float  # % of the width
    width: float
    tone: str  # "a" / "b" / "c": the CSS class of the bar's colour (the legend names them)


@dataclass
class Row:
    label: str
    text: str  # the figure written next to the label (the bar never speaks alone)
    cells: list  # the table's cells after the label
    segments: list = field(default_factory=list)
    scale: float = 0  # the steps chart: every bar is 100 % of its own steps


@dataclass
class Chart:
    id: str
    title: str
    columns: list  # the table's header (first: what the rows are)
    rows: list
    legend: list = field(default_factory=list)  # [(tone, label)]
    note: str = ""

    @property
    def empty(self):
        return not self.rows


def _layout(rows, scale):
    for row in rows:
        x = 0.0
        for seg in row.segments:
            seg.width = round(100.0 * seg.width / scale, 2) if scale else 0
            seg.x = round(x, 2)
            x += seg.width
    return rows


def counts(chart_id, title, what, items, values):
    """A bar per item of a vocabulary (in its order; items with 0 left out), bars scaled to the largest."""
    locale = str(get_locale())
    rows = [
        Row(item.label(locale), str(values[item.key]), [str(values[item.key])], [Segment(0, values[item.key], "a")])
        for item in items
        if values.get(item.key)
    ]
    known = {item.key for item in items}
    other = sum(n for key, n in values.items() if key not in known)
    if other:
        rows.append(Row(_("Lainnya/tidak dikenal"), str(other), [str(other)], [Segment(0, other, "a")]))
    scale = max((r.segments[0].width for r in rows), default=0)
    return Chart(chart_id, title, [what, _("Jumlah")], _layout(rows, scale))


def age_sex(values):
    """A stacked bar per age band (perempuan, laki-laki, not recorded)."""
    bands = [label for _low, _high, label in sop_cases.AGE_BANDS] + [""]
    sexes = (("p", "a"), ("l", "b"), ("", "c"))
    rows = []
    for band in bands:
        figures = {sex: values.get((band, sex), 0) for sex, _tone in sexes}
        total = sum(figures.values())
        if not total:
            continue
        label = band or _("Umur belum diketahui")
        text = _("P %(p)d · L %(l)d · ? %(u)d", p=figures["p"], l=figures["l"], u=figures[""])
        cells = [str(figures["p"]), str(figures["l"]), str(figures[""]), str(total)]
        rows.append(Row(label, text, cells, [Segment(0, figures[sex], tone) for sex, tone in sexes if figures[sex]]))
    scale = max((sum(s.width for s in r.segments) for r in rows), default=0)
    return Chart(
        "umur",
        _("Kasus menurut kelompok umur dan jenis kelamin"),
        [_("Kelompok umur"), _("Perempuan"), _("Laki-laki"), _("Belum dicatat"), _("Jumlah")],
        _layout(rows, scale),
        legend=[("a", _("Perempuan (P)")), ("b", _("Laki-laki (L)")), ("c", _("Belum dicatat (?)"))],
    )


def response(flags):
    """A bar per response band of the month's risk flags, and one for those not answered yet."""
    locale = str(get_locale())
    rows = [
        Row(
            choice.label(locale),
            str(flags["bands"].get(choice.key, 0)),
            [str(flags["bands"].get(choice.key, 0))],
            [Segment(0, flags["bands"].get(choice.key, 0), "a")],
        )
        for _limit, choice in sop_cases.RESPONSE_BANDS
    ]
    rows.append(Row(_("Belum ditanggapi"), str(flags["open"]), [str(flags["open"])], [Segment(0, flags["open"], "c")]))
    if not flags["total"]:
        rows = []
    scale = max((r.segments[0].width for r in rows), default=0)
    if flags["average"] is None:
        note = _("%(n)d tanda risiko; belum ada yang ditanggapi.", n=flags["total"])
    else:
        note = _("%(n)d tanda risiko; rata-rata ditanggapi dalam %(m)d menit.", n=flags["total"], m=flags["average"])
    return Chart(
        "tanggapan",
        _("Tanda risiko dan waktu sampai ditanggapi"),
        [_("Waktu sampai ditanggapi"), _("Tanda risiko")],
        _layout(rows, scale),
        note=note,
    )


def steps(outreach, cases):
    """A bar per SOP step (outreach steps, then case steps) with the share done within the time standard."""
    locale = str(get_locale())
    rows = []

    def add(label, finished, ok):
        share = round(100 * ok / finished) if finished else 0
        text = _("%(ok)d dari %(n)d tepat waktu (%(p)d%%)", ok=ok, n=finished, p=share)
        segments = [Segment(0, ok, "a"), Segment(0, finished - ok, "c")]
        rows.append(Row(label, text, [str(finished), str(ok), f"{share}%"], segments))
        rows[-1].scale = finished

    for step in sop.OUTREACH_STEPS:
        if step.number in outreach:
            n, ok = outreach[step.number]
            add(_("Penjangkauan %(n)d. %(name)s", n=step.number, name=step.label(locale)), n, ok)
    names = {}
    for procedure in sop_cases.PROCEDURES:
        for step in procedure.steps:
            names.setdefault(step.key, step.label(locale))
    for key in sorted(cases, key=lambda k: list(names).index(k) if k in names else 99):
        n, ok = cases[key]
        add(_("Kasus: %(name)s", name=names.get(key, key)), n, ok)
    for row in rows:  # every bar is 100 % of its own steps
        x = 0.0
        for seg in row.segments:
            seg.width = round(100.0 * seg.width / row.scale, 2) if row.scale else 0
            seg.x = round(x, 2)
            x += seg.width
    return Chart(
        "langkah",
        _("Langkah SOP yang selesai dalam standar waktu"),
        [_("Langkah"), _("Selesai"), _("Tepat waktu"), _("Persen")],
        rows,
        legend=[("a", _("Tepat waktu")), ("c", _("Melewati standar waktu"))],
    )
