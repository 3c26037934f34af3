#!/usr/bin/env python3
"""Writes core/data/base-programs.json: the programs on PATH in each base
image family, from the packages' own file lists.

Debian (bookworm, trixie): the binary packages a debian:<suite>-slim image
holds are Priority: required + Essential (what debuerreotype's minbase
installs) plus adduser and apt's signature verifier (gpgv on bookworm, sqv on
trixie), and logsave on bookworm (e2fsprogs' split-out tool); docker-library's
repo-info lists (repos/debian/local/bookworm-slim.md) show the same set. Each
package is fetched with `apt-get download` and listed with `dpkg -c`; a
program is a file or link under /bin, /sbin, /usr/bin or /usr/sbin, plus the
names the maintainer scripts add with `update-alternatives --install` (awk,
sh's link is shipped by dash itself). Trixie is read through a private apt
configuration (APT_CONFIG), so the host's sources are not changed.

Alpine: busybox's applets as Alpine configures it, from aports'
main/busybox/busyboxconfig (the enabled symbols are in busybox-enabled.txt,
copied from the newest version the lookup could reach, aports commit
f246c3719d2737773b0924bad53151ea9fa51e85, a BusyBox 1.29.2 configuration),
matched against the `//applet:` lines of BusyBox's source at tag 1_29_2;
plus the programs of the other packages of the alpine image (apk-tools,
musl-utils, scanelf, ssl_client), from their APKBUILDs.

Usage: python3 tools/base-programs/generate.py BUSYBOX_GIT_DIR TRIXIE_APT_CONF
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "core", "data", "base-programs.json")
BIN_DIRS = ("./bin/", "./sbin/", "./usr/bin/", "./usr/sbin/")
EXTRA = {"bookworm": ["adduser", "gpgv", "logsave"], "trixie": ["adduser", "sqv"]}


def required(env):
    out = subprocess.run(["apt-cache", "dumpavail"], capture_output=True, text=True, env=env, check=True).stdout
    names = set()
    for para in out.split("\n\n"):
        fields = {}
        for line in para.splitlines():
            if ":" in line and not line.startswith(" "):
                key, value = line.split(":", 1)
                fields[key] = value.strip()
        if fields.get("Priority") == "required" or fields.get("Essential") == "yes":
            names.add(fields["Package"])
    return names


def programs_of(deb, scripts_dir):
    listing = subprocess.run(["dpkg", "-c", deb], capture_output=True, text=True, check=True).stdout
    found = set()
    for line in listing.splitlines():
        path = line.split(None, 5)[5].split(" -> ")[0]
        if path.startswith(BIN_DIRS) and not path.endswith("/"):
            found.add(path.rsplit("/", 1)[1])
    subprocess.run(["dpkg-deb", "-e", deb, scripts_dir], check=True)
    postinst = os.path.join(scripts_dir, "postinst")
    if os.path.exists(postinst):
        text = open(postinst, encoding="utf-8", errors="replace").read()
        for link in re.findall(r"update-alternatives\s+(?:--quiet\s+)?--install\s+(\S+)", text):
            if link.startswith(tuple(d[1:] for d in BIN_DIRS)):
                found.add(link.rsplit("/", 1)[1])
    return found


def debian(suite, env):
    packages = sorted(required(env) | set(EXTRA[suite]))
    programs = {}
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["apt-get", "download", "-qq", *packages], cwd=tmp, env=env, check=True)
        for deb in sorted(os.listdir(tmp)):
            name = deb.split("_")[0]
            scripts = os.path.join(tmp, "scripts-" + name)
            for program in programs_of(os.path.join(tmp, deb), scripts):
                programs.setdefault(program, name)
        # apt-get download names files with the epoch's colon escaped (`1%3a2.38.1-5`).
        versions = {
            deb.split("_")[0]: urllib.parse.unquote(deb.split("_")[1]) for deb in os.listdir(tmp) if deb.endswith(".deb")
        }
    return {
        "source": f"Debian {suite}: `apt-get download` + `dpkg -c` of Priority: required + Essential + "
        + ", ".join(EXTRA[suite])
        + " (tools/base-programs/generate.py)",
        "packages": {p: versions.get(p, "?") for p in packages},
        "programs": dict(sorted(programs.items())),
    }


APPLET = re.compile(r"^//applet:((?:\s*IF_\w+\()*)\s*APPLET\w*\(\s*([^,\s]+)\s*,")


def applies(conditions, enabled):
    """`IF_A(IF_NOT_B(` holds when A is enabled and B is not."""
    for condition in re.findall(r"IF_(\w+)\(", conditions):
        if condition.startswith("NOT_"):
            if condition[4:] in enabled:
                return False
        elif condition not in enabled:
            return False
    return True


def busybox(git_dir):
    enabled = set(open(os.path.join(HERE, "busybox-enabled.txt")).read().split())
    files = subprocess.run(["git", "--git-dir", git_dir, "grep", "-h", "^//applet:", "1_29_2"],
                           capture_output=True, text=True, check=True).stdout
    applets = set()
    for line in files.splitlines():
        m = APPLET.match(line)
        if m and applies(m.group(1), enabled):
            applets.add(m.group(2))
    applets.add("busybox")
    others = {
        # Alpine's other base packages (APKBUILDs in aports main/): apk-tools
        # installs apk; musl-utils getent, getconf, iconv, ldd, ldconfig;
        # pax-utils' scanelf package scanelf; ssl_client its helper.
        "apk": "apk-tools",
        "getent": "musl-utils",
        "getconf": "musl-utils",
        "iconv": "musl-utils",
        "ldd": "musl-utils",
        "ldconfig": "musl-utils",
        "scanelf": "scanelf",
        "ssl_client": "ssl_client",
    }
    programs = {a: "busybox" for a in sorted(applets)}
    programs.update(others)
    return {
        "source": "busybox applets: aports main/busybox/busyboxconfig at f246c3719d2737773b0924bad53151ea9fa51e85 "
        "(BusyBox 1.29.2 configuration, the newest reachable) against BusyBox 1_29_2's //applet: lines; "
        "apk-tools, musl-utils, scanelf and ssl_client from their aports APKBUILDs",
        "programs": dict(sorted(programs.items())),
    }


def main():
    git_dir, trixie_conf = sys.argv[1], sys.argv[2]
    data = {
        "_about": "Programs on PATH in each base image family; written by tools/base-programs/generate.py",
        "debian-bookworm": debian("bookworm", dict(os.environ)),
        "debian-trixie": debian("trixie", dict(os.environ, APT_CONFIG=trixie_conf)),
        "alpine": busybox(git_dir),
    }
    with open(OUT, "w") as f:
        json.dump(data, f, indent=1, sort_keys=False)
        f.write("\n")


if __name__ == "__main__":
    main()
