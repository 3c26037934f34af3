//! Pages for the best-practice rules, in our own words.

use super::{page, Page};

pub(super) static PAGES: &[Page] = &[
    page(
        "WorkdirNotAbsolute",
        "A relative WORKDIR depends on whatever directory came before it, often one chosen by the base image or many lines above. An absolute path says where your files go.",
        "FROM alpine:3.20\nWORKDIR /srv\nWORKDIR app\n",
        "FROM alpine:3.20\nWORKDIR /srv/app\n",
    )
    .versus("Same as hadolint's DL3000: `/`, `$…` and `C:` paths are absolute, quotes aside. Where BuildKit's WorkdirRelativePath fires too (no WORKDIR set yet in the stage), Layerlab reports that one alone; this rule is left for a relative WORKDIR after an absolute one."),
    page(
        "LastUserRoot",
        "Containers run as the image's last USER. As root, a bug in the app is a bug with every permission in the container; an unprivileged user limits the damage.",
        "FROM alpine:3.20\nRUN adduser -D app\nUSER app\nUSER root\n",
        "FROM alpine:3.20\nRUN adduser -D app\nUSER app\n",
    )
    .versus("hadolint reports every stage whose last USER is root; Layerlab looks only at the stage the build ships (the last, or `--target`), since a builder stage's user never runs the app."),
    page(
        "CdInRun",
        "`cd` lasts only until the end of its RUN, so the next instruction is back where it started. WORKDIR sets the directory for every later instruction and for the container.",
        "FROM alpine:3.20\nRUN mkdir -p /src && cd /src && touch main.c\n",
        "FROM alpine:3.20\nWORKDIR /src\nRUN touch main.c\n",
    )
    .versus("Same as hadolint's DL3003: any `cd` among the RUN's commands."),
    page(
        "SudoInRun",
        "Build steps already run as the current USER, root unless you changed it. sudo is usually not installed, and where it is it adds a TTY and PATH behaviour builds do not expect.",
        "FROM debian:12\nRUN sudo apt-get update\n",
        "FROM debian:12\nUSER root\nRUN apt-get update\n",
    )
    .versus("Same as hadolint's DL3004, ONBUILD triggers included."),
    page(
        "ImageNotTagged",
        "Without a tag Docker uses `latest`, which points to a different image as soon as the publisher pushes; the same Dockerfile then builds something else.",
        "FROM alpine\n",
        "FROM alpine:3.20\n",
    )
    .versus("Same as hadolint's DL3006: no tag and no digest, except `scratch`, a `$VARIABLE` and an earlier stage's name."),
    page(
        "LatestTag",
        "`latest` is just a tag that moves; pinning a version keeps builds repeatable and makes upgrades a deliberate edit.",
        "FROM alpine:latest\n",
        "FROM alpine:3.20\n",
    )
    .versus("Same as hadolint's DL3007: `:latest` without a digest."),
    page(
        "AptNotPinned",
        "Unpinned packages install whatever version the mirror has today, so two builds of one Dockerfile can differ. Pinning makes the change visible in the file.",
        "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
        "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 && rm -rf /var/lib/apt/lists/*\n",
    )
    .versus("As hadolint's DL3008: only `apt-get install` (`apt` is DL3027's); a package with `=`, a `/release` or a `.deb` counts as pinned, and `-t`'s value is no package. Layerlab also skips a package named by a `$VARIABLE`, whose value it cannot see."),
    page(
        "AptListsNotDeleted",
        "`apt-get update` downloads package lists, tens of megabytes nobody needs at run time. Delete them in the same RUN; a later RUN cannot take the bytes back out of the layer.",
        "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8\n",
        "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 && rm -rf /var/lib/apt/lists/*\n",
    )
    .versus("As hadolint's DL3009: `apt-get update` (or `apt update`) without removing /var/lib/apt/lists in the same RUN, in the final stage and the stages it is built FROM. Differences: any `rm` of a path under /var/lib/apt/lists counts (hadolint wants `rm -rf /var/lib/apt/lists/*` exactly); any `--mount` of /var/lib/apt or its lists silences it (hadolint: a cache or tmpfs mount of the lists, or of both /var/lib/apt and /var/cache/apt); `aptitude update` and the docker-clean tweak are not read."),
    page(
        "AptNoYes",
        "A build has no keyboard: when apt-get asks for confirmation, the answer is empty and the install aborts. `-y` answers yes in advance.",
        "FROM debian:12\nRUN apt-get install curl\n",
        "FROM debian:12\nRUN apt-get install -y curl\n",
    )
    .versus("As hadolint's DL3014: `apt-get install` only, answered by `-y`, `--yes`, `--assume-yes`, `-qq`, `-q` twice, `--quiet` twice or `-q=2`. Layerlab also takes `--quiet=2` and more than two `q`s (hadolint wants exactly two)."),
    page(
        "AptRecommends",
        "By default apt also installs \"recommended\" packages, often more than the one you asked for; `--no-install-recommends` keeps the image to what you named.",
        "FROM debian:12\nRUN apt-get install -y curl\n",
        "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n",
    )
    .versus("Same as hadolint's DL3015: `apt-get install` only (`apt` is DL3027's), silenced by `--no-install-recommends` or by `APT::Install-Recommends=false` given as an option."),
    page(
        "AptCliInScript",
        "`apt` is the interactive front end: its output and options may change between releases and it warns when used in scripts. `apt-get` is the stable interface.",
        "FROM debian:12\nRUN apt install -y curl\n",
        "FROM debian:12\nRUN apt-get install -y curl\n",
    )
    .versus("Same as hadolint's DL3027: any `apt` command."),
    page(
        "PipNotPinned",
        "`pip install flask` takes the newest release on every build; a pinned version (or a requirements file with pins) makes builds repeatable.",
        "FROM python:3.12\nRUN pip install --no-cache-dir flask\n",
        "FROM python:3.12\nRUN pip install --no-cache-dir flask==3.0.0\n",
    )
    .versus("hadolint lets a whole `pip install` go when it installs from `-r`, `.` or a constraints file (`-c`); Layerlab still reports an unpinned package named beside them. Paths, wheels, archives and VCS URLs count as pinned in both."),
    page(
        "PipCache",
        "pip keeps every downloaded wheel in ~/.cache/pip. In an image that cache is dead weight: nothing will install from it again.",
        "FROM python:3.12\nRUN pip install flask==3.0.0\n",
        "FROM python:3.12\nRUN pip install --no-cache-dir flask==3.0.0\n",
    )
    .versus("As hadolint's DL3042: `--no-cache-dir`, `PIP_NO_CACHE_DIR` set by ENV or on the command, or a cache or tmpfs mount of `.cache/pip` silence it. Layerlab reads `pip`, `pip2…`, `pip3…` and `python -m pip`, and an ENV value of `0`, `false`, `no` or `off` does not count."),
    page(
        "NpmNotPinned",
        "`npm install express` records whatever version is current; name a version (or install from a lockfile with `npm ci`) so builds repeat.",
        "FROM node:20\nRUN npm install express\n",
        "FROM node:20\nRUN npm install express@4.19.2\n",
    )
    .versus("As hadolint's DL3016, with `npm i` and `npm add` read as the `npm install` they stand for (hadolint reads `install` only)."),
    page(
        "ApkNotPinned",
        "Unpinned apk packages follow the repository; pin the version you tested so a rebuild does not pick up a different one.",
        "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
        "FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0\n",
    )
    .versus("Same as hadolint's DL3018: `=`, `~`, `<`, `>` or an `.apk` file pin a package; the values of `-t/--virtual` and `-X/--repository` are no packages."),
    page(
        "ApkCache",
        "Without `--no-cache`, apk stores its package index in /var/cache/apk inside the layer; `--no-cache` fetches it, uses it and leaves nothing behind.",
        "FROM alpine:3.20\nRUN apk add curl=8.9.1-r0\n",
        "FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0\n",
    )
    .versus("Same as hadolint's DL3019: `--no-cache`, or a cache or tmpfs mount of /var/cache/apk."),
    page(
        "AddForLocalFiles",
        "ADD also downloads URLs and unpacks archives, so a reader must check which one happens. For plain local files COPY says exactly what it does.",
        "FROM alpine:3.20\nADD app.py /app/\n",
        "FROM alpine:3.20\nCOPY app.py /app/\n",
    )
    .versus("hadolint accepts only archives and http(s) URLs as ADD sources; Layerlab also accepts git sources (`git@…`, `git://`, `ssh://`), which BuildKit's ADD clones, and sources named by a `$VARIABLE`."),
    page(
        "ShellFormCommand",
        "Shell-form CMD and ENTRYPOINT run under the image's shell (`/bin/sh -c`, or what SHELL sets), which gets the signals meant for your program. JSON form starts the program itself.",
        "FROM alpine:3.20\nSHELL [\"/bin/ash\", \"-c\"]\nCMD python app.py\n",
        "FROM alpine:3.20\nSHELL [\"/bin/ash\", \"-c\"]\nCMD [\"python\", \"app.py\"]\n",
    )
    .versus("hadolint also reports a shell-form HEALTHCHECK CMD; Layerlab does not: the rule is about the signals PID 1 receives, and a healthcheck is not PID 1. Where BuildKit's JSONArgsRecommended fires too (no SHELL set), Layerlab reports that one alone, with this rule's fix; this rule is left for a stage with a SHELL."),
    page(
        "ConsecutiveRuns",
        "Each RUN makes a layer and a cache entry. Steps that always change together are simpler as one RUN, and a cleanup only saves space in the RUN that made the mess.",
        "FROM alpine:3.20\nRUN mkdir /data\nRUN touch /data/ready\n",
        "FROM alpine:3.20\nRUN mkdir /data && touch /data/ready\n",
    )
    .versus("As hadolint's DL3059: adjacent RUNs (comments between them do not separate them) with the same `--mount`, `--network` and `--security` flags, neither chaining more than two commands. Layerlab compares `--device` too, and counts a command run through `sudo` twice (as sudo and as the command)."),
    page(
        "PipeWithoutPipefail",
        "A POSIX shell reports only the last command of a pipe. If `curl` fails in `curl ... | tar x`, tar still succeeds and the step passes with nothing installed; `pipefail` makes the failure count.",
        "FROM alpine:3.20\nRUN wget -O - https://example.com/x.tar | tar x\n",
        "FROM alpine:3.20\nSHELL [\"/bin/ash\", \"-o\", \"pipefail\", \"-c\"]\nRUN wget -O - https://example.com/x.tar | tar x\n",
    )
    .versus("As hadolint's DL4006: a RUN with a pipe, unless the stage's SHELL is not a POSIX shell or runs with `-o pipefail`. Layerlab also accepts `set -o pipefail` earlier in the same RUN, and `-o pipefail` for sh, dash, ksh and mksh (hadolint: bash, zsh and ash only)."),
];
