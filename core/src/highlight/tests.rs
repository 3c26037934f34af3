//! Highlighting agrees with the parser: continuations, the escape directive,
//! heredocs, exec form; and no input breaks its guarantees.

use super::*;
use TokenKind::*;

/// `(kind, text)` for every token.
fn pairs(text: &str) -> Vec<(TokenKind, &str)> {
    tokens(text).into_iter().map(|t| (t.kind, &text[t.span.range()])).collect()
}

/// One line per token, `LINE:COL KIND text`, for snapshots a person reads.
fn render(text: &str) -> std::string::String {
    let index = crate::span::LineIndex::new(text);
    tokens(text)
        .into_iter()
        .map(|t| {
            let at = index.line_col(text, t.span.start());
            format!("{}:{} {:?} {:?}\n", at.line, at.col, t.kind, &text[t.span.range()])
        })
        .collect()
}

fn kinds_of<'a>(found: &[(TokenKind, &'a str)], kind: TokenKind) -> Vec<&'a str> {
    found.iter().filter(|(k, _)| *k == kind).map(|(_, s)| *s).collect()
}

/// The guarantees the editor relies on.
fn check_invariants(text: &str) {
    let mut last_end = 0;
    for t in tokens(text) {
        assert!(t.span.start() < t.span.end(), "empty token {t:?}");
        assert!(t.span.start() >= last_end, "overlap or disorder at {t:?}");
        assert!(t.span.end() <= text.len(), "past the end: {t:?}");
        assert!(text.is_char_boundary(t.span.start()) && text.is_char_boundary(t.span.end()), "{t:?}");
        last_end = t.span.end();
    }
}

const REPRESENTATIVE: &str = r#"# syntax=docker/dockerfile:1
# check=skip=JSONArgsRecommended

# A Go service, built in one stage and shipped on scratch.
ARG GO_VERSION=1.25
FROM golang:${GO_VERSION}-alpine AS build
WORKDIR /src
COPY --link go.mod ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download && \
    # a comment between continuation lines
    echo "cached in $GOPATH" | tee /tmp/log; true
COPY <<EOF /src/config.txt
port=${PORT:-8080}
EOF
RUN CGO_ENABLED=0 go build -o /out/app . || echo 'build failed: $unexpanded'
ENV GREETING="hello world" LEVEL=info
LABEL org.opencontainers.image.title=app

FROM scratch
COPY --from=build --chmod=755 /out/app /app
USER 65534:65534
HEALTHCHECK --interval=30s CMD ["/app", "-health"]
ONBUILD RUN echo \$HOME
ENTRYPOINT ["/app"]
CMD [not json]
"#;

#[test]
fn a_representative_dockerfile() {
    check_invariants(REPRESENTATIVE);
    insta::assert_snapshot!(render(REPRESENTATIVE));
}

#[test]
fn from_names_an_image_and_a_stage() {
    let found = pairs("FROM --platform=$BUILDPLATFORM node:22-alpine AS deps\n");
    assert_eq!(
        found,
        [
            (Keyword, "FROM"),
            (Flag, "--platform=$BUILDPLATFORM"),
            (ImageRef, "node:22-alpine"),
            (Keyword, "AS"),
            (StageName, "deps")
        ]
    );
    let found = pairs("FROM ${BASE}:latest\n");
    assert_eq!(found, [(Keyword, "FROM"), (Variable, "${BASE}"), (ImageRef, ":latest")]);
}

#[test]
fn continuations_follow_the_escape_directive() {
    // Under `# escape=``, a backslash is plain text and the backtick continues the line.
    let text = "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir C:\\ `\n    && echo done\n";
    let found = pairs(text);
    assert_eq!(found[0], (Directive, "# escape=`"));
    assert!(found.contains(&(Operator, "`")), "{found:?}");
    assert!(found.contains(&(Text, "C:\\")), "{found:?}");
    assert!(found.contains(&(Operator, "&&")), "{found:?}");
    // Without the directive, the same backslash continues the line.
    let found = pairs("FROM alpine:3.22\nRUN echo a \\\n  b\n");
    assert_eq!(kinds_of(&found, Operator), ["\\"]);
    assert_eq!(kinds_of(&found, Text), ["echo", "a", "b"]);
    // An escaped escape at the end does not continue the line (the parser agrees).
    let text = "FROM alpine:3.22\nRUN echo a\\\\\nCMD x\n";
    assert_eq!(crate::syntax::parse(text).nodes.len(), 3);
    assert_eq!(kinds_of(&pairs(text), Operator), Vec::<&str>::new());
}

#[test]
fn a_comment_inside_a_continuation_is_a_comment_not_an_argument() {
    let text = "RUN apt-get update && \\\n  # why we need curl\n  apt-get install -y curl\n";
    let found = pairs(text);
    assert!(found.contains(&(Comment, "# why we need curl")));
    assert!(!found.iter().any(|(k, s)| *k == Text && s.contains("why")));
}

#[test]
fn heredocs_mark_their_markers_and_bodies() {
    let text = "FROM alpine:3.22\nRUN <<EOT bash\n  set -e\n  echo $HOME\nEOT\nRUN <<-'END'\n\techo hi\n\tEND\nCMD x\n";
    let found = pairs(text);
    assert_eq!(kinds_of(&found, HeredocMarker), ["<<EOT", "EOT", "<<-'END'", "END"]);
    assert_eq!(kinds_of(&found, HeredocBody), ["  set -e\n  echo $HOME", "\techo hi"]);
    assert_eq!(found.last(), Some(&(Text, "x")));
    // `<< EOF` (a space) is not a heredoc for BuildKit, so nothing is a marker.
    let found = pairs("RUN cat << EOF\n");
    assert_eq!(kinds_of(&found, HeredocMarker), Vec::<&str>::new());
}

#[test]
fn exec_form_is_json_only_when_the_parser_read_json() {
    let found = pairs("CMD [\"node\", \"server.js\"]\n");
    assert_eq!(
        found,
        [(Keyword, "CMD"), (Json, "["), (String, "\"node\""), (Json, ","), (String, "\"server.js\""), (Json, "]")]
    );
    // Not valid JSON: BuildKit falls back to shell form, and so does the colouring.
    let found = pairs("CMD ['node', 'server.js']\n");
    assert!(!found.iter().any(|(k, _)| *k == Json), "{found:?}");
    assert!(found.contains(&(String, "'node'")));
}

#[test]
fn variables_inside_double_quotes_but_not_single_quotes() {
    let found = pairs("ENV A=\"x $B y\" C='$D'\n");
    assert!(found.contains(&(Variable, "$B")), "{found:?}");
    assert!(found.contains(&(String, "\"x ")));
    assert!(found.contains(&(String, "'$D'")));
    assert!(!found.contains(&(Variable, "$D")));
    // An escaped dollar is text.
    let found = pairs("ENV A=\\$B\n");
    assert_eq!(kinds_of(&found, Variable), Vec::<&str>::new());
}

#[test]
fn every_keyword_of_every_example_is_a_keyword_token() {
    for example in crate::examples::all() {
        let text = example.dockerfile;
        check_invariants(text);
        let found = tokens(text);
        for node in crate::syntax::parse(text).nodes {
            assert!(
                found.contains(&Token { span: node.keyword_span, kind: Keyword }),
                "{}: {} at line {}",
                example.name,
                node.keyword,
                node.start_line()
            );
        }
    }
}

#[test]
fn awkward_inputs_keep_the_guarantees() {
    for text in [
        "",
        "\u{feff}# comment\nFROM a\n",
        "FROM a\r\nRUN b \\\r\n c\r\n",
        "RUN \\",
        "RUN <<EOF\nno terminator",
        "ONBUILD ONBUILD RUN x",
        "ONBUILD COPY --from=a <<EOF /x\nbody\nEOF\n",
        "RUN echo ${a:-${b",
        "RUN echo \"unterminated $X",
        "ENV é=\"ü $ß\"",
        "HEALTHCHECK CMD",
        "HEALTHCHECK NONE",
        "FR\\\nOM x",
        "RUN [\"a\", \"b\\\"c\"]",
        "# escape=`\nRUN a `\n`\n",
    ] {
        check_invariants(text);
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod prop {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        #[test]
        fn arbitrary_text_gives_sorted_disjoint_tokens_on_char_boundaries(text in "\\PC{0,200}") {
            check_invariants(&text);
        }

        #[test]
        fn dockerfile_like_text_gives_sorted_disjoint_tokens(parts in proptest::collection::vec(prop_oneof![
            Just("FROM"), Just("RUN"), Just("COPY"), Just("ONBUILD"), Just("CMD"), Just("ENV"), Just("HEALTHCHECK"),
            Just("AS"), Just("x"), Just("--from=a"), Just("\\\n"), Just("`\n"), Just("\n"), Just("\r\n"), Just("# c\n"),
            Just("# escape=`\n"), Just("# syntax=a\n"), Just("<<EOF"), Just("<<-EOF"), Just("EOF\n"), Just("\tEOF\n"),
            Just("\""), Just("'"), Just("$"), Just("${"), Just("}"), Just("$X"), Just("&&"), Just("|"), Just(";"),
            Just("["), Just("]"), Just(","), Just("é"), Just("\u{feff}"), Just(" "), Just("\t"),
        ], 0..40)) {
            check_invariants(&parts.concat());
        }
    }
}

#[test]
fn kind_names_are_distinct_and_stable() {
    let names: std::collections::BTreeSet<&str> = TokenKind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(names.len(), TokenKind::ALL.len());
    assert_eq!(HeredocMarker.as_str(), "heredoc-marker");
}
