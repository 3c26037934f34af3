//! Pages for BuildKit's build checks, in our own words.

use super::{page, Page};

pub(super) static PAGES: &[Page] = &[
    page(
        "StageNameCasing",
        "Stage names are matched without regard to case, and BuildKit stores them in lower case. A mixed-case name reads as if case mattered, which misleads the next reader of `COPY --from`.",
        "FROM alpine:3.20 AS Builder\nRUN echo built > /out\n",
        "FROM alpine:3.20 AS builder\nRUN echo built > /out\n",
    ),
    page(
        "FromAsCasing",
        "`FROM` and `AS` are keywords of one instruction; writing one in capitals and the other in lower case is a typo magnet and makes files harder to scan.",
        "FROM alpine:3.20 as base\n",
        "FROM alpine:3.20 AS base\n",
    ),
    page(
        "NoEmptyContinuation",
        "A blank line inside a backslash-continued instruction is skipped today, but it is easy to misread as the end of the instruction, and BuildKit plans to make it an error.",
        "FROM alpine:3.20\nRUN echo one \\\n\n    two\n",
        "FROM alpine:3.20\nRUN echo one \\\n    two\n",
    ),
    page(
        "ConsistentInstructionCasing",
        "Instruction keywords work in any case, but mixing cases in one file makes it look as if they meant different things. Pick one casing, as most files do, upper case.",
        "FROM alpine:3.20\nrun echo hi\nCMD [\"sh\"]\n",
        "FROM alpine:3.20\nRUN echo hi\nCMD [\"sh\"]\n",
    ),
    page(
        "DuplicateStageName",
        "Two stages with one name make `COPY --from=name` and `--target name` ambiguous; BuildKit picks one of them, and it may not be the one you meant.",
        "FROM alpine:3.20 AS base\nFROM alpine:3.20 AS base\n",
        "FROM alpine:3.20 AS base\nFROM alpine:3.20 AS final\n",
    ),
    page(
        "ReservedStageName",
        "`scratch` and `context` already mean something to BuildKit (the empty image, the build context), so a stage with that name is shadowed or shadows them.",
        "FROM alpine:3.20 AS scratch\n",
        "FROM alpine:3.20 AS base\n",
    ),
    page(
        "JSONArgsRecommended",
        "In shell form, Docker runs your command as `/bin/sh -c \"...\"`, so the shell is PID 1 and the signals `docker stop` sends go to the shell, not to your program. JSON form runs your program directly.",
        "FROM alpine:3.20\nCMD echo hi\n",
        "FROM alpine:3.20\nCMD [\"echo\", \"hi\"]\n",
    ),
    page(
        "MaintainerDeprecated",
        "MAINTAINER was replaced by labels long ago; a label is searchable with `docker inspect` and follows the OCI annotation names.",
        "FROM alpine:3.20\nMAINTAINER Ada <ada@example.com>\n",
        "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"Ada <ada@example.com>\"\n",
    )
    .versus("Same as hadolint's DL4000, which fires on every MAINTAINER too (src/Hadolint/Rule/DL4000.hs); Layerlab reports it once, under BuildKit's name."),
    page(
        "UndefinedArgInFrom",
        "FROM can only use ARGs declared before the first FROM. An undeclared name expands to nothing, so the image reference silently changes.",
        "FROM alpine:${VERSION}\n",
        "ARG VERSION=3.20\nFROM alpine:${VERSION}\n",
    ),
    page(
        "WorkdirRelativePath",
        "A relative WORKDIR is joined to the current one, which comes from the base image unless you set it. If the base image changes its WORKDIR, your files move.",
        "FROM alpine:3.20\nWORKDIR app\n",
        "FROM alpine:3.20\nWORKDIR /app\n",
    ),
    page(
        "UndefinedVar",
        "A variable that was never set with ARG or ENV expands to an empty string without any error, which usually means a typo or a missing declaration.",
        "FROM alpine:3.20\nENV PATH=$PATH:$APP_HOME/bin\n",
        "FROM alpine:3.20\nENV APP_HOME=/app\nENV PATH=$PATH:$APP_HOME/bin\n",
    ),
    page(
        "MultipleInstructionsDisallowed",
        "An image has one CMD, one ENTRYPOINT and one HEALTHCHECK; when a stage sets one twice, only the last counts and the first is dead code.",
        "FROM alpine:3.20\nCMD [\"echo\", \"one\"]\nCMD [\"echo\", \"two\"]\n",
        "FROM alpine:3.20\nCMD [\"echo\", \"two\"]\n",
    ),
    page(
        "LegacyKeyValueFormat",
        "`ENV key value` (a space, no `=`) is an old form that can set only one variable and treats the rest of the line as the value; `key=value` is unambiguous.",
        "FROM alpine:3.20\nENV APP_HOME /app\n",
        "FROM alpine:3.20\nENV APP_HOME=/app\n",
    ),
    page(
        "InvalidBaseImagePlatform",
        "The base image was resolved for another platform than the one being built, so the build would run foreign binaries (through emulation, or not at all).",
        "FROM arm64v8/alpine:3.20\n",
        "FROM alpine:3.20\n",
    ),
    page(
        "RedundantTargetPlatform",
        "FROM already uses the target platform by default; spelling out `--platform=$TARGETPLATFORM` adds nothing.",
        "FROM --platform=$TARGETPLATFORM alpine:3.20\n",
        "FROM alpine:3.20\n",
    ),
    page(
        "SecretsUsedInArgOrEnv",
        "ARG and ENV values are recorded in the image's history and config, where anyone with the image can read them. Pass a secret with `docker build --secret id=api_token,env=API_TOKEN` and mount it into the one RUN that needs it (`RUN --mount=type=secret,id=api_token,env=API_TOKEN ...`, or as a file under /run/secrets): it exists for that step only, never in a layer, the history or the config, and changing it does not invalidate the cache.",
        "FROM alpine:3.20\nARG API_TOKEN\n",
        "FROM alpine:3.20\nRUN --mount=type=secret,id=api_token,env=API_TOKEN true\n",
    ),
    page(
        "InvalidDefaultArgInFrom",
        "With its default value, the ARG leaves the FROM reference empty or malformed, so the build fails unless someone remembers to pass `--build-arg`.",
        "ARG TAG\nFROM alpine:${TAG}\n",
        "ARG TAG=3.20\nFROM alpine:${TAG}\n",
    ),
    page(
        "FromPlatformFlagConstDisallowed",
        "A fixed `--platform` pins the stage to one architecture, which defeats multi-platform builds; use `$BUILDPLATFORM` or `$TARGETPLATFORM` instead.",
        "FROM --platform=linux/amd64 alpine:3.20\n",
        "FROM --platform=$BUILDPLATFORM alpine:3.20\n",
    ),
    super::Page {
        rule: "CopyIgnoredFile",
        explanation: "The file is excluded by .dockerignore, so it never reaches the builder and the COPY fails or copies less than it says.",
        bad: "FROM alpine:3.20\nCOPY notes.txt /\n",
        good: "FROM alpine:3.20\nCOPY app.txt /\n",
        context: &[(".dockerignore", "notes.txt\n"), ("notes.txt", "x\n"), ("app.txt", "x\n")],
        versus_hadolint: "",
    },
    page(
        "InvalidDefinitionDescription",
        "A comment right above a stage or an ARG is read as its description only when it starts with the stage's or ARG's name; otherwise tools show it as a broken description.",
        "# check=experimental=InvalidDefinitionDescription\n# the image everything builds on\nFROM alpine:3.20 AS base\n",
        "# check=experimental=InvalidDefinitionDescription\n# base is the image everything builds on\nFROM alpine:3.20 AS base\n",
    ),
    page(
        "ExposeProtoCasing",
        "Protocols in EXPOSE are lower case (`tcp`, `udp`); other spellings are accepted today but are not the documented form.",
        "FROM alpine:3.20\nEXPOSE 53/UDP\n",
        "FROM alpine:3.20\nEXPOSE 53/udp\n",
    ),
    page(
        "ExposeInvalidFormat",
        "EXPOSE documents a port of the container; the host side (address, host port) is chosen by `docker run -p`, not by the image.",
        "FROM alpine:3.20\nEXPOSE 8080:80\n",
        "FROM alpine:3.20\nEXPOSE 80\n",
    ),
];
