"""Enough of node-semver's range grammar to pick the version npm would:
`||`, hyphen ranges, `^`, `~`, comparators, x-ranges and `*`.
Prereleases are only matched by an exact version.
"""

import re

VER = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$")
PART = re.compile(r"^v?(\d+|[xX*])?(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?$")


def parse(v):
    m = VER.match(v.strip())
    if not m:
        return None
    pre = tuple(int(p) if p.isdigit() else p for p in m.group(4).split(".")) if m.group(4) else None
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))), pre


def key(v):
    (core, pre) = parse(v)
    # A release sorts after its prereleases.
    return core, (1,) if pre is None else (0,) + tuple((0, p) if isinstance(p, int) else (1, p) for p in pre)


def partial(s):
    m = PART.match(s)
    if not m:
        raise ValueError(s)
    nums = []
    for g in m.group(1, 2, 3):
        if g is None or g in "xX*":
            break
        nums.append(int(g))
    return nums


def bounds(op, s):
    """Comparator → list of (op, (major, minor, patch))."""
    n = partial(s)
    pad = (n + [0, 0, 0])[:3]
    if op in ("", "="):
        if len(n) == 3:
            return [(">=", pad), ("<=", pad)]
        if not n:
            return []
        up = n[:-1] + [n[-1] + 1]
        return [(">=", pad), ("<", (up + [0, 0])[:3])]
    if op == "^":
        if not n:
            return []
        i = next((k for k, x in enumerate(pad[: len(n)]) if x != 0), len(n) - 1)
        up = pad[:i] + [pad[i] + 1]
        return [(">=", pad), ("<", (up + [0, 0])[:3])]
    if op == "~":
        if not n:
            return []
        i = 1 if len(n) >= 2 else 0
        up = pad[:i] + [pad[i] + 1]
        return [(">=", pad), ("<", (up + [0, 0])[:3])]
    if op == ">":
        if len(n) < 3 and n:
            up = n[:-1] + [n[-1] + 1]
            return [(">=", (up + [0, 0])[:3])]
        return [(">", pad)] if n else [("<", [0, 0, 0])]
    if op == "<=" and len(n) < 3 and n:
        up = n[:-1] + [n[-1] + 1]
        return [("<", (up + [0, 0])[:3])]
    return [(op, pad)] if n else []


def range_sets(rng):
    out = []
    for alt in rng.split("||"):
        alt = alt.strip()
        h = re.match(r"^(\S+)\s+-\s+(\S+)$", alt)
        if h:
            lo, hi = bounds(">=", h.group(1)), bounds("<=", h.group(2))
            out.append(lo + hi)
            continue
        comps = []
        for tok in re.findall(r"(<=|>=|<|>|=|\^|~>?|)\s*(v?[0-9xX*][0-9A-Za-z.+-]*|\*|)", alt):
            op, v = tok
            if not v and not op:
                continue
            comps += bounds(op.rstrip(">"), v or "*")
        out.append(comps)
    return out


def satisfies(v, rng):
    p = parse(v)
    if p is None:
        return False
    core, pre = p
    core = list(core)
    for comps in range_sets(rng):
        ok = True
        for op, b in comps:
            b = list(b)
            ok = {">=": core >= b, "<=": core <= b, ">": core > b, "<": core < b, "=": core == b}[op]
            if not ok:
                break
        # node-semver: a prerelease matches only a range naming a prerelease of the same x.y.z.
        if ok and (pre is None or tuple(core) in prerelease_cores(rng)):
            return True
    return False


def prerelease_cores(rng):
    return {tuple(int(x) for x in m) for m in re.findall(r"(\d+)\.(\d+)\.(\d+)-", rng)}


def max_satisfying(versions, rng, latest=None):
    rng = (rng or "*").strip() or "*"
    if rng in ("latest", "*", "") and latest:
        return latest
    if latest and satisfies(latest, rng):
        # npm prefers the `latest` tag when it satisfies the range.
        return latest
    ok = [v for v in versions if parse(v) and satisfies(v, rng)]
    return max(ok, key=key) if ok else None


if __name__ == "__main__":
    table = [
        ("1.2.3", "^1.0.0", True),
        ("2.0.0", "^1.0.0", False),
        ("0.7.2", "^0.7.1", True),
        ("0.8.0", "^0.7.1", False),
        ("1.2.9", "~1.2.3", True),
        ("1.3.0", "~1.2.3", False),
        ("1.9.9", "1.x", True),
        ("3.0.0", ">=2 <3", False),
        ("2.5.0", ">=2 <3", True),
        ("4.1.0", "^3 || ^4", True),
        ("1.5.0", "1.0.0 - 2", True),
        ("3.0.0", "1.0.0 - 2", False),
        ("2.0.0-rc.1", "^1.9.0", False),
        ("5.0.0", "*", True),
        ("1.0.0-beta.2", "^1.0.0-beta.2", True),
        ("2.0.0-next.5", "^2.0.0-next.5", True),
        ("2.0.0-next.5", "^1.0.0", False),
    ]
    for v, r, want in table:
        assert satisfies(v, r) == want, (v, r, want)
    print("ok")
