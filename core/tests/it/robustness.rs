//! Arbitrary input never panics, spans stay inside the text, and large
//! inputs parse in one pass: a test compares the time for n and 8n units of
//! each pathological input, so an exponential or quadratic path fails it.

use layerlab_core::analyze;
use layerlab_core::lint::practice::check_practices;
use layerlab_core::lint::{check, lint, LintInput, LintRequest};
use proptest::prelude::*;
use std::time::Duration;

/// Text built from the pieces that make Dockerfile syntax interesting.
fn dockerfile_like() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "FROM ",
        "RUN ",
        "COPY ",
        "ADD ",
        "ENV ",
        "ARG ",
        "ONBUILD ",
        "HEALTHCHECK ",
        "CMD ",
        "LABEL ",
        "AS ",
        "--from=",
        "--mount=",
        "--",
        "=",
        "\"",
        "'",
        "\\",
        "`",
        "\n",
        "\r\n",
        " ",
        "\t",
        "#",
        "# escape=`\n",
        "# syntax=x\n",
        "<<EOF",
        "<<-EOF",
        "EOF\n",
        "[",
        "]",
        ",",
        "${",
        "}",
        "$",
        ":-",
        "é",
        "\u{feff}",
        "a",
        "1",
        "/",
        "*",
    ]);
    prop::collection::vec(piece, 0..80).prop_map(|pieces| pieces.concat())
}

fn check_invariants(text: &str) {
    let analysis = analyze(text);
    for d in &analysis.diagnostics {
        assert!(d.span.start() <= d.span.end() && d.span.end() <= text.len(), "span out of bounds: {d:?}");
        assert!(
            text.is_char_boundary(d.span.start()) && text.is_char_boundary(d.span.end()),
            "span splits a character: {d:?}"
        );
        assert!(d.start.line >= 1 && d.start.col >= 1);
    }
    for i in &analysis.instructions {
        assert!(i.span.end() <= text.len() && i.start_line <= i.end_line, "bad instruction span: {i:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_dockerfile_like_text(text in dockerfile_like()) {
        check_invariants(&text);
    }

    #[test]
    fn never_panics_on_any_text(text in any::<String>()) {
        check_invariants(&text);
    }

    /// Lint runs every rule on every keystroke too: it must never panic, and
    /// every finding must point inside the text.
    #[test]
    fn lint_never_panics(text in dockerfile_like()) {
        let args = std::collections::BTreeMap::new();
        for finding in check(&LintInput::new(&text, &args)).findings {
            prop_assert!(finding.span.end() <= text.len());
        }
        for finding in check_practices(&text) {
            prop_assert!(finding.span.end() <= text.len());
        }
        for finding in lint(&LintRequest::new(&text, &args)).findings {
            prop_assert!(finding.span.end() <= text.len());
        }
    }
}

/// Instructions the engine rules act on, so generated files build far enough
/// to reach them (the free-form generator above rarely parses).
fn engine_dockerfile() -> impl Strategy<Value = String> {
    let line = prop::sample::select(vec![
        "RUN apt-get update && apt-get install -y gcc",
        "RUN apk add --no-cache build-base",
        "RUN rm -rf /var/lib/apt/lists/*",
        "RUN rm -rf /app",
        "RUN pip install -r requirements.txt",
        "RUN npm ci",
        "RUN chown -R nobody /app",
        "RUN chmod -R 755 /app",
        "COPY . /app",
        "COPY .env id_rsa /app/",
        "COPY --from=0 /app /app",
        "WORKDIR /app",
        "USER app",
        "USER nobody",
        "ARG V=1",
        "RUN echo $V",
        "CMD python app.py",
        "ENTRYPOINT [\"sh\", \"-c\", \"sleep 1\"]",
        "FROM debian:bookworm-slim AS b",
        "FROM b",
        "RUN \\\n  true",
    ]);
    let base = prop::sample::select(vec!["FROM alpine:3.20", "FROM debian:bookworm-slim", "FROM python:3.12-slim"]);
    (base, prop::collection::vec(line, 0..10)).prop_map(|(base, lines)| format!("{base}\n{}\n", lines.join("\n")))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// The engine rules never panic, locate inside the text, and their
    /// mechanical fixes leave text the linter still reads without panicking.
    #[test]
    fn engine_rules_never_panic_and_fixes_apply(text in engine_dockerfile()) {
        let args = std::collections::BTreeMap::new();
        for finding in lint(&LintRequest::new(&text, &args)).findings {
            prop_assert!(finding.span.end() <= text.len() && text.is_char_boundary(finding.span.start()));
            if let Some(fix) = &finding.fix {
                let fixed = fix.apply(&text);
                let _ = lint(&LintRequest::new(&fixed, &args));
            }
        }
    }
}

#[test]
fn one_megabyte_dockerfile_parses() {
    let mut text = String::from("FROM alpine AS base\n");
    let mut n: usize = 0;
    while text.len() < 1_000_000 {
        n += 1;
        text.push_str(&format!(
            "RUN echo {n} && \\\n    apk add --no-cache pkg{n}\nENV V{n}=\"${{V{m}:-x}}\" W{n}=y\nCOPY --chown=app:app src{n} /app/{n}/\nFROM base AS s{n}\n",
            m = n.saturating_sub(1)
        ));
    }
    let analysis = analyze(&text);
    assert!(!analysis.has_errors(), "{:?}", analysis.diagnostics.first());
    assert_eq!(analysis.instructions.len(), 1 + 4 * n);
    assert_eq!(analysis.stages.len(), 1 + n);
}

/// The CPU time this thread spends in `f`. Wall time on a shared machine
/// counts whatever else the cores were doing; the thread's own CPU clock
/// counts only this work.
fn cpu_time(f: impl FnOnce()) -> Duration {
    fn now() -> Duration {
        let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: `t` is a valid timespec for the call to fill in.
        let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
        assert_eq!(status, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
        Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
    }
    let started = now();
    f();
    now() - started
}

/// Inputs that a naive quadratic or backtracking parser would be slow on,
/// each about `bytes` long. Each stays on lines under the 64 KiB at which
/// the line reader stops (Go's `bufio.Scanner` limit), or the larger input
/// would be cut short and look fast.
fn pathological(kind: &str, bytes: usize) -> String {
    match kind {
        "long continuation" => format!("FROM a\nRUN {}true\n", "x \\\n".repeat(bytes / 4)),
        "many heredocs" => format!("FROM a\nRUN {}\n", "<<EOF ".repeat(bytes / 6)),
        "deep quotes" => format!("FROM a\nENV A={}\n", "\"'".repeat(bytes / 2)),
        "many flags" => format!("FROM a\nCOPY {} a b\n", "--x=1 ".repeat(bytes / 6)),
        "long variable chain" => format!("FROM a\nENV {}\n", "V=${A:-y}$A ".repeat(bytes / 12)),
        _ => unreachable!("{kind}"),
    }
}

/// Each pathological input is analysed in time linear in its size: eight
/// times the input must take less than 24 times as long. Linear work gives
/// 8×, quadratic 64×, so 24× leaves a factor of 3 for noise (allocator
/// growth, cache misses, other processes' cache pollution) and still fails
/// a quadratic path. Each time is the thread's CPU time, the least of 9
/// interleaved runs: noise only ever adds time, so the minimum is the
/// closest to the work itself.
#[test]
fn pathological_inputs_take_linear_time() {
    const BYTES: usize = 7_000;
    for kind in ["long continuation", "many heredocs", "deep quotes", "many flags", "long variable chain"] {
        let small = pathological(kind, BYTES);
        let large = pathological(kind, 8 * BYTES);
        check_invariants(&large);
        let (mut t_small, mut t_large) = (Duration::MAX, Duration::MAX);
        for _ in 0..9 {
            t_small = t_small.min(cpu_time(|| drop(analyze(&small))));
            t_large = t_large.min(cpu_time(|| drop(analyze(&large))));
        }
        let ratio = t_large.as_secs_f64() / t_small.as_secs_f64();
        assert!(ratio < 24.0, "{kind}: {t_small:?} for {BYTES} bytes, {t_large:?} for 8×: {ratio:.1}× (quadratic?)");
    }
}

/// Docker command lines from the words that make them interesting: the
/// terminal runs whatever the user types.
fn docker_line() -> impl Strategy<Value = Vec<&'static str>> {
    let word = prop::sample::select(vec![
        "run",
        "create",
        "start",
        "stop",
        "kill",
        "restart",
        "pause",
        "unpause",
        "rm",
        "ps",
        "logs",
        "exec",
        "inspect",
        "stats",
        "port",
        "top",
        "network",
        "volume",
        "image",
        "container",
        "system",
        "builder",
        "images",
        "history",
        "tag",
        "rmi",
        "pull",
        "prune",
        "df",
        "ls",
        "save",
        "load",
        "build",
        "-d",
        "-a",
        "-q",
        "-f",
        "-t",
        "-it",
        "--rm",
        "--name",
        "web",
        "api",
        "-p",
        "8080:80",
        "-P",
        "--network",
        "backend",
        "create",
        "connect",
        "-v",
        "data:/data",
        "-e",
        "X=1",
        "-u",
        "nobody",
        "--restart",
        "always",
        "--entrypoint",
        "''",
        "-m",
        "64m",
        "--cpus",
        "0.5",
        "nginx",
        "alpine:3.22",
        "redis",
        "sh",
        "-c",
        "'exit 1'",
        "sleep",
        "5",
        "echo",
        "hi",
        "--filter",
        "status=exited",
        "dangling=true",
        "-s",
        "KILL",
        "--",
        "=",
        "'",
        "\"",
        "\\",
        "$X",
        "|",
        ";",
        "--no-stream",
        "--all",
        "--force",
        "-o",
        "x.json",
        "-i",
        ".",
    ]);
    prop::collection::vec(word, 1..12)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Any sequence of docker lines: never a panic, a status Docker could
    /// give, and the session replays to the same outputs.
    #[test]
    fn docker_lines_never_panic_and_sessions_replay(lines in prop::collection::vec(docker_line(), 1..8)) {
        use layerlab_core::docker::{MemoryHost, Session};
        let mut host = MemoryHost::new().with_file("Dockerfile", "FROM alpine:3.22\nRUN echo hi\n");
        let mut session = Session::new();
        let lines: Vec<String> = lines.iter().map(|w| format!("docker {}", w.join(" "))).collect();
        for (i, line) in lines.iter().enumerate() {
            let out = session.execute(line, &mut host, 1_795_000_000 + 7 * i as u64);
            prop_assert!(matches!(out.status, 0..=3 | 125..=127 | 137 | 143), "{line}: status {}", out.status);
        }
        let mut restored = Session::from_json(&session.to_json()).expect("a session always replays");
        let mut fresh = MemoryHost::new();
        let now = 1_795_001_000;
        prop_assert_eq!(restored.execute("docker ps -a", &mut fresh, now), session.execute("docker ps -a", &mut fresh, now));
        prop_assert_eq!(restored.execute("docker images", &mut fresh, now), session.execute("docker images", &mut fresh, now));
    }
}
