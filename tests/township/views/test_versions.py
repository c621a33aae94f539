"""The version diff page, reached from a township page once its list has a second version."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.republished import ADDED_NAME, DROPPED_ITEM, republished_002
from township.models import Duty, DutyList, Step, Township
from township.views.pages import VERSION_NOT_FOUND
from township.views.versions import ONE_VERSION_ONLY

pytestmark = pytest.mark.django_db

XSS = "<script>alert(1)</script>"
ESCAPED_XSS = "&lt;script&gt;alert(1)&lt;/script&gt;"


def page_text(response) -> str:
    """A page's visible text: tags dropped, entities decoded, whitespace collapsed."""
    return text_of(response.content.decode())


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def get_ok(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


@pytest.fixture
def republished(bundled_lists, tmp_path) -> tuple[DutyList, DutyList]:
    """先拜巴扎镇's two versions, oldest first: the bundled list and an edited 2026-01 one."""
    call_command("import_list", str(republished_002(tmp_path, renumber=True)), "--published", "2026-01",
                 stdout=io.StringIO())
    old, new = DutyList.objects.filter(township__name="先拜巴扎镇").order_by("published")
    return old, new


def diff_url(township_id: int, **params: int) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("township:diff", args=[township_id]) + (f"?{query}" if query else "")


def test_the_township_page_links_its_latest_two_versions_diff(client, republished):
    old, new = republished
    html = get_ok(client, new.township.get_absolute_url()).content.decode()
    assert f'href="{reverse("township:diff", args=[new.township_id])}?from={old.pk}&amp;to={new.pk}"' in html
    assert "比较版本差异" in html


def test_an_old_versions_page_links_its_diff_with_the_latest(client, republished):
    old, new = republished
    html = get_ok(client, old.get_absolute_url()).content.decode()
    assert f"?from={old.pk}&amp;to={new.pk}" in html


def test_a_township_with_one_version_has_no_diff_link(client, bundled_lists):
    html = get_ok(client, Township.objects.get(name="潘津镇").get_absolute_url()).content.decode()
    assert "比较版本差异" not in html


def test_the_diff_page_sums_up_and_lists_each_difference(client, republished):
    old, new = republished
    response = get_ok(client, diff_url(new.township_id, **{"from": old.pk, "to": new.pk}))
    text = page_text(response)
    assert "从 2025年7月版 到 2026年1月版 ：新增 1 项、删除 1 项、修改 1 项，另有 114 项仅序号变化" in text
    assert f"116 {ADDED_NAME} 综合政务" in text
    dropped = Duty.objects.get(duty_list=old, kind=DROPPED_ITEM[0], seq=DROPPED_ITEM[1])
    html = response.content.decode()
    assert f'href="{dropped.get_absolute_url()}">{dropped.name}</a>' in html
    assert '<ins class="diff-added"><span class="visually-hidden">［增］</span>并报县委</ins>' in html
    assert "上级部门职责" in text and "第 1 项： 推荐县级以上党代表工作" in text


def test_without_parameters_the_latest_two_versions_are_compared(client, republished):
    old, new = republished
    default = page_text(get_ok(client, diff_url(new.township_id)))
    explicit = page_text(get_ok(client, diff_url(new.township_id, **{"from": old.pk, "to": new.pk})))
    assert default == explicit


def test_comparing_the_other_way_swaps_added_and_removed(client, republished):
    old, new = republished
    html = get_ok(client, diff_url(new.township_id, **{"from": new.pk, "to": old.pk})).content.decode()
    assert "从 2026年1月版 到 2025年7月版 ：新增 1 项、删除 1 项、修改 1 项" in text_of(html)
    assert '<del class="diff-removed"><span class="visually-hidden">［缺］</span>并报县委</del>' in html
    removed_table = re.search(r'<table class="duties diff-items diff-items-removed">.*?</table>', html, re.S).group(0)
    assert ADDED_NAME in removed_table


def test_the_version_picker_preselects_the_compared_versions(client, republished):
    old, new = republished
    html = get_ok(client, diff_url(new.township_id, **{"from": old.pk, "to": new.pk})).content.decode()
    assert re.search(rf'<select id="diff-from" name="from"><option value="{new.pk}">2026年1月</option>'
                     rf'<option value="{old.pk}" selected>', html)
    assert re.search(rf'<select id="diff-to" name="to"><option value="{new.pk}" selected>', html)


@pytest.mark.parametrize("params", [{"from": 999999}, {"to": "abc"}, {"from": "other-township"}])
def test_a_version_not_of_this_township_answers_404(client, republished, settings, params):
    settings.DEBUG = True  # the technical 404 page shows the view's message
    old, new = republished
    if params.get("from") == "other-township":
        params = {"from": DutyList.objects.get(township__name="潘津镇").pk}
    response = client.get(diff_url(new.township_id, **params))
    assert response.status_code == 404 and VERSION_NOT_FOUND in unescape(response.content.decode())


def test_a_township_with_one_version_answers_404_saying_there_is_nothing_to_compare(client, bundled_lists, settings):
    settings.DEBUG = True
    response = client.get(diff_url(Township.objects.get(name="潘津镇").pk))
    assert response.status_code == 404 and ONE_VERSION_ONLY in unescape(response.content.decode())


def test_text_in_a_diff_is_escaped(client, republished):
    old, new = republished
    step = Step.objects.get(block__duty__duty_list=new, block__duty__kind="coordinating", block__duty__seq=1,
                            block__side="department", position=3)
    Step.objects.filter(pk=step.pk).update(text=f"对人选进行审核{XSS}批复。")
    Duty.objects.filter(duty_list=new, kind="basic", seq=116).update(name=f"{ADDED_NAME}{XSS}")
    html = get_ok(client, diff_url(new.township_id)).content.decode()
    assert XSS not in html and f'<ins class="diff-added"><span class="visually-hidden">［增］</span>{ESCAPED_XSS}</ins>' in html
    assert not re.search(r"\sstyle=|<style", html)


def test_the_diff_page_runs_a_few_queries(client, republished, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        get_ok(client, diff_url(republished[1].township_id))
