"""The progress bar long commands draw on a terminal, and only there."""

from __future__ import annotations

import io

from importers.progress import ProgressBar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_advances_in_place_on_a_terminal():
    stream = Terminal()
    bar = ProgressBar(total=4, stream=stream)
    bar.advance("000.txt")
    bar.advance("001.txt")
    bar.close()
    frames = stream.getvalue().split("\r")[1:]
    assert frames[0].startswith("[" + "#" * 7 + "-" * 23 + "] 1/4 000.txt")
    assert frames[1].startswith("[" + "#" * 15 + "-" * 15 + "] 2/4 001.txt")
    assert stream.getvalue().endswith("\n")


def test_nothing_is_drawn_when_output_is_not_a_terminal():
    stream = io.StringIO()
    bar = ProgressBar(total=4, stream=stream)
    bar.advance("000.txt")
    bar.close()
    assert stream.getvalue() == ""
