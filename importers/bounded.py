"""Parsing a file in a child process with a time and a memory limit, for the admin upload.

A web worker must answer within its timeout whatever file it is given. The parse (pure: it
touches no database) runs in a child process under RLIMIT_AS and a deadline; the parent kills it
when the deadline passes and turns every way it can end into a ParseError with a Chinese message.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import resource

from importers.pipeline import Given, parse_source
from importers.records import ParseError, ParseIssue

TIMED_OUT = ("读取这个文件超过了 {seconds} 秒，网页上传就此停止，数据库未作改动。"
             "扫描件或很大的文件请在服务器上用命令导入：python manage.py import_list 文件名")
OUT_OF_MEMORY = "读取这个文件需要的内存超过了 {megabytes} MB 的上限，已停止，数据库未作改动"
FAILED = "读取这个文件时出错，未能导入，数据库未作改动；请检查文件是否完整，或把它转存为 PDF、Word 或 Excel 再试"

logger = logging.getLogger(__name__)

# glibc's mallopt parameter for the number of malloc arenas. Each thread that finds the arenas
# busy makes another, reserving 64 MB of address space; under load the OCR's threads made
# enough of them to hit RLIMIT_AS with memory to spare (std::bad_alloc in onnxruntime).
_M_ARENA_MAX = -8
_ARENAS = 2


def _few_malloc_arenas() -> None:
    """Cap glibc's malloc arenas in this process, so the address-space limit measures memory used."""
    try:
        ctypes.CDLL("libc.so.6").mallopt(_M_ARENA_MAX, _ARENAS)
    except (OSError, AttributeError):  # not glibc: its allocator reserves no such arenas
        pass


def _child(connection, source, layout_name: str | None, given: Given, memory_bytes: int) -> None:
    """Parse under the memory limit and send back ("ok", result), ("error", issue) or another outcome."""
    _few_malloc_arenas()
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    try:
        connection.send(("ok", parse_source(source, layout_name=layout_name, given=given)))
    except ParseError as error:
        connection.send(("error", error.issue))
    except MemoryError:
        connection.send(("memory", None))
    except Exception as error:  # noqa: BLE001 — whatever a library raises, the user gets one message
        connection.send(("crash", repr(error)))
    finally:
        connection.close()


def _issue(source, message: str, code: str) -> ParseError:
    return ParseError(ParseIssue(file=source.name, line=None, code=code, message=message))


def parse_bounded(source, *, layout_name: str | None = None, given: Given = Given(), seconds: float,
                  memory_bytes: int):
    """parse_source(source) in a child process; ParseError when it fails, runs out of time or memory."""
    # A fresh interpreter, not a fork of the web worker: its memory is the parse's own (a fork
    # would start with the worker's free heap), and it inherits no threads or connections.
    context = multiprocessing.get_context("spawn")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sending, source, layout_name, given, memory_bytes), daemon=True)
    child.start()
    sending.close()
    try:
        if not receiving.poll(seconds):
            raise _issue(source, TIMED_OUT.format(seconds=round(seconds)), "timeout")
        outcome, payload = receiving.recv()
    except EOFError:  # the child died without a word: killed for its memory, as a rule
        outcome, payload = "memory", None
    finally:
        receiving.close()
        if child.is_alive():
            child.kill()
        child.join()
    return _result(source, outcome, payload, memory_bytes)


def _result(source, outcome: str, payload, memory_bytes: int):
    if outcome == "ok":
        return payload
    if outcome == "error":
        raise ParseError(payload)
    if outcome == "memory":
        raise _issue(source, OUT_OF_MEMORY.format(megabytes=memory_bytes // 2**20), "memory")
    logger.error("parsing %s failed in the child: %s", source.name, payload)
    raise _issue(source, FAILED, "failed")
