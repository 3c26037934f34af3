//! Data-driven tests of the engine rules: for each a firing case, a quiet
//! look-alike, and (where the fix is mechanical) the fix applied makes the
//! rule go quiet. The rule pages' examples are tested too (`docs/tests.rs`).

use crate::lint::docs::tests::{run, run_fixed};
use crate::lint::LintReport;

/// Whether the firing case's fix must carry edits.
#[derive(Debug, Clone, Copy, PartialEq)]
enum FixKind {
    Mechanical,
    TextOnly,
}

struct Case {
    rule: &'static str,
    fires: &'static str,
    quiet: &'static str,
    context: &'static [(&'static str, &'static str)],
    fix: FixKind,
}

use FixKind::*;

const CASES: &[Case] = &[
    Case {
        // Debian's catalog config has an empty (not absent) ENTRYPOINT: CMD decides.
        rule: "ShellIsPid1",
        fires: "FROM debian:bookworm-slim\nCMD sleep 5\n",
        quiet: "FROM debian:bookworm-slim\nCMD [\"sleep\", \"5\"]\n",
        context: &[],
        fix: Mechanical,
    },
    Case {
        rule: "InstallAfterCopyAll",
        fires: "FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD [\"node\", \"server.js\"]\n",
        quiet: "FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nCMD [\"node\", \"server.js\"]\n",
        context: &[("package.json", "{\"dependencies\": {\"express\": \"4.19.2\"}}"), ("package-lock.json", "{}"), ("server.js", "x")],
        fix: Mechanical,
    },
    Case {
        // An install that needs the code (`pip install .`) is not misplaced.
        rule: "InstallAfterCopyAll",
        fires: "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n",
        quiet: "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir .\n",
        context: &[("requirements.txt", "flask==3.0.0\n"), ("app.py", "print(1)\n"), ("pyproject.toml", "")],
        fix: Mechanical,
    },
    Case {
        rule: "InstallAfterCopyAll",
        fires: "FROM debian:bookworm-slim\nCOPY . /src\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
        quiet: "FROM debian:bookworm-slim\nCOPY main.c /src/\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
        context: &[("main.c", "int main(){}\n")],
        fix: Mechanical,
    },
    Case {
        rule: "DeletedInLaterLayer",
        fires: "FROM alpine:3.20\nRUN apk add --no-cache curl\nRUN apk del curl\n",
        quiet: "FROM alpine:3.20\nRUN apk add --no-cache curl && apk del curl\n",
        context: &[],
        fix: Mechanical,
    },
    Case {
        // A COPY then a delete: not mechanical (the file comes from the context).
        rule: "DeletedInLaterLayer",
        fires: "FROM alpine:3.20\nCOPY big.bin /tmp/\nRUN rm /tmp/big.bin\n",
        quiet: "FROM alpine:3.20\nCOPY big.bin /tmp/\nRUN cat /tmp/big.bin > /dev/null\n",
        context: &[("big.bin", "0123456789")],
        fix: TextOnly,
    },
    Case {
        rule: "ChownCopiesFiles",
        fires: "FROM alpine:3.20\nCOPY app/ /app/\nRUN chmod -R 755 /app\n",
        quiet: "FROM alpine:3.20\nCOPY app/ /app/\nRUN chmod 755 /app\n",
        context: &[("app/run.sh", "echo hi\n"), ("app/lib.sh", "true\n")],
        fix: Mechanical,
    },
    Case {
        rule: "ChownCopiesFiles",
        fires: "FROM node:20-slim\nCOPY . /app\nRUN chown -R node:node /app && ls /app\n",
        quiet: "FROM node:20-slim\nCOPY --chown=node:node . /app\nRUN ls /app\n",
        context: &[("server.js", "x")],
        fix: TextOnly,
    },
    Case {
        rule: "BuildToolsInFinalImage",
        fires: "FROM alpine:3.20\nRUN apk add --no-cache build-base\n",
        quiet: "FROM alpine:3.20 AS build\nRUN apk add --no-cache build-base\nFROM alpine:3.20\nCOPY --from=build /etc/os-release /\n",
        context: &[],
        fix: TextOnly,
    },
    Case {
        rule: "BuildToolsInFinalImage",
        fires: "FROM python:3.12-slim\nRUN pip install flask==3.0.0\n",
        quiet: "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.0\n",
        context: &[],
        fix: TextOnly,
    },
    Case {
        rule: "ShellIsPid1",
        // Debian's dash stays PID 1 (catalog::shells); `exec` hands PID 1 over.
        fires: "FROM debian:bookworm-slim\nENTRYPOINT [\"sh\", \"-c\", \"sleep 1000\"]\n",
        quiet: "FROM debian:bookworm-slim\nENTRYPOINT [\"sh\", \"-c\", \"exec sleep 1000\"]\n",
        context: &[],
        fix: Mechanical,
    },
    Case {
        rule: "ShellIsPid1",
        fires: "FROM debian:bookworm-slim\nCMD cd /tmp && sleep 1000\n",
        // busybox ash execs the last command itself: sleep, not the shell, is PID 1.
        quiet: "FROM alpine:3.20\nCMD cd /tmp && sleep 1000\n",
        context: &[],
        fix: TextOnly,
    },
    Case {
        rule: "UserNotFound",
        fires: "FROM debian:bookworm-slim\nUSER app\nCMD [\"sleep\", \"1\"]\n",
        quiet: "FROM debian:bookworm-slim\nUSER nobody\nCMD [\"sleep\", \"1\"]\n",
        context: &[],
        fix: Mechanical,
    },
    Case {
        rule: "UserNotFound",
        fires: "FROM alpine:3.20\nUSER app\nRUN id\n",
        quiet: "FROM alpine:3.20\nUSER 1000\nRUN id\n",
        context: &[],
        fix: Mechanical,
    },
    // Found by the fix property (core/tests/it/properties.rs): an ARG declared
    // twice before its use is moved as one, or the first stays behind.
    Case {
        rule: "ArgBustsCacheEarly",
        fires: "FROM alpine:3.20\nARG CACHEBUST=1\nARG CACHEBUST=1\nRUN apk add --no-cache curl=8.9.1-r0\nRUN echo $CACHEBUST > /build-id\n",
        quiet: "FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.1-r0\nARG CACHEBUST=1\nRUN echo $CACHEBUST > /build-id\n",
        context: &[],
        fix: Mechanical,
    },
    // Found by the fix property (core/tests/it/properties.rs): the account
    // must be made before the first USER, or the RUN that makes it runs as
    // the missing user.
    Case {
        rule: "UserNotFound",
        fires: "FROM alpine:3.20\nUSER app\nUSER app\nRUN echo built > /out\n",
        quiet: "FROM alpine:3.20\nRUN adduser -D app\nUSER app\nUSER app\nRUN echo built > /out\n",
        context: &[],
        fix: Mechanical,
    },
    Case {
        rule: "SecretInLayer",
        fires: "FROM node:20-slim\nWORKDIR /app\nCOPY . .\n",
        quiet: "FROM node:20-slim\nWORKDIR /app\nCOPY . .\n",
        context: &[(".env", "TOKEN=x\n"), ("server.js", "x")],
        fix: Mechanical,
    },
    Case {
        rule: "SecretInLayer",
        fires: "FROM alpine:3.20\nCOPY certs/server.pem /etc/ssl/\n",
        quiet: "FROM alpine:3.20\nCOPY certs/server.crt /etc/ssl/\n",
        context: &[("certs/server.pem", "k"), ("certs/server.crt", "c")],
        fix: TextOnly,
    },
    Case {
        rule: "ArgBustsCacheEarly",
        fires: "FROM debian:bookworm-slim\nARG BUILD_DATE\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nLABEL org.opencontainers.image.created=$BUILD_DATE\n",
        quiet: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nARG BUILD_DATE\nLABEL org.opencontainers.image.created=$BUILD_DATE\n",
        context: &[],
        fix: Mechanical,
    },
];

fn fired(report: &LintReport, rule: &str) -> bool {
    report.findings.iter().any(|f| f.rule.name == rule)
}

#[test]
fn engine_rules_fire_stay_quiet_on_look_alikes_and_their_fixes_work() {
    for case in CASES {
        let bad = run(case.fires, case.context);
        let finding = bad.findings.iter().find(|f| f.rule.name == case.rule);
        let Some(finding) = finding else { panic!("{}: does not fire on\n{}\n{:?}", case.rule, case.fires, bad.notes) };
        // The secret look-alike differs in its context, not in its Dockerfile.
        let quiet_context: Vec<(&str, &str)> = if case.rule == "SecretInLayer" && case.fires == case.quiet {
            let mut c: Vec<(&str, &str)> = case.context.to_vec();
            c.push((".dockerignore", ".env\n"));
            c
        } else {
            case.context.to_vec()
        };
        let quiet = run(case.quiet, &quiet_context);
        assert!(
            !fired(&quiet, case.rule),
            "{}: fires on the look-alike\n{}\n{:?}",
            case.rule,
            case.quiet,
            quiet.findings
        );
        let fix = finding.fix.as_ref().expect("every engine finding has a fix");
        assert_eq!(fix.edits.is_empty(), case.fix == TextOnly, "{}: {fix:?}", case.rule);
        if case.fix == Mechanical {
            let (fixed, again) = run_fixed(case.fires, case.context, fix);
            assert!(
                !fired(&again, case.rule),
                "{}: still fires after the fix\n{fixed}\n{:?}",
                case.rule,
                again.findings
            );
        }
    }
}

#[test]
fn figures_come_from_the_simulation() {
    // apt lists added in one layer and deleted in the next: the waste is the lists' measured size.
    let report = run("FROM debian:bookworm-slim\nRUN apt-get update\nRUN rm -rf /var/lib/apt/lists/*\n", &[]);
    let f = report.findings.iter().find(|f| f.rule.name == "DeletedInLaterLayer").expect("fires");
    let lists = crate::shell::packages::apt_lists_bytes(crate::shell::packages::DebianRelease::Bookworm);
    assert!(lists > 0);
    assert_eq!(f.cost.and_then(|c| c.bytes), Some(lists), "{}", f.message);
    assert!(f.message.starts_with("line 3 deletes") && f.message.contains("line 2"), "{}", f.message);

    // Without --context the bytes of copied files are unknown, not zero.
    let report = run("FROM alpine:3.20\nCOPY big.bin /tmp/\nRUN rm /tmp/big.bin\n", &[]);
    let f = report.findings.iter().find(|f| f.rule.name == "DeletedInLaterLayer").expect("fires");
    assert_eq!(f.cost.and_then(|c| c.bytes), None);
    assert!(report.notes.iter().any(|n| n.contains("no --context")));

    // The ARG rule counts the steps a new value rebuilds before the first use.
    let report = run("FROM alpine:3.20\nARG V=1\nRUN true\nRUN true\nRUN echo $V\n", &[]);
    let f = report.findings.iter().find(|f| f.rule.name == "ArgBustsCacheEarly").expect("fires");
    assert_eq!(f.cost.and_then(|c| c.rebuilt_steps), Some(2), "{}", f.message);
}

#[test]
fn target_picks_the_stages_the_engine_builds() {
    let text =
        "FROM debian:bookworm-slim AS dev\nCMD sleep 1000\nFROM debian:bookworm-slim AS prod\nCMD [\"sleep\", \"1000\"]\n";
    let args = Default::default();
    let mut request = crate::lint::LintRequest::new(text, &args);
    assert!(!fired(&crate::lint::lint(&request), "ShellIsPid1"), "the last stage is the default target");
    request.target = Some("dev");
    assert!(fired(&crate::lint::lint(&request), "ShellIsPid1"));
    request.target = Some("nope");
    let report = crate::lint::lint(&request);
    assert!(report.notes.iter().any(|n| n.contains("target stage \"nope\" not found")), "{:?}", report.notes);
}

/// The "what if" edit is to app code: a visible file before a dotfile.
#[test]
fn the_cache_order_rule_edits_app_code_not_a_dotfile() {
    let report = run(
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n",
        &[(".env", "X=1\n"), ("requirements.txt", "flask==3.0.0\n"), ("app.py", "print(1)\n")],
    );
    let finding = report.findings.iter().find(|f| f.rule.name == "InstallAfterCopyAll").expect("fires");
    assert!(finding.message.contains("editing app.py rebuilds"), "{}", finding.message);
}

/// `cd … && exec app` hands PID 1 to the app: ShellIsPid1 stays quiet.
#[test]
fn a_trailing_exec_in_shell_form_is_not_shell_pid1() {
    let fired = |source: &str| run(source, &[]).findings.iter().any(|f| f.rule.name == "ShellIsPid1");
    assert!(fired("FROM python:3.12-slim\nCMD cd /srv && python app.py\n"));
    assert!(!fired("FROM python:3.12-slim\nCMD cd /srv && exec python app.py\n"));
}

/// With `--target`, the best practices about the final image (DL3002 last
/// USER root, DL3009 apt lists) look at the target, the image that ships.
#[test]
fn target_decides_which_stage_is_the_final_image() {
    use crate::lint::{lint, LintRequest};
    let source = "FROM debian:bookworm-slim AS build\nRUN apt-get update && apt-get install -y --no-install-recommends make\nUSER root\n\nFROM debian:bookworm-slim\nUSER nobody\n";
    let args = std::collections::BTreeMap::new();
    let rules = |target: Option<&str>| {
        let mut request = LintRequest::new(source, &args);
        request.target = target;
        lint(&request).findings.iter().map(|f| f.rule.name).collect::<Vec<_>>()
    };
    let whole = rules(None);
    assert!(!whole.contains(&"LastUserRoot") && !whole.contains(&"AptListsNotDeleted"), "{whole:?}");
    let build = rules(Some("Build"));
    assert!(build.contains(&"LastUserRoot") && build.contains(&"AptListsNotDeleted"), "{build:?}");
}

/// A caller that already parsed and built the request (the façade, once per
/// edit) gets the same report as lint parsing and building on its own, even
/// when its cache holds other builds too.
#[test]
fn a_provided_parse_and_build_give_the_same_report() {
    use crate::build::{build_with, BuildCache, BuildOptions, BuildRequest};
    use crate::context::BuildContext;
    use crate::lint::{lint, LintRequest, PriorBuild};
    let args = std::collections::BTreeMap::new();
    // Each case's look-alike, then its firing file, over one cache (so the
    // caller's cache holds other builds too); and a file with stages to target.
    let staged = "FROM python:3.12-slim AS dev\nCOPY . .\nRUN pip install -r requirements.txt\nCMD python app.py\n\
                  FROM alpine:3.20\nCOPY --from=dev /app.py /\nUSER app\n";
    let staged_context: &[(&str, &str)] = &[("requirements.txt", "flask==3.0.3\n"), ("app.py", "print(1)\n")];
    let inputs = CASES
        .iter()
        .map(|case| (vec![case.quiet, case.fires], case.context))
        .chain(std::iter::once((vec![staged], staged_context)));
    let mut checked = 0;
    for (sources, files) in inputs {
        let files = files.iter().map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()));
        let context = BuildContext::from_files(files).expect("a valid .dockerignore");
        let mut cache = BuildCache::default();
        for target in [None, Some("DEV"), Some("nope")] {
            for source in &sources {
                let parsed = crate::syntax::parse(source);
                let file = crate::instructions::from_syntax(&parsed);
                let request = BuildRequest {
                    dockerfile: source,
                    context: &context,
                    build_args: args.clone(),
                    target: target.map(str::to_string),
                    no_cache: false,
                    session: Default::default(),
                };
                let options = BuildOptions { log: true, parsed: Some((&parsed, &file)) };
                let outcome = build_with(&request, &mut cache, &options);
                let mut plain = LintRequest::new(source, &args);
                plain.context = Some(&context);
                plain.target = target;
                let mut given = plain;
                given.parsed = Some((&parsed, &file));
                given.build = Some(PriorBuild { outcome: &outcome, cache: &cache });
                let report = lint(&given);
                assert_eq!(report, lint(&plain), "{target:?}:\n{source}");
                // Without a context the engine builds over placeholders: the parse is still reused.
                let mut placeholders = LintRequest::new(source, &args);
                placeholders.target = target;
                placeholders.parsed = given.parsed;
                placeholders.build = given.build;
                let mut fresh = LintRequest::new(source, &args);
                fresh.target = target;
                assert_eq!(lint(&placeholders), lint(&fresh), "{target:?}:\n{source}");
                checked += usize::from(!report.findings.is_empty());
            }
        }
    }
    assert!(checked > CASES.len() * 2, "the reports compared were mostly empty: {checked}");
}

/// The engine's rules say where they come from, and UserNotFound fails the build.
#[test]
fn the_engine_table_is_the_engines() {
    use super::{EngineRule, ENGINE_RULES};
    use crate::lint::{Level, Source};
    assert!(ENGINE_RULES.iter().all(|r| r.source == Source::Engine && r.url.is_none()));
    assert_eq!(EngineRule::ArgBustsCacheEarly.rule().name, "ArgBustsCacheEarly");
    assert_eq!(EngineRule::UserNotFound.rule().level, Level::Error);
}
