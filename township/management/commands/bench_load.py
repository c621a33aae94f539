"""`python manage.py bench_load`: req/s and p50/p95/p99 of the real server under many connections."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from township.services.load_bench import (
    LoadFigures, ServerDidNotStart, bench_load, bench_server, bench_urls, static_manifest_missing,
)
from township.services.page_cache import PAGE_CACHE

MIXES = {"township": "乡镇页", "mixed": "乡镇页/搜索/API 混合"}
STARTED = ("已启动 Web 服务器：gunicorn（与 make run 相同的配置），端口 {port}，数据库 {database}，"
           "缓存目录 {cache}。API 的按地址限流调高到不会触发（负载全部来自同一地址）。")
NO_MANIFEST = "未运行 collectstatic（没有 staticfiles.json）：本次以 DJANGO_STATIC_MANIFEST=0 启动服务器。"
CLEARED = "已清空页面缓存：第 1 轮为冷缓存。"
ROW = ("{label}，第 {round_number} 轮：{connections} 个连接，{seconds:.1f} 秒，{requests} 次请求（{kinds}），"
       "{rate:.1f} 次/秒；延迟 p50 {p50} 毫秒，p95 {p95} 毫秒，p99 {p99} 毫秒；错误 {errors} 次；"
       "页面缓存命中 {hits:.0%}")
CPU = ("  CPU：服务器进程共用 {server:.2f} 核，负载生成器（本进程）用 {generator:.2f} 核"
       "（同一台机器上，生成器占用的 CPU 也就不能给服务器用）。")
ERROR_ROW = "  错误 {count} 次：{what}"
SERVER_LOG = "有错误；服务器日志的最后几行：\n"
WRITTEN = "测量结果已写入 {path}"
POSITIVE = "{option} 须为正数。"


def figures_dict(figures: LoadFigures, round_number: int, connections: int) -> dict:
    """JSON-ready figures of one run."""
    return {"mix": figures.mix, "round": round_number, "connections": connections,
            "seconds": round(figures.seconds, 2), "requests": figures.requests,
            "requests_per_second": round(figures.requests / max(figures.seconds, 0.001), 1),
            "p50_ms": figures.percentile_ms(50), "p95_ms": figures.percentile_ms(95),
            "p99_ms": figures.percentile_ms(99), "errors": sum(figures.errors.values()),
            "error_kinds": dict(figures.errors.most_common(20)), "by_kind": dict(figures.by_kind),
            "cache_hit_share": round(figures.cache_hits / max(figures.requests, 1), 3),
            "server_cpu_cores": round(figures.server_cpu / max(figures.seconds, 0.001), 2),
            "generator_cpu_cores": round(figures.generator_cpu / max(figures.seconds, 0.001), 2)}


class Command(BaseCommand):
    help = ("以 make run 的方式（gunicorn，相同配置）在本机空闲端口上启动门户，连接当前数据库，"
            "用许多并发连接在固定时间内访问（a）许多不同乡镇的乡镇页，（b）乡镇页、搜索与 API 的混合，"
            "报告每秒请求数、p50/p95/p99 延迟和错误（非 200 应答与连接错误都计为错误）。")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--connections", type=int, default=64, help="并发连接数（每个连接一个线程，保持连接）")
        parser.add_argument("--seconds", type=float, default=20, help="每种负载每一轮持续的秒数")
        parser.add_argument("--townships", type=int, default=1000, help="随机抽取多少个乡镇轮流访问")
        parser.add_argument("--mix", choices=["township", "mixed", "both"], default="both",
                            help="township：只访问乡镇页；mixed：乡镇页、搜索与 API 各三分之一；both：先后两种")
        parser.add_argument("--rounds", type=int, default=1, help="每种负载测几轮（第 2 轮起页面缓存已热）")
        parser.add_argument("--cold", action="store_true", help="开始前清空页面缓存，使第 1 轮为冷缓存")
        parser.add_argument("--json", type=Path, help="把测量结果另存为 JSON 文件")

    def handle(self, *args, **options) -> None:
        for option in ("connections", "seconds", "townships", "rounds"):
            if options[option] <= 0:
                raise CommandError(POSITIVE.format(option=f"--{option}"))
        mixes = ["township", "mixed"] if options["mix"] == "both" else [options["mix"]]
        try:
            plans = {mix: bench_urls(mix=mix, townships=options["townships"]) for mix in mixes}
        except LookupError as error:
            raise CommandError(str(error)) from error
        if options["cold"]:
            caches[PAGE_CACHE].clear()
            self.stdout.write(CLEARED)
        try:
            results = self._measure(plans, options)
        except ServerDidNotStart as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            options["json"].write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
            self.stdout.write(WRITTEN.format(path=options["json"]))

    def _measure(self, plans: dict, options: dict) -> list[dict]:
        results = []
        with bench_server() as server:
            if static_manifest_missing():
                self.stdout.write(NO_MANIFEST)
            self.stdout.write(STARTED.format(port=server.port, database=connection.settings_dict["NAME"],
                                             cache=caches[PAGE_CACHE]._dir))
            for mix, urls in plans.items():
                for round_number in range(1, options["rounds"] + 1):
                    figures = bench_load(port=server.port, server_pid=server.pid, urls=urls, mix=mix,
                                         connections=options["connections"], seconds=options["seconds"])
                    results.append(figures_dict(figures, round_number, options["connections"]))
                    self._report(results[-1])
            if any(result["errors"] for result in results):
                self.stdout.write(SERVER_LOG + server.log_tail())
        return results

    def _report(self, figures: dict) -> None:
        kinds = "，".join(f"{kind} {count}" for kind, count in figures["by_kind"].items())
        self.stdout.write(ROW.format(**figures, round_number=figures["round"], label=MIXES[figures["mix"]], kinds=kinds,
                                     rate=figures["requests_per_second"], hits=figures["cache_hit_share"],
                                     p50=figures["p50_ms"], p95=figures["p95_ms"], p99=figures["p99_ms"]))
        self.stdout.write(CPU.format(server=figures["server_cpu_cores"], generator=figures["generator_cpu_cores"]))
        for what, count in figures["error_kinds"].items():
            self.stdout.write(ERROR_ROW.format(count=count, what=what))
        self.stdout.flush()
