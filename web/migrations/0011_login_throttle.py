"""Login throttling by atomic counters (login_throttle) instead of a log of attempts counted before each
try (login_attempt), which let simultaneous tries through (written by hand, like the diff would)."""
import datetime

from peewee import BooleanField, CharField, DateTimeField, IntegerField, Model


def up(migrator, db):
    class LoginThrottle(Model):
        key = CharField(primary_key=True, max_length=300)
        tries = IntegerField(default=0)
        window_start = DateTimeField()
        last_try = DateTimeField()

        class Meta:
            database = db
            table_name = "login_throttle"

    db.create_tables([LoginThrottle])
    migrator.migrate(migrator.drop_table("login_attempt"))


def down(migrator, db):
    class LoginAttempt(Model):
        at = DateTimeField(default=datetime.datetime.now, index=True)
        username = CharField(index=True)
        ip = CharField(index=True)
        success = BooleanField(default=False)

        class Meta:
            database = db
            table_name = "login_attempt"

    db.create_tables([LoginAttempt])
    migrator.migrate(migrator.drop_table("login_throttle"))
