//! Properties that state behaviour, over generated Dockerfiles: the node
//! dump is a faithful record of the parse, a lint fix silences its rule
//! without breaking the file, a session journal replays to the same image
//! ids, and a comment changes no cache decision.

use layerlab_core::build::{build, BuildCache, BuildRequest, CacheDecision, MissCause};
use layerlab_core::context::BuildContext;
use layerlab_core::docker::{MemoryHost, Session};
use layerlab_core::lint::docs::{all_rules, Page};
use layerlab_core::lint::{lint, LintReport, LintRequest};
use layerlab_core::syntax;
use proptest::prelude::*;
use std::collections::BTreeMap;

// ---------------------------------------------------------------------------
// parse → BuildKit dump → parse

/// Arguments made of the pieces BuildKit's parser treats specially: quotes,
/// escapes, `$` references, `=`, JSON brackets, continuations, comments.
fn words() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "a",
        "b1",
        "/app",
        "x y",
        " ",
        "  ",
        "\"q r\"",
        "'s t'",
        "\\\\",
        "\\\"",
        "$v",
        "${v:-w}",
        "=",
        "k=v",
        ":",
        ",",
        "-",
        "é",
        "\\\n  ",
        "\\\n# c\n  ",
        "[\"j\", \"k l\"]",
        "[",
        "]",
        "\t",
    ]);
    prop::collection::vec(piece, 1..8).prop_map(|p| p.concat())
}

fn instruction() -> impl Strategy<Value = String> {
    let keyword = prop::sample::select(vec![
        "FROM",
        "RUN",
        "CMD",
        "ENTRYPOINT",
        "SHELL",
        "COPY",
        "ADD",
        "VOLUME",
        "WORKDIR",
        "USER",
        "STOPSIGNAL",
        "MAINTAINER",
        "EXPOSE",
        "ARG",
        "ENV",
        "LABEL",
        "HEALTHCHECK CMD",
        "ONBUILD RUN",
        "run",
        "Copy",
    ]);
    let flags =
        prop::sample::select(vec!["", "--from=b ", "--chown=1:1 ", "--mount=type=cache,target=/c --network=none "]);
    (keyword, flags, words()).prop_map(|(k, f, w)| format!("{k} {f}{w}"))
}

/// Instructions the parser knows, and the keyword of a lone continuation at
/// the end of the file. (A line the previous one did not continue, such as
/// `"q r"`, is an instruction with an unknown keyword, which the dump cannot
/// tell from its arguments.)
const KEYWORDS: &[&str] = &[
    "",
    "from",
    "run",
    "cmd",
    "entrypoint",
    "shell",
    "copy",
    "add",
    "volume",
    "workdir",
    "user",
    "stopsignal",
    "maintainer",
    "expose",
    "arg",
    "env",
    "label",
    "healthcheck",
    "onbuild",
];

fn parsable_dockerfile() -> impl Strategy<Value = String> {
    let blank = prop::sample::select(vec!["", "\n", "# a comment\n", "  \n"]);
    prop::collection::vec((blank, instruction()), 1..8)
        .prop_map(|lines| lines.into_iter().map(|(b, i)| format!("{b}{i}\n")).collect::<String>())
        .prop_filter("BuildKit's parser accepts it, every keyword known", |text| {
            let parsed = syntax::parse(text);
            parsed.errors.is_empty()
                && parsed.nodes.iter().all(|n| KEYWORDS.contains(&n.keyword.to_lowercase().as_str()))
        })
}

/// Go's `strconv.Unquote` for what `%q` writes.
fn go_unquote(quoted: &str) -> String {
    let inner = &quoted[1..quoted.len() - 1];
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let hex = |chars: &mut std::str::Chars, n: usize| {
            let digits: String = chars.take(n).collect();
            u32::from_str_radix(&digits, 16).ok().and_then(char::from_u32).expect("a valid escape")
        };
        match chars.next().expect("an escape") {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            'x' => out.push(hex(&mut chars, 2)),
            'u' => out.push(hex(&mut chars, 4)),
            'U' => out.push(hex(&mut chars, 8)),
            other => out.push(other),
        }
    }
    out
}

/// One dump line's words: the keyword, the flags and the quoted arguments;
/// `(onbuild (run "x"))` gives the inner node as its argument.
fn read_dump_node(text: &str) -> (String, Vec<String>, Vec<String>, Option<String>) {
    let body = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')).expect("a node");
    // A node without a keyword dumps as its arguments alone: `("")`.
    let (keyword, mut rest) =
        if body.starts_with('"') { ("", body) } else { body.split_once(' ').unwrap_or((body, "")) };
    if rest.starts_with('(') {
        return (keyword.to_string(), Vec::new(), Vec::new(), Some(rest.to_string()));
    }
    let mut quoted = Vec::new();
    let mut flags = Vec::new();
    let mut in_flags = false;
    while !rest.is_empty() {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix('[') {
            in_flags = true;
            rest = r;
            continue;
        }
        if let Some(r) = rest.strip_prefix(']') {
            in_flags = false;
            rest = r;
            continue;
        }
        // A Go-quoted string: up to the first unescaped quote.
        let bytes = rest.as_bytes();
        let mut end = 1;
        while bytes[end] != b'"' {
            end += if bytes[end] == b'\\' { 2 } else { 1 };
        }
        let word = go_unquote(&rest[..=end]);
        if in_flags {
            flags.push(word);
        } else {
            quoted.push(word);
        }
        rest = &rest[end + 1..];
    }
    (keyword.to_string(), flags, quoted, None)
}

/// A Dockerfile line that BuildKit parses into the dumped node, written as
/// each instruction's argument parser reads it (JSON arrays where the
/// instruction takes one, the rest of the line where it takes a string).
fn dockerfile_line(node: &str) -> String {
    let (keyword, flags, args, sub) = read_dump_node(node);
    if keyword.is_empty() {
        // Only a lone continuation at the end of the file makes one (the
        // escape character, then nothing): BuildKit keeps it as a node.
        return "\\".to_string();
    }
    let mut line = keyword.to_uppercase();
    for flag in &flags {
        // The flag reader removes quotes and escapes; escape what it would read.
        line.push(' ');
        for ch in flag.chars() {
            if ch.is_whitespace() || matches!(ch, '"' | '\'' | '\\') {
                line.push('\\');
            }
            line.push(ch);
        }
    }
    let json = |args: &[String]| serde_json::to_string(args).expect("JSON");
    let rest = match keyword.as_str() {
        "onbuild" => dockerfile_line(sub.as_deref().expect("a sub-instruction")),
        "run" | "cmd" | "entrypoint" | "shell" | "copy" | "add" | "volume" => json(&args),
        "healthcheck" if args.first().is_some_and(|a| a == "CMD") => format!("CMD {}", json(&args[1..])),
        // (NAME, VALUE, OPERATOR) triples: `""` is the legacy `ENV NAME VALUE`
        // form, which keeps the rest of the line as the value; `=` the
        // `NAME=VALUE` form.
        "env" | "label" => args
            .chunks(3)
            .map(|t| if t[2].is_empty() { format!("{} {}", t[0], t[1]) } else { format!("{}={}", t[0], t[1]) })
            .collect::<Vec<_>>()
            .join(" "),
        _ => args.join(" "),
    };
    format!("{line} {rest}")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    /// The dump is a faithful record of the parse: a Dockerfile written from
    /// the dump alone parses to the very same dump.
    #[test]
    fn a_dockerfile_written_from_the_dump_parses_to_the_same_nodes(text in parsable_dockerfile()) {
        let dumped = syntax::dump(&syntax::parse(&text).nodes);
        let rebuilt: String = dumped.lines().map(|node| dockerfile_line(node) + "\n").collect();
        let reparsed = syntax::parse(&rebuilt);
        prop_assert!(reparsed.errors.is_empty(), "{rebuilt:?}: {:?}", reparsed.errors);
        prop_assert_eq!(syntax::dump(&reparsed.nodes), dumped, "from {:?} rebuilt as {:?}", text, rebuilt);
    }
}

// ---------------------------------------------------------------------------
// Lint fixes

/// A Dockerfile and the context files it goes with.
type Lintable = (String, &'static [(&'static str, &'static str)]);

/// Every rule's bad example and its context files (from its `--explain`
/// page, so each rule with a fix gets to fire) with a few lines that other rules fire on, or must
/// leave alone, put in after its FROM.
fn lintable_dockerfile() -> impl Strategy<Value = Lintable> {
    let line = prop::sample::select(vec![
        "RUN apt-get update && apt-get install gcc",
        "RUN apt-get install -y curl",
        "RUN apk add build-base",
        "RUN apk add --no-cache curl",
        "RUN pip install flask",
        "RUN cd /tmp && make",
        "RUN rm -rf /var/lib/apt/lists/*",
        "RUN chown -R nobody /app",
        "RUN apt-get update && apt-get install -y --no-install-recommends curl",
        "COPY . /app",
        "COPY . .",
        "RUN pip install --no-cache-dir -r requirements.txt",
        "COPY requirements.txt /app/",
        "USER app",
        "RUN whoami",
        "ARG CACHEBUST=1",
        "RUN echo $CACHEBUST > /build-id",
        "ADD app.tar.gz /app/",
        "WORKDIR app",
        "WORKDIR /app",
        "USER root",
        "USER nobody",
        "ARG V=1",
        "ENV key value",
        "MAINTAINER me",
        "EXPOSE 80/TCP",
        "CMD python app.py",
        "ENTRYPOINT python app.py",
        "CMD [\"python\", \"app.py\"]",
        "FROM debian:bookworm-slim as Build",
        "FROM build",
    ]);
    let pages: Vec<&'static Page> = all_rules().map(|rule| rule.page()).collect();
    (prop::sample::select(pages), prop::collection::vec((line, any::<prop::sample::Index>()), 0..4)).prop_map(
        |(page, extra)| {
            let mut lines: Vec<String> = page.bad.lines().map(str::to_string).collect();
            let from = lines.iter().position(|l| l.to_uppercase().starts_with("FROM")).unwrap_or(0);
            for (line, at) in extra {
                let at = from + 1 + at.index(lines.len() - from);
                lines.insert(at, line.to_string());
            }
            (lines.join("\n") + "\n", page.context)
        },
    )
}

/// Lints `text` over the page's context files (none: lint's placeholders),
/// with `ignore` appended to their `.dockerignore`.
fn lint_over(text: &str, files: &[(&str, &str)], ignore: Option<String>) -> LintReport {
    let mut files: Vec<(String, Vec<u8>)> = files.iter().map(|(p, t)| (p.to_string(), t.as_bytes().to_vec())).collect();
    if let Some(lines) = ignore {
        match files.iter_mut().find(|(p, _)| p == ".dockerignore") {
            Some((_, existing)) => existing.extend_from_slice(lines.as_bytes()),
            None => files.push((".dockerignore".to_string(), lines.into_bytes())),
        }
    }
    let context = (!files.is_empty()).then(|| BuildContext::from_files(files).expect("a valid .dockerignore"));
    let args = BTreeMap::new();
    let mut request = LintRequest::new(text, &args);
    request.context = context.as_ref();
    lint(&request)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Every fix does what it promises: the rule fires fewer times after it,
    /// and a file BuildKit accepted is still accepted.
    #[test]
    fn applying_a_lint_fix_silences_its_finding_and_breaks_nothing((text, files) in lintable_dockerfile()) {
        let report = lint_over(&text, files, None);
        let count = |report: &LintReport, rule: &str| report.findings.iter().filter(|f| f.rule.name == rule).count();
        let accepted = syntax::parse(&text).errors.is_empty();
        for finding in &report.findings {
            let Some(fix) = finding.fix.as_ref().filter(|fix| !fix.edits.is_empty()) else { continue };
            let fixed = fix.apply(&text);
            let again = lint_over(&fixed, files, fix.dockerignore());
            let rule = finding.rule.name;
            prop_assert!(
                count(&again, rule) < count(&report, rule),
                "{rule} still fires {} times after its fix {:?}:\n{text}--- fixed:\n{fixed}",
                count(&again, rule),
                fix.edits
            );
            if accepted {
                let errors = syntax::parse(&fixed).errors;
                prop_assert!(errors.is_empty(), "{rule}'s fix broke the file:\n{fixed}{errors:?}");
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Builds: the session journal, comments and the cache

/// Dockerfiles over the context below that build (or fail) in many ways.
fn buildable_dockerfile() -> impl Strategy<Value = String> {
    let line = prop::sample::select(vec![
        "WORKDIR /app",
        "COPY requirements.txt .",
        "RUN pip install -r requirements.txt",
        "COPY . .",
        "COPY app.py /srv/",
        "ARG V=1",
        "RUN echo $V > /v",
        "ENV MODE=prod",
        "RUN echo $MODE >> /v",
        "USER nobody",
        "RUN rm -rf /app",
        "RUN nosuchcommand",
        "CMD [\"python\", \"app.py\"]",
        "LABEL a=b",
        "FROM python:3.12-slim AS second",
        "COPY --from=0 /app /copied",
    ]);
    (prop::collection::vec(line, 0..8)).prop_map(|lines| format!("FROM python:3.12-slim\n{}\n", lines.join("\n")))
}

fn host(dockerfile: &str, app: &str) -> MemoryHost {
    MemoryHost::new()
        .with_file("Dockerfile", dockerfile)
        .with_file("requirements.txt", "flask==3.0.3\n")
        .with_file("app.py", app)
}

/// Every image id the daemon holds, and the one each tag names.
fn image_ids(session: &mut Session, tags: &[String]) -> (String, Vec<String>) {
    let mut none = MemoryHost::new();
    let all = session.execute("docker images -a -q --no-trunc", &mut none, 1_795_100_000).stdout;
    let tagged = tags
        .iter()
        .map(|tag| session.execute(&format!("docker image inspect {tag}"), &mut none, 1_795_100_000).stdout)
        .map(|json| serde_json::from_str::<serde_json::Value>(&json).map(|v| v[0]["Id"].to_string()).unwrap_or(json))
        .collect();
    (all, tagged)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 60, ..ProptestConfig::default() })]

    /// A session saved and loaded replays its journal: every build gives the
    /// same image id, and the replayed cache makes the next build the same.
    #[test]
    fn a_replayed_session_gives_the_same_image_ids(
        builds in prop::collection::vec((buildable_dockerfile(), 0..3u8, 0..3u8, any::<bool>()), 1..5)
    ) {
        let mut session = Session::new();
        let mut tags = Vec::new();
        for (i, (dockerfile, app, tag, no_cache)) in builds.iter().enumerate() {
            let tag = format!("app:v{tag}");
            let flag = if *no_cache { " --no-cache" } else { "" };
            let line = format!("docker build{flag} -t {tag} .");
            session.execute(&line, &mut host(dockerfile, &format!("print({app})\n")), 1_795_000_000 + 60 * i as u64);
            tags.push(tag);
        }
        let mut replayed = Session::from_json(&session.to_json()).expect("a session replays");
        prop_assert_eq!(image_ids(&mut replayed, &tags), image_ids(&mut session, &tags));
        let (last, _, _, _) = builds.last().expect("one build");
        let next = |s: &mut Session| {
            let out = s.execute("docker build -t next .", &mut host(last, "print('next')\n"), 1_795_200_000);
            (out.status, out.stderr)
        };
        prop_assert_eq!(next(&mut replayed), next(&mut session));
    }
}

/// The cache decisions of a build, without the line numbers a comment line
/// shifts: the step a miss cascades from is kept, its line is not.
fn decisions(dockerfile: &str, context: &BuildContext, cache: &mut BuildCache) -> Vec<Option<CacheDecision>> {
    let request = BuildRequest {
        dockerfile,
        context,
        build_args: Default::default(),
        target: None,
        no_cache: false,
        session: Default::default(),
    };
    build(&request, cache)
        .steps
        .into_iter()
        .map(|s| match s.cache {
            Some(CacheDecision::Miss(MissCause::ParentMissed { step, .. })) => {
                Some(CacheDecision::Miss(MissCause::ParentMissed { step, line: 0 }))
            }
            other => other,
        })
        .collect()
}

fn context(app: &str) -> BuildContext {
    let files = [("requirements.txt", "flask==3.0.3\n"), ("app.py", app)];
    BuildContext::from_files(files.iter().map(|(p, c)| (p.to_string(), c.as_bytes().to_vec()))).expect("a context")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, ..ProptestConfig::default() })]

    /// BuildKit keys a step on what it does, never on the text around it: a
    /// comment added, changed or removed anywhere after the directives leaves
    /// every cache decision as it was, against the same cache and files.
    #[test]
    fn a_comment_changes_no_cache_decision(
        dockerfile in buildable_dockerfile(),
        at in any::<prop::sample::Index>(),
        comment in "# [ -~]{0,20}",
        app in 0..2u8,
    ) {
        let mut warm = BuildCache::default();
        let before = context("print(0)\n");
        decisions(&dockerfile, &before, &mut warm);
        // Between any two lines after FROM (the first line may hold directives).
        let lines: Vec<&str> = dockerfile.lines().collect();
        let at = 1 + at.index(lines.len());
        let mut edited: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        edited.insert(at, comment.clone());
        let edited = edited.join("\n") + "\n";
        let after = context(&format!("print({app})\n"));
        prop_assert_eq!(
            decisions(&edited, &after, &mut warm.clone()),
            decisions(&dockerfile, &after, &mut warm.clone()),
            "{} with {:?} at line {}", dockerfile, comment, at + 1
        );
    }
}
