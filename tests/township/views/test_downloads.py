"""Download names: whole whatever a county or township is called, with an ASCII fallback."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from django.urls import reverse

from township.models import Township
from township.views.downloads import FALLBACK_STEM, MAX_LENGTH, ascii_filename, attachment_header, safe_filename


@pytest.mark.parametrize("name, expected", [
    ("于田县先拜巴扎镇.xlsx", "于田县先拜巴扎镇.xlsx"),
    ("伊宁市/潘津镇.xlsx", "伊宁市_潘津镇.xlsx"),
    ("伊宁市\\潘津镇.xlsx", "伊宁市_潘津镇.xlsx"),
    ('a:b*c?d"e<f>g|h.csv', "a_b_c_d_e_f_g_h.csv"),
    ("潘津镇\r\n清单.xlsx", "潘津镇 清单.xlsx"),
    ("../../etc/passwd", "_.._etc_passwd"),
    (".xlsx", FALLBACK_STEM + ".xlsx"),
    ("履职事项检索结果（2025年7月）.xlsx", "履职事项检索结果（2025年7月）.xlsx"),
])
def test_a_download_name_keeps_no_separator_or_forbidden_character(name, expected):
    assert safe_filename(name) == expected


def test_a_very_long_name_is_cut_before_its_suffix():
    name = safe_filename("镇" * 400 + ".xlsx")
    assert len(name) == MAX_LENGTH and name.endswith("镇.xlsx")


@pytest.mark.parametrize("name, expected", [
    ("乡镇履职事项清单比较.xlsx", "dutylists.xlsx"),
    ("于田县/先拜巴扎镇（2025年7月）.xlsx", "dutylists.xlsx"),  # no stray "20257"
    ("EURO € rates.csv", "EURO_rates.csv"),
    ("2025-07.csv", "2025-07.csv"),
    ('say "hi".csv', "say_hi.csv"),
])
def test_the_ascii_fallback_is_plain_ascii_without_quotes(name, expected):
    assert ascii_filename(name) == expected


def _names(disposition: str) -> tuple[str, str]:
    match = re.fullmatch(r'attachment; filename="([ -~]*)"; filename\*=utf-8\'\'([A-Za-z0-9%._~-]+)',
                         disposition)
    assert match, disposition
    return match[1], unquote(match[2])


def test_the_header_sends_the_fallback_first_and_the_full_name_encoded():
    fallback, full = _names(attachment_header("伊宁市/潘津镇 清单.xlsx"))
    assert (fallback, full) == ("dutylists.xlsx", "伊宁市_潘津镇 清单.xlsx")


@pytest.mark.django_db
def test_a_slash_in_a_county_name_does_not_cut_the_township_download_name(client, bundled_lists):
    township = Township.objects.select_related("county").get(name="先拜巴扎镇")
    township.county.name = "和田地区/于田县"
    township.county.save()
    response = client.get(reverse("township:township_xlsx", args=[township.pk]))
    fallback, full = _names(response["Content-Disposition"])
    assert full.startswith("和田地区_于田县先拜巴扎镇") and full.endswith(".xlsx")
    assert fallback == "dutylists.xlsx"


@pytest.mark.django_db
@pytest.mark.parametrize("url, names", [
    ("/search/export.csv?q=消防", ("dutylists.csv", "履职事项检索结果.csv")),
    ("/search/export.xlsx?q=消防", ("dutylists.xlsx", "履职事项检索结果.xlsx")),
])
def test_the_search_downloads_carry_both_names(client, bundled_lists, url, names):
    assert _names(client.get(url)["Content-Disposition"]) == names


def test_the_township_page_links_every_list_format_and_each_link_downloads(client, bundled_lists):
    from township.exports.registry import list_formats

    township = Township.objects.get(name="先拜巴扎镇")
    page = client.get(reverse("township:township", args=[township.pk])).content.decode()
    current = township.lists.order_by("-published").first()
    for export in list_formats():
        url = reverse(f"township:version_{export.name}", args=[township.pk, current.pk])
        assert f'href="{url}" download' in page
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith(export.content_type)
        assert _names(response["Content-Disposition"])[1].endswith(export.suffix)
