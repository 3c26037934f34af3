//! Pages for the engine rules, in our own words.

use super::{page, Page};

pub(super) static PAGES: &[Page] = &[
    page(
        "InstallAfterCopyAll",
        "BuildKit reuses a step only while everything before it is unchanged. After `COPY . .`, any edit to any file invalidates every later step, so a dependency install placed there runs again on every code change. Copy the manifests first, install, then copy the rest.",
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD [\"python\", \"app.py\"]\n",
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt ./\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
    ),
    page(
        "DeletedInLaterLayer",
        "An image is a stack of layers and every layer is kept. Deleting a file in a later step only hides it; the bytes stay in the layer that added it and are downloaded with the image. Delete in the same RUN that creates.",
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nRUN rm -rf /var/lib/apt/lists/*\n",
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
    ),
    page(
        "ChownCopiesFiles",
        "Changing a file's owner or mode in a later step writes the whole file into a new layer, so every copied byte is stored twice. COPY can set owner and mode as it copies.",
        "FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN chown -R node:node /app\nUSER node\n",
        "FROM node:20-slim\nWORKDIR /app\nCOPY --chown=node:node . .\nUSER node\n",
    ),
    page(
        "BuildToolsInFinalImage",
        "Compilers, toolchains and download caches are needed to build, not to run. Left in the final image they cost space on every pull and give an attacker tools. A multi-stage build keeps them in a stage that never ships.",
        "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev && rm -rf /var/lib/apt/lists/*\nCOPY main.c .\nRUN gcc -o /usr/local/bin/app main.c\nCMD [\"app\"]\n",
        "FROM debian:bookworm-slim AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev && rm -rf /var/lib/apt/lists/*\nCOPY main.c .\nRUN gcc -o /usr/local/bin/app main.c\nFROM debian:bookworm-slim\nCOPY --from=build /usr/local/bin/app /usr/local/bin/app\nCMD [\"app\"]\n",
    ),
    page(
        "ShellIsPid1",
        "`docker stop` sends SIGTERM to PID 1 and kills the container 10 seconds later. When PID 1 is `/bin/sh -c`, the shell does not pass SIGTERM to your program, so it never gets to shut down cleanly: every stop takes the full 10 s and ends in SIGKILL.",
        "FROM python:3.12-slim\nCMD python -m http.server\n",
        "FROM python:3.12-slim\nCMD [\"python\", \"-m\", \"http.server\"]\n",
    ),
    page(
        "UserNotFound",
        "USER only records a name; it does not create the account. A RUN after it, or the container at start, looks the name up in /etc/passwd and fails if it is not there.",
        "FROM debian:bookworm-slim\nUSER app\nRUN whoami\n",
        "FROM debian:bookworm-slim\nRUN useradd --create-home app\nUSER app\nRUN whoami\n",
    ),
    page(
        "SecretInLayer",
        "A file that is copied into a layer stays in that layer for good: `rm` in a later step only hides it, and anyone with the image can extract it with `docker save`. Keep secrets out of the context (.dockerignore) and mount them into the one RUN that needs them.",
        "FROM alpine:3.20\nCOPY id_rsa /root/.ssh/id_rsa\nRUN rm /root/.ssh/id_rsa\n",
        "FROM alpine:3.20\nRUN --mount=type=secret,id=deploy_key,target=/root/.ssh/id_rsa true\n",
    ),
    page(
        "ArgBustsCacheEarly",
        "Docker documents that every RUN after an ARG line gets the ARG in its environment, so a new value is a cache miss for all of them, whether they mention the ARG or not. Declaring the ARG just before its first use keeps the earlier steps cached.",
        "FROM alpine:3.20\nARG CACHEBUST=1\nRUN apk add --no-cache curl=8.9.1-r0\nRUN echo $CACHEBUST > /build-id\n",
        "FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0\nARG CACHEBUST=1\nRUN echo $CACHEBUST > /build-id\n",
    ),
];
