"""Matching duty names across lists: pure functions, no database.

`text` normalises names and decides whether two are the same duty; `groups` lines up the
items of a few lists for the compare page; `clusters` groups every township's items into
catalogue entries. How two wordings differ is township/textdiff.py's, shared with the
version diff.
"""
