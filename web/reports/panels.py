"""The home panel of the Kepala and the case managers: the way to this month's dashboard and the export."""

from web.models.reports import ReportSettings


def reports(user):
    return {"may_export": ReportSettings.may_export(user)}
