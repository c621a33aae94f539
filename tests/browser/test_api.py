"""The API's pages in a real browser, under the portal's CSP: the docs and the browsable API."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

XSS = "<script>alert(1)</script>"


@pytest.fixture
def csp_reports(page):
    """CSP violations the page reports (Chromium also logs them as console errors)."""
    violations: list[str] = []
    page.expose_function("reportViolation", lambda violation: violations.append(violation))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation',"
        " e => window.reportViolation(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));"
    )
    return violations


def test_the_docs_page_shows_every_endpoint_under_the_csp(portal, page, shoot, csp_reports):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(portal + "/api/docs/")
    page.locator(".opblock").first.wait_for()
    summaries = page.locator(".opblock-summary-description").all_inner_texts()
    for name in ("乡镇（街道）列表", "履职事项列表", "上级部门列表", "事项类别列表", "履职事项详情"):
        assert name in summaries, summaries
    shoot(page, "api-01-docs")
    assert csp_reports == [] and page.console_errors == []
    assert requested and all(url.startswith(portal) or url.startswith("data:") for url in requested), requested


def test_the_docs_page_tries_a_filtered_item_list(portal, page, csp_reports):
    page.goto(portal + "/api/docs/")
    operation = page.locator("#operations-履职事项-duties_list")
    operation.locator(".opblock-summary").first.click()
    operation.get_by_role("button", name="Try it out").click()
    operation.locator("tr[data-param-name='q'] input").fill("消防")
    operation.get_by_role("button", name="Execute").click()
    body = operation.locator(".live-responses-table .response-col_description .highlight-code").first
    body.wait_for()
    assert '"count"' in body.inner_text() and "消防" in body.inner_text()
    assert csp_reports == [] and page.console_errors == []


def test_the_browsable_api_shows_list_text_as_text(portal, page, shoot, csp_reports):
    from township.models import Duty

    item = Duty.objects.filter(kind="basic").first()
    Duty.objects.filter(pk=item.pk).update(name=f"推荐{XSS}")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(portal + f"/api/duties/{item.pk}/")
    assert page.title().startswith("履职事项详情")
    assert f"推荐{XSS}" in page.locator(".response-info").inner_text()
    shoot(page, "api-02-browsable-item")
    assert dialogs == []
    assert csp_reports == [] and page.console_errors == []


def test_the_browsable_api_filters_open_in_their_dialog(portal, page, shoot, csp_reports):
    page.goto(portal + "/api/duties/?q=消防&page_size=1")
    page.locator(".filters-button").click()
    dialog = page.locator("#filtersModal")
    expect(dialog).to_have_css("opacity", "1")  # faded in
    assert dialog.get_by_label("关键词").input_value() == "消防"
    shoot(page, "api-03-browsable-filters")
    dialog.get_by_label("事项类型").select_option(label="配合履职事项")
    dialog.get_by_role("button", name="筛选").click()
    page.wait_for_load_state()
    assert "kind=coordinating" in page.url
    assert '"kind": "coordinating"' in page.locator(".response-info").inner_text()
    assert csp_reports == [] and page.console_errors == []
