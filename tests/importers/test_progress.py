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


def test_a_scan_draws_one_bar_per_page_as_the_layout_reports_them():
    from importers.progress import PageProgress

    stream = Terminal()
    pages = PageProgress(stream=stream, label="扫描件.pdf")
    for page in (1, 2, 3):
        pages(page, 3)
    pages.close()
    frames = stream.getvalue().split("\r")[1:]
    assert [frame.split("] ")[1].split(" ")[0] for frame in frames] == ["1/3", "2/3", "3/3"]
    assert "扫描件.pdf 第 3/3 页" in frames[-1] and stream.getvalue().endswith("\n")
