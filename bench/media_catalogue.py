"""Measure catalogue listing latency through the gateway with 10,000 items in the library.

Usage:
    python bench/media_catalogue.py                       # 10,000 items, 200 requests per query
    python bench/media_catalogue.py --items 20000 --requests 400

It starts the directory, media and gateway processes with a vhost, a
database and a SeaweedFS store of their own (``bench/media_platform.py``).
Then it inserts ``--items`` catalogue items straight into the media schema:
Thai and English titles built from a word list, one to three scam types,
audiences, channels, a current version with a ready preview, and random
download counts. It runs ANALYZE on the tables, as autovacuum would after
such an import. An officer then sends ``--requests`` requests of each
query below, one at a time, and the run prints p50, p95 and p99 latency per
query and over all of them:

newest page 1, a scam type filter, a Thai part-of-a-word search, most
downloaded, three filters with a search, and page 200.

Everything created is removed at the end.
"""

import argparse
import datetime
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from media_platform import MediaPlatform  # noqa: E402

MAX_ITEMS = 100_000
MAX_REQUESTS = 2000
BATCH = 2000

THAI_WORDS = (
    "แก๊งคอลเซ็นเตอร์", "เงินกู้ออนไลน์", "ลงทุนปลอม", "หลอกรักออนไลน์", "งานเสริมทางบ้าน", "ซื้อของไม่ได้ของ",
    "แอปควบคุมเครื่อง", "รางวัลปลอม", "สินทรัพย์ดิจิทัล", "ผู้สูงอายุ", "แรงงานข้ามชาติ", "นักเรียน", "ชุมชน",
    "รู้ทัน", "ป้องกัน", "เตือนภัย", "สายด่วน", "บัญชีม้า",
)
ENGLISH_WORDS = ("scam", "warning", "loan", "investment", "romance", "call centre", "job", "prize", "elderly", "students")
SCAM_TYPES = ("shopping", "shopping-organised", "job", "loan", "investment", "call-center", "impersonation", "reward",
              "remote-access", "romance", "digital-asset", "false-data", "hacking", "other")
KIND_TYPES = (("poster", "png", "image/png"), ("infographic", "jpeg", "image/jpeg"), ("leaflet", "pdf", "application/pdf"),
              ("video", "mp4", "video/mp4"), ("audio", "mp3", "audio/mpeg"))
AUDIENCES = ("general-public", "elderly", "students", "online-sellers", "migrant-workers", "farmers")
CHANNELS = ("print", "social", "loudspeaker", "screen")
QUERIES = (
    ("newest", {}),
    ("scam type", {"scam_type": "loan"}),
    ("Thai search", {"q": "คอลเซ็น"}),
    ("most downloaded", {"sort": "downloads"}),
    ("filters + search", {"scam_type": "investment,digital-asset", "audience": "elderly", "channel": "social",
                          "q": "ลงทุน"}),
    ("page 200", {"page": 200, "per_page": 24}),
)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000, help="items to insert (1–100000, default 10000)")
    parser.add_argument("--requests", type=int, default=200, help="requests per query (1–2000, default 200)")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    if not 1 <= args.items <= MAX_ITEMS or not 1 <= args.requests <= MAX_REQUESTS:
        parser.error("--items must be 1–100000 and --requests 1–2000")
    return args


def fill_library(platform, count, seed=20260101):
    """Insert ``count`` published items with tags and a current version into the media schema."""
    from sqlalchemy import insert, select, text

    from services.media import rules
    from services.media.models import MediaItem, MediaTag, MediaVersion
    from tests import support

    generator = random.Random(seed)
    session = support.session_for({"DATABASE_URL": platform.env["DATABASE_URL"]}, "media")
    start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=720)
    try:
        for offset in range(0, count, BATCH):
            size = min(BATCH, count - offset)
            items = [_item(generator, rules, start, offset + index) for index in range(size)]
            session.execute(insert(MediaItem), [item for item, _, _ in items])
            session.flush()
            ids = session.scalars(select(MediaItem.id).order_by(MediaItem.id.desc()).limit(size)).all()[::-1]
            tags, versions = [], []
            for media_id, (_, labels, file) in zip(ids, items):
                tags.extend(dict(label, media_id=media_id) for label in labels)
                versions.append(dict(file, media_id=media_id))
            session.execute(insert(MediaTag), tags)
            session.execute(insert(MediaVersion), versions)
            session.commit()

        # Give the planner statistics at once, as autovacuum would soon after a bulk import. Without
        # them it estimates one row per label and joins three label filters in a nested loop (seconds).
        session.execute(text("ANALYZE media_items, media_tags, media_versions"))
        session.commit()
    finally:
        session.close()
        session.bind.dispose()


def _item(generator, rules, start, number):
    kind, file_type, content_type = generator.choice(KIND_TYPES)
    title_th = "{} {} ฉบับที่ {}".format(generator.choice(THAI_WORDS), generator.choice(THAI_WORDS), number)
    title_en = "{} {} no. {}".format(generator.choice(ENGLISH_WORDS), generator.choice(ENGLISH_WORDS), number)
    description_th = " ".join(generator.choice(THAI_WORDS) for _ in range(6))
    published = start + datetime.timedelta(minutes=number * 97 % (720 * 24 * 60))
    item = {
        "kind": kind, "status": "published", "title_th": title_th, "title_en": title_en,
        "description_th": description_th, "description_en": "", "language": generator.choice(("th", "th", "th", "en", "my")),
        "search_text": rules.search_text(title_th, title_en, description_th, ""), "current_version": 1,
        "download_count": generator.randint(0, 5000), "created_at": published, "updated_at": published,
        "published_at": published,
    }
    labels = [{"facet": "scam_type", "code": code} for code in generator.sample(SCAM_TYPES, generator.randint(1, 3))]
    labels += [{"facet": "audience", "code": code} for code in generator.sample(AUDIENCES, generator.randint(1, 3))]
    labels += [{"facet": "channel", "code": code} for code in generator.sample(CHANNELS, generator.randint(1, 2))]
    file = {
        "version": 1, "object_key": "media/" + uuid.uuid4().hex, "file_name": "สื่อ-{}.{}".format(number, file_type),
        "file_type": file_type, "content_type": content_type, "size_bytes": generator.randint(10_000, 50_000_000),
        "sha256": uuid.uuid4().hex + uuid.uuid4().hex, "created_at": published, "preview_status": "ready",
        "preview_key": "previews/{}.jpg".format(uuid.uuid4().hex), "preview_attempts": 1,
    }
    return item, labels, file


def measure(client, params, count):
    latencies = []
    total = None
    for _ in range(count):
        started = time.perf_counter()
        response = client.get("/api/v1/media", params=params)
        latencies.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError("listing returned {}: {}".format(response.status_code, response.text[:300]))
        total = response.json()["total"]
    return latencies, total


def percentile(ordered, fraction):
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def describe(latencies):
    ordered = sorted(latencies)
    return {
        "p50_ms": 1000 * statistics.median(ordered),
        "p95_ms": 1000 * percentile(ordered, 0.95),
        "p99_ms": 1000 * percentile(ordered, 0.99),
    }


def main(argv=None):
    args = parse_args(argv)
    results = {"items": args.items, "requests_per_query": args.requests, "queries": {}}

    with tempfile.TemporaryDirectory(prefix="cv-bench-catalogue-") as folder:
        platform = MediaPlatform(Path(folder) / "platform")
        try:
            platform.start()
            started = time.perf_counter()
            fill_library(platform, args.items)
            print("{} items inserted in {:.1f} s".format(args.items, time.perf_counter() - started), flush=True)
            officer = platform.account(["officer"], unit_level="station", province_code="TH-50")
            measure(officer, {}, 20)

            every = []
            for name, params in QUERIES:
                latencies, total = measure(officer, params, args.requests)
                every.extend(latencies)
                results["queries"][name] = dict(describe(latencies), matches=total)
                entry = results["queries"][name]
                print("{:<17} {:>6} matches  p50 {:6.1f} ms  p95 {:6.1f} ms  p99 {:6.1f} ms".format(
                    name, total, entry["p50_ms"], entry["p95_ms"], entry["p99_ms"]), flush=True)
            results["all"] = describe(every)
        finally:
            platform.stop()

    print("all queries: p50 {p50_ms:.1f} ms, p95 {p95_ms:.1f} ms, p99 {p99_ms:.1f} ms".format(**results["all"]))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
