"""The page cache: township, item and home pages answered from the shared file cache until lists change."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from django.http import HttpResponse
from django.test import Client

from tests.republished import ADDED_NAME, republished_002
from tests.township.admin.conftest import TOWNSHIP_A, change_url, form_data, item, make_user
from township.models import Township
from township.services.page_cache import GLOBAL_SCOPE, PAGE_CACHE, page_cache_generations, page_cache_invalidate
from township.views.caching import CACHE_HEADER

pytestmark = pytest.mark.django_db
BASE_DIR = Path(settings.BASE_DIR)


@pytest.fixture(autouse=True)
def _page_cache_on(settings) -> None:
    settings.DUTYLISTS_PAGE_CACHE = True


@pytest.fixture
def anonymous() -> Client:
    return Client()


@pytest.fixture
def staff(bundled_lists) -> Client:
    client = Client()
    client.force_login(make_user("root", superuser=True))
    return client


def _township_a() -> Township:
    return Township.objects.get(name=TOWNSHIP_A)


def _pages(duty) -> list[str]:
    township = duty.duty_list.township
    return ["/", f"/townships/{township.pk}/", f"/townships/{township.pk}/versions/{duty.duty_list_id}/",
            f"/duties/{duty.pk}/"]


def _save(client: Client, duty, **changes) -> None:
    data = form_data(client.get(change_url(duty)))
    response = client.post(change_url(duty), {**data, **changes})
    assert response.status_code == 302, response.content.decode()[:3000]


def test_the_second_request_is_answered_from_the_cache_without_a_query(bundled_lists, anonymous,
                                                                       django_assert_num_queries):
    for path in _pages(item(TOWNSHIP_A, "basic", 1)):
        first = anonymous.get(path)
        assert first.status_code == 200 and first[CACHE_HEADER] == "miss", path
        with django_assert_num_queries(0):
            second = anonymous.get(path)
        assert second[CACHE_HEADER] == "hit" and second.content == first.content, path
        assert second["Content-Type"] == first["Content-Type"]
        assert second.has_header("Content-Security-Policy")  # the middleware still runs on a hit


def test_search_and_department_pages_are_cached_and_follow_an_edit(anonymous, staff):
    duty = item(TOWNSHIP_A, "coordinating", 1)
    department_id = duty.duty_departments.filter(department__isnull=False).values_list("department", flat=True)[0]
    search, department = f"/search/?{urlencode({'q': '缓存测试专用'})}", f"/departments/{department_id}/"
    for path in (search, department):
        assert anonymous.get(path)[CACHE_HEADER] == "miss"
        assert anonymous.get(path)[CACHE_HEADER] == "hit"
    link = f'href="/duties/{duty.pk}/"'
    assert link not in anonymous.get(search).content.decode()
    _save(staff, duty, name="缓存测试专用名称")
    for path in (search, department):
        response = anonymous.get(path)
        assert response[CACHE_HEADER] == "miss" and link in response.content.decode(), path
    assert "缓存测试专用名称" in anonymous.get(department).content.decode()


def test_a_query_string_is_a_page_of_its_own_and_a_404_is_not_stored(bundled_lists, anonymous):
    township = _township_a()
    assert anonymous.get(f"/townships/{township.pk}/")[CACHE_HEADER] == "miss"
    assert anonymous.get(f"/townships/{township.pk}/?print=1")[CACHE_HEADER] == "miss"
    missing = f"/townships/{township.pk}/versions/999999/"
    assert anonymous.get(missing).status_code == 404
    assert anonymous.get(missing).status_code == 404 and anonymous.get(missing).get(CACHE_HEADER) is None


def test_a_new_version_imported_shows_on_the_cached_pages(bundled_lists, anonymous, tmp_path):
    township = _township_a()
    before = anonymous.get(f"/townships/{township.pk}/").content.decode()
    assert ADDED_NAME not in before
    anonymous.get("/")
    call_command("import_list", str(republished_002(tmp_path, renumber=True)), "--published", "2026-01",
                 stdout=io.StringIO())
    after = anonymous.get(f"/townships/{township.pk}/")
    assert after[CACHE_HEADER] == "miss" and ADDED_NAME in after.content.decode()
    assert anonymous.get("/")[CACHE_HEADER] == "miss"


def test_an_admin_edit_shows_on_the_cached_item_and_township_pages(anonymous, staff):
    duty = item(TOWNSHIP_A, "basic", 3)
    for path in _pages(duty):
        anonymous.get(path)
    _save(staff, duty, name="缓存之后改过的名称")
    for path in _pages(duty)[1:]:
        assert "缓存之后改过的名称" in anonymous.get(path).content.decode(), path


def test_an_admin_delete_shows_on_the_cached_pages(anonymous, staff):
    duty = item(TOWNSHIP_A, "basic", 3)
    _, township_page, _, duty_page = _pages(duty)
    assert f'href="/duties/{duty.pk}/"' in anonymous.get(township_page).content.decode()
    assert anonymous.get(duty_page).status_code == 200
    response = staff.post(change_url(duty).replace("change/", "delete/"), {"post": "yes"})
    assert response.status_code == 302
    assert anonymous.get(duty_page).status_code == 404
    assert f'href="/duties/{duty.pk}/"' not in anonymous.get(township_page).content.decode()


def test_a_revert_shows_on_the_cached_pages(anonymous, staff):
    duty = item(TOWNSHIP_A, "coordinating", 1)
    original = duty.name
    _save(staff, duty, name="错误的修改")
    assert "错误的修改" in anonymous.get(f"/duties/{duty.pk}/").content.decode()
    response = staff.post(change_url(duty).replace("change/", "revisions/1/revert/"))
    assert response.status_code == 302
    page = anonymous.get(f"/duties/{duty.pk}/").content.decode()
    assert "错误的修改" not in page and original in page


def test_a_logged_in_editor_is_never_served_the_anonymous_page(anonymous, staff):
    path = f"/townships/{_township_a().pk}/"
    anonymous.get(path)
    assert anonymous.get(path)[CACHE_HEADER] == "hit"
    for _ in range(2):
        response = staff.get(path)
        assert response.status_code == 200 and not response.has_header(CACHE_HEADER)
    assert anonymous.get(path)[CACHE_HEADER] == "hit"  # nor does the editor's page replace it


def test_a_rolled_back_change_leaves_the_pages_as_they_were(bundled_lists, anonymous):
    duty = item(TOWNSHIP_A, "basic", 3)
    township_page = f"/townships/{duty.duty_list.township_id}/"
    before = anonymous.get(township_page).content
    with pytest.raises(RuntimeError), transaction.atomic():
        duty.name = "不会保存的名称"
        duty.save()
        page_cache_invalidate(township_ids=[duty.duty_list.township_id])
        raise RuntimeError("rolled back")
    after = anonymous.get(township_page)
    assert after.content == before and "不会保存的名称" not in after.content.decode()


def test_the_generation_changes_again_when_the_change_commits(bundled_lists, django_capture_on_commit_callbacks):
    """A page rendered from the old rows while the change was written is dropped by the commit."""
    start = page_cache_generations([GLOBAL_SCOPE])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        page_cache_invalidate(township_ids=[_township_a().pk])
        during = page_cache_generations([GLOBAL_SCOPE])
    assert len(callbacks) == 1 and start != during != page_cache_generations([GLOBAL_SCOPE])


def test_reviewing_a_flag_drops_the_pages_that_marked_it(bundled_lists, anonymous):
    from township.models import ReviewFlag
    from township.services import review_flags_mark_reviewed

    flag = ReviewFlag.objects.filter(duty__isnull=False, reviewed_at__isnull=True).select_related("duty").first()
    assert flag is not None
    path = f"/duties/{flag.duty_id}/"
    anonymous.get(path)
    review_flags_mark_reviewed(flags=ReviewFlag.objects.filter(pk=flag.pk), user=make_user("reviewer"))
    assert anonymous.get(path)[CACHE_HEADER] == "miss"


def test_renaming_a_township_in_the_admin_drops_the_cached_place_page(bundled_lists, anonymous):
    township = _township_a()
    county_page = f"/places/{township.county_id}/"  # the page that lists a county's townships by name
    anonymous.get(county_page)
    township.name = "改名后的镇"
    township.save()
    response = anonymous.get(county_page)
    assert response[CACHE_HEADER] == "miss" and "改名后的镇" in response.content.decode()


def test_the_page_cache_is_the_shared_file_cache_another_process_reads(bundled_lists, anonymous):
    location = caches[PAGE_CACHE]._dir
    assert Path(location).parent == Path(settings.CACHES["default"]["LOCATION"])
    path = f"/townships/{_township_a().pk}/"
    anonymous.get(path)
    generations = page_cache_generations([GLOBAL_SCOPE])
    # Another process, as another gunicorn worker would, with the same DUTYLISTS_CACHE_DIR.
    script = ("import django; django.setup(); from township.services.page_cache import GLOBAL_SCOPE, _bump, page_cache_generations; "
              "print(page_cache_generations([GLOBAL_SCOPE])[0]); _bump([GLOBAL_SCOPE])")
    env = {**os.environ, "DUTYLISTS_CACHE_DIR": str(Path(location).parent),
           "DJANGO_SETTINGS_MODULE": "dutylists.settings"}
    result = subprocess.run([sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == generations[0]
    assert page_cache_generations([GLOBAL_SCOPE]) != generations  # its bump is seen here
    assert anonymous.get(path)[CACHE_HEADER] == "miss"


def test_the_page_cache_can_be_switched_off(bundled_lists, anonymous, settings):
    settings.DUTYLISTS_PAGE_CACHE = False
    path = f"/townships/{_township_a().pk}/"
    anonymous.get(path)
    assert not anonymous.get(path).has_header(CACHE_HEADER)


def test_a_page_holding_a_csrf_token_is_not_stored(bundled_lists):
    from django.middleware.csrf import get_token
    from django.test import RequestFactory

    from township.views.caching import cached_page

    @cached_page(scope="global")
    def with_token(request):
        return HttpResponse(f"<input name=csrfmiddlewaretoken value={get_token(request)}>")

    for _ in range(2):
        response = with_token(RequestFactory().get("/form/"))
        assert response.status_code == 200 and not response.has_header(CACHE_HEADER)


class ReplicasConfigured:
    """A router as DATABASE_REPLICA_URLS installs one, routing nothing: every query stays on default."""


def test_with_replicas_a_page_is_not_stored_just_after_a_change(bundled_lists, anonymous, settings):
    settings.DATABASE_ROUTERS = [f"{__name__}.ReplicasConfigured"]
    settings.DUTYLISTS_REPLICA_STICKY_SECONDS = 3600
    path = f"/townships/{_township_a().pk}/"
    page_cache_invalidate()
    anonymous.get(path)
    assert anonymous.get(path).get(CACHE_HEADER) is None  # a lagging replica may have served it
    settings.DUTYLISTS_REPLICA_STICKY_SECONDS = 0
    anonymous.get(path)
    assert anonymous.get(path)[CACHE_HEADER] == "hit"


def test_demo_data_written_with_copy_drops_the_cached_home_page(bundled_lists, anonymous):
    from township.services.demo import demo_data_build

    anonymous.get("/")
    assert anonymous.get("/")[CACHE_HEADER] == "hit"
    demo_data_build(townships=2, seed=1)
    assert anonymous.get("/")[CACHE_HEADER] == "miss"
