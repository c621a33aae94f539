"""Chinese keyword search: n-gram documents and queries, the index, highlighting, excerpts."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.db.models import Q

from township.selectors import common as selectors_common, search as selectors_search
from township.models import Category, Duty, DutyList, Step
from township.search import (
    MATCH_WEIGHTS,
    WEIGHT_CATEGORY,
    WEIGHT_DEPARTMENTS,
    WEIGHT_NAME,
    document_literal,
    document_tokens,
    excerpt,
    fold,
    highlight,
    highlight_terms,
    keyword_query,
    keywords,
    lookup_literal,
    query_literal,
)
from township.services import duty_search_document_refresh

# ---------------------------------------------------------------------------------------------
# Tokens, documents and queries (no database)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("党代表", "党代表"),
        ("ＡＢ５Ｇ网络", "ab5g网络"),  # full-width letters and digits fold to ASCII
        ("GDP增长", "gdp增长"),
        ("Ⅻ号", "Ⅻ号"),  # a character NFKC would expand stays, so offsets stay put
    ],
)
def test_fold_keeps_one_character_for_one(text, folded):
    assert fold(text) == folded
    assert len(fold(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("党", [("党", 0)]),
        ("党代表", [("党", 0), ("党代", 0), ("代", 1), ("代表", 1), ("表", 2)]),
        ("低保，救助", [("低", 0), ("低保", 0), ("保", 1), ("救", 3), ("救助", 3), ("助", 4)]),
        ("5g网络", [("5g", 0), ("网", 2), ("网络", 2), ("络", 3)]),
        ("“三资”管理", [("三", 1), ("三资", 1), ("资", 2), ("管", 4), ("管理", 4), ("理", 5)]),
        ("x'y; drop", [("x", 0), ("y", 2), ("drop", 5)]),
    ],
)
def test_document_tokens_are_unigrams_bigrams_and_words_at_their_offsets(text, tokens):
    assert list(document_tokens(fold(text))) == tokens


def test_document_literal_weights_each_segment_and_leaves_a_gap_between_them():
    literal = document_literal([("党代表", "A"), ("党", "C")])
    assert literal == "'党':1A,5C '党代':1A '代':2A '代表':2A '表':3A"


@pytest.mark.parametrize(
    ("keyword", "query"),
    [
        ("党", "'党'"),
        ("低保", "'低保'"),
        ("党代表", "'党代' <-> '代表'"),
        ("低保户认定", "'低保' <-> '保户' <-> '户认' <-> '认定'"),
        ("5G网络", "'5g' <2> '网络'"),
        ("１１０", "'110'"),
        ("“消防”", "'消防'"),
        ("，。", None),
    ],
)
def test_keyword_query_is_a_unigram_a_bigram_or_a_phrase_of_bigrams(keyword, query):
    assert keyword_query(keyword) == query


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("消防 低保", ["消防", "低保"]),
        ("消防\u3000低保", ["消防", "低保"]),
        ("消防、低保，党代表", ["消防", "低保", "党代表"]),
        ("  ", []),
    ],
)
def test_keywords_are_split_on_spaces_and_list_punctuation(text, words):
    assert keywords(text) == words


def test_query_literal_ands_keywords_and_can_require_the_name_weight():
    assert query_literal("消防 党代表") == "('消防') & ('党代' <-> '代表')"
    assert query_literal("党代表", weight="A") == "('党代':A <-> '代表':A)"
    assert query_literal("消防", weight="AC") == "('消防':AC)"
    assert query_literal("、") is None


def test_the_index_is_asked_for_each_keywords_two_rarest_tokens_in_order():
    shares = {"管理": 0.19, "工作": 0.5, "理工": 0.087, "监督": 0.067, "督管": 0.025}
    assert lookup_literal("监督管理工作", shares=shares) == "'监督' & '督管'"
    # A token the statistics do not list is rarer than every listed one; ties go by position.
    assert lookup_literal("监督管理工作", shares={"督管": 0.3}) == "'监督' & '管理'"
    assert lookup_literal("监督管理工作 低保户认定", shares=shares) == "'监督' & '督管' & '低保' & '保户'"


def test_the_index_is_asked_for_the_query_itself_when_no_keyword_is_longer():
    assert lookup_literal("消防 党代表", shares={}) is None  # one token and two
    assert lookup_literal("", shares={}) is None
    assert lookup_literal("安全 安全检查", shares={"安全": 0.1}) == "'安全' & '全检' & '检查'"  # shared once


# ---------------------------------------------------------------------------------------------
# What PostgreSQL matches, given our documents and queries


def _matches(segments: list[tuple[str, str]], search: str, *, weight: str = "") -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::tsvector @@ %s::tsquery",
                       [document_literal(segments), query_literal(search, weight=weight)])
        return cursor.fetchone()[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "search", "matches"),
    [
        ("推荐县级以上党代表工作", "党代表", True),
        ("党代会上推选人大代表", "党代表", False),  # 党代 and 代表 both occur, far apart
        ("代表党代", "党代表", False),
        ("推荐县级以上党代表工作", "党", True),
        ("推荐县级以上党代表工作", "以上党代", True),
        ("城乡低保对象", "低保", True),
        ("低，保", "低保", False),  # punctuation breaks a bigram
        ("建设5G网络", "5g网络", True),
        ("消防安全检查", "安全 消防", True),
        ("消防安全检查", "消防 低保", False),
    ],
)
def test_postgresql_matches_a_keyword_exactly_where_it_occurs(text, search, matches):
    assert _matches([(text, "C")], search) is matches


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("segments", "weight", "matches"),
    [
        ([("消防安全检查", "A")], MATCH_WEIGHTS, True),
        ([("安全生产检查", "A"), ("组织消防演练", "C")], MATCH_WEIGHTS, True),
        ([("安全生产检查", "A"), ("应急管理及消防", WEIGHT_CATEGORY)], MATCH_WEIGHTS, False),  # category only
        ([("安全生产检查", "A"), ("县消防救援局", WEIGHT_DEPARTMENTS)], MATCH_WEIGHTS, True),  # a department
        ([("安全生产检查", "A"), ("县消防救援局", WEIGHT_DEPARTMENTS)], WEIGHT_NAME, False),
        ([("安全生产检查", "A"), ("组织消防演练", "C")], WEIGHT_NAME, False),
        ([("消防安全检查", "A"), ("组织演练", "C")], WEIGHT_NAME, True),
    ],
)
def test_weights_say_where_a_keyword_may_occur(segments, weight, matches):
    assert _matches(segments, "消防", weight=weight) is matches


@pytest.mark.django_db
def test_a_department_that_also_matches_raises_the_rank():
    query = query_literal("消防")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ts_rank(%s::tsvector, %s::tsquery) > ts_rank(%s::tsvector, %s::tsquery)",
            [document_literal([("安全检查", "A"), ("县消防救援局", "B"), ("消防检查", "C")]), query,
             document_literal([("安全检查", "A"), ("县应急管理局", "B"), ("消防检查", "C")]), query],
        )
        assert cursor.fetchone()[0] is True


# ---------------------------------------------------------------------------------------------
# Searching the bundled lists


def _latest_duties():
    return Duty.objects.filter(duty_list__in=selectors_common.latest_lists())


def _mentioning(text: str) -> set[int]:
    """Items of latest versions whose name, departments, steps or methods contain `text`, by an ILIKE scan."""
    in_texts = (
        Q(name__icontains=text) | Q(blocks__steps__text__icontains=text) | Q(methods__text__icontains=text)
        | Q(duty_departments__name_as_published__icontains=text)
        | Q(duty_departments__department__name__icontains=text)
    )
    return set(_latest_duties().filter(in_texts).values_list("pk", flat=True))


def _found(search: str) -> list[Duty]:
    return list(selectors_search.duty_search(params={"q": search}).qs)


@pytest.mark.parametrize("keyword", ["消防", "低保", "党代表", "党", "人大代表", "网格员"])
def test_search_finds_exactly_the_items_whose_texts_contain_the_keyword(bundled_lists, keyword):
    found = [duty.pk for duty in _found(keyword)]
    assert len(found) == len(set(found))
    assert set(found) == _mentioning(keyword)
    assert found


def test_search_finds_the_ocr_item_once_its_broken_words_are_joined(bundled_lists):
    names = [duty.name for duty in _found("党代表")]
    assert "推荐县级以上党代表工作" in names


def test_several_keywords_must_all_occur(bundled_lists):
    found = {duty.pk for duty in _found("消防 培训")}
    assert found == _mentioning("消防") & _mentioning("培训")
    assert found


@pytest.mark.parametrize("keyword", ["消防", "低保", "党"])
def test_items_whose_name_matches_come_first(bundled_lists, keyword):
    in_name = [keyword in duty.name for duty in _found(keyword)]
    assert any(in_name) and not all(in_name)
    assert in_name == sorted(in_name, reverse=True)


def test_only_the_latest_version_of_a_list_is_searched_unless_asked(bundled_lists):
    newest = DutyList.objects.select_related("township").first()
    older = DutyList.objects.create(township=newest.township, published=datetime.date(2024, 1, 1),
                                    source_name="旧版.txt", source_sha256="0" * 64)
    old_duty = Duty.objects.create(duty_list=older, kind="basic", seq=1, category=Category.objects.first(),
                                   name="旧版独有的巡查事项")
    duty_search_document_refresh(duty_ids=[old_duty.pk])

    assert _found("旧版独有") == []
    every_version = selectors_search.duty_search(params={"q": "旧版独有", "all_versions": "on"}).qs
    assert list(every_version) == [old_duty]


@pytest.mark.parametrize("search", ["党", "消防", "党代表", "消防 培训"])
def test_keyword_search_uses_the_gin_index(bundled_lists, search):
    with connection.cursor() as cursor:
        # 1,079 items are few enough for the planner to prefer reading the whole table, or the
        # items of each latest list by foreign key, depending on its statistics of the moment.
        # On 540,000 items it picks the index unaided (see the report); here we rule out the
        # other ways in, to check that the search condition itself is answered by the index.
        for setting in ("enable_seqscan", "enable_indexscan", "enable_nestloop"):
            cursor.execute(f"SET LOCAL {setting} = off")
    plan = selectors_search.duty_search(params={"q": search}).qs.explain()
    index_scan = r"Bitmap Index Scan on duty_search_document_idx .*\n\s+Index Cond: \(search_document @@ "
    assert re.search(index_scan, plan), plan


# ---------------------------------------------------------------------------------------------
# Keeping documents up to date


def test_import_fills_every_items_search_document(bundled_lists):
    assert not Duty.objects.filter(search_document__isnull=True).exists()


def test_refresh_recomputes_documents_in_a_fixed_number_of_queries(bundled_lists, django_assert_num_queries):
    duty_list = DutyList.objects.first()
    step = Step.objects.filter(block__duty__duty_list=duty_list).select_related("block").first()
    step.text = "组织开展冬季取暖安全宣传"
    step.save()
    with django_assert_num_queries(5):  # names, departments, steps, methods; one UPDATE
        refreshed = duty_search_document_refresh(duty_ids=duty_list.duties.values("pk"))
    assert refreshed == duty_list.duties.count()
    assert [duty.pk for duty in _found("冬季取暖")] == [step.block.duty_id]


# ---------------------------------------------------------------------------------------------
# Showing matches


@pytest.mark.parametrize(
    ("text", "search", "html"),
    [
        ("消防安全", "消防", "<mark>消防</mark>安全"),
        ("开展消防演练，检查消防设施", "消防", "开展<mark>消防</mark>演练，检查<mark>消防</mark>设施"),
        ("党代表大会", "党 代表", "<mark>党代表</mark>大会"),
        ("建设ＡＢ网络", "ab", "建设<mark>ＡＢ</mark>网络"),
        (
            '<script>alert("消防")</script>',
            "消防",
            "&lt;script&gt;alert(&quot;<mark>消防</mark>&quot;)&lt;/script&gt;",
        ),
        ("a < b & 消防", "lt", "a &lt; b &amp; 消防"),  # terms match the text, never its escapes
    ],
)
def test_highlight_escapes_the_text_then_marks_the_keywords(text, search, html):
    assert highlight(text, highlight_terms(search)) == html


def test_excerpt_is_a_window_around_the_first_match():
    text = "一" * 40 + "落实低保对象动态管理" + "二" * 40
    window = excerpt(text, ["低保"], context=4)
    assert window == "…一一落实<mark>低保</mark>对象动态…"
    assert excerpt(text, ["消防"]) is None
