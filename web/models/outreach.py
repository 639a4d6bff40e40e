"""Outreach (SOP Penjangkauan steps 1-7): people to reach, targets, plans and their teams.

The core of this module is a contract other areas rely on (visits hang off a target of an
approved plan, assigned to a worker): Person, Target, Plan, PlanTarget, Assignment and their
fields below. Extend freely; rename nothing without telling the other areas.
"""
from datetime import date

from peewee import (BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField,
                    TextField)

from web import roles
from web.db import BaseModel
from web.models.core import Unit, User
from web.timeutil import now


class Person(BaseModel):
    """Someone the unit reaches. Every field here is sensitive: show only through fetch()."""

    unit = ForeignKeyField(Unit, backref="people", on_delete="RESTRICT")
    name = CharField()                      # name or alias, as known
    sex = CharField(default="")             # "p" perempuan, "l" laki-laki, "" unknown
    birth_date = DateField(null=True)
    estimated_age = IntegerField(null=True)
    nik = CharField(null=True, index=True)  # 16 digits, optional
    address = TextField(default="")
    desa = CharField(default="")            # desa / kelurahan
    kecamatan = CharField(default="")
    kabupaten = CharField(default="")       # kabupaten / kota
    guardian_name = CharField(default="")   # parent or guardian, for a child
    guardian_relation = CharField(default="")
    guardian_phone = CharField(default="")
    phone = CharField(default="")
    disability = CharField(default="")
    created_by = ForeignKeyField(User, on_delete="RESTRICT")
    created_at = DateTimeField(default=now)

    def age(self, on=None):
        on = on or date.today()
        if self.birth_date:
            b = self.birth_date
            return on.year - b.year - ((on.month, on.day) < (b.month, b.day))
        return self.estimated_age

    @property
    def is_child(self):
        """A child is under 18 (UU 35/2014). Unknown age is not assumed to be adult or child."""
        age = self.age()
        return age is not None and age < 18


class Target(BaseModel):
    """Step 1: someone who should be reached, with how the unit came to know."""

    unit = ForeignKeyField(Unit, backref="targets", on_delete="RESTRICT")
    code = CharField(unique=True)           # JGK-26-0042: said aloud instead of a name
    person = ForeignKeyField(Person, null=True, backref="targets", on_delete="RESTRICT")
    kind = CharField(default="laporan")     # "risiko_tinggi" (high-risk individual) | "laporan" (indirect report)
    source = CharField(default="")          # web.sop.TARGET_SOURCES key
    received_at = DateTimeField(null=True)
    report = TextField(default="")          # what was reported (the story)
    status = CharField(default="baru", index=True)
    created_by = ForeignKeyField(User, on_delete="RESTRICT")
    created_at = DateTimeField(default=now)


class Plan(BaseModel):
    """Step 3: an outreach plan with its budget; approved by the Kepala (step 4)."""

    DRAFT, SUBMITTED, RETURNED, APPROVED, SUPERSEDED = "draft", "diajukan", "dikembalikan", "disetujui", "diganti"

    unit = ForeignKeyField(Unit, backref="plans", on_delete="RESTRICT")
    purpose = TextField(default="")
    places = TextField(default="")
    start_date = DateField(null=True)
    end_date = DateField(null=True)
    status = CharField(default=DRAFT, index=True)
    version = IntegerField(default=1)
    previous = ForeignKeyField("self", null=True, backref="next_versions", on_delete="RESTRICT")
    created_by = ForeignKeyField(User, on_delete="RESTRICT")
    created_at = DateTimeField(default=now)

    @property
    def is_approved(self):
        return self.status == self.APPROVED


class PlanTarget(BaseModel):
    plan = ForeignKeyField(Plan, backref="plan_targets", on_delete="CASCADE")
    target = ForeignKeyField(Target, backref="plan_targets", on_delete="RESTRICT")

    class Meta:
        indexes = ((("plan", "target"), True),)


class Assignment(BaseModel):
    """Step 5: a worker assigned to a plan's team."""

    plan = ForeignKeyField(Plan, backref="assignments", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="assignments", on_delete="RESTRICT")
    team_role = CharField(default="anggota")  # "ketua" (team lead) | "anggota"
    assigned_by = ForeignKeyField(User, on_delete="RESTRICT")
    assigned_at = DateTimeField(default=now)
    active = BooleanField(default=True)

    class Meta:
        indexes = ((("plan", "user"), True),)

    @classmethod
    def is_assigned(cls, plan, user):
        return cls.select().where(cls.plan == plan, cls.user == user, cls.active == True).exists()  # noqa: E712


__all__ = ["Person", "Target", "Plan", "PlanTarget", "Assignment", "roles"]
