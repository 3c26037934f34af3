//! Unit tests for the reader: the cases BuildKit's corpus does not pin down,
//! mostly spans and errors.

use super::*;
use crate::span::Span;

fn dumped(text: &str) -> String {
    let parsed = parse(text);
    assert!(parsed.errors.is_empty(), "unexpected errors: {:?}", parsed.errors);
    dump(&parsed.nodes)
}

fn first_error(text: &str) -> (String, Span) {
    let parsed = parse(text);
    let e = parsed.errors.first().unwrap_or_else(|| panic!("expected an error for {text:?}"));
    (e.to_string(), e.span)
}

#[test]
fn keywords_in_any_case() {
    assert_eq!(dumped("from alpine\nRuN echo hi\n"), "(from \"alpine\")\n(run \"echo hi\")\n");
}

#[test]
fn crlf_and_bom() {
    let text = "\u{feff}FROM alpine\r\nRUN echo a \\\r\n  b\r\n";
    assert_eq!(dumped(text), "(from \"alpine\")\n(run \"echo a   b\")\n");
    let parsed = parse(text);
    assert_eq!(parsed.nodes[0].span, Span::new(3, 14));
    assert_eq!(parsed.nodes[1].start_line, 2);
    assert_eq!(parsed.nodes[1].end_line, 3);
}

#[test]
fn directives_only_at_top() {
    let parsed = parse("# syntax=docker/dockerfile:1\n# escape=`\nFROM a\nRUN x `\n y\n");
    assert_eq!(parsed.escape, '`');
    let names: Vec<&str> = parsed.directives.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["syntax", "escape"]);
    assert_eq!(dump(&parsed.nodes), "(from \"a\")\n(run \"x  y\")\n");

    // After a plain comment, `# escape=` is only a comment.
    let parsed = parse("# hello\n# escape=`\nFROM a\n");
    assert_eq!(parsed.escape, '\\');
    assert!(parsed.directives.is_empty());
    assert_eq!(*parsed.nodes[0].comments, ["hello", "escape=`"]);
}

#[test]
fn duplicate_and_invalid_directives_are_located() {
    let (message, span) = first_error("# escape=`\n# escape=\\\nFROM a\n");
    assert_eq!(message, "only one escape parser directive can be used");
    assert_eq!(span.start(), 11);
    let (message, _) = first_error("# escape=x\nFROM a\n");
    assert_eq!(message, "invalid escape token 'x' does not match ` or \\");
}

#[test]
fn comments_between_continuation_lines_are_dropped() {
    assert_eq!(dumped("FROM a\nRUN a \\\n# note\n  b\n"), "(from \"a\")\n(run \"a   b\")\n");
}

/// BuildKit's continuation regex is `([^\\])\\[ \t]*$|^\\[ \t]*$`: an escape
/// token preceded by another escape token never continues the line, even an odd
/// run such as `a\\\` (the source comment says Go's regexp cannot tell the
/// escaped case apart). frontend/dockerfile/parser/parser.go, setEscapeToken.
#[test]
fn escape_after_escape_never_continues_the_line() {
    assert_eq!(dumped("FROM a\nRUN echo a\\\\\nRUN b\n"), "(from \"a\")\n(run \"echo a\\\\\\\\\")\n(run \"b\")\n");
    assert_eq!(
        dumped("FROM a\nRUN echo a\\\\\\\nRUN b\n"),
        "(from \"a\")\n(run \"echo a\\\\\\\\\\\\\")\n(run \"b\")\n"
    );
    assert_eq!(dumped("FROM a\nRUN echo a\\\n\\\n b\n"), "(from \"a\")\n(run \"echo a b\")\n");
}

#[test]
fn empty_continuation_line_warns_at_last_line() {
    let parsed = parse("FROM a\nRUN a \\\n\n  b\n");
    assert_eq!(parsed.warnings.len(), 1);
    assert_eq!(parsed.warnings[0].line, 4);
    assert_eq!(parsed.warnings[0].kind.to_string(), "Empty continuation line found in: RUN a   b");
}

#[test]
fn invalid_json_falls_back_to_shell_form() {
    let parsed = parse("CMD ['a', 'b']\n");
    assert!(!parsed.nodes[0].json);
    assert_eq!(dump(&parsed.nodes), "(cmd \"['a', 'b']\")\n");
    let parsed = parse("CMD [\"a\", \"b\"]\n");
    assert!(parsed.nodes[0].json);
}

#[test]
fn json_with_non_strings_is_an_error_at_the_array() {
    let (message, span) = first_error("FROM a\nCMD [\"a\", 1]\n");
    assert_eq!(message, "when using JSON array syntax, arrays must be comprised of strings only");
    assert_eq!(span, Span::new(11, 19));
}

#[test]
fn flags_have_spans() {
    let text = "COPY --from=build --chown=1:1 a b\n";
    let parsed = parse(text);
    let flags = &parsed.nodes[0].flags;
    assert_eq!(flags.len(), 2);
    assert_eq!(&text[flags[0].span.start()..flags[0].span.end()], "--from=build");
    assert_eq!(&text[flags[1].span.start()..flags[1].span.end()], "--chown=1:1");
    let args = parsed.nodes[0].args();
    assert_eq!(&text[args[1].span.start()..args[1].span.end()], "b");
}

#[test]
fn arg_spans_map_through_continuations() {
    let text = "FROM a\nCOPY x \\\n    dest\n";
    let parsed = parse(text);
    let dest = &parsed.nodes[1].args()[1];
    assert_eq!(dest.text, "dest");
    assert_eq!(&text[dest.span.range()], "dest");
}

#[test]
fn env_and_label_forms() {
    assert_eq!(dumped("ENV A=1 B=\"x y\"\n"), "(env \"A\" \"1\" \"=\" \"B\" \"\\\"x y\\\"\" \"=\")\n");
    assert_eq!(dumped("LABEL k v w\n"), "(label \"k\" \"v w\" \"\")\n");
    assert_eq!(first_error("ENV A=1 B\n").0, "Syntax error - can't find = in \"B\". Must be of the form: name=value");
    assert_eq!(first_error("LABEL k\n").0, "LABEL must have two arguments");
}

#[test]
fn onbuild_nests_and_healthcheck_none() {
    assert_eq!(dumped("ONBUILD RUN echo hi\n"), "(onbuild (run \"echo hi\"))\n");
    assert_eq!(dumped("HEALTHCHECK NONE\n"), "(healthcheck \"NONE\")\n");
    let deep = "ONBUILD ".repeat(30) + "RUN x\n";
    assert_eq!(first_error(&deep).0, "ONBUILD nested too deeply");
}

#[test]
fn heredocs() {
    let text = "FROM a\nRUN <<EOF\necho hi\nEOF\nCOPY <<-\"A\" <<B /dst/\n\tone\n\tA\ntwo $x\nB\nRUN ok\n";
    let parsed = parse(text);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let run = &parsed.nodes[1];
    assert_eq!(run.heredocs.len(), 1);
    assert_eq!(run.heredocs[0].name, "EOF");
    assert_eq!(run.heredocs[0].content, "echo hi\n");
    assert!(run.heredocs[0].expand);
    assert_eq!((run.start_line, run.end_line), (2, 4));
    let copy = &parsed.nodes[2];
    assert_eq!(copy.heredocs.len(), 2);
    assert_eq!(copy.heredocs[0].name, "A");
    assert!(copy.heredocs[0].chomp);
    assert!(!copy.heredocs[0].expand);
    assert_eq!(copy.heredocs[0].content, "\tone\n");
    assert_eq!(copy.heredocs[1].content, "two $x\n");
    assert_eq!(&*parsed.nodes[3].original, "RUN ok");
    assert_eq!(parsed.nodes[3].start_line, 10);
}

#[test]
fn heredoc_not_on_json_or_other_instructions() {
    let parsed = parse("FROM a\nRUN [\"<<EOF\"]\nENV A=<<EOF\n");
    assert!(parsed.errors.is_empty());
    assert!(parsed.nodes.iter().all(|n| n.heredocs.is_empty()));
}

#[test]
fn unterminated_heredoc_is_located() {
    let (message, span) = first_error("FROM a\nRUN <<EOF\necho hi\n");
    assert_eq!(message, "unterminated heredoc (no line `EOF` closes it)");
    assert_eq!(span.start(), 7);
}

#[test]
fn no_instructions() {
    assert_eq!(first_error("").0, "file with no instructions");
    assert_eq!(first_error("# only\n\n").0, "file with no instructions");
}

#[test]
fn overlong_line_is_an_error() {
    let text = format!("FROM a\nRUN {}\n", "x".repeat(70_000));
    let (message, span) = first_error(&text);
    assert_eq!(message, "dockerfile line greater than max allowed size of 65535");
    assert_eq!(span.start(), 7);
}

/// The parser's memory is mostly nodes (a 20 MB file makes 350,000), and a
/// node's size is what page faults cost (ARCHITECTURE.md, "Performance"):
/// a field that grows it should be a deliberate choice, not an accident.
#[test]
fn a_node_stays_small() {
    assert!(std::mem::size_of::<Node>() <= 112, "Node is {} bytes", std::mem::size_of::<Node>());
    // An argument is its shared text and its span, no allocation of its own.
    assert!(std::mem::size_of::<Arg>() <= 24);
}
