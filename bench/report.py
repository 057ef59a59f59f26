"""Turning the benchmark's runs into medians, ratios to the baseline, target checks and tables."""
from __future__ import annotations

import math
import statistics

TARGETS_AT = 1000


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def spread(values: list[float]) -> dict:
    """p50/p95/max in milliseconds of latencies in seconds."""
    return {"p50": ms(percentile(values, 0.5)), "p95": ms(percentile(values, 0.95)),
            "max": ms(max(values) if values else None), "samples": len(values)}


METRICS = {
    "join_all_s": lambda r: r.get("join_all_s"),
    "join_p50_s": lambda r: r.get("join_p50_s"),
    "phase_p50_ms": lambda r: r["phase_change_ms"]["p50"],
    "phase_p95_ms": lambda r: r["phase_change_ms"]["p95"],
    "phase_max_ms": lambda r: r["phase_change_ms"]["max"],
    "vote_burst_tally_s": lambda r: r.get("vote_burst", {}).get("tally_complete_s"),
    "vote_burst_all_acked_s": lambda r: r.get("vote_burst", {}).get("all_acked_s"),
    "vote_spread_after_last_ms": lambda r: r.get("vote_spread", {}).get("tally_after_last_vote_ms"),
    "dots_ranking_s": lambda r: r.get("dots", {}).get("ranking_complete_s"),
    "dots_after_last_ms": lambda r: r.get("dots", {}).get("ranking_after_last_ms"),
    "draft_p50_ms": lambda r: r.get("draft", {}).get("p50_ms"),
    "draft_p95_ms": lambda r: r.get("draft", {}).get("p95_ms"),
    "draft_ack_p95_ms": lambda r: r.get("draft", {}).get("ack_p95_ms"),
    "draft_edits_per_s": lambda r: r.get("draft", {}).get("edits_per_s"),
    "diagnose_ack_p95_ms": lambda r: r.get("diagnose", {}).get("ack_p95_ms"),
    "server_cpu_s": lambda r: r.get("server_cpu_s"),
    "server_cpu_pct": lambda r: r.get("server_cpu_pct"),
    "load_cpu_pct": lambda r: r.get("load_cpu_pct"),
    "peak_rss_mb": lambda r: r.get("peak_rss_mb"),
    "listen_overflows": lambda r: r.get("listen_overflows"),
}
RATIOS = ("phase_p50_ms", "phase_p95_ms", "phase_max_ms", "vote_burst_tally_s",
          "vote_spread_after_last_ms", "join_all_s", "peak_rss_mb")


def summarize(runs: list[dict]) -> dict:
    summary = {}
    for size in sorted({r["players"] for r in runs}):
        entry = {}
        for kind in ("cxgame", "baseline"):
            mine = [r for r in runs if r["players"] == size and r["kind"] == kind]
            if not mine:
                continue
            figures = {name: median([get(r) for r in mine]) for name, get in METRICS.items()}
            figures["repeats"] = len(mine)
            figures["errors"] = sum(len(r["errors"]) for r in mine)
            figures["drops"] = sum(r.get("drops", 0) for r in mine)
            if kind == "cxgame":
                figures["votes_exact"] = all(r.get(v, {}).get("stored_exact") for r in mine
                                             for v in ("vote_burst", "vote_spread"))
                figures["dots_exact"] = all(r.get("dots", {}).get("stored_exact") for r in mine)
            entry[kind] = figures
        if "cxgame" in entry and "baseline" in entry:
            ours, base = entry["cxgame"], entry["baseline"]
            entry["ratio"] = {name: round(ours[name] / base[name], 2) if ours[name] is not None and base[name]
                              else None for name in RATIOS}
        summary[str(size)] = entry
    return summary


def targets(summary: dict) -> tuple[int, list[dict]]:
    """The issue's targets, checked at 1,000 players (or the largest size that ran)."""
    sizes = [int(s) for s in summary]
    size = TARGETS_AT if TARGETS_AT in sizes else max(sizes)
    ours, ratio = summary[str(size)]["cxgame"], summary[str(size)].get("ratio", {})

    def at_most(name, value, limit):
        return {"target": name, "value": value, "limit": f"<= {limit}", "met": value is not None and value <= limit}

    clean = ours["errors"] == 0 and ours["drops"] == 0 and ours["votes_exact"]
    return size, [
        {"target": "no errors, no dropped connections, every vote counted once",
         "value": f"{ours['errors']} errors, {ours['drops']} drops, exact={ours['votes_exact']}",
         "limit": "0, 0, exact", "met": clean},
        at_most("phase change reaches every phone, p95 (ms)", ours["phase_p95_ms"], 100),
        at_most("phase change p95 / baseline p95", ratio.get("phase_p95_ms"), 2.0),
        {**at_most("vote burst: tally complete and stored (s)", ours["vote_burst_tally_s"], 1.0),
         "met": ours["vote_burst_tally_s"] is not None and ours["vote_burst_tally_s"] <= 1.0 and ours["votes_exact"]},
        at_most("vote storm over 1 s: tally complete after the last vote (ms)", ours["vote_spread_after_last_ms"], 200),
        at_most("join storm: every phone in (s)", ours["join_all_s"], 3.0),
        at_most("draft edit reaches team members, p95 (ms)", ours["draft_p95_ms"], 150),
        at_most("server peak memory, VmHWM (MB)", ours["peak_rss_mb"], 250),
        {**at_most("dot vote (3 dots each within 1 s): ranking on the projector complete (s)",
                   ours["dots_ranking_s"], 2.0),
         "met": ours["dots_ranking_s"] is not None and ours["dots_ranking_s"] <= 2.0 and ours["dots_exact"]},
        at_most("dot vote: ranking complete after the last dot (ms)", ours["dots_after_last_ms"], 1000),
    ]


def fmt(value, digits=0) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]

    def line(cells):
        return "| " + " | ".join(c.rjust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return "\n".join([line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [line(r) for r in rows])


def triple(figures: dict, digits: int = 0) -> str:
    return "/".join(fmt(figures.get(k), digits) for k in ("phase_p50_ms", "phase_p95_ms", "phase_max_ms"))


def pinning(server_cpus: list[int] | None) -> str:
    if not server_cpus:
        return "server and load sharing the CPUs"
    return f"server pinned to CPU {','.join(map(str, server_cpus))}, load on the others"


def report(summary: dict, config: dict) -> str:
    out = [f"CX Game benchmark ({config['async_mode']}, {config['database']}, "
           f"{'clients offer permessage-deflate, as browsers' if config['deflate'] else 'permessage-deflate off'}"
           f"{', servers accept it (WS_DEFLATE=1)' if config.get('server_deflate') else ', servers decline it'}, "
           f"websocket only, {config['workers']} load processes on {config['cpus']} CPUs, "
           f"{pinning(config.get('server_cpus'))}): "
           f"medians of {config['repeats']} repeats; 'base' = the bare Flask-SocketIO broadcast server "
           f"in the same run, 'x' = ours / base", ""]
    rows = []
    for size, e in summary.items():
        ours, base, ratio = e.get("cxgame", {}), e.get("baseline", {}), e.get("ratio", {})
        rows.append([size, fmt(ours.get("join_all_s"), 2), fmt(base.get("join_all_s"), 2),
                     triple(ours), triple(base), triple(ratio, 2),
                     fmt(ours.get("vote_burst_tally_s"), 2), fmt(base.get("vote_burst_tally_s"), 2),
                     fmt(ratio.get("vote_burst_tally_s"), 1),
                     fmt(ours.get("vote_spread_after_last_ms")), fmt(base.get("vote_spread_after_last_ms")),
                     fmt(ratio.get("vote_spread_after_last_ms"), 1)])
    out.append(table(["N", "join all s", "base", "phase change ms p50/p95/max", "base", "x",
                      "vote burst tally s", "base", "x", "1 s storm: tally after last vote ms", "base", "x"], rows))
    out.append("")
    rows = []
    for size, e in summary.items():
        ours, base = e.get("cxgame", {}), e.get("baseline", {})
        rows.append([size, fmt(ours.get("votes_exact")), fmt(ours.get("dots_exact")),
                     fmt(ours.get("dots_ranking_s"), 2), fmt(ours.get("dots_after_last_ms")),
                     fmt(ours.get("draft_p50_ms")), fmt(ours.get("draft_p95_ms")),
                     fmt(ours.get("draft_edits_per_s")), fmt(ours.get("diagnose_ack_p95_ms")),
                     f"{fmt(ours.get('server_cpu_s'), 1)} ({fmt(ours.get('server_cpu_pct'))}%)",
                     fmt(ours.get("peak_rss_mb")), fmt(base.get("peak_rss_mb")), fmt(ours.get("load_cpu_pct")),
                     fmt(ours.get("listen_overflows")),
                     f"{ours.get('errors', '-')}/{ours.get('drops', '-')}",
                     f"{base.get('errors', '-')}/{base.get('drops', '-')}"])
    out.append(table(["N", "votes stored exactly", "dots stored exactly", "dot vote: ranking complete s",
                      "after last dot ms", "draft ms p50", "p95", "edits/s", "diagnose ack p95 ms",
                      "server CPU s (%)", "peak RSS MB", "base", "load CPU %", "listen overflows",
                      "errors/drops", "base"], rows))
    return "\n".join(out)


def target_lines(size: int, checks: list[dict]) -> str:
    return f"Targets at N={size}:\n" + "\n".join(
        f"  [{'met' if c['met'] else 'MISSED'}] {c['target']}: {fmt(c['value'], 2)} (target {c['limit']})"
        for c in checks)


def one_line(r: dict) -> str:
    """One run in a line for the log (its first errors below it)."""
    phase = r["phase_change_ms"]
    text = (f"join {r.get('join_all_s')} s, phase p50/p95/max {phase['p50']}/{phase['p95']}/{phase['max']} ms, "
            f"burst tally {r.get('vote_burst', {}).get('tally_complete_s')} s, "
            f"1 s storm +{r.get('vote_spread', {}).get('tally_after_last_vote_ms')} ms")
    if "draft" in r:
        text += f", draft p95 {r['draft']['p95_ms']} ms"
    if "dots" in r:
        text += f", dot ranking +{r['dots'].get('ranking_after_last_ms')} ms"
    text += f", cpu {r.get('server_cpu_s')} s, peak {r.get('peak_rss_mb')} MB, errors {len(r['errors'])}"
    return text + "".join(f"\n[bench]   ! {e}" for e in r["errors"][:5])
