#!/usr/bin/env python3
"""Writes core/data/base-platforms.json: for each image with a record under platform-records/, its
index digest and every Linux platform's manifest digest and compressed layer sizes, as
docker-library/repo-info's remote record lists them (`## `image`` with the index's pull line, then
one `### `image` - linux; ARCH[ variant V]` section per platform). The core reads it in
`build::platforms` for the per-platform base figures of a multi-platform build.

The records are abridged copies of repo-info's `repos/<repo>/remote/<tag>.md` (the first comment
line names the file and commit): each platform's heading, pull line, Total Size and layer Size
lines. A platform's layer sizes must add up to its Total Size, which catches a mistyped size.

    python3 tools/base-images/platforms.py            # writes the JSON
    python3 tools/base-images/platforms.py --check    # fails if it is out of date
"""
import argparse
import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
RECORDS = HERE / "platform-records"
OUT = ROOT / "core/data/base-platforms.json"

SOURCE = re.compile(r"<!-- source: (docker-library/repo-info \S+ @ [0-9a-f]{40}) -->")
INDEX = re.compile(r"^## `([^`]+)`\n\n\$ docker pull \S+@(sha256:[0-9a-f]{64})$", re.M)
SECTION = re.compile(r"^### `([^`]+)` - linux; (\S+)(?: variant (\S+))?\n\$ docker pull \S+@(sha256:[0-9a-f]{64})\n(.*?)(?=^### |\Z)", re.M | re.S)
TOTAL = re.compile(r"Total Size: \*\*[^(]+\((\d+) bytes\)\*\*")
# `Size: 3.8 MB (3846391 bytes)`, or for a layer under a kilobyte `Size: 126.0 B`.
LAYER = re.compile(r"^\t\tSize: (?:[^(\n]+\((\d+) bytes\)|(\d+)\.0 B)", re.M)


def read(path: pathlib.Path) -> dict:
    text = path.read_text()
    source = SOURCE.search(text)
    index = INDEX.search(text)
    if not source or not index:
        raise ValueError(f"{path}: needs a source line and the index's pull line")
    platforms = []
    for image, arch, variant, digest, body in SECTION.findall(text):
        if image != index.group(1):
            raise ValueError(f"{path}: section for {image} in the record of {index.group(1)}")
        total = TOTAL.search(body)
        layers = [int(big or small) for big, small in LAYER.findall(body)]
        if not total or sum(layers) != int(total.group(1)):
            raise ValueError(f"{path}: linux/{arch}: layer sizes do not add up to the Total Size")
        name = f"linux/{arch}" + (f"/{variant}" if variant else "")
        platforms.append([name, digest, layers])
    return {
        "image": index.group(1),
        "source": f"{source.group(1)}: the index digest and each Linux platform's manifest digest and layer sizes",
        "index": index.group(2),
        "platforms": platforms,
    }


def text_of(records: pathlib.Path = RECORDS) -> str:
    entries = [read(p) for p in sorted(records.glob("*/*.md"))]
    # One image a line, without spaces: the core embeds the file.
    return "[\n" + ",\n".join(json.dumps(e, separators=(",", ":")) for e in entries) + "\n]\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if the JSON is out of date")
    args = parser.parse_args()
    text = text_of()
    if args.check:
        if OUT.read_text() != text:
            print(f"{OUT.relative_to(ROOT)} is out of date: run tools/base-images/platforms.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text)
    print(f"{OUT.relative_to(ROOT)}: {len(text)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
