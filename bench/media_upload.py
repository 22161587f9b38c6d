"""Measure a large upload through the platform against a direct put_object to the same object store.

Usage:
    python bench/media_upload.py                    # 1 GiB, 3 rounds
    python bench/media_upload.py --size-mib 256 --rounds 1

It starts the directory, media and gateway processes with a vhost, a
database and a SeaweedFS store of their own (``bench/media_platform.py``)
and writes a file of ``--size-mib`` MiB: an MP4 file-type box followed by
random bytes. A warm-up round of 64 MiB each way comes first and is not
counted (the store allocates its first volumes then). Each round, with a
different byte in the file so that the library does not refuse it as a
duplicate, runs both of these, in alternating order:

1. direct: ``fput_object`` of the file to the store's internal endpoint
   with the ``minio`` client (its default part size and 3 parallel parts);
2. platform: what a browser does. ``POST /api/v1/media/uploads``, PUT
   every part to its presigned URL (``--parallel`` at a time), ``POST
   .../complete``, then poll the upload until it is published, which
   includes the service's check of the stored object (type and SHA-256,
   read back as a stream).

Reported: the seconds of each, the ratio platform / direct per round and
its median, and the peak resident memory (VmHWM) of the gateway and media
processes over the whole run. Everything created is removed at the end.
"""

import argparse
import concurrent.futures
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from media_platform import MediaPlatform  # noqa: E402

MIB = 1024 * 1024
MAX_SIZE_MIB = 2048
MAX_ROUNDS = 5
PUBLISH_TIMEOUT_SECONDS = 600
WARM_UP_BYTES = 64 * MIB
FTYP_BOX = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024, help="file size in MiB (1–2048, default 1024)")
    parser.add_argument("--rounds", type=int, default=3, help="direct/platform pairs (1–5, default 3)")
    parser.add_argument("--parallel", type=int, default=3, help="parts in flight at once (1–8, default 3)")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    if not 1 <= args.size_mib <= MAX_SIZE_MIB or not 1 <= args.rounds <= MAX_ROUNDS or not 1 <= args.parallel <= 8:
        parser.error("--size-mib must be 1–2048, --rounds 1–5 and --parallel 1–8")
    return args


def write_file(path, size):
    with open(path, "wb") as handle:
        handle.write(FTYP_BOX)
        remaining = size - len(FTYP_BOX)
        while remaining > 0:
            chunk = os.urandom(min(16 * MIB, remaining))
            handle.write(chunk)
            remaining -= len(chunk)


def mark_round(path, number):
    """Change one byte after the header so that each round's file has its own SHA-256."""
    with open(path, "r+b") as handle:
        handle.seek(64)
        handle.write(bytes([number % 256]))


def direct_put(platform, path):
    from minio import Minio

    config = platform.object_store.config("cybervaccine-bench")
    client = Minio(config["S3_ENDPOINT"], config["S3_ACCESS_KEY"], config["S3_SECRET_KEY"], secure=False,
                   region="us-east-1")
    key = "bench/direct-{}".format(time.time_ns())
    started = time.perf_counter()
    client.fput_object(config["S3_BUCKET"], key, str(path), content_type="video/mp4")
    elapsed = time.perf_counter() - started
    client.remove_object(config["S3_BUCKET"], key)
    return elapsed


def put_part(path, part, offset):
    with open(path, "rb") as handle:
        handle.seek(offset)
        data = handle.read(part["size"])
    response = requests.put(part["url"], data=data, timeout=300)
    response.raise_for_status()


def platform_upload(client, path, size, parallel, number):
    started = time.perf_counter()
    response = client.post(
        "/api/v1/media/uploads",
        json={"kind": "video", "file_name": "วิดีโอทดสอบ-{}.mp4".format(number), "size_bytes": size,
              "title_th": "วิดีโอทดสอบความเร็ว {}".format(number), "scam_types": ["investment"]},
    )
    response.raise_for_status()
    upload = response.json()

    offsets = {}
    offset = 0
    for part in upload["parts"]:
        offsets[part["part_number"]] = offset
        offset += part["size"]
    with concurrent.futures.ThreadPoolExecutor(parallel) as pool:
        for future in [pool.submit(put_part, path, part, offsets[part["part_number"]]) for part in upload["parts"]]:
            future.result()
    parts_done = time.perf_counter()

    completed = client.post("/api/v1/media/uploads/{}/complete".format(upload["id"]))
    if completed.status_code not in (201, 202):
        raise RuntimeError("complete returned {}: {}".format(completed.status_code, completed.text))
    status = completed.json()
    deadline = time.monotonic() + PUBLISH_TIMEOUT_SECONDS
    while status["status"] == "verifying" and time.monotonic() < deadline:
        time.sleep(0.1)
        status = client.get("/api/v1/media/uploads/{}".format(upload["id"])).json()
    if status["status"] != "published":
        raise RuntimeError("upload ended as {}: {}".format(status["status"], status.get("error")))
    finished = time.perf_counter()
    return {"total": finished - started, "parts": parts_done - started, "check": finished - parts_done}


def main(argv=None):
    args = parse_args(argv)
    size = args.size_mib * MIB
    results = {"size_mib": args.size_mib, "parallel": args.parallel, "rounds": []}

    with tempfile.TemporaryDirectory(prefix="cv-bench-upload-") as folder:
        folder = Path(folder)
        platform = MediaPlatform(folder / "platform")
        try:
            platform.start()
            client = platform.account(["working_group"])
            warm_up = folder / "warm-up.mp4"
            write_file(warm_up, WARM_UP_BYTES)
            direct_put(platform, warm_up)
            platform_upload(client, warm_up, WARM_UP_BYTES, args.parallel, 0)
            path = folder / "upload.mp4"
            write_file(path, size)
            print("file of {} MiB written; platform ready and warmed up".format(args.size_mib), flush=True)

            for number in range(1, args.rounds + 1):
                mark_round(path, number)
                if number % 2:
                    direct = direct_put(platform, path)
                    through = platform_upload(client, path, size, args.parallel, number)
                else:
                    through = platform_upload(client, path, size, args.parallel, number)
                    direct = direct_put(platform, path)
                ratio = through["total"] / direct
                results["rounds"].append({"direct_seconds": direct, "platform": through, "ratio": ratio})
                print("round {}: direct {:.2f} s, platform {:.2f} s (parts {:.2f} s + check {:.2f} s), ratio {:.2f}".format(
                    number, direct, through["total"], through["parts"], through["check"], ratio), flush=True)

            results["ratio_median"] = statistics.median(entry["ratio"] for entry in results["rounds"])
            results["peak_rss_mib"] = {name: platform.peak_rss_mib(name) for name in ("gateway", "media")}
        finally:
            platform.stop()

    print("median ratio platform / direct: {:.2f} (target at most 1.3)".format(results["ratio_median"]))
    for name, value in results["peak_rss_mib"].items():
        print("peak RSS {}: {:.0f} MiB (target under 200 MiB)".format(name, value))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
