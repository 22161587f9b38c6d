"""Render the sample media: python -m services.media.samples OUTPUT_DIR."""

import argparse
import sys
import time
from pathlib import Path

from .render import FontNotFoundError, render_samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m services.media.samples",
        description="Render one sample poster (PNG) and one leaflet (PDF) per scam type.",
    )
    parser.add_argument(
        "output_dir", type=Path, help="directory to write the files to (created if missing)"
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    try:
        items = render_samples(args.output_dir)
    except FontNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    for item in items:
        print(f"{item.kind:<8} {item.path}  {item.file_name}")

    elapsed = time.perf_counter() - started
    print(f"Wrote {len(items)} files to {args.output_dir} in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
