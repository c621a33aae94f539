"""The text a Word paragraph shows: its runs in order, without deleted, hidden or floating text."""

from __future__ import annotations

from docx.oxml.ns import qn

W_T = qn("w:t")
W_R = qn("w:r")
W_BR = qn("w:br")
W_SDT = qn("w:sdt")
W_SDT_CONTENT = qn("w:sdtContent")
W_CUSTOM_XML = qn("w:customXml")
# Markup compatibility (Office 2010+ wraps new features with a fallback); python-docx has no prefix.
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
MC_ALTERNATE = f"{MC}AlternateContent"
MC_FALLBACK = f"{MC}Fallback"

_CHARACTERS = {qn("w:tab"): "\t", qn("w:ptab"): "\t", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}
# What a paragraph holds that is not its text: properties, tracked deletions, field codes, and
# drawings, pictures and embedded objects. Text boxes live inside drawings: they float beside
# the text in no reading order, and in published lists they hold seals, stamps and page marks,
# not cells, so their text is left out.
_SKIPPED = frozenset(qn(tag) for tag in (
    "w:pPr", "w:rPr", "w:del", "w:moveFrom", "w:delText", "w:instrText", "w:delInstrText",
    "w:fldData", "w:drawing", "w:pict", "w:object", "w:sdtPr", "w:sdtEndPr",
    "w:footnoteReference", "w:endnoteReference", "w:commentReference",
))
_OFF = ("0", "false", "off")


def _hidden(run) -> bool:
    """Text formatted as hidden (w:vanish) is not printed, so it is not part of the list."""
    vanish = run.find(f"{qn('w:rPr')}/{qn('w:vanish')}")
    return vanish is not None and vanish.get(qn("w:val")) not in _OFF


def _collect(element, parts: list[str]) -> None:
    for child in element.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:  # comments and processing instructions
            continue
        if tag == W_T:
            parts.append(child.text or "")
        elif tag in _CHARACTERS:
            parts.append(_CHARACTERS[tag])
        elif tag == W_BR:
            # A line break is a new line of the cell; page and column breaks only move it.
            if child.get(qn("w:type")) in (None, "textWrapping"):
                parts.append("\n")
        elif tag == MC_ALTERNATE:
            # Choice and Fallback hold the same content twice; the Fallback is plain WordprocessingML.
            fallback = child.find(MC_FALLBACK)
            if fallback is not None:
                _collect(fallback, parts)
        elif not (tag == W_R and _hidden(child)):
            _collect(child, parts)  # runs, hyperlinks, insertions, fields, content controls


def paragraph_text(paragraph) -> str:
    """The text of a w:p as printed: line breaks as "\\n", tabs as "\\t"."""
    parts: list[str] = []
    _collect(paragraph, parts)
    return "".join(parts)


def block_children(element):
    """The paragraphs, tables, rows or cells under `element`, seen through content controls."""
    for child in element.iterchildren():
        if child.tag == W_SDT:
            content = child.find(W_SDT_CONTENT)
            if content is not None:
                yield from block_children(content)
        elif child.tag == W_CUSTOM_XML:
            yield from block_children(child)
        else:
            yield child
