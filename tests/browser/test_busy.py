"""A form is sent once (issue 12, point 9; static/js/busy.js): three quick taps on "Buat Surat Tugas dan
SPPD" on a 360 px phone, while the first POST is still on its way, send one POST and make one set of
letters; the button shows that it is busy meanwhile."""

import re

from tests.browser.conftest import ARTIFACTS, check_screen, login_as
from tests.factories import YEAR, make_plan
from web.models import Letter


def test_three_quick_taps_send_one_post(new_phone, demo):
    plan = make_plan()
    page = new_phone()
    login_as(page, "admin1")
    page.goto(f"/rencana/{plan.id}/surat")
    issue_url = re.compile(rf"/rencana/{plan.id}/surat$")

    posts, held = [], []
    page.on("request", lambda request: request.method == "POST" and posts.append(request.url))
    # The server's answer is held back until the taps are done: a slow line, where the taps were repeated.
    page.route(issue_url, lambda route: held.append(route) if route.request.method == "POST" else route.continue_())

    button = page.get_by_role("button", name="Buat Surat Tugas dan SPPD")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    check_screen(page)  # the button before: enabled, axe-clean, 44 px
    for _tap in range(3):
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _wait in range(100):  # until the POST reaches the route (bounded)
        if held:
            break
        page.wait_for_timeout(50)
    assert len(held) == 1
    # The held answer is "204 No Content": the browser stays on the tapped page, as it is while a slow answer
    # is on its way, and the page can be read.
    held.pop().fulfill(status=204)
    # a script submitting the form again past the disabled button: refused too
    page.evaluate("() => { const f = document.querySelector('form.issue'); f.requestSubmit(); f.requestSubmit(); }")

    # busy while sending
    state = page.evaluate(
        """() => {
          const b = document.querySelector('form.issue button[type=submit]');
          return {disabled: b.disabled, busy: b.classList.contains('busy'),
                  ariaBusy: b.form.getAttribute('aria-busy'), status: document.getElementById('status').textContent};
        }"""
    )
    assert state == {"disabled": True, "busy": True, "ariaBusy": "true", "status": "Mengirim..."}, state
    page.screenshot(path=str(ARTIFACTS / "busy-submit-360.png"))
    assert len(posts) == 1, posts
    assert held == []

    # Once the answer is in (here: the button freed as after an htmx answer), one tap makes one set of letters.
    page.unroute(issue_url)
    page.evaluate("() => window.JangkauBusy.idle(document.querySelector('form.issue'))")
    button.click()
    page.get_by_text(f"001/ST/UPTD-PPA/{YEAR}").first.wait_for()
    assert len(posts) == 2, posts
    assert Letter.select().where(Letter.plan == plan.id, Letter.kind == Letter.SURAT_TUGAS).count() == 1
    assert page.errors == []
