"""Every endpoint is in the permission table, and the table is what the app enforces.

Walks app.url_map: a new route that is not declared in web/permissions.py fails here.
"""

import pytest

from tests.factories import USERS, endpoints, sample_url
from web import roles
from web.permissions import ANY_USER, PERMISSIONS, PUBLIC


@pytest.fixture
def config_overrides():
    return {"WTF_CSRF_ENABLED": False}


def test_every_endpoint_is_declared(app):
    missing = sorted(set(endpoints(app)) - set(PERMISSIONS))
    assert not missing, f"add these endpoints to web/permissions.py: {missing}"


def test_no_stale_declarations(app):
    stale = sorted(set(PERMISSIONS) - set(endpoints(app)))
    assert not stale, f"these endpoints in web/permissions.py do not exist: {stale}"


def test_every_rule_is_well_formed():
    for endpoint, rule in PERMISSIONS.items():
        assert rule in (PUBLIC, ANY_USER) or (isinstance(rule, tuple) and set(rule) <= set(roles.ALL)), endpoint


@pytest.fixture
def sysadmin(demo):
    from web.models import Unit, User

    user = User(
        username="sysadmin1", full_name="Sys Admin", role=roles.SYSADMIN, unit=Unit.get(Unit.code == "UPTD-PPA")
    )
    user.set_password("jangkau-demo")
    user.save()
    return user


def test_each_role_is_refused_exactly_where_the_table_says(app, login, sysadmin):
    browsers = {role: login(name) for role, name in {**USERS, roles.SYSADMIN: "sysadmin1"}.items()}
    anonymous = app.test_client()
    checked = 0
    for endpoint, rules in endpoints(app).items():
        rule_def = PERMISSIONS[endpoint]
        for rule in rules:
            method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
            url = sample_url(rule)
            if endpoint == "auth.logout":
                continue  # would end the session used for the other checks; tested in test_auth
            anon_status = anonymous.open(url, method=method).status_code
            if rule_def == PUBLIC:
                assert anon_status != 403, (endpoint, "anonymous")
            else:
                assert anon_status in (302, 401), (endpoint, "anonymous", anon_status)
            for role, browser in browsers.items():
                status = browser.client.open(url, method=method).status_code
                may = rule_def in (PUBLIC, ANY_USER) or role in rule_def
                if may:
                    assert status != 403 or "999999" in url, (endpoint, role, status)
                else:
                    assert status == 403, (endpoint, role, status)
                checked += 1
    assert checked >= 5 * len(PERMISSIONS) - 10
