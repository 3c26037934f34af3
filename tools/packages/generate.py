#!/usr/bin/env python3
"""Rebuild the pip, npm and Debian tables of core/data/packages.json from the
registries this machine reaches. See README.md beside this file.

    python3 tools/packages/generate.py [--only pip,npm,debian] [--releases bookworm,trixie] [--out FILE]

Standard library only, plus pip's vendored `packaging` for PEP 508 markers.
The alpine and go sections of the existing file are kept as they are (no
source for them is reachable here).
"""

import argparse
import datetime
import io
import json
import pathlib
import re
import subprocess
import sys
import tarfile
import urllib.request
import zipfile
from concurrent.futures import ThreadPoolExecutor

from pip._vendor.packaging.requirements import Requirement

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import debian  # noqa: E402
import semver  # noqa: E402
import wellknown  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "core" / "data" / "examples"
TODAY = datetime.date.today().isoformat()
WORKERS = 8

# The image Python the pip table is for: CPython 3.12 on linux x86_64
# (glibc 2.36, as in Debian bookworm).
PY_ENV = {
    "python_version": "3.12",
    "python_full_version": "3.12.0",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
    "sys_platform": "linux",
    "platform_system": "Linux",
    "platform_machine": "x86_64",
    "os_name": "posix",
    "extra": "",
}
GLIBC_MINOR = 36


def get(url, headers=None, rng=None):
    req = urllib.request.Request(url, headers=headers or {})
    if rng:
        req.add_header("Range", "bytes=%d-%d" % rng)
    for attempt in range(3):
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                return r.read()
        except Exception:
            if attempt == 2:
                raise
    return b""


def get_json(url, headers=None):
    return json.loads(get(url, headers))


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- PyPI


def normalize(name):
    """PEP 503 name normalization."""
    return re.sub(r"[-_.]+", "-", name).lower()


class HttpFile(io.RawIOBase):
    """A seekable view of a remote file read with HTTP range requests, so
    zipfile can read a wheel's RECORD and METADATA without the whole wheel."""

    def __init__(self, url, size):
        self.url, self.size, self.pos, self.blocks = url, size, 0, {}

    def seekable(self):
        return True

    def readable(self):
        return True

    def tell(self):
        return self.pos

    def seek(self, off, whence=0):
        self.pos = [off, self.pos + off, self.size + off][whence]
        return self.pos

    def readinto(self, b):
        n = min(len(b), self.size - self.pos)
        if n <= 0:
            return 0
        data = get(self.url, rng=(self.pos, self.pos + n - 1))[:n]
        b[: len(data)] = data
        self.pos += len(data)
        return len(data)


def wheel_rank(filename):
    """A rank for a wheel usable by CPython 3.12 on manylinux x86_64, or None."""
    parts = filename[:-4].split("-")
    if len(parts) < 5:
        return None
    pys, abis, plats = parts[-3].split("."), parts[-2].split("."), parts[-1].split(".")
    py_ok = any(p in ("py3", "py312", "cp312", "py2.py3") or p == "py3" for p in pys)
    abi3_ok = any(re.fullmatch(r"cp3(\d+)", p) and int(p[3:]) <= 12 for p in pys)
    best = None
    for abi in abis:
        if abi == "cp312" and "cp312" in pys:
            a = 3
        elif abi == "abi3" and abi3_ok:
            a = 2
        elif abi == "none" and (py_ok or "cp312" in pys):
            a = 1
        else:
            continue
        for plat in plats:
            m = re.fullmatch(r"manylinux_2_(\d+)_x86_64", plat)
            if plat == "any":
                p = 0
            elif plat in ("manylinux1_x86_64", "manylinux2010_x86_64", "manylinux2014_x86_64"):
                p = {"manylinux1_x86_64": 5, "manylinux2010_x86_64": 12, "manylinux2014_x86_64": 17}[plat]
            elif m and int(m.group(1)) <= GLIBC_MINOR:
                p = int(m.group(1))
            else:
                continue
            r = (a, p)
            best = r if best is None or r > best else best
    return best


PRE = re.compile(r"(a|b|rc|dev|alpha|beta)\d*", re.I)


def pick_wheel(doc):
    """The version and wheel pip would install for CPython 3.12 linux x86_64:
    the latest non-yanked final release with a compatible wheel."""
    releases = doc.get("releases") or {}
    latest = doc["info"]["version"]
    order = [latest] + sorted(
        (v for v in releases if v != latest and not PRE.search(v)),
        key=lambda v: max((f.get("upload_time_iso_8601", "") for f in releases[v]), default=""),
        reverse=True,
    )
    for v in order[:30]:
        files = releases.get(v) or (doc["urls"] if v == latest else [])
        wheels = [
            (wheel_rank(f["filename"]), f)
            for f in files
            if f["filename"].endswith(".whl") and not f.get("yanked")
        ]
        wheels = [w for w in wheels if w[0]]
        if wheels:
            return v, max(wheels, key=lambda w: w[0])[1]
    return latest, None


def pypi_entry(name):
    doc = get_json("https://pypi.org/pypi/%s/json" % name)
    version, wheel = pick_wheel(doc)
    if wheel is None:
        return {"name": doc["info"]["name"], "version": version, "error": "no wheel for CPython 3.12 linux x86_64"}
    url = wheel["url"]
    if not url.startswith("https://"):
        # Some answers give the file relative to the API (../../packages/packages/…).
        url = "https://files.pythonhosted.org/packages/" + url.split("packages/packages/", 1)[1]
    z = zipfile.ZipFile(io.BufferedReader(HttpFile(url, wheel["size"]), buffer_size=1 << 16))
    names = z.namelist()
    record = next(n for n in names if n.endswith(".dist-info/RECORD") and n.count("/") == 1)
    meta = next(n for n in names if n.endswith(".dist-info/METADATA") and n.count("/") == 1)
    installed, count, metadata_bytes = 0, 0, None
    for row in z.read(record).decode().splitlines():
        cols = row.rsplit(",", 2)
        if len(cols) == 3:
            count += 1
            installed += int(cols[2]) if cols[2].strip() else 0
            if cols[0] == meta and cols[2].strip():
                metadata_bytes = int(cols[2])
    # RECORD lists itself without a size; add its own length.
    installed += z.getinfo(record).file_size
    text = z.read(meta).decode("utf-8", "replace").split("\n\n", 1)[0]
    requires = [l.split(":", 1)[1].strip() for l in text.splitlines() if l.startswith("Requires-Dist:")]
    rp = [l.split(":", 1)[1].strip() for l in text.splitlines() if l.startswith("Requires-Python:")]
    return {
        "name": doc["info"]["name"],
        "version": version,
        "wheel_file": wheel["filename"],
        "wheel_bytes": wheel["size"],
        # PEP 658: PyPI serves the wheel's METADATA file, byte for byte, beside the wheel as
        # FILE.metadata; pip fetches that first and prints its size (RECORD lists it).
        "metadata_bytes": metadata_bytes,
        "wheel_sha256": wheel["digests"]["sha256"],
        "installed_bytes": installed,
        "file_count": count,
        "requires_dist": requires,
        "requires_python": rp[0] if rp else None,
        "source": "https://pypi.org/pypi/%s/json; wheel RECORD and METADATA read by HTTP range" % name,
        "date": TODAY,
    }


def marker_deps(requires, extras=()):
    """Names of the requirements whose PEP 508 markers hold for PY_ENV."""
    out = []
    for spec in requires:
        try:
            req = Requirement(spec)
        except Exception:
            continue
        envs = [dict(PY_ENV, extra=e) for e in ("",) + tuple(extras)]
        if req.marker is None or any(req.marker.evaluate(e) for e in envs):
            out.append((normalize(req.name), tuple(sorted(req.extras))))
    return out


def example_pip_seeds():
    seeds = []
    for f in sorted(EXAMPLES.glob("*/requirements*.txt")):
        for line in f.read_text().splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-"):
                req = Requirement(line)
                seeds.append((normalize(req.name), tuple(sorted(req.extras))))
    return seeds


def build_pip():
    seeds = example_pip_seeds() + [(normalize(n), ()) for n in wellknown.PYPI]
    out, errors, queue, seen = {}, {}, list(seeds), set()
    with ThreadPoolExecutor(WORKERS) as pool:
        while queue:
            batch = []
            for name, extras in queue:
                if (name, extras) not in seen:
                    seen.add((name, extras))
                    batch.append((name, extras))
            queue = []
            todo = sorted({n for n, _ in batch if n not in out and n not in errors})
            for name, res in zip(todo, pool.map(safe(pypi_entry), todo)):
                if "error" in res:
                    errors[name] = res["error"]
                    log("pip", name, "ERROR", res["error"])
                else:
                    out[name] = res
                    log("pip", name, res["version"], res["installed_bytes"])
            for name, extras in batch:
                if name in out:
                    queue.extend(marker_deps(out[name]["requires_dist"], extras))
    return out, errors


def safe(f):
    def g(x):
        try:
            return f(x)
        except Exception as e:  # recorded, not fatal: the entry is left out
            return {"error": "%s: %s" % (type(e).__name__, e)}

    return g


# ---------------------------------------------------------------- npm

PACKUMENTS = {}


def packument(name):
    if name not in PACKUMENTS:
        url = "https://registry.npmjs.org/" + name.replace("/", "%2F")
        PACKUMENTS[name] = get_json(url, {"Accept": "application/vnd.npm.install-v1+json"})
    return PACKUMENTS[name]


def npm_entry(item):
    name, want = item
    alias = None
    if want.startswith("npm:"):
        # `"x": "npm:real@range"` installs `real` at node_modules/x.
        real, _, want = want[4:].rpartition("@") if want[5:].count("@") else (want[4:], "", "latest")
        alias, name = name, real
    doc = packument(name)
    versions = doc["versions"]
    if want in versions:
        version = want
    elif want in doc.get("dist-tags", {}):
        version = doc["dist-tags"][want]
    else:
        latest = doc.get("dist-tags", {}).get("latest")
        version = semver.max_satisfying(list(versions), want, latest)
        if version is None:
            return {"error": "no version of %s satisfies %s" % (name, want)}
    man = versions[version]
    unpacked, count, tarball = 0, 0, 0
    if platform_ok(man, "linux", "x64"):
        tgz = get(man["dist"]["tarball"])
        tarball = len(tgz)
        with tarfile.open(fileobj=io.BytesIO(tgz), mode="r:gz") as t:
            for m in t:
                if m.isfile():
                    unpacked += m.size
                    count += 1
    meta = man.get("peerDependenciesMeta") or {}
    entry = {
        "version": version,
        "unpacked_size_bytes": unpacked,
        "tarball_bytes": tarball,
        "file_count": count,
        "dependencies": man.get("dependencies") or {},
        "optional_dependencies": man.get("optionalDependencies") or {},
        "peer_dependencies": {
            k: v for k, v in (man.get("peerDependencies") or {}).items() if not meta.get(k, {}).get("optional")
        },
        "source": "npm registry %s@%s (abbreviated packument); sizes summed from its tarball's files" % (name, version),
        "date": TODAY,
    }
    if alias:
        entry["alias_of"] = name
    for key in ("os", "cpu", "libc"):
        if man.get(key):
            entry[key] = man[key] if isinstance(man[key], list) else [man[key]]
    if not platform_ok(man, "linux", "x64"):
        entry["source"] += "; not installed on linux x64, so its tarball was not measured"
    return entry


def platform_ok(man, os_name, cpu):
    """npm's os/cpu check: a list of allowed values, or of `!excluded` ones."""

    def ok(field, value):
        vals = man.get(field)
        if not vals:
            return True
        vals = vals if isinstance(vals, list) else [vals]
        if any(v == "!" + value for v in vals):
            return False
        allowed = [v for v in vals if not v.startswith("!")]
        return not allowed or value in allowed

    return ok("os", os_name) and ok("cpu", cpu)


def example_npm_seeds():
    """Exact versions from the examples' lockfiles, then their package.json ranges."""
    seeds = []
    for lock in sorted(EXAMPLES.glob("*/package-lock.json")):
        pkgs = json.loads(lock.read_text()).get("packages", {})
        for path, p in pkgs.items():
            if path and "version" in p:
                seeds.append((path.rsplit("node_modules/", 1)[1], p["version"]))
    for manifest in sorted(EXAMPLES.glob("*/package.json")):
        m = json.loads(manifest.read_text())
        for key in ("dependencies", "devDependencies"):
            seeds.extend((m.get(key) or {}).items())
    return seeds


def build_npm():
    seeds = example_npm_seeds() + [(n, "latest") for n in wellknown.NPM]
    out, errors, queue = {}, {}, list(seeds)
    with ThreadPoolExecutor(WORKERS) as pool:
        while queue:
            # One version per name: the first request for a name wins (the
            # lockfiles' exact versions come first). npm would nest a second
            # version where ranges conflict; the model keeps one.
            todo, names = [], set()
            for name, want in queue:
                if name not in out and name not in errors and name not in names:
                    names.add(name)
                    todo.append((name, want))
            queue = []
            for (name, want), res in zip(todo, pool.map(safe(npm_entry), todo)):
                if "error" in res:
                    errors[name] = res["error"]
                    log("npm", name, "ERROR", res["error"])
                    continue
                out[name] = res
                log("npm", name, res["version"], res["unpacked_size_bytes"])
                deps = dict(res["dependencies"])
                deps.update(res["peer_dependencies"])
                for dep, rng in res["optional_dependencies"].items():
                    deps.setdefault(dep, rng)
                # A package for another platform is listed (its os/cpu say why
                # npm skips it) but not measured or followed.
                if res["tarball_bytes"] or res["file_count"]:
                    queue.extend(deps.items())
    return out, errors


# ---------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="pip,npm,debian")
    ap.add_argument("--out", default=str(ROOT / "core" / "data" / "packages.json"))
    ap.add_argument("--releases", default="bookworm,trixie", help="the Debian releases to rebuild")
    ap.add_argument("--no-apt-check", action="store_true", help="keep the apt-get -s fixture as it is (ten minutes)")
    args = ap.parse_args()
    only = set(args.only.split(","))
    path = pathlib.Path(args.out)
    data = json.loads(path.read_text())
    data["generated"] = TODAY
    data["generator"] = "python3 tools/packages/generate.py (see tools/packages/README.md)"
    if "pip" in only:
        pkgs, errors = build_pip()
        data["pip"] = {
            "target": "CPython 3.12, linux x86_64 (manylinux up to glibc 2.%d)" % GLIBC_MINOR,
            "method": "PyPI JSON API (https://pypi.org/pypi/NAME/json): the latest final release with a "
            "wheel for the target (cp312 > abi3 > py3-none-any; newest manylinux tag within the target's "
            "glibc). wheel_bytes is the file's size on PyPI; installed_bytes is the sum of the sizes the "
            "wheel's RECORD lists (RECORD's own length added), read by HTTP range requests. requires_dist "
            "is the wheel METADATA's Requires-Dist, markers kept, as written; metadata_bytes is the "
            "size RECORD lists for the wheel's METADATA, which PyPI serves byte for byte as the PEP 658 "
            "FILE.metadata that pip fetches first and whose size it prints. Requirements were followed with their "
            "markers evaluated for the target (extras only where requested); version constraints were not "
            "solved: each name has its latest release.",
            "seeds": "the examples' requirements files, then tools/packages/wellknown.py PYPI (hand-written: "
            "no ranked list was reachable)",
            "errors": errors,
            "packages": pkgs,
        }
    if "npm" in only:
        pkgs, errors = build_npm()
        data["npm"] = {
            "target": "linux x64",
            "method": "npm registry (https://registry.npmjs.org/NAME, abbreviated packuments). The "
            "registry's dist carries no unpackedSize here, so each tarball was downloaded and its files' "
            "sizes summed (what npm pack reports as unpackedSize). Ranges are resolved to the highest "
            "satisfying version; one version per name, the first requested (the examples' lockfiles first). "
            "dependencies, non-optional peer dependencies and optional dependencies (with os/cpu) followed.",
            "seeds": "the examples' package-lock.json files and package.json, then tools/packages/wellknown.py "
            "NPM at latest (hand-written: no ranked list was reachable)",
            "errors": errors,
            "packages": pkgs,
        }
    if "debian" in only:
        seeds = set(wellknown.DEBIAN)
        for df in EXAMPLES.glob("*/Dockerfile"):
            for m in re.finditer(r"apt-get install ([^&;\n]*)", df.read_text()):
                seeds |= {w for w in m.group(1).split() if not w.startswith("-")}
        data["debian"] = debian.build(
            data.get("debian", {}),
            args.releases.split(","),
            seeds,
            set(wellknown.DEBIAN),
            TODAY,
            not args.no_apt_check,
            ROOT / "core" / "src" / "shell" / "testdata",
        )
    path.write_text(json.dumps(data, indent=1, sort_keys=False, ensure_ascii=False) + "\n")
    for name, rel in data["debian"]["releases"].items():
        log("debian", name, len(rel["packages"]), "packages")
    for eco in ("pip", "npm"):
        log(eco, len(data[eco]["packages"]), "packages")


if __name__ == "__main__":
    main()
