"""Who may call which endpoint: the one table, enforced before every request.

Every endpoint of the app must be listed here; an endpoint that is missing is refused (deny by
default) and tests/test_permissions.py fails. The value is PUBLIC, ANY_USER (any logged-in user)
or a tuple of roles from web.roles. Which *record* a user may see is decided by the fetch helper
in web/access.py; this table decides which *screens*.

Each workflow area keeps its own section below, so that areas can grow side by side.
"""

from web.roles import ADMIN, CASE_MANAGER, HEAD, SYSADMIN, WORKER

PUBLIC = "public"
ANY_USER = "any-user"

CORE = {
    "static": PUBLIC,
    "auth.login": PUBLIC,
    "auth.logout": ANY_USER,
    "auth.language": PUBLIC,
    "auth.password": ANY_USER,  # one's own password only
    "main.healthz": PUBLIC,
    "main.home": ANY_USER,
    "main.team": (CASE_MANAGER, HEAD, ADMIN, SYSADMIN),
    "main.audit_trail": (HEAD,),  # issue 9: who read or changed a person's record (own unit)
    "search.index": (WORKER, CASE_MANAGER, HEAD, ADMIN),  # issue 12: admin staff find cases, not people
}

# Issue 3: targets, plans, approval, assignment, Surat Tugas, coordination (web/outreach/).
# Steps 1-2 (web/targets/) and 3-5 (web/outreach/). Which record: Target/Person/Plan.can_view and
# can_edit; deciding, assigning and new versions are checked on the plan (Plan.can_decide, ...).
OUTREACH = {
    "targets.index": (WORKER, CASE_MANAGER, HEAD),
    "targets.new": (WORKER, CASE_MANAGER),
    "targets.show": (WORKER, CASE_MANAGER, HEAD),
    "targets.edit": (WORKER, CASE_MANAGER),
    "targets.identify": (WORKER, CASE_MANAGER),
    "targets.verify": (WORKER, CASE_MANAGER),
    "outreach.index": (WORKER, CASE_MANAGER, HEAD, ADMIN),
    "outreach.new": (WORKER, CASE_MANAGER),
    "outreach.show": (WORKER, CASE_MANAGER, HEAD, ADMIN),
    "outreach.edit": (WORKER, CASE_MANAGER),
    "outreach.submit": (WORKER, CASE_MANAGER),
    "outreach.revise": (WORKER, CASE_MANAGER),
    "outreach.review": (HEAD,),
    "outreach.dinas": (HEAD,),
    "outreach.assign": (HEAD, CASE_MANAGER),
    "outreach.settings": (HEAD,),  # the unit's own approval rule (Kepala Dinas's second approval)
}

# Issue 3 (steps 6-7, SOP time standards): Surat Tugas and SPPD (web/letters/), coordination
# (web/coordination/), a plan's SOP timeline (web/timeline/). Which plan: web.letters.fetch_plan.
LETTERS = {
    "letters.plan": (ADMIN, HEAD, CASE_MANAGER, WORKER),
    "letters.issue": (ADMIN,),
    "letters.checklist": (ADMIN,),
    "letters.cancel": (ADMIN,),
    "letters.print_view": (ADMIN, HEAD, CASE_MANAGER, WORKER),
    "letters.print_all": (ADMIN, HEAD, CASE_MANAGER, WORKER),
    "letters.print_record": (ADMIN, HEAD, CASE_MANAGER, WORKER),  # the Cetak button: counted, audited
    "letters.print_all_record": (ADMIN, HEAD, CASE_MANAGER, WORKER),
    "coordination.log": (ADMIN, HEAD, CASE_MANAGER, WORKER),
    "coordination.add": (HEAD, CASE_MANAGER, WORKER),
    "coordination.finish": (HEAD, CASE_MANAGER, WORKER),
    "coordination.party": (HEAD, CASE_MANAGER, WORKER),
    "timeline.plan": (ADMIN, HEAD, CASE_MANAGER, WORKER),
}

# Issue 4: visits, consent, risk assessment (web/visits/).
VISITS = {
    # The record checks (assigned worker, the unit's case managers and Kepala) are Visit.can_view/can_edit.
    "visits.new": (WORKER,),
    "visits.new_person": (WORKER,),
    "visits.show": (WORKER, CASE_MANAGER, HEAD),
    "visits.edit": (WORKER, CASE_MANAGER),
    "visits.consent": (WORKER, CASE_MANAGER),
    "visits.consent_print": (WORKER, CASE_MANAGER, HEAD),
    "visits.consent_withdraw": (WORKER, CASE_MANAGER),
    "visits.witness": (WORKER, CASE_MANAGER),
    "visits.attachments": (WORKER, CASE_MANAGER, HEAD),  # POST (upload) needs Visit.can_edit
    "visits.attachment": (WORKER, CASE_MANAGER, HEAD),
    "visits.attachment_delete": (WORKER, CASE_MANAGER),
}

# Issue 4: risk flags, emergency referrals, further assessment, reports (web/referrals/, web/cases/).
# Also the risk assessment form (web/assessments/). Which visit/record: web.access.fetch.
REFERRALS = {
    "assessments.risk_form": (WORKER, CASE_MANAGER),
    "assessments.assessment": (WORKER, CASE_MANAGER, HEAD),
    "assessments.print_risk": (WORKER, CASE_MANAGER, HEAD),  # issue 12: the SOP's form on A4
    "assessments.print_risk_record": (WORKER, CASE_MANAGER, HEAD),  # its Cetak button: audited
    "referrals.darurat": (WORKER, CASE_MANAGER),
    "referrals.flags": (CASE_MANAGER, HEAD),
    "referrals.flags_fragment": (CASE_MANAGER, HEAD),
    "referrals.alerts_fragment": (CASE_MANAGER, HEAD),  # issue 12: the alerts bar of every page
    "referrals.flag": (WORKER, CASE_MANAGER, HEAD),
    "referrals.acknowledge": (CASE_MANAGER,),
    "referrals.close_flag": (CASE_MANAGER,),
    "referrals.new_referral": (CASE_MANAGER,),
    "referrals.referral": (WORKER, CASE_MANAGER, HEAD),
    "referrals.print_referral": (WORKER, CASE_MANAGER, HEAD),  # issue 12: the SOP's form on A4
    "referrals.print_referral_record": (WORKER, CASE_MANAGER, HEAD),  # its Cetak button: audited
    "referrals.referral_state": (CASE_MANAGER,),
    "referrals.handover": (CASE_MANAGER, HEAD),
    "referrals.overrides": (CASE_MANAGER, HEAD),
    "referrals.override_reviewed": (HEAD,),
    "cases.further_new": (CASE_MANAGER,),
    "cases.further": (WORKER, CASE_MANAGER, HEAD),
    "cases.further_done": (WORKER, CASE_MANAGER),
    "cases.report": (WORKER, CASE_MANAGER, HEAD),
    "cases.report_submit": (WORKER,),
    "cases.report_receive": (HEAD,),
    "cases.print_report": (WORKER, CASE_MANAGER, HEAD),  # issue 12: the SOP's report on A4
    "cases.print_report_record": (WORKER, CASE_MANAGER, HEAD),  # its Cetak button: audited
}

# Issue 5: manifest, service worker, offline sync (web/offline/).
OFFLINE = {
    "offline.service_worker": PUBLIC,  # /sw.js: no personal data
    "offline.manifest": PUBLIC,
    "offline.words_script": PUBLIC,  # the offline scripts' words: no personal data
    "offline.page": PUBLIC,  # the offline page; drafts are filled in by JS, encrypted
    "offline.blank_form": PUBLIC,  # blank forms: no personal data, no user name
    "offline.key": ANY_USER,  # the session's key and CSRF token, JSON, no-store
    "offline.conflicts": (CASE_MANAGER, HEAD),
    "offline.conflict": (CASE_MANAGER, HEAD),
}

# Issue 12 point 6: users and units (web/users/). Which account or unit: User.can_edit / Unit.can_edit
# through web.access.fetch (a Kepala her own unit, the system administrator every unit).
USERS = {
    "users.index": (HEAD, SYSADMIN),
    "users.new": (HEAD, SYSADMIN),
    "users.edit": (HEAD, SYSADMIN),
    "users.deactivate": (HEAD, SYSADMIN),
    "users.reactivate": (HEAD, SYSADMIN),
    "users.reset": (HEAD, SYSADMIN),
    "users.units": (HEAD, SYSADMIN),
    "users.unit_new": (SYSADMIN,),
    "users.unit_edit": (HEAD, SYSADMIN),
}

# Issue 11 (points 1-4, 7): cases (web/casefile/). Which case: web.casefile.fetch_case (Case.can_view,
# can_edit, can_see_story: admin staff see the intake and the documents, not the assessment's story).
CASEFILE = {
    "casefile.index": (WORKER, CASE_MANAGER, HEAD, ADMIN),
    "casefile.caseload": (WORKER, CASE_MANAGER, HEAD),
    "casefile.new": (ADMIN, WORKER, CASE_MANAGER),  # SOP 000/001 step 1: admin staff or a worker
    "casefile.show": (WORKER, CASE_MANAGER, HEAD, ADMIN),
    "casefile.documents": (WORKER, CASE_MANAGER, HEAD, ADMIN),  # POST: admin staff, workers, case managers
    "casefile.document_photo": (WORKER, CASE_MANAGER, HEAD, ADMIN),
    "casefile.meeting": (WORKER, CASE_MANAGER),
    "casefile.assessment": (WORKER, CASE_MANAGER, HEAD),
    "casefile.review": (CASE_MANAGER, HEAD),  # which of the two: the unit's setting (CaseSettings)
    "casefile.settings": (HEAD,),
}

# Issue 11, points 5 and 8: a case's services and referrals, recommendation letters, the case file
# summary, the social report and the PMKS register (web/services/). Which case: web.casefile.fetch_case
# (admin staff see the services and letters, never the story; they may make the letters and the PMKS entry).
SERVICES = {
    "services.index": (WORKER, CASE_MANAGER, HEAD, ADMIN),
    "services.add": (WORKER, CASE_MANAGER),
    "services.show": (WORKER, CASE_MANAGER, HEAD, ADMIN),
    "services.start": (WORKER, CASE_MANAGER),
    "services.finish": (WORKER, CASE_MANAGER),
    "services.not_possible": (WORKER, CASE_MANAGER),
    "services.issue_letter": (WORKER, CASE_MANAGER, ADMIN),
    "services.letter_print": (WORKER, CASE_MANAGER, HEAD, ADMIN),
    "services.summary": (WORKER, CASE_MANAGER, HEAD, ADMIN),
    "services.social_report": (WORKER, CASE_MANAGER, HEAD),  # POST: Case.can_edit
    "services.social_report_print": (WORKER, CASE_MANAGER, HEAD),
    "services.pmks": (WORKER, CASE_MANAGER, HEAD, ADMIN),  # POST: the case's worker, case managers, admin staff
    "services.pmks_print": (WORKER, CASE_MANAGER, HEAD, ADMIN),
    "services.register": (CASE_MANAGER, HEAD, ADMIN),
}

# Issue 11 point 6: rehabilitation (SOP 003) and termination of every case (web/rehab/). Which case:
# web.casefile.fetch_case with story=True (never admin staff); writing needs Case.can_edit (an open case);
# the disposition sheet and the decision on the final report are the Kepala's, reopening the case
# manager's or the Kepala's (checked in the views).
REHAB = {
    "rehab.overview": (WORKER, CASE_MANAGER, HEAD),
    "rehab.disposition": (WORKER, CASE_MANAGER, HEAD),  # POST: the Kepala
    "rehab.home_visit": (WORKER, CASE_MANAGER),
    "rehab.mediation": (WORKER, CASE_MANAGER),
    "rehab.mediation_print": (WORKER, CASE_MANAGER, HEAD),
    "rehab.mediation_signed": (WORKER, CASE_MANAGER),
    "rehab.conference": (WORKER, CASE_MANAGER),
    "rehab.monitoring": (WORKER, CASE_MANAGER),
    "rehab.termination": (WORKER, CASE_MANAGER, HEAD),  # POST: the worker or case manager
    "rehab.decide": (HEAD,),
    "rehab.final_report": (WORKER, CASE_MANAGER, HEAD),
    "rehab.reopen": (CASE_MANAGER, HEAD),
}

# Issue 12, points 4 and 5: the month's dashboard and the unit's exports (web/reports/). The export is
# the Kepala's, and the case managers' only when the unit grants it (ReportSettings.may_export, in the view).
REPORTS = {
    "reports.dashboard": (HEAD, CASE_MANAGER),
    "reports.export": (HEAD, CASE_MANAGER),
    "reports.settings": (HEAD,),
}

PERMISSIONS = {
    **CORE,
    **OUTREACH,
    **LETTERS,
    **VISITS,
    **REFERRALS,
    **OFFLINE,
    **CASEFILE,
    **SERVICES,
    **REHAB,
    **REPORTS,
    **USERS,
}


def allowed(rule, user):
    """True when `user` (a Flask-Login user, maybe anonymous) passes `rule`."""
    if rule == PUBLIC:
        return True
    if not user.is_authenticated:
        return False
    return rule == ANY_USER or user.role in rule
