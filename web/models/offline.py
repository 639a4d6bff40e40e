"""Forms sent from a phone (issue 5): each one is stored once per (form kind, instance_id).

A phone gives every form `instance_id = crypto.randomUUID()` when it is opened and keeps it, so a
form sent twice (the answer was lost, the worker tapped again, the queue retried) is recognised:
the same content again is "already received"; the same id with different content is a conflict,
kept here for the case manager or the Kepala to review, never dropped and never written over.
"""

import json

from peewee import CharField, DateTimeField, ForeignKeyField, TextField, fn

from web import roles
from web.db import BaseModel
from web.models.core import Unit, User
from web.timeutil import now


class Submission(BaseModel):
    RECEIVED, CONFLICT, RESOLVED = "received", "conflict", "resolved"

    kind = CharField()  # "visit" | "consent" | "risk" | "darurat"
    instance_id = CharField()
    content_hash = CharField()  # sha-256 of the fields (csrf_token left out) and the URL
    user = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    unit = ForeignKeyField(Unit, backref="+", on_delete="RESTRICT")
    record_url = CharField(default="")  # where the record it made lives (the success redirect)
    status = CharField(default=RECEIVED, index=True)
    received_at = DateTimeField(default=now)
    resolved_by = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")
    resolved_at = DateTimeField(null=True)
    resolution_note = TextField(default="")

    class Meta:
        indexes = ((("kind", "instance_id"), True),)

    def can_view(self, user):
        """The unit's case managers and Kepala review conflicts; nobody from another unit."""
        return user.unit_id == self.unit_id and user.role in (roles.CASE_MANAGER, roles.HEAD)

    can_edit = can_view

    @classmethod
    def find(cls, kind, instance_id):
        return cls.get_or_none(cls.kind == kind, cls.instance_id == instance_id)

    @classmethod
    def conflicts_in(cls, unit):
        """Conflicts waiting for review, oldest first."""
        return cls.select().where(cls.unit == unit, cls.status == cls.CONFLICT).order_by(cls.received_at, cls.id)

    @classmethod
    def resolved_in(cls, unit, limit=20):
        return (
            cls.select()
            .where(cls.unit == unit, cls.status == cls.RESOLVED)
            .order_by(cls.resolved_at.desc(), cls.id.desc())
            .limit(limit)
        )

    @classmethod
    def count_conflicts(cls, unit):
        return cls.conflicts_in(unit).count()

    @classmethod
    def count_for(cls, kind, instance_id):
        return cls.select(fn.COUNT(cls.id)).where(cls.kind == kind, cls.instance_id == instance_id).scalar()

    def known_conflict(self, content_hash):
        return (
            SubmissionConflict.select()
            .where(SubmissionConflict.submission == self, SubmissionConflict.content_hash == content_hash)
            .first()
        )


class SubmissionConflict(BaseModel):
    """A different content that came with the id of a submission already received: kept for review."""

    submission = ForeignKeyField(Submission, backref="conflicts", on_delete="CASCADE")
    content_hash = CharField()
    payload = TextField()  # the fields as JSON: personal data, shown only through fetch()
    user = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    received_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("submission", "content_hash"), True),)

    @property
    def fields(self):
        """[(name, value), ...] in the order the form sent them."""
        try:
            return [tuple(pair) for pair in json.loads(self.payload)]
        except ValueError:
            return []
