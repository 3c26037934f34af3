"""The Debian part of generate.py: per release, apt's own view of the archive
(`apt-cache show`, `apt-cache dumpavail`, `apt-get -s install`) through a
private apt root, so each table is its release's whatever release this machine runs.

Each release gets /tmp/layerlab-apt-RELEASE with the sources its image
carries (deb822 `debian.sources` for bookworm and later, one-line
`sources.list` for bullseye; main, amd64), the Docker images' apt settings
(compressed indexes, no translations) and an empty dpkg status; `apt-get
update` fills its lists from empty, and every apt call runs with APT_CONFIG
pointing there.
"""

import json
import os
import pathlib
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor

# What debian:trixie-slim holds: the binary packages of
# docker-library/repo-info repos/debian/local/13-slim.md @ 029a6a7362cedcc060abd73f6f43fda5c5728880
# (debian:trixie-slim, created 2026-08-24; all five pages read).
TRIXIE_SLIM = """
libacl1 apt libapt-pkg7.0 libattr1 libaudit-common libaudit1 base-files base-passwd bash
libbz2-1.0 libdebconfclient0 coreutils dash libdb5.3t64 debconf debian-archive-keyring
debianutils diffutils dpkg findutils gcc-14-base libgcc-s1 libstdc++6 libc-bin libc6 libgmp10
grep gzip hostname init-system-helpers libbsd0 libcap-ng0 libcap2 libmd0 libseccomp2
libselinux1 libsemanage-common libsemanage2 libsepol2 libcrypt1 libzstd1 liblz4-1 mawk
libtinfo6 ncurses-base ncurses-bin libhogweed6t64 libnettle8t64 libssl3t64
openssl-provider-legacy libpam-modules libpam-modules-bin libpam-runtime libpam0g
libpcre2-8-0 perl-base sqv sed login.defs passwd libsqlite3-0 libsystemd0 libudev1
sysvinit-utils tar tzdata bsdutils libblkid1 liblastlog2-2 libmount1 libsmartcols1 libuuid1
login mount util-linux libxxhash0 liblzma5 zlib1g
""".split()

# What debian:bullseye-slim holds. Source packages acl .. ncurses (67 binary
# packages): docker-library/repo-info repos/debian/local/11-slim.md @
# 029a6a7362cedcc060abd73f6f43fda5c5728880 (debian:bullseye-slim, created
# 2026-08-24; pages 1-4 of 6 read). The rest (nettle .. zlib, 29): what
# debootstrap's minbase installs, `apt-get -s --no-install-recommends install`
# of bullseye's Priority: required packages and apt over an empty dpkg status
# in bullseye's apt root, 2026-12-04 -- that same walk gives exactly the 67
# packages the pages read list for acl .. ncurses.
BULLSEYE_SLIM = """
libacl1 adduser apt libapt-pkg6.0 libattr1 libaudit-common libaudit1 base-files base-passwd bash
libbz2-1.0 libdebconfclient0 coreutils dash libdb5.3 debconf debian-archive-keyring debianutils
diffutils dpkg e2fsprogs libcom-err2 libext2fs2 libss2 logsave findutils gcc-10-base libgcc-s1
libstdc++6 gcc-9-base libc-bin libc6 libgmp10 gpgv libgnutls30 grep gzip hostname
init-system-helpers libkeyutils1 libgssapi-krb5-2 libk5crypto3 libkrb5-3 libkrb5support0
libcap-ng0 libffi7 libgcrypt20 libgpg-error0 libidn2-0 libnsl2 libseccomp2 libselinux1
libsemanage-common libsemanage1 libsepol1 libtasn1-6 libtirpc-common libtirpc3 libunistring2
libcrypt1 libzstd1 lsb-base liblz4-1 mawk libtinfo6 ncurses-base ncurses-bin
libhogweed6 libnettle8 libssl1.1 libp11-kit0 libpam-modules libpam-modules-bin libpam-runtime
libpam0g libpcre2-8-0 libpcre3 perl-base sed login passwd libsystemd0 libudev1 sysvinit-utils
tar tzdata bsdutils libblkid1 libmount1 libsmartcols1 libuuid1 mount util-linux libxxhash0
liblzma5 zlib1g
""".split()

# The releases, with the suites their images' apt sources list, in that file's
# order. bookworm and trixie: /etc/apt/sources.list.d/debian.sources (deb822),
# `Suites: SUITE SUITE-updates` then `SUITE-security`. bullseye:
# /etc/apt/sources.list, one line each for SUITE, SUITE-security, SUITE-updates
# (debuerreotype/debuerreotype scripts/debuerreotype-debian-sources-list @
# 055dea149dc1bb5c78b6461258bc71c06e8ac27b: "50mirror", "91security",
# "92updates"); the security lines point at deb.debian.org/debian-security (the
# `apt-get source --print-uris` URLs repo-info's 11-slim.md records from inside
# the image). All main.
RELEASES = {
    "bookworm": {
        "release": "Debian 12 bookworm, amd64",
        "suites": ["bookworm", "bookworm-updates", "bookworm-security"],
        "format": "deb822",
    },
    "trixie": {
        "release": "Debian 13 trixie, amd64",
        "suites": ["trixie", "trixie-updates", "trixie-security"],
        "format": "deb822",
        "base_image_packages": TRIXIE_SLIM,
        "base_image_packages_source": "docker-library/repo-info repos/debian/local/13-slim.md @ "
        "029a6a7362cedcc060abd73f6f43fda5c5728880 (debian:trixie-slim of 2026-08-24; %d binary packages, "
        "all 5 pages read)" % len(TRIXIE_SLIM),
    },
    "bullseye": {
        "release": "Debian 11 bullseye, amd64",
        "suites": ["bullseye", "bullseye-security", "bullseye-updates"],
        "format": "list",
        "base_image_packages": BULLSEYE_SLIM,
        "base_image_packages_source": "docker-library/repo-info repos/debian/local/11-slim.md @ "
        "029a6a7362cedcc060abd73f6f43fda5c5728880 (debian:bullseye-slim of 2026-08-24; pages 1-4 of 6 read: "
        "source packages acl .. ncurses, 67 binary packages); the rest (nettle .. zlib, 29) is debootstrap "
        "minbase's set, apt-get -s --no-install-recommends install of bullseye's Priority: required "
        "packages and apt over an empty dpkg status, which gives exactly the 67 for acl .. ncurses too; "
        "%d binary packages" % len(BULLSEYE_SLIM),
    },
}

KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg"

METHOD = (
    "apt-cache show --no-all-versions NAME against the release's own apt lists (a private apt root: "
    "the image's apt sources (debian.sources, or sources.list for bullseye), main, amd64, signed by %s): Version, Installed-Size (KiB), "
    "Size (the .deb's bytes), Architecture, Multi-Arch, Priority, Pre-Depends (also on their own), Pre-Depends + "
    "Depends, Recommends and Suggests as groups of alternatives (versions and :arch dropped). Seeds "
    "(tools/packages/wellknown.py DEBIAN, the examples' apt-get installs) and every package their "
    "first alternatives reach are listed; virtual names map to their providers (apt-cache dumpavail). "
    "The model walks the closure itself." % KEYRING
)


def suite_uri(suite):
    """Where a suite lives: the security suites on debian-security."""
    host = "debian-security" if suite.endswith("-security") else "debian"
    return "http://deb.debian.org/" + host


def sources(spec):
    """The image's apt sources, signed by the host's archive keyring (never trusted=yes)."""
    suites = spec["suites"]
    if spec["format"] == "list":
        # One-line format, one line per suite in the image's order.
        return "sources.list", "".join(
            "deb [signed-by=%s] %s %s main\n" % (KEYRING, suite_uri(s), s) for s in suites
        )
    stanzas = []
    for uri in dict.fromkeys(suite_uri(s) for s in suites):
        mine = " ".join(s for s in suites if suite_uri(s) == uri)
        stanzas.append(
            "Types: deb\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: %s\n" % (uri, mine, KEYRING)
        )
    return "sources.list.d/debian.sources", "\n".join(stanzas)


def apt_root(name, spec):
    """A private apt root for a release, updated from empty lists (as in a fresh
    image); returns the root, apt's environment and what `apt-get update` printed."""
    root = pathlib.Path("/tmp/layerlab-apt-%s" % name)
    for d in ("etc/apt/sources.list.d", "etc/apt/apt.conf.d", "etc/apt/preferences.d",
              "var/lib/apt/lists/partial", "var/cache/apt/archives/partial", "var/lib/dpkg"):
        (root / d).mkdir(parents=True, exist_ok=True)
    (root / "var/lib/dpkg/status").write_text("")
    for old in ("sources.list", "sources.list.d/debian.sources"):
        (root / "etc/apt" / old).unlink(missing_ok=True)
    for old in (root / "var/lib/apt/lists").iterdir():
        if old.is_file():
            old.unlink()
    path, text = sources(spec)
    (root / "etc/apt" / path).write_text(text)
    # As the Docker images set them (debuerreotype's docker-gzip-indexes, docker-no-languages).
    (root / "etc/apt/apt.conf.d/docker").write_text('Acquire::GzipIndexes "true";\nAcquire::Languages "none";\n')
    conf = root / "apt.conf"
    conf.write_text(
        'Dir "%s/";\nDir::State::status "%s/var/lib/dpkg/status";\n'
        'APT::Architecture "amd64";\nAPT::Architectures { "amd64"; };\n' % (root, root)
    )
    env = dict(os.environ, APT_CONFIG=str(conf), LC_ALL="C")
    r = subprocess.run(["apt-get", "update"], env=env, check=True, capture_output=True, text=True)
    if r.stderr.strip():
        # A W:/E: line (an unverifiable signature among them) means the lists are not to be trusted.
        raise SystemExit("apt-get update for %s: %s" % (name, r.stderr.strip()))
    return root, env, r.stdout


def size_to_str(size):
    """apt's SizeToStr (apt-pkg/contrib/strutl.cc): below 100 of a unit one
    decimal, below 10000 none, else the next unit up (1000s, C locale)."""
    units, i = ["", "k", "M", "G", "T"], 0
    while True:
        if size < 100 and i:
            return "%.1f %s" % (size, units[i])
        if size < 10000 or i == len(units) - 1:
            return "%.0f %s" % (size, units[i])
        size /= 1000.0
        i += 1


def release_sizes(path):
    """`{path: size}` of an InRelease's SHA256 list."""
    out, on = {}, False
    for line in path.read_text(errors="replace").splitlines():
        if line.startswith("SHA256:"):
            on = True
        elif on and line.startswith(" "):
            _, size, name = line.split()
            out[name] = int(size)
        else:
            on = False
    return out


def update_fetches(root, output):
    """The files `apt-get update` fetched, in its `Get:` order, with their
    download sizes: an InRelease is stored as fetched; a Packages index is
    fetched as one of the compressed files its InRelease lists (the one whose
    size apt printed -- Packages.xz here) and stored recompressed (lz4)."""
    lists = root / "var/lib/apt/lists"
    fetches = []
    for m in re.finditer(r"^Get:\d+ (\S+) (\S+?)(/main amd64 Packages| InRelease) \[([^\]]+)B\]$", output, re.M):
        uri, suite, what, shown = m.groups()
        inrelease = lists / ("%s_dists_%s_InRelease" % (uri.split("://", 1)[1].replace("/", "_"), suite))
        shown = shown.strip()
        if what == " InRelease":
            index, file, size = "InRelease", "InRelease", inrelease.stat().st_size
        else:
            listed = release_sizes(inrelease)
            index, (file, size) = "Packages", next(
                (f, listed[f])
                for f in ("main/binary-amd64/Packages.xz", "main/binary-amd64/Packages.gz", "main/binary-amd64/Packages")
                if f in listed and size_to_str(listed[f]).strip() == shown
            )
        assert size_to_str(size).strip() == shown, (m.group(0), size)
        fetches.append({"uri": uri, "suite": suite, "index": index, "file": file, "bytes": size})
    # From empty lists every suite's InRelease and Packages are fetched.
    assert len(fetches) == 2 * len(list(lists.glob("*_InRelease"))), output
    return fetches


def lists_size(root, suites):
    """The index files `apt-get update` leaves: InRelease + Packages per suite."""
    lists = root / "var/lib/apt/lists"
    files = sorted(p for p in lists.iterdir() if p.is_file() and p.name != "lock")
    size = sum(p.stat().st_size for p in files)
    kib = sum(-(-p.stat().st_size // 4096) * 4 for p in files)
    return {
        "apt_lists_bytes": size,
        "apt_lists_kib": kib,
        "what": "the %d index files apt-get update leaves with the image's apt settings (InRelease + "
        "Packages.lz4 for %s, main): sum of file sizes %d bytes, %d KiB in 4 KiB blocks"
        % (len(files), ", ".join(suites), size, kib),
        "files": {p.name: p.stat().st_size for p in files},
    }


def apt_version():
    r = subprocess.run(["apt-get", "--version"], capture_output=True, text=True, check=True)
    return r.stdout.split()[1]


def stanzas(text):
    for block in text.split("\n\n"):
        fields, key = {}, None
        for line in block.splitlines():
            if line[:1] in (" ", "\t") and key:
                fields[key] += "\n" + line
            elif ":" in line:
                key, val = line.split(":", 1)
                fields[key] = val.strip()
        if "Package" in fields:
            yield fields


def groups(field):
    """`a (>= 1) | b:any, c` → [["a", "b"], ["c"]]."""
    out = []
    for group in filter(None, (g.strip() for g in field.split(","))):
        alts = [re.split(r"[\s(\[<]", a.strip(), 1)[0].split(":")[0] for a in group.split("|")]
        out.append([a for a in alts if a])
    return out


def apt_show(env, names):
    """`apt-cache show --no-all-versions` for names, in batches; virtual names yield nothing."""
    found = {}
    names = sorted(names)
    for i in range(0, len(names), 200):
        r = subprocess.run(
            ["apt-cache", "show", "--no-all-versions"] + names[i : i + 200], env=env, capture_output=True, text=True
        )
        for s in stanzas(r.stdout):
            found.setdefault(s["Package"], s)
    return found


def providers(env):
    """Virtual package → real packages providing it (from `apt-cache dumpavail`)."""
    r = subprocess.run(["apt-cache", "dumpavail"], env=env, capture_output=True, text=True, check=True)
    prov = {}
    for s in stanzas(r.stdout):
        for g in groups(s.get("Provides", "")):
            for v in g:
                prov.setdefault(v, [])
                if s["Package"] not in prov[v]:
                    prov[v].append(s["Package"])
    return prov


def candidate_suites(env, names):
    """The suite each name's candidate is downloaded from (`apt-cache policy`:
    the first source listed under the candidate version), e.g.
    `bookworm-security`; apt's `Get:` line names it."""
    found = {}
    names = sorted(names)
    for i in range(0, len(names), 200):
        r = subprocess.run(["apt-cache", "policy"] + names[i : i + 200], env=env, capture_output=True, text=True)
        name = candidate = None
        in_candidate = False
        for line in r.stdout.splitlines():
            if not line.startswith(" ") and line.endswith(":"):
                name, candidate, in_candidate = line[:-1].split(":")[0], None, False
            elif line.strip().startswith("Candidate:"):
                candidate = line.split(":", 1)[1].strip()
            elif re.match(r"^ {5}(\*\*\* )?\S+ -?\d+$", line):
                in_candidate = line.split()[-2] == candidate
            elif in_candidate and name not in found:
                m = re.match(r"^ +-?\d+ (\S+) (\S+)/main ", line)
                if m:
                    found[name] = m.group(2)
    return found


def closure(env, seeds, release):
    prov = providers(env)
    out, virtual, queue = {}, {}, set(seeds)
    while queue:
        got = apt_show(env, queue - set(out))
        nxt = set()
        for name in queue:
            if name in out:
                continue
            s = got.get(name)
            if s is None:
                if name in prov:
                    virtual[name] = prov[name]
                    nxt |= set(prov[name][:1])
                continue
            depends = groups(s.get("Pre-Depends", "")) + groups(s.get("Depends", ""))
            recommends = groups(s.get("Recommends", ""))
            # Not followed: apt only lists them (`Suggested packages:`).
            suggests = groups(s.get("Suggests", ""))
            out[name] = {
                "version": s["Version"],
                "own_kib": int(s.get("Installed-Size", "0")),
                # The .deb's size (apt's `Get:` and `Need to get` figures),
                # its architecture (`all` or amd64: the `Get:` line and the
                # archive's name) and Multi-Arch (`same` is printed
                # `name:amd64` by dpkg).
                "deb_bytes": int(s["Size"]),
                "architecture": s["Architecture"],
                "multi_arch": s.get("Multi-Arch"),
                # apt's download and unpack order ranks packages by these
                # (pkgOrderList::Score: Pre-Depends, then Priority).
                "priority": s.get("Priority"),
                "pre_depends": groups(s.get("Pre-Depends", "")),
                "depends": depends,
                "recommends": recommends,
                "suggests": suggests,
            }
            for g in depends + recommends:
                nxt |= set(g[:1])
                # Later alternatives may be chosen when the first is virtual.
                nxt |= {a for a in g[1:] if a in prov or a in got}
        queue = {n for n in nxt if n not in out and n not in virtual}
    # A real package can be provided by another too (bookworm's sysvinit-utils
    # provides lsb-base), and APT counts that provider as meeting it.
    for p in out.values():
        for g in p["depends"] + p["recommends"]:
            for alt in g:
                if alt in prov and alt not in virtual:
                    virtual[alt] = prov[alt]
    # Where each candidate comes from, when not the release's own suite
    # (a security or point update).
    for name, suite in candidate_suites(env, out).items():
        if suite != release:
            out[name]["suite"] = suite
    missing = sorted(set(seeds) - set(out) - set(virtual))
    return dict(sorted(out.items())), dict(sorted(virtual.items())), missing


def apt_simulations(root, env, base, names, today):
    """What `apt-get -s install NAME` installs over a dpkg status holding
    exactly the base image's packages, with and without Recommends: the
    test fixture the model's closure walk is checked against."""
    shown = subprocess.run(["apt-cache", "show", "--no-all-versions"] + base, env=env, capture_output=True, text=True)
    status = root / "base-status"
    with status.open("w") as f:
        for block in filter(str.strip, shown.stdout.split("\n\n")):
            lines = [l for l in block.splitlines() if not l.startswith((" ", "Description"))]
            f.write("\n".join(lines) + "\nStatus: install ok installed\n\n")

    def simulate(name):
        entry = {}
        for key, extra in (("with_recommends", []), ("no_recommends", ["--no-install-recommends"])):
            r = subprocess.run(
                ["apt-get", "-s", "-o", "Dir::State::status=%s" % status, "install", name] + extra,
                env=env,
                capture_output=True,
                text=True,
            )
            if r.returncode == 0:
                entry[key] = sorted(set(re.findall(r"^Inst (\S+)", r.stdout, re.M)))
        return entry

    names = sorted(names)
    with ThreadPoolExecutor(4) as pool:
        out = {n: e for n, e in zip(names, pool.map(simulate, names)) if e}
    return {
        "method": "apt-get -s install NAME [--no-install-recommends] with a dpkg status holding exactly "
        "the release's base_image_packages (stanzas from apt-cache show), in the release's private apt "
        "root; written by tools/packages/generate.py",
        "date": today,
        "installs": out,
    }


def migrate(old):
    """The one-release layout (before trixie) → {"releases": {"bookworm": …}}."""
    if "releases" in old or "packages" not in old:
        return old
    rel = {k: v for k, v in old.items() if k not in ("method",)}
    dates = {p.pop("date", None) for p in rel["packages"].values()}
    for p in rel["packages"].values():
        p.pop("source", None)
    rel["suites"] = RELEASES["bookworm"]["suites"]
    rel["source"] = "apt-cache show --no-all-versions NAME (the generating machine's own apt lists)"
    rel["date"] = max(d for d in dates if d)
    return {"method": old.get("method"), "releases": {"bookworm": rel}}


def build(old, names, seeds, sim_seeds, today, check, fixture_dir):
    """The `debian` section: every release in names rebuilt, the others kept."""
    section = migrate(old)
    releases = dict(section.get("releases", {}))
    for name in names:
        spec = RELEASES[name]
        prev = releases.get(name, {})
        root, env, update_output = apt_root(name, spec)
        pkgs, virtual, missing = closure(env, seeds, name)
        base = spec.get("base_image_packages") or prev["base_image_packages"]
        releases[name] = {
            "release": spec["release"],
            "suites": spec["suites"],
            "source": "apt-cache show --no-all-versions NAME, apt-cache dumpavail; apt lists fetched by "
            "apt-get update from deb.debian.org for suites %s (main, amd64; the image's %s)"
            % (", ".join(spec["suites"]), "sources.list" if spec["format"] == "list" else "debian.sources"),
            "date": today,
            "base_image_packages": base,
            "base_image_packages_source": spec.get("base_image_packages_source")
            or prev.get("base_image_packages_source"),
            "apt_lists": dict(lists_size(root, spec["suites"]), date=today),
            "apt_update": {
                "what": "apt-get update from empty lists in the release's apt root (apt %s on the generating "
                "machine): what it printed, and each fetched file's download size (an InRelease's own; a "
                "Packages index's from its InRelease's SHA256 list)" % apt_version(),
                "output": update_output.splitlines(),
                "fetches": update_fetches(root, update_output),
            },
            "virtual": virtual,
            "missing": missing,
            "packages": pkgs,
        }
        if check:
            sims = apt_simulations(root, env, base, sorted(n for n in sim_seeds if n in pkgs), today)
            suffix = "" if name == "bookworm" else "_" + name
            (fixture_dir / ("apt_get_s%s.json" % suffix)).write_text(json.dumps(sims, indent=1) + "\n")
    return {"method": METHOD, "releases": releases}
