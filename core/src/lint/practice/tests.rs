//! Data-driven tests of the best-practice rules: for each rule a firing case
//! and a quiet look-alike, fixes that silence their rule, heredoc and
//! multi-stage cases, and a property that no input panics.

use super::*;

/// `(rule, Dockerfile where it fires, look-alike where it stays quiet)`.
const CASES: &[(&str, &str, &str)] = &[
    ("WorkdirNotAbsolute", "FROM alpine:3.20\nWORKDIR app\n", "FROM alpine:3.20\nWORKDIR /app\nWORKDIR $HOME\n"),
    (
        "WorkdirNotAbsolute",
        "FROM alpine:3.20\nWORKDIR \"app/src\"\n",
        "FROM alpine:3.20\nWORKDIR \"/app\"\nWORKDIR C:\\\\app\n",
    ),
    ("LastUserRoot", "FROM alpine:3.20\nUSER app\nUSER root\n", "FROM alpine:3.20\nUSER root\nUSER app\n"),
    ("LastUserRoot", "FROM alpine:3.20\nUSER 0:0\n", "FROM alpine:3.20\nUSER 1000:0\n"),
    ("LastUserRoot", "FROM alpine:3.20\nUSER root:root\n", "FROM alpine:3.20\nUSER rooty\n"),
    ("CdInRun", "FROM alpine:3.20\nRUN apk info && cd /tmp && ls\n", "FROM alpine:3.20\nRUN echo cd /tmp\n"),
    ("SudoInRun", "FROM alpine:3.20\nRUN sudo ls\n", "FROM alpine:3.20\nRUN echo sudo\n"),
    (
        "AptNoYes",
        "FROM debian:12\nRUN sudo -u root apt-get install curl\n",
        "FROM debian:12\nRUN sudo apt-get install -y curl\n",
    ),
    ("AptCliInScript", "FROM debian:12\nRUN sudo apt update\n", "FROM debian:12\nRUN sudo apt-get update\n"),
    ("ImageNotTagged", "FROM alpine\n", "FROM alpine:3.20\n"),
    ("ImageNotTagged", "FROM localhost:5000/app\n", "FROM localhost:5000/app:1.0\n"),
    (
        "ImageNotTagged",
        "FROM debian\n",
        "FROM debian@sha256:0000000000000000000000000000000000000000000000000000000000000000\n",
    ),
    ("ImageNotTagged", "FROM node\n", "FROM scratch\n"),
    ("ImageNotTagged", "FROM golang:1.22 AS build\nFROM builder\n", "FROM golang:1.22 AS build\nFROM build\n"),
    ("ImageNotTagged", "FROM python\n", "ARG BASE=python:3.12\nFROM $BASE\n"),
    ("LatestTag", "FROM alpine:latest\n", "FROM alpine:3.20\n"),
    ("LatestTag", "FROM alpine:latest\n", "FROM alpine:latest-ish\n"),
    (
        "AptNotPinned",
        "FROM debian:12\nRUN apt-get install -y curl\n",
        "FROM debian:12\nRUN apt-get install -y curl=7.88.1-10\n",
    ),
    (
        "AptNotPinned",
        "FROM debian:12\nRUN apt-get update && apt-get install -y -o Dpkg::Options::=x curl\n",
        "FROM debian:12\nRUN apt-get install -y ./local.deb\n",
    ),
    (
        "AptListsNotDeleted",
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
    ),
    (
        "AptListsNotDeleted",
        "FROM debian:12 AS base\nRUN apt-get update\nFROM base\nRUN true\n",
        "FROM debian:12 AS build\nRUN apt-get update\nFROM debian:12\nCOPY --from=build /x /x\n",
    ),
    (
        "AptListsNotDeleted",
        "FROM debian:12\nRUN apt-get update\n",
        "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update\n",
    ),
    ("AptNoYes", "FROM debian:12\nRUN apt-get install curl\n", "FROM debian:12\nRUN apt-get install -qq curl\n"),
    (
        "AptNoYes",
        "FROM debian:12\nRUN apt-get install curl\n",
        "FROM debian:12\nRUN apt-get --assume-yes install curl\n",
    ),
    ("AptNoYes", "FROM debian:12\nRUN apt-get -q install curl\n", "FROM debian:12\nRUN apt-get -qy install curl\n"),
    (
        "AptRecommends",
        "FROM debian:12\nRUN apt-get install -y curl\n",
        "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n",
    ),
    ("AptCliInScript", "FROM debian:12\nRUN apt install -y curl\n", "FROM debian:12\nRUN apt-get install -y curl\n"),
    (
        "PipNotPinned",
        "FROM python:3.12\nRUN pip install flask\n",
        "FROM python:3.12\nRUN pip install flask==3.0.0 'requests>=2'\n",
    ),
    (
        "PipNotPinned",
        "FROM python:3.12\nRUN python -m pip install flask\n",
        "FROM python:3.12\nRUN pip install -r requirements.txt .\n",
    ),
    (
        "PipCache",
        "FROM python:3.12\nRUN pip3 install flask==3.0.0\n",
        "FROM python:3.12\nRUN pip3 install --no-cache-dir flask==3.0.0\n",
    ),
    (
        "PipCache",
        "FROM python:3.12\nRUN pip install flask==3.0.0\n",
        "FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask==3.0.0\n",
    ),
    (
        "PipCache",
        "FROM python:3.12\nRUN pip install x==1\n",
        "FROM python:3.12\nRUN PIP_NO_CACHE_DIR=1 pip install x==1\n",
    ),
    (
        "NpmNotPinned",
        "FROM node:20\nRUN npm install express\n",
        "FROM node:20\nRUN npm install express@4.19.2 @types/node@20.1.0\n",
    ),
    ("NpmNotPinned", "FROM node:20\nRUN npm i -g @angular/cli\n", "FROM node:20\nRUN npm install && npm ci\n"),
    (
        "ApkNotPinned",
        "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
        "FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0\n",
    ),
    (
        "ApkNotPinned",
        "FROM alpine:3.20\nRUN apk add --no-cache --virtual .deps curl\n",
        "FROM alpine:3.20\nRUN apk add --no-cache --virtual .deps curl~8.9\n",
    ),
    (
        "ApkCache",
        "FROM alpine:3.20\nRUN apk add curl=8.9.1-r0\n",
        "FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0\n",
    ),
    ("AddForLocalFiles", "FROM alpine:3.20\nADD app.py /app/\n", "FROM alpine:3.20\nCOPY app.py /app/\n"),
    (
        "AddForLocalFiles",
        "FROM alpine:3.20\nADD src.tar.gz app.py /app/\n",
        "FROM alpine:3.20\nADD https://example.com/a.txt rootfs.tar.xz /app/\n",
    ),
    ("ShellFormCommand", "FROM alpine:3.20\nCMD python app.py\n", "FROM alpine:3.20\nCMD [\"python\", \"app.py\"]\n"),
    (
        "ShellFormCommand",
        "FROM alpine:3.20\nENTRYPOINT nginx -g 'daemon off;'\n",
        "FROM alpine:3.20\nENTRYPOINT [\"nginx\"]\n",
    ),
    ("ConsecutiveRuns", "FROM alpine:3.20\nRUN a\nRUN b\n", "FROM alpine:3.20\nRUN a\nWORKDIR /x\nRUN b\n"),
    (
        "ConsecutiveRuns",
        "FROM alpine:3.20\nRUN a\n# note\nRUN b\n",
        "FROM alpine:3.20\nRUN a\nRUN --mount=type=cache,target=/c b\n",
    ),
    // Exec form counts as one command (hadolint's foldArguments reads both forms).
    ("ConsecutiveRuns", "FROM alpine:3.20\nRUN a && b\nRUN [\"c\"]\n", "FROM alpine:3.20\nRUN a && b && c\nRUN d\n"),
    (
        "ConsecutiveRuns",
        "FROM alpine:3.20 AS a\nRUN a\nRUN b\nFROM a\nRUN c\n",
        "FROM alpine:3.20 AS a\nRUN a\nFROM a\nRUN c\n",
    ),
    ("SudoInRun", "FROM alpine:3.20\nONBUILD RUN sudo ls\n", "FROM alpine:3.20\nONBUILD RUN ls\n"),
    (
        "PipeWithoutPipefail",
        "FROM alpine:3.20\nRUN wget -O - https://x | tar x\n",
        "FROM alpine:3.20\nSHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]\nRUN wget -O - https://x | tar x\n",
    ),
    (
        "PipeWithoutPipefail",
        "FROM alpine:3.20\nRUN wget -O - https://x | tar x && set -o pipefail\n",
        "FROM alpine:3.20\nRUN set -o pipefail && wget -O - https://x | tar x\n",
    ),
    (
        "PipeWithoutPipefail",
        "FROM alpine:3.20 AS a\nSHELL [\"/bin/sh\", \"-o\", \"pipefail\", \"-c\"]\nFROM alpine:3.20\nRUN a | b\n",
        "FROM alpine:3.20\nRUN a || b\nSHELL [\"pwsh\", \"-c\"]\nRUN a | b\n",
    ),
];

fn codes(source: &str) -> Vec<&'static str> {
    check_practices(source).into_iter().map(|f| f.rule.name).collect()
}

fn fires(source: &str, code: &str) -> bool {
    codes(source).contains(&code)
}

#[test]
fn every_rule_fires_and_its_look_alike_is_quiet() {
    for (code, firing, quiet) in CASES {
        assert!(practice_rule(code).is_some(), "{code} is not in the table");
        assert!(fires(firing, code), "{code} should fire on:\n{firing}\ngot {:?}", codes(firing));
        assert!(!fires(quiet, code), "{code} should be quiet on:\n{quiet}\ngot {:?}", codes(quiet));
    }
}

#[test]
fn every_rule_has_a_case() {
    for rule in PRACTICE_RULES {
        assert!(CASES.iter().any(|(code, ..)| *code == rule.name), "no case for {}", rule.name);
    }
    let mut codes: Vec<&str> = PRACTICE_RULES.iter().filter_map(|r| r.hadolint).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), PRACTICE_RULES.len());
}

/// Applies every fix of `code` (one at a time, re-checking) until it is quiet.
fn apply_fixes(source: &str, code: &str) -> String {
    let mut text = source.to_string();
    for _ in 0..10 {
        let Some(finding) = check_practices(&text).into_iter().find(|f| f.rule.name == code) else { return text };
        let fix = finding.fix.unwrap_or_else(|| panic!("{code} has no fix on:\n{text}"));
        text.replace_range(finding.span.range(), &fix.text);
    }
    text
}

#[test]
fn fixes_silence_their_rule() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "ShellFormCommand",
            "FROM alpine:3.20\nCMD python app.py\n",
            "FROM alpine:3.20\nCMD [\"python\", \"app.py\"]\n",
        ),
        (
            "ShellFormCommand",
            "FROM alpine:3.20\nENTRYPOINT echo \"$HOME\" > /x\n",
            "FROM alpine:3.20\nENTRYPOINT [\"/bin/sh\", \"-c\", \"echo \\\"$HOME\\\" > /x\"]\n",
        ),
        (
            "AptRecommends",
            "FROM debian:12\nRUN apt-get update && apt-get install -y curl \\\n    git\n",
            "FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y curl \\\n    git\n",
        ),
        (
            "AptNoYes",
            "FROM debian:12\nRUN apt-get install curl && apt-get install -y git\n",
            "FROM debian:12\nRUN apt-get install -y curl && apt-get install -y git\n",
        ),
        ("ApkCache", "FROM alpine:3.20\nRUN apk add curl=1\n", "FROM alpine:3.20\nRUN apk add --no-cache curl=1\n"),
        (
            "ApkCache",
            "FROM alpine:3.20\nONBUILD RUN apk add curl=1\n",
            "FROM alpine:3.20\nONBUILD RUN apk add --no-cache curl=1\n",
        ),
        (
            "ApkCache",
            "FROM alpine:3.20\nRUN <<EOF\napk update\napk add curl=1\nEOF\n",
            "FROM alpine:3.20\nRUN <<EOF\napk update\napk add --no-cache curl=1\nEOF\n",
        ),
    ];
    for (code, before, after) in cases {
        assert!(fires(before, code), "{code} should fire on:\n{before}");
        let fixed = apply_fixes(before, code);
        assert_eq!(&fixed, after, "{code}");
        assert!(!fires(&fixed, code), "{code} still fires after its fix:\n{fixed}");
    }
}

#[test]
fn heredoc_scripts_are_read() {
    let source = "FROM debian:12\nRUN <<EOF\nset -e\napt-get update\napt-get install curl\ncd /tmp\nEOF\n";
    let found = codes(source);
    for code in ["AptNotPinned", "AptListsNotDeleted", "AptNoYes", "AptRecommends", "CdInRun"] {
        assert!(found.contains(&code), "{code} missing from {found:?}");
    }
    // A heredoc fed to `cat` is data, not a script.
    assert!(codes("FROM debian:12\nRUN cat <<EOF > /etc/notes\napt-get install curl\nEOF\n").is_empty());
    // A heredoc fed to bash is a script.
    assert!(fires("FROM debian:12\nRUN bash <<EOF\nsudo true\nEOF\n", "SudoInRun"));
}

#[test]
fn compound_commands_are_still_read() {
    let source = "FROM debian:12\nRUN if true; then apt-get install -y curl; fi\n";
    assert!(fires(source, "AptNotPinned"), "{:?}", codes(source));
}

#[test]
fn last_user_is_judged_in_the_final_stage_only() {
    assert!(!fires("FROM alpine:3.20 AS build\nUSER root\nFROM alpine:3.20\nUSER app\n", "LastUserRoot"));
    assert!(fires("FROM alpine:3.20 AS build\nUSER app\nFROM alpine:3.20\nUSER root\n", "LastUserRoot"));
    assert!(!fires("FROM alpine:3.20\nUSER root\nFROM alpine:3.20\n", "LastUserRoot"));
}

#[test]
fn findings_are_located_at_the_instruction_start() {
    let source = "FROM debian:12\nRUN apt-get update \\\n  && apt-get install -y curl\n";
    let finding = check_practices(source).into_iter().find(|f| f.rule.name == "AptListsNotDeleted").unwrap();
    assert_eq!(finding.line, 2);
    assert_eq!(finding.rule.hadolint, Some("DL3009"));
    assert!(source[finding.span.range()].starts_with("RUN apt-get update"));
    let consecutive =
        check_practices("FROM a:1\nRUN a\nRUN b\n").into_iter().find(|f| f.rule.name == "ConsecutiveRuns");
    assert_eq!(consecutive.map(|f| f.line), Some(3));
}

/// Broken or half-typed files (the editor lints every keystroke): the rules
/// neither panic nor guess about text that did not parse into a stage, and
/// still judge the instructions that did.
#[test]
fn odd_inputs_give_only_the_findings_they_earn() {
    let cases: &[(&str, &[&str])] = &[
        ("", &[]),
        ("RUN x", &[]),
        ("FROM", &[]),
        ("FROM a:1\nRUN <<EOF\n", &[]),
        ("FROM a:1\nRUN '\n", &[]),
        // A bare CMD is read as an empty shell-form command.
        ("FROM a:1\nCMD", &["ShellFormCommand"]),
        ("FROM a:1\nWORKDIR é\n", &["WorkdirNotAbsolute"]),
    ];
    for (source, expected) in cases {
        let names: Vec<&str> = check_practices(source).iter().map(|f| f.rule.name).collect();
        assert_eq!(names, *expected, "{source:?}");
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::check_practices;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics(source in "\\PC*") {
            let _ = check_practices(&source);
        }

        #[test]
        fn never_panics_on_dockerfile_like_text(
            lines in proptest::collection::vec(
                "(FROM|RUN|CMD|USER|WORKDIR|ADD|SHELL|ENV|ENTRYPOINT|MAINTAINER|run) [ -~\\t]{0,30}(\\\\)?",
                0..8,
            )
        ) {
            let source = lines.join("\n");
            for finding in check_practices(&source) {
                prop_assert!(finding.span.end() <= source.len());
                if let Some(fix) = finding.fix {
                    let mut fixed = source.clone();
                    fixed.replace_range(finding.span.range(), &fix.text);
                    let _ = check_practices(&fixed);
                }
            }
        }
    }
}

/// Scripts read once give the same commands as reading the RUN again, and a
/// RUN from elsewhere (not among those read) is read on demand.
#[test]
fn scripts_read_once_match_reading_each_run() {
    use std::borrow::Cow;
    let source = "FROM debian:12\nRUN apt-get update && sudo apt-get install -y curl\nRUN <<EOF\nset -e\nmake\nEOF\n";
    let file = instructions::from_syntax(&syntax::parse(source));
    let scripts = script::Scripts::of(&file);
    let runs: Vec<&Run> = file.stages[0]
        .instructions
        .iter()
        .filter_map(|i| if let Instruction::Run(run) = i { Some(run) } else { None })
        .collect();
    assert_eq!(runs.len(), 2);
    let words = |s: &script::Script| s.commands.iter().map(|c| c.words.join(" ")).collect::<Vec<_>>();
    for run in &runs {
        let shared = scripts.get(run);
        assert!(matches!(shared, Cow::Borrowed(_)));
        assert_eq!(words(&shared), words(&script::read(run)));
    }
    assert_eq!(
        words(&scripts.get(runs[0])),
        ["apt-get update", "sudo apt-get install -y curl", "apt-get install -y curl"]
    );
    let other = instructions::from_syntax(&syntax::parse("FROM a\n\n\n\nRUN ls\n"));
    let Some(Instruction::Run(elsewhere)) = other.stages[0].instructions.first() else { panic!("a RUN") };
    let read_now = scripts.get(elsewhere);
    assert!(matches!(read_now, Cow::Owned(_)));
    assert_eq!(words(&read_now), ["ls"]);
}

/// hadolint 2.x's semantics for the aliased apt and RUN rules, read from its
/// source (hadolint/hadolint src/Hadolint/Rule/DL3059.hs, DL3008.hs,
/// DL3014.hs, DL3015.hs, DL3027.hs).
mod hadolint {
    use super::*;

    fn fires(rule: &str, dockerfile: &str) -> bool {
        check_practices(dockerfile).iter().any(|f| f.rule.name == rule)
    }

    /// DL3059: not reported when either RUN chains more than two commands
    /// (`foldArguments countCommands ar > 2 || count (state st) > 2`) or when
    /// their flags differ (`flags (state st) /= fl`); same flags still count.
    #[test]
    fn dl3059_counts_commands_and_compares_flags() {
        assert!(fires("ConsecutiveRuns", "FROM alpine:3.20\nRUN a && b\nRUN c && d\n"));
        assert!(!fires("ConsecutiveRuns", "FROM alpine:3.20\nRUN a && b && c\nRUN d\n"));
        assert!(!fires("ConsecutiveRuns", "FROM alpine:3.20\nRUN a\nRUN b; c | d\n"));
        assert!(!fires("ConsecutiveRuns", "FROM alpine:3.20\nRUN a\nRUN --mount=type=cache,target=/c b\n"));
        assert!(!fires(
            "ConsecutiveRuns",
            "FROM alpine:3.20\nRUN --mount=type=cache,target=/c a\nRUN --mount=type=cache,target=/d b\n"
        ));
        assert!(fires(
            "ConsecutiveRuns",
            "FROM alpine:3.20\nRUN --mount=type=cache,target=/c a\nRUN --mount=type=cache,target=/c b\n"
        ));
        assert!(!fires("ConsecutiveRuns", "FROM alpine:3.20\nRUN --network=none a\nRUN b\n"));
    }

    /// DL3008, DL3014 and DL3015 match `cmdHasArgs "apt-get" ["install"]`:
    /// `apt install` is DL3027's alone.
    #[test]
    fn apt_install_is_dl3027s_and_apt_get_installs_the_others() {
        let apt = "FROM debian:12\nRUN apt install curl\n";
        assert!(fires("AptCliInScript", apt));
        for rule in ["AptNotPinned", "AptNoYes", "AptRecommends"] {
            assert!(!fires(rule, apt), "{rule}");
            assert!(fires(rule, "FROM debian:12\nRUN apt-get install curl\n"), "{rule}");
        }
    }

    /// DL3008's `versionFixed`: `=`, a `/` (a release) or a `.deb`; `-t`'s value is no package.
    #[test]
    fn dl3008_takes_a_release_or_a_deb_as_pinned() {
        for quiet in [
            "RUN apt-get install -y curl/bookworm-backports",
            "RUN apt-get install -y ./pkg.deb",
            "RUN apt-get install -y -t bookworm-backports curl=8.0",
        ] {
            assert!(!fires("AptNotPinned", &format!("FROM debian:12\n{quiet}\n")), "{quiet}");
        }
    }

    /// DL3014's `hasYesOption`: `-y`, `--yes`, `-qq`, `--assume-yes`, or `q`
    /// given twice (`countFlag "q" cmd == 2`), `--quiet` twice, `-q=2`.
    #[test]
    fn dl3014_counts_quiet_flags_across_words() {
        for quiet in ["-q -q", "--quiet --quiet", "-qq", "-q=2", "--assume-yes", "-yq"] {
            let dockerfile = format!("FROM debian:12\nRUN apt-get install {quiet} curl=1\n");
            assert!(!fires("AptNoYes", &dockerfile), "{quiet}");
        }
        assert!(fires("AptNoYes", "FROM debian:12\nRUN apt-get install -q curl=1\n"));
    }

    /// DL3015's `disablesRecommendOption`: the flag, or the apt option given as an argument.
    #[test]
    fn dl3015_accepts_the_apt_option() {
        assert!(!fires(
            "AptRecommends",
            "FROM debian:12\nRUN apt-get install -y -o APT::Install-Recommends=false curl=1\n"
        ));
    }
}
