"""The roles of Jangkau, as the SOPs name them.

The values are stored in the database (``user.role``); never rename one without a migration.
"""

WORKER = "petugas"  # Petugas penjangkauan / staf lapangan / pekerja sosial / pendamping
CASE_MANAGER = "manajer"  # Manajer kasus / Kasi Tindakan dan Rujukan
HEAD = "kepala"  # Kepala UPTD PPA (or Kepala Dinas where the SOP says so)
ADMIN = "admin"  # Administrasi / staf ADM
SYSADMIN = "sysadmin"  # System administrator: users and units, never case records

ALL = (WORKER, CASE_MANAGER, HEAD, ADMIN, SYSADMIN)
STAFF = (WORKER, CASE_MANAGER, HEAD, ADMIN)  # people who work with case records


def label(role):
    """The role's name in the user's language."""
    from flask_babel import gettext as _

    return {
        WORKER: _("Petugas penjangkauan"),
        CASE_MANAGER: _("Manajer kasus"),
        HEAD: _("Kepala UPTD"),
        ADMIN: _("Staf administrasi"),
        SYSADMIN: _("Administrator sistem"),
    }.get(role, role)
