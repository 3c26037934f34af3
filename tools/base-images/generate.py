#!/usr/bin/env python3
"""Rebuilds core/data/base-images.json from docker-library's published data.

Not product code: a maintenance tool, run by hand when the data is refreshed
(see README.md beside it). It reads

  * the catalog itself (core/data/base-images.json), whose hand-checked
    entries it keeps, and
  * docker-library/official-images, a git directory or checkout: each
    `library/<repo>` file lists every tag and shared tag of every image, so an
    entry gains the other names of the same image (`tags`), and
  * records/<repo>/<tag>.md beside this script: the amd64 section of
    docker-library/repo-info's `repos/<repo>/remote/<tag>.md`, each opening
    with a `<!-- source: ... -->` line naming the file and commit. A record
    adds the image's own history rows to its entry, or makes a new entry
    when `records/<repo>/<tag>.json` says what the record lacks (on-disk size
    from the `local/` record, and the entry whose OS facts it shares).

and writes the catalog back in the same layout (one-space JSON indent), its
compact copy (compact.py) and the official-images tag summary the catalog
tests read (core/src/catalog/testdata/official_images_tags.json).
"""

import argparse
import json
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import compact

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CATALOG = ROOT / "core" / "data" / "base-images.json"
RECORDS = HERE / "records"

TAG_SUMMARY = ROOT / "core" / "src" / "catalog" / "testdata" / "official_images_tags.json"
# The repositories issue 11 names; the catalog test holds every Linux tag of theirs to the data.
SUMMARISED = ["alpine", "debian", "ubuntu", "busybox", "python", "node", "golang", "rust", "eclipse-temurin",
              "maven", "nginx", "httpd", "redis", "postgres", "mysql", "php"]

MONTHS = {m: i + 1 for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split())}


class Library:
    """docker-library/official-images, read from a git directory or a checkout."""

    def __init__(self, path: Path):
        self.path = path
        self.git = not (path / "library").is_dir()
        if self.git:
            out = self._git("log", "-1", "--format=%H %cs", "HEAD")
            self.commit, self.date = out.split()
        else:
            self.commit, self.date = "checkout", "unknown"

    def _git(self, *args: str) -> str:
        return subprocess.run(["git", "--git-dir", str(self.path), *args], check=True, capture_output=True, text=True).stdout.strip()

    def text(self, repo: str) -> str | None:
        try:
            if self.git:
                return self._git("show", f"HEAD:library/{repo}")
            return (self.path / "library" / repo).read_text()
        except (subprocess.CalledProcessError, FileNotFoundError):
            return None

    def blocks(self, repo: str) -> list[dict]:
        """The image blocks of `library/<repo>`: each with its `tags` (Tags then SharedTags) and architectures."""
        text = self.text(repo)
        if text is None:
            return []
        blocks = []
        for chunk in re.split(r"\n\s*\n", text):
            fields: dict[str, str] = {}
            key = None
            for line in chunk.splitlines():
                if line.startswith("#"):
                    continue
                if line[:1].isspace() and key:
                    fields[key] += " " + line.strip()
                elif ":" in line:
                    key, value = line.split(":", 1)
                    fields[key.strip()] = value.strip()
            if "Tags" not in fields:
                continue
            words = lambda f: [t.strip() for t in fields.get(f, "").split(",") if t.strip()]
            blocks.append({"tags": words("Tags"), "shared": words("SharedTags"), "arches": words("Architectures")})
        return blocks


def linux_block_for(blocks: list[dict], tag: str) -> dict | None:
    """The Linux image a tag names: a shared tag also names Windows images, which Layerlab does not model."""
    for block in blocks:
        if "amd64" in block["arches"] and (tag in block["tags"] or tag in block["shared"]):
            return block
    return None


def pinned(tag: str) -> str | None:
    """The version or date a tag pins (`3.12.14-slim` → `3.12.14`, `bookworm-20260803` → `20260803`,
    `17.0.20_8-jdk` → `17.0.20+8`, Java 8's `8u502-b07-jre` → `8u502-b07`, `3.15.0rc1-slim` →
    `3.15.0rc1`), or None for a tag that follows its line."""
    m = re.search(r"(\d+\.\d+\.\d+(?:(?:a|b|rc)\d+)?(?:_\d+)?)|(\d{8})|(\d+u\d+-b\d+)", tag)
    if not m:
        return None
    return (m.group(1) or m.group(2) or m.group(3)).replace("_", "+")


def other_minor(tag: str, seen: str) -> bool:
    """A tag that follows a minor line (`24.19-slim`) names another build when the entry's data
    names the same major with only other minors (a 24.18.1 build): node's, for one."""
    m = re.match(r"(\d+)\.(\d+)(?=-|$)", tag)
    if not m:
        return False
    major, minor = m.groups()
    minors = set(re.findall(rf"(?<![\d.]){major}\.(\d+)", seen))
    return bool(minors) and minor not in minors


def split_name(image: str) -> tuple[str, str]:
    slash = image.rfind("/") + 1
    colon = image.rfind(":")
    if colon > slash:
        return image[:colon], image[colon + 1:]
    return image, "latest"


def rfc3339(http_date: str) -> str:
    """`Wed, 05 Aug 2026 01:04:15 GMT` → `2026-08-05T01:04:15Z`."""
    m = re.match(r"\w+, (\d+) (\w+) (\d+) (\d+:\d+:\d+) GMT", http_date.strip())
    if not m:
        raise ValueError(f"not a record date: {http_date!r}")
    day, month, year, time = m.groups()
    return f"{year}-{MONTHS[month]:02d}-{int(day):02d}T{time}Z"


def parse_record(text: str) -> dict:
    """The amd64 section of a repo-info remote record: size, id, history rows and layer sizes."""
    source = re.search(r"<!-- source: (.*?) -->", text)
    section = re.search(r"### `[^`]+` - linux; amd64\n(.*?)(?=\n### |\Z)", text, re.S)
    if not source or not section:
        raise ValueError("record needs a `<!-- source: ... -->` line and a `linux; amd64` section")
    body = section.group(1)
    total = int(re.search(r"Total Size: \*\*[^(]*\((\d+) bytes\)", body).group(1))
    image_id = re.search(r"Image ID: `(sha256:[0-9a-f]+)`", body).group(1)
    dockerfile = re.search(r"```dockerfile\n(.*?)```", body, re.S).group(1)
    rows = []
    # A row opens with its date line; its text runs to the next date line, since a row may hold
    # newlines (rockcraft's umoci rows carry ubuntu's multi-line description label).
    for chunk in re.split(r"^(?=# \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$)", dockerfile, flags=re.M):
        if not chunk.strip():
            continue
        date, _, command = chunk.partition("\n")
        # A RUN that saw build args is shown after a `# ARGS: K=V …` line of its own.
        args = None
        if command.startswith("# ARGS: "):
            first, _, command = command.partition("\n")
            args = first.removeprefix("# ARGS: ")
        # repo-info ends every row with a newline and leaves a blank line after a row that ends in one.
        rows.append({"created": rfc3339(date.lstrip("# ")), "created_by": command.rstrip("\n"), "args": args})
    layers = [int(n) for n in re.findall(r"Size: [^\n(]*\((\d+) bytes\)", body.split("-\tLayers:", 1)[1])]
    # Sizes under 1 KB are printed without the byte count (`Size: 249.0 B`).
    layer_block = body.split("-\tLayers:", 1)[1]
    layers = []
    for size in re.findall(r"Size: ([^\n]*)", layer_block):
        exact = re.search(r"\((\d+) bytes\)", size)
        layers.append(int(exact.group(1)) if exact else int(float(size.split()[0])))
    # repo-info prints a `Docker Version` only for images the classic builder made; an image that
    # BuildKit built FROM a classic-built base says how many of its rows are the base's.
    mixed = re.search(r"<!-- classic rows: (\d+) -->", text)
    classic = int(mixed.group(1)) if mixed else (len(rows) if "Docker Version:" in body else 0)
    # Red Hat builds its UBI images with buildah and squashes them into one layer; an image built
    # FROM one says how many of its first rows are the UBI's.
    squashed = re.search(r"<!-- buildah rows: (\d+) -->", text)
    buildah = int(squashed.group(1)) if squashed else 0
    # The image's own Cmd and Entrypoint, which a base image may set with no history row (debian's `bash`).
    shown = {k: json.loads(v) for k, v in re.findall(r"-\t(Default Command|Entrypoint): `(.*)`", body)}
    return {"source": source.group(1).strip(), "total": total, "image_id": image_id, "rows": rows, "layers": layers, "classic": classic, "buildah": buildah,
            "cmd": shown.get("Default Command"), "entrypoint": shown.get("Entrypoint")}


# Instructions whose history entry carries a layer under BuildKit (the rest are
# `empty_layer`); BuildKit's WORKDIR makes the directory in a layer of its own.
LAYER_MAKERS = ("RUN ", "ADD ", "COPY ", "WORKDIR ")


def created_by(shown: str, classic: bool, args: str | None = None) -> str:
    """The image's own `created_by` from repo-info's display of it.

    BuildKit: repo-info drops the shell from RUN rows; BuildKit records a shell-form RUN as
    `RUN /bin/sh -c <cmd> # buildkit` (as `docker history` shows it). A row that is no
    instruction at all (debuerreotype's `# debian.sh ...`, busybox's `BusyBox 1.38.0 (glibc),
    Debian 13`) is shown with `RUN ` before it and no `# buildkit` after it; the image holds it bare.

    Classic builder (moby daemon/builder/dockerfile/internals.go): every row but RUN is a nop
    comment after the shell, `/bin/sh -c #(nop) ` plus the instruction, joined with one more
    space except for ADD, COPY and WORKDIR (`withCmdComment` against `withCmdCommentString`);
    a RUN row is the shell and its command. repo-info strips all of that."""
    if classic:
        if shown.startswith("RUN "):
            return "/bin/sh -c " + shown[len("RUN "):]
        if shown.startswith(("ADD ", "COPY ", "WORKDIR ")):
            return "/bin/sh -c #(nop) " + shown
        return "/bin/sh -c #(nop)  " + shown
    if shown.startswith("RUN ") and not shown.endswith(" # buildkit"):
        return shown[len("RUN "):]
    if shown.startswith("RUN ") and not shown.startswith("RUN ["):
        # BuildKit's runCommandString (dockerfile2llb/convert.go) puts the build args the RUN
        # saw before the shell: `RUN |2 A=1 B=2 /bin/sh -c …`.
        prefix = f"|{len(env_pairs(args))} {args} " if args else ""
        return f"RUN {prefix}/bin/sh -c " + shown[len("RUN "):]
    return shown


def makes_layer(shown: str) -> bool:
    """Whether a row carries a layer. rockcraft (ubuntu 26.04 on) records each umoci step as a row:
    `umoci config` edits only the image config, so its row is an empty layer; `umoci raw add-layer`
    adds one (umoci's docs, `umoci-config(1)` and `umoci-raw-add-layer(1)`)."""
    if shown.startswith("RUN umoci config "):
        return False
    return shown.startswith(LAYER_MAKERS)


def buildah_created_by(shown: str) -> str:
    """A row buildah wrote (buildah imagebuildah/stage_executor.go, `getCreatedBy`): a RUN is the
    shell and its command, every other instruction `/bin/sh -c #(nop) ` and the instruction with
    one space (ADD and COPY as `COPY <content> in <dest> `); repo-info strips the prefix."""
    if shown.startswith("RUN "):
        return "/bin/sh -c " + shown[len("RUN "):]
    return "/bin/sh -c #(nop) " + shown


def history(record: dict) -> list[dict] | None:
    """History rows with `empty_layer`, or None when the rows do not match the layers one for one.

    A squashed buildah base (`<!-- buildah rows: N -->`, Red Hat's UBI) has one layer for its N
    rows; it is given to the row that copies the root filesystem (`COPY … in /`), the first one.
    Which row of a squashed image holds the layer is not in repo-info's record: an assumption."""
    buildah = record.get("buildah", 0)
    rootfs = next((i for i, r in enumerate(record["rows"][:buildah]) if re.match(r"(ADD|COPY) \S+ in / *$", r["created_by"])), None)
    rows = [
        {"created": r["created"], "created_by": buildah_created_by(r["created_by"]), "empty_layer": i != rootfs}
        if i < buildah
        else {"created": r["created"], "created_by": created_by(r["created_by"], i < record["classic"], r["args"]), "empty_layer": not makes_layer(r["created_by"])}
        for i, r in enumerate(record["rows"])
    ]
    if sum(not r["empty_layer"] for r in rows) != len(record["layers"]):
        return None
    return rows


def env_pairs(text: str) -> list[tuple[str, str]]:
    """`ENV A=1 B=x y` as BuildKit records it (pairs joined by spaces, values unquoted) → [(A, 1), (B, x y)].
    A word that does not start `NAME=` belongs to the value before it (`PHP_LDFLAGS=-Wl,-O1 -pie`,
    `PHP_CFLAGS=... -D_FILE_OFFSET_BITS=64`), so the whitespace inside a value is kept."""
    pairs: list[tuple[str, str]] = []
    for m in re.finditer(r"(\s*)(\S+)", text):
        space, word = m.groups()
        start = re.match(r"[A-Za-z_][A-Za-z0-9_]*=", word)
        if start or not pairs:
            key, _, value = word.partition("=")
            pairs.append((key, value))
        else:
            key, value = pairs[-1]
            pairs[-1] = (key, value + space + word)
    return pairs


def string_list(text: str) -> list[str]:
    """`["php" "-a"]` (BuildKit's history prints the list with Go's %q, no commas) or JSON → the strings."""
    quoted = re.findall(r'"(?:[^"\\]|\\.)*"', text)
    if not quoted and text.startswith("["):
        # `VOLUME [/var/lib/postgresql]`: BuildKit prints the list with %v, unquoted.
        return text.strip("[]").split()
    return [json.loads(q) for q in quoted]


def config_from_rows(rows: list[dict]) -> dict:
    """The config a Dockerfile's history leaves (ENV in order, the last CMD/ENTRYPOINT/WORKDIR/USER/STOPSIGNAL)."""
    env: dict[str, str] = {}
    config = {"Env": None, "Cmd": None, "Entrypoint": None, "WorkingDir": None, "User": None, "ExposedPorts": None, "Volumes": None, "StopSignal": None}
    for row in rows:
        shown = re.sub(r"^/bin/sh -c #\(nop\) +", "", row["created_by"])
        word, _, rest = shown.partition(" ")
        rest = re.sub(r" # buildkit$", "", rest)
        if word == "ENV":
            # `ENV key value` (no `=`), the legacy form, sets one variable to the rest of the line
            # (Dockerfile reference, ENV): UBI's `ENV container oci`.
            key, _, value = rest.partition(" ")
            env.update(env_pairs(rest) if "=" in key else [(key, value)])
        elif word == "CMD":
            config["Cmd"] = string_list(rest)
            # Docker: a later ENTRYPOINT resets CMD; CMD after it is kept.
        elif word == "ENTRYPOINT":
            config["Entrypoint"] = string_list(rest)
            config["Cmd"] = None
        elif word == "WORKDIR":
            config["WorkingDir"] = rest
        elif word == "USER":
            config["User"] = rest
        elif word == "LABEL":
            config["Labels"] = {**(config.get("Labels") or {}), **dict(env_pairs(rest))}
        elif word == "STOPSIGNAL":
            config["StopSignal"] = rest
        elif word == "EXPOSE":
            # BuildKit records the port set with Go's %v: `EXPOSE map[80/tcp:{} 443/tcp:{}]`.
            ports = re.findall(r"([0-9-]+(?:/\w+)?):\{\}", rest) if rest.startswith("map[") else rest.split()
            config["ExposedPorts"] = {**(config["ExposedPorts"] or {}), **{(p if "/" in p else p + "/tcp"): {} for p in ports}}
        elif word == "VOLUME":
            vols = string_list(rest) if rest.startswith("[") else rest.split()
            config["Volumes"] = {**(config["Volumes"] or {}), **{v: {} for v in vols}}
    # The distro image below already has PATH in its Env (an image's config
    # keeps a variable where it was first set), so PATH leads.
    if "PATH" in env:
        env = {"PATH": env.pop("PATH"), **env}
    config["Env"] = [f"{k}={v}" for k, v in env.items()] or None
    return config


def config_with_base_path(config: dict, template: dict) -> dict:
    """A Dockerfile that never sets PATH keeps its base image's, which has no history row of its own
    (debian's and alpine's PATH is in their config only): take it from the entry of the same OS."""
    env = config["Env"] or []
    if not any(e.startswith("PATH=") for e in env):
        base = [e for e in template["config"].get("Env") or [] if e.startswith("PATH=")]
        config["Env"] = base + env or None
    return config


# The OS names the core reads (core/src/catalog/data.rs `convert`; anything else becomes "no OS"):
# the distribution's /etc/os-release `ID`, except "distroless" and "none".
KNOWN_OS = {"alpine", "debian", "ubuntu", "distroless", "oraclelinux", "rhel", "amzn", "none"}


def new_entry(repo: str, tag: str, record: dict, extra: dict, catalog: list[dict]) -> dict:
    """A catalog entry made from a remote record and its sidecar (`extra`)."""
    template = next(e for e in catalog if e["image"] == extra["like"])
    if extra.get("os", template["os"]) not in KNOWN_OS:
        raise ValueError(f"{repo}:{tag}: unknown os {extra['os']!r} (known: {', '.join(sorted(KNOWN_OS))})")
    rows = history(record)
    if rows is None:
        raise ValueError(f"{repo}:{tag}: history rows do not match the layers")
    return {
        "image": f"{repo}:{tag}",
        "version_seen": extra.get("version_seen"),
        "os": extra.get("os", template["os"]),
        "os_version": extra.get("os_version", template["os_version"]),
        "size_on_disk_bytes": extra.get("size_on_disk_bytes"),
        "size_on_disk_approximate": extra.get("size_on_disk_bytes") is not None,
        "size_on_disk_text": extra.get("size_on_disk_text"),
        "size_compressed_bytes": record["total"],
        "layers": record["layers"],
        "layer_roles": [r["created_by"][:60] for r in rows if not r["empty_layer"]],
        "config": dict(config_with_base_path(config_from_rows(rows), template), Cmd=record["cmd"], Entrypoint=record["entrypoint"]),
        "shell": extra.get("shell", template["shell"]),
        "package_manager": extra.get("package_manager", template["package_manager"]),
        "installed": extra.get("installed", template["installed"]),
        "installed_source": extra.get("installed_source", f"as {template['image']} (same Dockerfile template and OS)"),
        "image_ids": {"remote_amd64": record["image_id"]},
        "local_created": extra.get("local_created", rows[-1]["created"]),
        "notes": extra.get("notes", []),
        "source": {
            "size_on_disk": extra.get("size_on_disk_source"),
            "size_compressed_and_layers": record["source"] + " (linux; amd64 section)",
            "config": record["source"] + " (amd64 Dockerfile history)",
            "installed": extra.get("installed_source", f"as {template['image']}"),
            "date": extra["date"],
        },
    }


def seen_versions(entry: dict) -> str:
    """The text a pinned tag's version or date must appear in for the tag to name this entry's
    build: its Env (`PYTHON_VERSION=3.12.14`), its history rows (`alpine-minirootfs-3.22.5-…`,
    `BusyBox 1.38.0`) and the day of debuerreotype's build epoch (`'@1785715200'` is 20260803,
    the date in `bookworm-20260803`), and the entry's own tag: a record read from repo-info's file
    for a pinned tag (`maven:3.9.16-amazoncorretto-21-al2023`) is that version's build."""
    rows = [h["created_by"] for h in entry.get("history", [])]
    days = [
        datetime.fromtimestamp(int(epoch), timezone.utc).strftime("%Y%m%d")
        for row in rows
        for epoch in re.findall(r"'@(\d+)'", row)
    ]
    return " ".join([split_name(entry["image"])[1], json.dumps(entry["config"].get("Env")), *rows, *days])


def tag_summary(library: Library, catalog: list[dict]) -> dict:
    """Every Linux amd64 image official-images lists for the SUMMARISED repositories, each with all
    its tags, the catalog entry that holds it (or None) and the tags the catalog does not hold, so a
    test can check that each tag resolves as the data says and the gaps are written down."""
    names = {}
    for entry in catalog:
        repo, tag = split_name(entry["image"])
        for t in [tag, *entry.get("tags", [])]:
            names[(repo, t)] = entry["image"]
    images = []
    for repo in SUMMARISED:
        for block in library.blocks(repo):
            if "amd64" not in block["arches"]:
                continue
            tags = block["tags"] + block["shared"]
            held = {names.get((repo, t)) for t in tags} - {None}
            entry = held.pop() if len(held) == 1 else None
            if held:
                raise ValueError(f"{repo}: one image's tags name several entries: {tags}")
            missing = [t for t in tags if (repo, t) not in names]
            images.append({"repository": repo, "tags": tags, "entry": entry, "not_in_data": missing})
    covered = sum(len(i["tags"]) - len(i["not_in_data"]) for i in images)
    return {
        "source": f"docker-library/official-images library/<repository> @ {library.commit} ({library.date}): Tags and SharedTags of each image with an amd64 Linux build",
        "written_by": "tools/base-images/generate.py",
        "tags": sum(len(i["tags"]) for i in images),
        "tags_in_data": covered,
        "images": images,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--official-images", type=Path, required=True, help="docker-library/official-images: a git directory (e.g. a bare mirror) or a checkout")
    parser.add_argument("--catalog", type=Path, default=CATALOG)
    parser.add_argument("--records", type=Path, default=RECORDS)
    parser.add_argument("--check", action="store_true", help="fail if the catalog is not what the generator would write")
    args = parser.parse_args()

    before = args.catalog.read_text()
    catalog = json.loads(before)

    # 1. Records: history for existing entries, new entries where a sidecar says how.
    for path in sorted(args.records.glob("*/*.md")):
        repo, tag = path.parent.name, path.stem
        record = parse_record(path.read_text())
        entry = next((e for e in catalog if e["image"] == f"{repo}:{tag}"), None)
        sidecar = path.with_suffix(".json")
        if sidecar.exists():
            # An entry made from a record is remade from it every run.
            made = new_entry(repo, tag, record, json.loads(sidecar.read_text()), catalog)
            if entry is None:
                catalog.append(made)
            else:
                catalog[catalog.index(entry)] = made
            entry = made
        elif entry is None:
            print(f"skipped {repo}:{tag}: no catalog entry and no {sidecar.name}", file=sys.stderr)
            continue
        rows = history(record)
        if rows is None:
            print(f"{repo}:{tag}: history rows do not match the layers; history left out", file=sys.stderr)
        elif record["layers"] != entry.get("layers"):
            print(f"{repo}:{tag}: record's layers differ from the entry's; history left out", file=sys.stderr)
        else:
            entry["history"] = rows
            entry["source"]["history"] = record["source"] + " (linux; amd64 section)"
        # An image's VOLUME rows are its config's Volumes (`docker run` makes an anonymous volume
        # for each); a hand-written entry must not lose or invent one.
        declared = config_from_rows(rows)["Volumes"] if rows else None
        if rows is not None and declared != entry["config"].get("Volumes"):
            raise ValueError(f"{repo}:{tag}: the record's VOLUME rows say {declared}, the entry's config {entry['config'].get('Volumes')}")

    # 2. Every other name of each entry's image, from official-images. One
    # name, one entry: a name that is itself an entry's image stays with it.
    library = Library(args.official_images)
    own = {e["image"] for e in catalog}
    for entry in catalog:
        repo, tag = split_name(entry["image"])
        if "/" in repo or repo == "scratch":
            continue
        block = linux_block_for(library.blocks(repo), tag)
        if block is None:
            entry.pop("tags", None)
            entry["source"].pop("tags", None)
            print(f"{entry['image']}: not listed in library/{repo} @ {library.commit[:12]}; no other tags", file=sys.stderr)
            continue
        names = [t for t in block["tags"] + block["shared"] if t != tag and f"{repo}:{t}" not in own]
        # A tag pinned to a version or build date names one build; the entry
        # may hold another build of the same line (official-images and
        # repo-info move at different times), so keep it only when the
        # entry's own data names that version.
        seen = seen_versions(entry)
        dropped = [t for t in names if ((p := pinned(t)) and p not in seen) or other_minor(t, seen)]
        names = [t for t in names if t not in dropped]
        if dropped:
            print(f"{entry['image']}: pinned tags of another build left out: {', '.join(dropped)}", file=sys.stderr)
        entry["tags"] = names
        entry["source"]["tags"] = f"docker-library/official-images library/{repo} @ {library.commit} ({library.date}): Tags and SharedTags of the Linux image"

    after = json.dumps(catalog, indent=1, ensure_ascii=False)
    summary = json.dumps(tag_summary(library, catalog), indent=1, ensure_ascii=False) + "\n"
    if args.check:
        stale_compact = args.catalog == CATALOG and compact.COMPACT.read_text() != compact.text_of(catalog)
        if after != before or stale_compact or not TAG_SUMMARY.exists() or TAG_SUMMARY.read_text() != summary:
            print("base-images.json is out of date: run tools/base-images/generate.py", file=sys.stderr)
            return 1
        return 0
    args.catalog.write_text(after)
    TAG_SUMMARY.parent.mkdir(exist_ok=True)
    TAG_SUMMARY.write_text(summary)
    if args.catalog == CATALOG:
        compact.write()
    tags = sum(1 + len(e.get("tags", [])) for e in catalog)
    print(f"{len(catalog)} entries, {tags} names, {sum('history' in e for e in catalog)} with history")
    return 0


if __name__ == "__main__":
    sys.exit(main())
