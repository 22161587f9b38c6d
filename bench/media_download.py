"""Measure download authorisations (the /download redirect) per second against a bare nameko HTTP→RPC echo.

Usage:
    python bench/media_download.py                        # 8 clients, 15 s per phase, 2 rounds
    python bench/media_download.py --clients 16 --duration 30

It starts the directory, media and gateway processes with a vhost, a
database and a SeaweedFS store of their own (``bench/media_platform.py``),
plus the echo pair of ``bench/media_echo.py`` in the same vhost. A working
group account publishes one small PNG; an officer of a station then
downloads it. With ``--clients`` threads, each holding a keep-alive
connection, each round runs two phases of ``--duration`` seconds:

1. echo: ``GET /echo/{id}`` on the echo gateway (302 from one RPC);
2. download: ``GET /api/v1/media/{id}/download`` as the officer (token
   check, RPC to the media service, which records the download and its
   event in one transaction and signs the URL; 302). The redirect is not
   followed: the file transfer is the object store's work.

Reported: requests per second, p50/p99 latency and the CPU milliseconds per
request of each phase's two processes, and the ratio download / echo per
round and its median. The run fails unless the media service recorded
exactly one download per redirect of the download phase. Everything created is
removed at the end, after a failure too.
"""

import argparse
import io
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))

from media_platform import MediaPlatform  # noqa: E402

MAX_DURATION_SECONDS = 120
MAX_CLIENTS = 64


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (1–64, default 8)")
    parser.add_argument("--duration", type=float, default=15, help="seconds per phase (at most 120, default 15)")
    parser.add_argument("--rounds", type=int, default=2, help="echo/download pairs (1–5, default 2)")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= MAX_CLIENTS or not 0 < args.duration <= MAX_DURATION_SECONDS or not 1 <= args.rounds <= 5:
        parser.error("--clients must be 1–64, --duration 0–120 s and --rounds 1–5")
    return args


def png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.frombytes("RGB", (64, 64), os.urandom(64 * 64 * 3)).save(buffer, "PNG")
    return buffer.getvalue()


def publish_one(client):
    data = png_bytes()
    response = client.post(
        "/api/v1/media/uploads",
        json={"kind": "poster", "file_name": "โปสเตอร์ทดสอบ.png", "size_bytes": len(data), "title_th": "ทดสอบ",
              "scam_types": ["loan"]},
    )
    response.raise_for_status()
    upload = response.json()
    requests.put(upload["parts"][0]["url"], data=data, timeout=30).raise_for_status()
    completed = client.post("/api/v1/media/uploads/{}/complete".format(upload["id"]))
    completed.raise_for_status()
    return completed.json()["media_id"]


def run_phase(url, headers, clients, duration):
    """Send GETs from ``clients`` threads for ``duration`` seconds; return (latencies, seconds)."""
    latencies = [[] for _ in range(clients)]
    failures = []
    started = time.monotonic()
    deadline = started + duration

    def loop(index):
        session = requests.Session()
        while time.monotonic() < deadline and not failures:
            begun = time.perf_counter()
            response = session.get(url, headers=headers, allow_redirects=False, timeout=30)
            if response.status_code != 302:
                failures.append(RuntimeError("{} returned {}: {}".format(url, response.status_code, response.text[:300])))
                return
            latencies[index].append(time.perf_counter() - begun)

    threads = [threading.Thread(target=loop, args=(index,)) for index in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return [value for values in latencies for value in values], time.monotonic() - started


def measured_phase(platform, names, url, headers, clients, duration):
    """Run a phase; return its summary with the CPU milliseconds per request of each process in ``names``."""
    before = {name: platform.cpu_seconds(name) for name in names}
    result = summary(*run_phase(url, headers, clients, duration))
    result["cpu_ms_per_request"] = {
        name: 1000 * (platform.cpu_seconds(name) - before[name]) / max(1, result["requests"]) for name in names
    }
    return result


def count_downloads(platform):
    """Return how many downloads the media service has recorded in its database."""
    engine = create_engine(platform.env["DATABASE_URL"])
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM media.downloads")).scalar_one()
    finally:
        engine.dispose()


def check_recorded(download, recorded):
    """Fail the run unless every redirect the clients received was recorded exactly once."""
    download["recorded"] = recorded
    if recorded != download["requests"]:
        raise RuntimeError("{} redirects but {} download records".format(download["requests"], recorded))


def summary(latencies, seconds):
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "per_second": len(ordered) / seconds,
        "p50_ms": 1000 * statistics.median(ordered),
        "p99_ms": 1000 * ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))],
    }


def main(argv=None):
    args = parse_args(argv)
    results = {"clients": args.clients, "duration": args.duration, "rounds": []}

    with tempfile.TemporaryDirectory(prefix="cv-bench-download-") as folder:
        platform = MediaPlatform(Path(folder) / "platform")
        try:
            platform.start()
            platform.start_process("echo", "bench.media_echo:EchoService")
            platform.start_process("echo_gateway", "bench.media_echo:EchoGateway")
            media_id = publish_one(platform.account(["working_group"]))
            officer = platform.account(["officer"], unit_level="station", province_code="TH-50")

            echo_url = "http://127.0.0.1:{}/echo/{}".format(platform.ports["echo_gateway"], media_id)
            download_url = "{}/api/v1/media/{}/download".format(platform.base_url, media_id)
            headers = {"Authorization": "Bearer " + officer.token}
            _wait_for_echo(echo_url)
            run_phase(echo_url, {}, args.clients, 2)
            run_phase(download_url, headers, args.clients, 2)
            print("platform ready; media item {} published".format(media_id), flush=True)

            for number in range(1, args.rounds + 1):
                echo = measured_phase(platform, ("echo_gateway", "echo"), echo_url, {}, args.clients, args.duration)
                recorded_before = count_downloads(platform)
                download = measured_phase(platform, ("gateway", "media"), download_url, headers, args.clients,
                                          args.duration)
                check_recorded(download, count_downloads(platform) - recorded_before)
                ratio = download["per_second"] / echo["per_second"]
                results["rounds"].append({"echo": echo, "download": download, "ratio": ratio})
                print("round {}: echo {:.0f}/s (p50 {:.1f} ms, p99 {:.1f} ms, CPU ms/request {}), download {:.0f}/s "
                      "(p50 {:.1f} ms, p99 {:.1f} ms, CPU ms/request {}), ratio {:.2f}".format(
                          number, echo["per_second"], echo["p50_ms"], echo["p99_ms"], _cpu(echo),
                          download["per_second"], download["p50_ms"], download["p99_ms"], _cpu(download), ratio),
                      flush=True)
            results["ratio_median"] = statistics.median(entry["ratio"] for entry in results["rounds"])
        finally:
            platform.stop()

    print("median ratio download / echo: {:.2f} (target at least 0.7)".format(results["ratio_median"]))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


def _cpu(result):
    return ", ".join("{} {:.2f}".format(name, value) for name, value in result["cpu_ms_per_request"].items())


def _wait_for_echo(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, allow_redirects=False, timeout=5).status_code == 302:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError("the echo route did not respond within {} s".format(timeout))


if __name__ == "__main__":
    main()
