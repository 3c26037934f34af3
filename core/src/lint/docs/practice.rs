//! Pages for the best-practice rules, in our own words.

use super::{page, Page};

pub(super) static PAGES: &[Page] = &[
    page(
        "WorkdirNotAbsolute",
        "A relative WORKDIR depends on whatever directory came before it, often one chosen by the base image. An absolute path says where your files go.",
        "FROM alpine:3.20\nWORKDIR app\n",
        "FROM alpine:3.20\nWORKDIR /app\n",
    ),
    page(
        "LastUserRoot",
        "Containers run as the image's last USER. As root, a bug in the app is a bug with every permission in the container; an unprivileged user limits the damage.",
        "FROM alpine:3.20\nRUN adduser -D app\nUSER app\nUSER root\n",
        "FROM alpine:3.20\nRUN adduser -D app\nUSER app\n",
    ),
    page(
        "CdInRun",
        "`cd` lasts only until the end of its RUN, so the next instruction is back where it started. WORKDIR sets the directory for every later instruction and for the container.",
        "FROM alpine:3.20\nRUN mkdir -p /src && cd /src && touch main.c\n",
        "FROM alpine:3.20\nWORKDIR /src\nRUN touch main.c\n",
    ),
    page(
        "SudoInRun",
        "Build steps already run as the current USER, root unless you changed it. sudo is usually not installed, and where it is it adds a TTY and PATH behaviour builds do not expect.",
        "FROM debian:12\nRUN sudo apt-get update\n",
        "FROM debian:12\nUSER root\nRUN apt-get update\n",
    ),
    page(
        "ImageNotTagged",
        "Without a tag Docker uses `latest`, which points to a different image as soon as the publisher pushes; the same Dockerfile then builds something else.",
        "FROM alpine\n",
        "FROM alpine:3.20\n",
    ),
    page(
        "LatestTag",
        "`latest` is just a tag that moves; pinning a version keeps builds repeatable and makes upgrades a deliberate edit.",
        "FROM alpine:latest\n",
        "FROM alpine:3.20\n",
    ),
    page(
        "AptNotPinned",
        "Unpinned packages install whatever version the mirror has today, so two builds of one Dockerfile can differ. Pinning makes the change visible in the file.",
        "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
        "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 && rm -rf /var/lib/apt/lists/*\n",
    ),
    page(
        "AptListsNotDeleted",
        "`apt-get update` downloads package lists, tens of megabytes nobody needs at run time. Delete them in the same RUN; a later RUN cannot take the bytes back out of the layer.",
        "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8\n",
        "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 && rm -rf /var/lib/apt/lists/*\n",
    ),
    page(
        "AptNoYes",
        "A build has no keyboard: when apt-get asks for confirmation, the answer is empty and the install aborts. `-y` answers yes in advance.",
        "FROM debian:12\nRUN apt-get install curl\n",
        "FROM debian:12\nRUN apt-get install -y curl\n",
    ),
    page(
        "AptRecommends",
        "By default apt also installs \"recommended\" packages, often more than the one you asked for; `--no-install-recommends` keeps the image to what you named.",
        "FROM debian:12\nRUN apt-get install -y curl\n",
        "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n",
    ),
    page(
        "AptCliInScript",
        "`apt` is the interactive front end: its output and options may change between releases and it warns when used in scripts. `apt-get` is the stable interface.",
        "FROM debian:12\nRUN apt install -y curl\n",
        "FROM debian:12\nRUN apt-get install -y curl\n",
    ),
    page(
        "PipNotPinned",
        "`pip install flask` takes the newest release on every build; a pinned version (or a requirements file with pins) makes builds repeatable.",
        "FROM python:3.12\nRUN pip install --no-cache-dir flask\n",
        "FROM python:3.12\nRUN pip install --no-cache-dir flask==3.0.0\n",
    ),
    page(
        "PipCache",
        "pip keeps every downloaded wheel in ~/.cache/pip. In an image that cache is dead weight: nothing will install from it again.",
        "FROM python:3.12\nRUN pip install flask==3.0.0\n",
        "FROM python:3.12\nRUN pip install --no-cache-dir flask==3.0.0\n",
    ),
    page(
        "NpmNotPinned",
        "`npm install express` records whatever version is current; name a version (or install from a lockfile with `npm ci`) so builds repeat.",
        "FROM node:20\nRUN npm install express\n",
        "FROM node:20\nRUN npm install express@4.19.2\n",
    ),
    page(
        "ApkNotPinned",
        "Unpinned apk packages follow the repository; pin the version you tested so a rebuild does not pick up a different one.",
        "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
        "FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0\n",
    ),
    page(
        "ApkCache",
        "Without `--no-cache`, apk stores its package index in /var/cache/apk inside the layer; `--no-cache` fetches it, uses it and leaves nothing behind.",
        "FROM alpine:3.20\nRUN apk add curl=8.9.1-r0\n",
        "FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0\n",
    ),
    page(
        "AddForLocalFiles",
        "ADD also downloads URLs and unpacks archives, so a reader must check which one happens. For plain local files COPY says exactly what it does.",
        "FROM alpine:3.20\nADD app.py /app/\n",
        "FROM alpine:3.20\nCOPY app.py /app/\n",
    ),
    page(
        "ShellFormCommand",
        "Shell-form CMD and ENTRYPOINT run under `/bin/sh -c`, which gets the signals meant for your program. JSON form starts the program itself.",
        "FROM alpine:3.20\nCMD python app.py\n",
        "FROM alpine:3.20\nCMD [\"python\", \"app.py\"]\n",
    ),
    page(
        "ConsecutiveRuns",
        "Each RUN makes a layer and a cache entry. Steps that always change together are simpler as one RUN, and a cleanup only saves space in the RUN that made the mess.",
        "FROM alpine:3.20\nRUN mkdir /data\nRUN touch /data/ready\n",
        "FROM alpine:3.20\nRUN mkdir /data && touch /data/ready\n",
    ),
    page(
        "Maintainer",
        "MAINTAINER is deprecated; the author belongs in the standard label `org.opencontainers.image.authors`.",
        "FROM alpine:3.20\nMAINTAINER Ada <ada@example.com>\n",
        "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"Ada <ada@example.com>\"\n",
    ),
    page(
        "PipeWithoutPipefail",
        "A POSIX shell reports only the last command of a pipe. If `curl` fails in `curl ... | tar x`, tar still succeeds and the step passes with nothing installed; `pipefail` makes the failure count.",
        "FROM alpine:3.20\nRUN wget -O - https://example.com/x.tar | tar x\n",
        "FROM alpine:3.20\nSHELL [\"/bin/ash\", \"-o\", \"pipefail\", \"-c\"]\nRUN wget -O - https://example.com/x.tar | tar x\n",
    ),
];
