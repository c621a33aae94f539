"""A dependency-free progress bar for long commands, drawn only on a terminal."""

from __future__ import annotations

from typing import TextIO


class ProgressBar:
    """`[#####-----] 2/4 name` on one terminal line, redrawn in place."""

    WIDTH = 30

    def __init__(self, *, total: int, stream: TextIO, enabled: bool = True):
        self.total = total
        self.done = 0
        self.stream = stream
        self.enabled = enabled and total > 0 and stream.isatty()

    def advance(self, label: str = "") -> None:
        """Count one unit of work done and redraw."""
        self.done += 1
        if self.enabled:
            filled = self.WIDTH * self.done // self.total
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.stream.write(f"\r[{bar}] {self.done}/{self.total} {label[:40]:<40}")
            self.stream.flush()

    def close(self) -> None:
        """End the bar's line so later output starts on a fresh one."""
        if self.enabled and self.done:
            self.stream.write("\n")
            self.stream.flush()


class PageProgress:
    """A per-page bar for a long read (a scan): called as progress(page, pages) by the layout."""

    def __init__(self, *, stream: TextIO, label: str):
        self.stream = stream
        self.label = label
        self.bar: ProgressBar | None = None

    def __call__(self, page: int, pages: int) -> None:
        if self.bar is None:
            self.bar = ProgressBar(total=pages, stream=self.stream)
        while self.bar.done < page:
            self.bar.advance(f"{self.label} 第 {page}/{pages} 页")

    def close(self) -> None:
        """End the bar's line, if one was drawn."""
        if self.bar is not None:
            self.bar.close()
