"""The review queue: open flags by county and reason; reviewing lowers the township's count."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from tests.township.admin.conftest import TOWNSHIP_A, TOWNSHIP_B, change_url, form_data, item
from tests.township.admin.test_uploads import LIST_004, UPLOAD_URL, _upload, superuser  # noqa: F401 (a fixture)
from township.admin.review import MARKED, QUEUE_TALLY
from township.models import Duty, DutyList, ImportRecord, ReviewFlag, Township
from township.selectors.review import REVIEW_UNITS, duty_list_review
from township.services.imports.loader import RECORDED_REVIEW
from township.services.imports.report import REVIEW_HEADING, WHOLE_LIST

pytestmark = pytest.mark.django_db


def _awaiting_on_township_page(client, township: str) -> int:
    html = client.get(Township.objects.get(name=township).get_absolute_url()).content.decode()
    found = re.search(r'<span class="flag">待核对</span> (\d+) 项事项', html)
    return int(found.group(1)) if found else 0


def _flagged_items(township: str) -> int:
    open_flags = ReviewFlag.objects.filter(reviewed_at__isnull=True, duty__isnull=False)
    return Duty.objects.filter(duty_list__township__name=township, pk__in=open_flags.values("duty")).count()


def test_the_queue_lists_open_flags_of_the_editors_county_by_reason(editor_a, county_a, login):
    client = login(editor_a)
    page = client.get("/admin/township/reviewflag/")
    flags = page.context["cl"].result_list
    open_a = ReviewFlag.objects.filter(duty_list__township__county=county_a, reviewed_at__isnull=True)
    assert {flag.pk for flag in flags} == set(open_a.values_list("pk", flat=True))
    reason = open_a.first().reason
    by_reason = client.get("/admin/township/reviewflag/", {"reason": reason}).context["cl"].result_list
    assert {flag.reason for flag in by_reason} == {reason}
    assert len(by_reason) == open_a.filter(reason=reason).count()


def test_the_queue_filters_by_county_for_an_administrator(administrator, county_b, login):
    page = login(administrator).get("/admin/township/reviewflag/", {"county": county_b.pk})
    expected = ReviewFlag.objects.filter(duty_list__township__county=county_b, reviewed_at__isnull=True)
    assert len(page.context["cl"].result_list) == min(expected.count(), 100)
    assert {flag.duty_list.township.county_id for flag in page.context["cl"].result_list} == {county_b.pk}


def test_marking_reviewed_in_the_queue_lowers_the_townships_awaiting_count(editor_a, login, client):
    before = _awaiting_on_township_page(client, TOWNSHIP_A)
    assert before == _flagged_items(TOWNSHIP_A) > 0
    flagged = Duty.objects.filter(duty_list__township__name=TOWNSHIP_A, flags__isnull=False).first()
    ids = list(flagged.flags.values_list("pk", flat=True))
    editor_client = login(editor_a)
    response = editor_client.post("/admin/township/reviewflag/", {"action": "mark_reviewed", "_selected_action": ids})
    assert response.status_code == 302
    assert MARKED.format(count=len(ids)) in [str(m) for m in response.wsgi_request._messages]
    assert ReviewFlag.objects.filter(pk__in=ids, reviewed_by=editor_a, reviewed_at__isnull=False).count() == len(ids)
    editor_client.logout()
    assert _awaiting_on_township_page(client, TOWNSHIP_A) == before - 1


def test_an_editor_ticks_reviewed_on_the_item_page_after_fixing_it(editor_a, login):
    flag = ReviewFlag.objects.filter(duty_list__township__name=TOWNSHIP_A, duty__isnull=False).first()
    duty = flag.duty
    client = login(editor_a)
    data = form_data(client.get(change_url(duty)))
    index = next(i for i in range(int(data["flags-TOTAL_FORMS"])) if int(data[f"flags-{i}-id"]) == flag.pk)
    data[f"flags-{index}-reviewed"] = "on"
    assert client.post(change_url(duty), data).status_code == 302
    flag.refresh_from_db()
    assert flag.reviewed_by == editor_a and flag.reviewed_at is not None
    reviewed = client.get("/admin/township/reviewflag/", {"state": "reviewed"}).context["cl"].result_list
    assert [f.pk for f in reviewed] == [flag.pk]


def test_count_mismatches_are_flagged_on_the_version_and_shown_in_the_queue(administrator, login):
    version_flags = ReviewFlag.objects.filter(duty__isnull=True, reason="count_mismatch")
    # 004 states 39 coordinating departments and 37 are found; 002's figures all agree.
    assert [flag.duty_list.township.name for flag in version_flags] == [TOWNSHIP_B]
    assert "涉及部门实有 37 个，清单说明 39 个" in version_flags.get().detail
    page = login(administrator).get("/admin/township/reviewflag/", {"reason": "count_mismatch"})
    assert "整个清单版本" in page.content.decode()


def _png(shade: int = 0) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (60, 20), shade).save(buffer, "PNG")
    return buffer.getvalue()


def _scanned_flag(township: str) -> ReviewFlag:
    duty = item(township, "basic", 1)
    return ReviewFlag.objects.create(duty_list=duty.duty_list, duty=duty, reason=ReviewFlag.Reason.OCR_DOUBTFUL,
                                     detail="扫描件中“事项名称”一栏识别把握不大（置信度 61%），请对照原件图片核对",
                                     image=_png())


def test_a_scanned_cell_is_shown_to_the_countys_editor_beside_its_text(editor_a, login):
    flag = _scanned_flag(TOWNSHIP_A)
    client = login(editor_a)
    image_url = f"/admin/township/reviewflag/{flag.pk}/image/"
    response = client.get(image_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content == _png() and response["X-Content-Type-Options"] == "nosniff"
    queue = client.get("/admin/township/reviewflag/", {"reason__exact": "ocr_doubtful"}).content.decode()
    assert f'<img class="cell-scan" src="{image_url}"' in queue and "识别存疑" in queue
    item_page = client.get(change_url(flag.duty)).content.decode()
    assert f'src="{image_url}"' in item_page


def test_a_scanned_cell_of_another_county_or_for_a_visitor_is_not_served(editor_a, login, client):
    flag = _scanned_flag(TOWNSHIP_B)
    image_url = f"/admin/township/reviewflag/{flag.pk}/image/"
    anonymous = client.get(image_url)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    assert login(editor_a).get(image_url).status_code == 404


def test_a_flag_without_an_image_has_no_image_page(editor_a, login):
    flag = ReviewFlag.objects.filter(duty__duty_list__township__name=TOWNSHIP_A).first()
    assert login(editor_a).get(f"/admin/township/reviewflag/{flag.pk}/image/").status_code == 404


def _listed_flags(report: str) -> list[str]:
    """The report's lines for single flags, as the import lists them below its count."""
    return [line.strip() for line in report.splitlines() if line.startswith("    ") and " · " in line]


def test_the_import_report_the_queue_and_the_township_page_count_alike_and_say_what(superuser, login):
    client = login(superuser)
    preview = _upload(client, LIST_004, published="2025-07")  # 夏马勒乡: OCR damage, 39 departments stated for 37
    assert preview.status_code == 200, preview.context["form"].errors
    shown = preview.context["review"]
    client.post(f"{UPLOAD_URL}{preview.context['pending'].pk}/confirm/")
    duty_list = DutyList.objects.get(township__name="夏马勒乡")
    review = duty_list_review(duty_list=duty_list)
    assert review == shown and review.items < review.flags and review.version_flags == 1
    # The upload preview and its report.
    html = preview.content.decode()
    assert f"待核对：{review.text}。{REVIEW_UNITS}" in html
    assert [row["flagged"] for row in preview.context["figures"]] == list(review.items_by_part.values())
    report = preview.context["report_text"]
    assert REVIEW_HEADING.format(tally=review.text) in report and REVIEW_UNITS in report
    listed = _listed_flags(report)
    assert len(listed) == review.flags and sum(line.startswith(WHOLE_LIST) for line in listed) == 1
    assert len({line.split(" · ")[0] for line in listed if not line.startswith(WHOLE_LIST)}) == review.items
    assert RECORDED_REVIEW.format(tally=review.text) in ImportRecord.objects.get(duty_list=duty_list).summary
    # The review queue, for the township.
    queue = client.get("/admin/township/reviewflag/", {"township": duty_list.township_id})
    assert queue.context["cl"].result_count == review.flags
    assert QUEUE_TALLY.format(state="待核对", tally=review.text) + REVIEW_UNITS in queue.content.decode()
    # The township's page.
    page = client.get(duty_list.township.get_absolute_url()).content.decode()
    assert f'<span class="flag">待核对</span> {review.text}在导入时被标记为需要人工核对' in page
    assert REVIEW_UNITS in page and page.count('<tr class="flagged">') == review.items == _awaiting_on_township_page(
        client, "夏马勒乡")


def test_the_queue_counts_what_its_filters_show(administrator, login):
    client = login(administrator)
    reason = ReviewFlag.Reason.TEXT_DAMAGED
    flags = ReviewFlag.objects.filter(reason=reason)
    flags.filter(pk=flags.first().pk).update(reviewed_at=timezone.now())
    for state, word, shown in (("open", "待核对", flags.filter(reviewed_at__isnull=True)),
                               ("reviewed", "已核对", flags.filter(reviewed_at__isnull=False)),
                               ("all", "全部标记", flags)):
        queue = client.get("/admin/township/reviewflag/", {"state": state, "reason": reason})
        items = shown.values("duty").distinct().count()
        expected = f"{items} 项事项（共 {shown.count()} 处标记）"
        assert queue.context["review_tally"] == QUEUE_TALLY.format(state=word, tally=expected)
        assert queue.context["cl"].result_count == shown.count()
