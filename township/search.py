"""Chinese keyword search over items: an n-gram tsvector per item, a GIN index, highlighting.

Why n-grams computed in Python rather than a PostgreSQL text-search feature:

- pg_trgm builds trigrams from "alphanumeric" characters, and under the C locale the server
  uses (the embedded server and many hosted ones) CJK characters are not alphanumeric, so
  Chinese text yields no trigrams at all; even where it works, a trigram index cannot serve
  a query shorter than three characters, and county staff search for "党", "低保", "消防".
- The built-in text-search parsers split on spaces and punctuation; written Chinese has no
  spaces, so a whole clause becomes one "word" and "消防" never matches inside it. The
  segmenting extensions (zhparser, pg_jieba) are not available on the embedded server.

So each item stores a `search_document` tsvector made here: every CJK character as a unigram
and every pair of adjacent CJK characters as a bigram, both positioned at their character
offset; runs of other letters and digits ("5G", "110") are whole tokens. A one-character
keyword looks up its unigram, a two-character keyword its bigram, and a longer one is a phrase
of its consecutive bigrams one position apart ('党代' <-> '代表'), which matches exactly where
the keyword occurs as a substring. The tsvector and tsquery are built as text in tsquery
syntax and passed as query parameters cast to their types: user text is never part of the
SQL, and no parser or dictionary rewrites the tokens on the way in. A GIN index on the field
answers `@@` for unigrams, bigrams and phrases alike (phrases are rechecked on the heap).

Weights: A the item name, B its department names (as published and canonical), C its
responsibility steps and the handling methods of taken-back items, D its category. A keyword
must occur in the name, a department or the texts (A, B or C: `'消防':ABC`), which is what staff
mean by "items that mention 消防", and "巴楚县消防救援局" finds every item that names the
department, whether its steps repeat the name or not. The category only raises the rank of
an item that matches (an item of 应急管理及消防 that says nothing of fire is not a 消防 item;
the category filter selects by it).
Results whose name matches come first, then by ts_rank.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Iterable, Iterator, Mapping

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from township.selectors.common import SEARCH_ORDER

WEIGHT_NAME, WEIGHT_DEPARTMENTS, WEIGHT_TEXTS, WEIGHT_CATEGORY = "A", "B", "C", "D"
MATCH_WEIGHTS = WEIGHT_NAME + WEIGHT_DEPARTMENTS + WEIGHT_TEXTS  # where a keyword must occur for an item to match
# PostgreSQL keeps positions 1..16383 and at most 256 positions per lexeme; beyond that it
# clamps or drops silently, so we do it here, visibly. Real items stay far below (max ~1,700
# characters, ~50 repeats of a character in the bundled lists).
MAX_POSITION = 16383
MAX_POSITIONS_PER_TOKEN = 256
EXCERPT_CONTEXT = 24  # characters of context on each side of a match in an excerpt
# Tokens of each keyword an index is asked for (see lookup_literal).
LOOKUP_TOKENS = 2

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# A run of CJK ideographs, or a run of other letters and digits (not "_").
_RUN = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>(?:(?![{_CJK}])[^\W_])+)")


_FOLD_TABLE_SIZE = 65536


class _FoldTable(dict):
    """Code point → its search form, for str.translate; filled as characters are first seen."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char).lower()
        value = folded if len(folded) == 1 else char  # one character for one, so offsets stay put
        if len(self) < _FOLD_TABLE_SIZE:  # bounded: a search box may send any characters at all
            self[code] = value
        return value


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Text in its search form (NFKC, lower case), one character for one so offsets stay put."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD)


@lru_cache(maxsize=len(WEIGHT_NAME + WEIGHT_DEPARTMENTS + WEIGHT_TEXTS + WEIGHT_CATEGORY))
def _entries(weight: str) -> tuple[str, ...]:
    """Every position with its weight as a tsvector writes it ("12A"), built once per weight."""
    return tuple(f"{position}{weight}" for position in range(MAX_POSITION + 1))


def _runs(folded: str) -> Iterator[re.Match]:
    return _RUN.finditer(folded)


def document_tokens(folded: str) -> Iterator[tuple[str, int]]:
    """(token, character offset) for every unigram, bigram and word of already folded text."""
    for run in _runs(folded):
        start, text = run.start(), run.group()
        if run.lastgroup == "word":
            yield text, start
            continue
        for index, char in enumerate(text):
            yield char, start + index
            if index + 1 < len(text):
                yield text[index:index + 2], start + index


def keyword_tokens(keyword: str) -> list[tuple[str, int]]:
    """(token, offset) a keyword is looked up by: its bigrams, or its unigram when it has one."""
    tokens = []
    for run in _runs(fold(keyword)):
        start, text = run.start(), run.group()
        if run.lastgroup == "word" or len(text) == 1:
            tokens.append((text, start))
        else:
            tokens += [(text[index:index + 2], start + index) for index in range(len(text) - 1)]
    return tokens


def _quote(token: str) -> str:
    """A lexeme in tsvector/tsquery syntax (quotes doubled, backslashes escaped)."""
    if "'" in token or "\\" in token:  # never from _RUN's letters and digits, but a lexeme must be safe
        token = token.replace("\\", "\\\\").replace("'", "''")
    return "'" + token + "'"


def document_literal(segments: Iterable[tuple[str, str]]) -> str:
    """The tsvector, as text, of (text, weight) segments taken in order.

    The tokens of `document_tokens`, written out inline: an import builds one document per item
    while it writes the rows, so this loop is on the import's path.
    """
    positions: dict[str, list[str]] = {}
    base = 1  # tsvector positions start at 1
    for text, weight in segments:
        entries = _entries(weight)
        for run in _runs(fold(text)):
            start, run_text = base + run.start(), run.group()
            if run.lastgroup == "word":
                _add_position(positions, run_text, entries[min(start, MAX_POSITION)])
                continue
            for index, char in enumerate(run_text):
                position = start + index
                entry = entries[position if position < MAX_POSITION else MAX_POSITION]
                _add_position(positions, char, entry)  # a unigram and the bigram it starts share a position
                if index < len(run_text) - 1:
                    _add_position(positions, run_text[index:index + 2], entry)
        # One position of gap, so that no phrase runs from the end of one text into the next.
        base += len(text) + 1
    return " ".join(f"{_quote(token)}:{','.join(entries)}" for token, entries in positions.items())


def _add_position(positions: dict[str, list[str]], token: str, entry: str) -> None:
    entries = positions.get(token)
    if entries is None:
        positions[token] = [entry]
    elif len(entries) < MAX_POSITIONS_PER_TOKEN:
        entries.append(entry)


# People list keywords with spaces (full-width too) or with list punctuation: "消防、低保".
_KEYWORD_SEPARATORS = re.compile(r"[\s、，,；;]+")


def keywords(text: str) -> list[str]:
    """The separate keywords of a search box value."""
    return [keyword for keyword in _KEYWORD_SEPARATORS.split(text) if keyword]


def keyword_query(keyword: str, *, weight: str = "") -> str | None:
    """One keyword in tsquery syntax: a token, or a phrase of tokens at their offsets."""
    tokens = keyword_tokens(keyword)
    if not tokens:
        return None
    label = f":{weight}" if weight else ""  # 'tok':ABC matches only positions weighted A, B or C
    parts = [_quote(tokens[0][0]) + label]
    for (_, before), (token, offset) in pairwise(tokens):
        operator = "<->" if offset - before == 1 else f"<{offset - before}>"
        parts += [operator, _quote(token) + label]
    return " ".join(parts)


def query_literal(text: str, *, weight: str = "") -> str | None:
    """Every keyword of a search box value ANDed, in tsquery syntax; None when none is searchable."""
    queries = [query for query in (keyword_query(k, weight=weight) for k in keywords(text)) if query]
    if not queries:
        return None
    return " & ".join(f"({query})" for query in queries)


def lookup_literal(text: str, *, shares: Mapping[str, float]) -> str | None:
    """What an index is asked for a search: each keyword's LOOKUP_TOKENS rarest tokens ANDed, in tsquery syntax.

    For a phrase the index intersects the lists of every token, and the common ones are long:
    "监督管理工作" is 监督, 督管, 管理 (in a fifth of all names), 理工 and 工作 (in half of them),
    14 ms at a million items; its two rarest, 督管 and 监督, 5 ms. Every item holding the phrase
    holds them, and the few that hold them elsewhere are dropped when the phrase itself is checked
    (`query_literal`). `shares` are the tokens' shares of items (a token missing is rarer than any
    given). None when that would be the query itself: no keyword has more tokens than are kept.
    Without weights or phrases the index answers it alone, reading no document back.
    """
    if not has_long_keywords(text):
        return None
    lookups = []
    for keyword in keywords(text):
        rarest = sorted(keyword_tokens(keyword), key=lambda token: (shares.get(token[0], 0.0), token[1]))
        lookups += [_quote(token) for token, _ in sorted(rarest[:LOOKUP_TOKENS], key=lambda token: token[1])]
    return " & ".join(dict.fromkeys(lookups))  # a token two keywords share is asked for once


def texts_literal(terms: Iterable[str]) -> str | None:
    """Whether any marked term (highlight_terms) is in an item's steps or methods, in tsquery syntax.

    Only such an item's result row shows an excerpt, so only its steps need reading.
    """
    queries = [query for query in (keyword_query(term, weight=WEIGHT_TEXTS) for term in terms) if query]
    return " | ".join(f"({query})" for query in queries) if queries else None


def has_long_keywords(text: str) -> bool:
    """Whether a keyword of `text` has more tokens than an index is asked for (lookup_literal)."""
    return any(len(keyword_tokens(keyword)) > LOOKUP_TOKENS for keyword in keywords(text))


class TsQuery(SearchQuery):
    """A query already in tsquery syntax, cast as is: no text-search parser touches it."""

    template = "%(expressions)s::tsquery"


def duty_keyword_search(duties: QuerySet, text: str) -> QuerySet:
    """Items matching every keyword, name matches first, then by rank, then in the search page's order."""
    literal = query_literal(text, weight=MATCH_WEIGHTS)
    if literal is None:
        return duties.none()
    return duty_keyword_order(duties.filter(search_document=TsQuery(Value(literal))), text)


def duty_keyword_order(duties: QuerySet, text: str) -> QuerySet:
    """Items (already matching `text`) with `name_match` and `rank`, name matches first, then by rank."""
    in_name, anywhere = query_literal(text, weight=WEIGHT_NAME), query_literal(text)
    if in_name is None:
        return duties.none()
    return (
        duties.annotate(
            # From the name's own lexemes (a few bytes): each item's whole document is read once, for its rank.
            name_match=ExpressionWrapper(Q(name_document=TsQuery(Value(in_name))), output_field=BooleanField()),
            rank=SearchRank(F("search_document"), TsQuery(Value(anywhere))),  # a matching department adds rank
        )
        .order_by(F("name_match").desc(), F("rank").desc(), *SEARCH_ORDER)
    )


# ---------------------------------------------------------------------------------------------
# Showing matches: highlighting and excerpts


def highlight_terms(text: str) -> list[str]:
    """The strings to mark in results: each keyword's runs of characters, folded."""
    return [run.group() for keyword in keywords(text) for run in _runs(fold(keyword))]


def _match_spans(folded: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    spans = []
    for term in terms:
        start = folded.find(term)
        while start != -1:
            spans.append((start, start + len(term)))
            start = folded.find(term, start + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, terms: Iterable[str]) -> SafeString:
    """Text escaped as HTML with every term wrapped in <mark>; list text is data, never markup."""
    pieces, cursor = [], 0
    for start, end in _match_spans(fold(text), terms):
        pieces += [escape(text[cursor:start]), "<mark>", escape(text[start:end]), "</mark>"]
        cursor = end
    pieces.append(escape(text[cursor:]))
    return mark_safe("".join(pieces))


def excerpt(text: str, terms: list[str], *, context: int = EXCERPT_CONTEXT) -> SafeString | None:
    """A highlighted window of text around its first term, or None when no term occurs."""
    spans = _match_spans(fold(text), terms)
    if not spans:
        return None
    start, end = max(spans[0][0] - context, 0), min(spans[0][1] + context, len(text))
    window = highlight(text[start:end], terms)
    return mark_safe(("…" if start else "") + window + ("…" if end < len(text) else ""))


@dataclass(frozen=True)
class SearchResult:
    """One found item with its highlighted name and, for a text match, where the text matched."""

    duty: object
    name: SafeString
    excerpt_label: str = ""
    excerpt: SafeString | None = None
    departments: tuple[SafeString, ...] = ()  # the departments it names, as published, matches marked


def _responsibility_texts(duty) -> Iterator[tuple[str, str]]:
    """(label, text) of an item's steps and methods, from prefetched rows."""
    for block in duty.blocks.all():
        for step in block.steps.all():
            yield block.get_side_display(), step.text
    for method in duty.methods.all():
        yield method.department_name or "承接方式", method.text


def search_result(duty, terms: list[str]) -> SearchResult:
    """A result row: the name and departments highlighted, plus an excerpt of the step that matched the text."""
    name = highlight(duty.name, terms)
    departments = tuple(highlight(link.name_as_published, terms) for link in duty.duty_departments.all())
    if not terms or getattr(duty, "name_match", True) or not getattr(duty, "text_match", True):
        return SearchResult(duty=duty, name=name, departments=departments)
    for label, text in _responsibility_texts(duty):
        window = excerpt(text, terms)
        if window is not None:
            return SearchResult(duty=duty, name=name, excerpt_label=label, excerpt=window, departments=departments)
    return SearchResult(duty=duty, name=name, departments=departments)
