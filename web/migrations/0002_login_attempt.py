"""Login attempts, for throttling by account and by address."""
import datetime

from peewee import BooleanField, CharField, DateTimeField, Model


def up(migrator, db):
    class LoginAttempt(Model):
        at = DateTimeField(default=datetime.datetime.now, index=True)
        username = CharField(index=True)
        ip = CharField(index=True)
        success = BooleanField(default=False)

        class Meta:
            database = db
            table_name = "login_attempt"

    db.create_tables([LoginAttempt])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("login_attempt"))
