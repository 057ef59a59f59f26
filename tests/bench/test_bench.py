"""The benchmark command keeps working: a quick run plays two cases and the closing promises activity
(with its dot vote) against both servers."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_quick_benchmark_run_plays_a_full_round_and_counts_every_vote_once(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run([sys.executable, "-m", "bench", "--quick", "--json", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Targets at N=20" in done.stdout
    report = json.loads(out.read_text())
    ours = report["summary"]["20"]["cxgame"]
    assert ours["errors"] == 0 and ours["drops"] == 0 and ours["votes_exact"]
    assert report["summary"]["20"]["baseline"]["errors"] == 0
    assert report["summary"]["20"]["ratio"]["phase_p95_ms"] is not None
    game = next(run for run in report["runs"] if run["kind"] == "cxgame")
    assert game["joined"] == 20
    assert [change["phase"] for change in game["phase_changes"]] == [
        "story", "diagnose", "draft", "vote", "reveal", "story", "diagnose", "draft", "vote", "reveal",
        "collect", "group", "choose", "live", "commit", "finished"]
    assert game["dots"]["stored"] == 60 and game["dots"]["stored_exact"] and ours["dots_exact"]
    assert game["vote_burst"]["stored"] == 20 and game["vote_spread"]["stored"] == 20
    assert game["draft"]["deliveries"] > 0 and game["draft"]["missing"] == 0
    assert game["peak_rss_mb"] > 0 and game["server_cpu_s"] > 0


def test_the_floor_command_measures_a_bare_broadcast_per_payload_size():
    done = subprocess.run([sys.executable, "-m", "bench.floor", "--phones", "20", "--sizes", "100,5000",
                           "--repeats", "3"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| 100 |") or line.startswith("| 5000 |")]
    assert len(rows) == 2
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert all(cell.isdigit() for cell in cells) and int(cells[3]) <= int(cells[4])
