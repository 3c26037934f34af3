#!/usr/bin/env python3
"""Writes core/data/base-images.min.json: the fields of core/data/base-images.json that the
core reads (catalog/data.rs, `RawImage`), without nulls and without indentation, each history
row as `[created, text, empty_layer]` and a row text that several rows share written once.

base-images.json is the reviewed catalog, with each entry's version notes, image ids and
on-disk size text; the core embeds the compact copy so the wasm stays smaller. A core test
(`catalog::tests::the_embedded_catalog_is_the_reviewed_one`) checks that both load the same.
generate.py runs it after writing the catalog; by hand:

    python3 tools/base-images/compact.py
"""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
FULL = ROOT / "core/data/base-images.json"
COMPACT = ROOT / "core/data/base-images.min.json"

# What `RawImage` deserializes; the rest of an entry is for the people who review the data.
KEEP = ["image", "os", "os_version", "size_on_disk_bytes", "size_compressed_bytes", "layers", "layer_roles", "local_created",
        "config", "shell", "package_manager", "installed", "notes", "source", "tags", "history"]
# `RawConfig`'s keys (Labels is recorded for review, not read).
CONFIG = ["Env", "Cmd", "Entrypoint", "WorkingDir", "User", "ExposedPorts", "Volumes", "StopSignal"]


def compact(entry: dict) -> dict:
    out = {k: entry[k] for k in KEEP if entry.get(k) is not None}
    out["config"] = {k: v for k, v in entry["config"].items() if k in CONFIG and v is not None}
    # A missing source is the reader's default: `source: {what: null}` names nothing.
    out["source"] = {k: v for k, v in entry["source"].items() if v is not None}
    return out


def compact_catalog(entries: list[dict]) -> dict:
    """The entries with each history row as `[created, text, empty_layer]`; a text two or more
    rows share (an image repeats its base's rows) is written once in `strings` and referred to by
    its index."""
    images = [compact(e) for e in entries]
    counts: dict[str, int] = {}
    for e in images:
        for h in e.get("history", []):
            counts[h["created_by"]] = counts.get(h["created_by"], 0) + 1
    strings = sorted(t for t, n in counts.items() if n > 1)
    index = {t: i for i, t in enumerate(strings)}
    for e in images:
        if "history" in e:
            e["history"] = [[h["created"], index.get(h["created_by"], h["created_by"]), h["empty_layer"]] for h in e["history"]]
    return {"about": "written by tools/base-images/compact.py from base-images.json (sources, versions and dates are there)",
            "strings": strings, "images": images}


def text_of(entries: list[dict]) -> str:
    return json.dumps(compact_catalog(entries), separators=(",", ":"), ensure_ascii=False) + "\n"


def write(full: pathlib.Path = FULL, path: pathlib.Path = COMPACT) -> str:
    text = text_of(json.loads(full.read_text()))
    path.write_text(text)
    return text


if __name__ == "__main__":
    text = write()
    print(f"{COMPACT.relative_to(ROOT)}: {len(text)} bytes (from {FULL.stat().st_size})")
