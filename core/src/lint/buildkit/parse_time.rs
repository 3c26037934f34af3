//! What BuildKit checks while it reads the file, before any stage is built:
//! the parser's NoEmptyContinuation warnings, then instruction by instruction
//! (`instructions.Parse`) MaintainerDeprecated, StageNameCasing,
//! FromAsCasing and InvalidDefinitionDescription, stopping at the first
//! instruction that does not parse. Rules that already fired stay reported.

use super::casing;
use super::config::CheckConfig;
use super::rules::{self, RuleId};
use super::{Loc, Sink};
use crate::instructions::{Dockerfile, InstructionError, InstructionErrorKind};
use crate::syntax::{Node, Parsed, SyntaxError, SyntaxErrorKind};

/// BuildKit's text for a parser error (the first one stops everything).
pub(super) fn syntax_error_message(error: &SyntaxError) -> String {
    match &error.kind {
        // Layerlab names the missing terminator; BuildKit does not.
        SyntaxErrorKind::UnterminatedHeredoc { .. } => "unterminated heredoc".to_string(),
        _ => error.to_string(),
    }
}

/// NoEmptyContinuation, reported at the instruction's last line, under the
/// file's configuration: BuildKit replays the parser's warnings before it
/// reads instructions, so a `# check=` comment above one does not apply
/// (`toDispatchState` in dockerfile2llb/convert.go).
pub(super) fn check_parser_warnings(parsed: &Parsed, cfg: &CheckConfig, sink: &mut Sink) {
    for warning in &parsed.warnings {
        let loc = Loc { span: warning.span, start_line: warning.line, end_line: warning.line };
        sink.report(cfg, RuleId::NoEmptyContinuation, rules::no_empty_continuation(), loc);
    }
}

/// Errors found later than parsing (resolving `--from`, counting stages).
fn is_parse_error(kind: &InstructionErrorKind) -> bool {
    !matches!(
        kind,
        InstructionErrorKind::InvalidStageIndex { .. }
            | InstructionErrorKind::FromFlagExpansion
            | InstructionErrorKind::NoStages
    )
}

/// The parse-time rules, node by node; `Err` with BuildKit's message at the
/// first node that fails.
pub(super) fn check_nodes(
    parsed: &Parsed,
    file: &Dockerfile,
    base: &CheckConfig,
    sink: &mut Sink,
) -> Result<(), String> {
    let errors = first_error_per_node(parsed, file);
    let mut seen_from = false;
    for (node, error) in parsed.nodes.iter().zip(errors) {
        let cfg = base.with_comments(&node.comments);
        let loc = Loc::of_node(node);
        let args: Vec<&str> = node.args().iter().map(|a| a.text.as_str()).collect();
        let keyword = node.keyword_lower();
        match keyword.as_str() {
            "maintainer" => sink.report(&cfg, RuleId::MaintainerDeprecated, rules::maintainer_deprecated(), loc),
            "from" => casing::check_from(&node.keyword, &args, &cfg, loc, sink),
            _ => {}
        }
        let error =
            error.map(|e| e.to_string()).or_else(|| (keyword == "run").then(|| mount_from_error(node)).flatten());
        if let Some(message) = error {
            sink.error_span = Some(node.span);
            return Err(format!("dockerfile parse error on line {}: {message}", node.start_line()));
        }
        match keyword.as_str() {
            "from" => {
                if let [_, _, name] = args.as_slice() {
                    check_description(&cfg, "FROM", &[name.to_lowercase()], &node.comments, loc, sink);
                }
            }
            "arg" => {
                let keys: Vec<String> =
                    args.iter().map(|a| a.split_once('=').map_or(*a, |(k, _)| k).to_string()).collect();
                check_description(&cfg, "ARG", &keys, &node.comments, loc, sink);
            }
            _ => {}
        }
        seen_from |= keyword == "from";
        if !seen_from && keyword != "arg" {
            return Err("no build stage in current context".to_string());
        }
    }
    Ok(())
}

/// Our instruction layer collects every error; BuildKit stops at the first
/// node. Each parse error is attributed to the node that holds it.
fn first_error_per_node<'a>(parsed: &Parsed, file: &'a Dockerfile) -> Vec<Option<&'a InstructionError>> {
    let mut out: Vec<Option<&InstructionError>> = vec![None; parsed.nodes.len()];
    for error in &file.errors {
        if !is_parse_error(&error.kind) || matches!(error.kind, InstructionErrorKind::NoStage) {
            continue;
        }
        let index = parsed.nodes.partition_point(|n| n.span.start() <= error.span.start()).saturating_sub(1);
        if let Some(slot) = out.get_mut(index) {
            if slot.is_none_or(|e| e.span.start() > error.span.start()) {
                *slot = Some(error);
            }
        }
    }
    out
}

/// InvalidDefinitionDescription (experimental): the last comment above an ARG
/// or a named FROM must start with the name it describes (any of the keys for
/// an ARG of several; the message then shows `<arg_key>`).
fn check_description(
    cfg: &CheckConfig,
    instruction: &str,
    keys: &[String],
    comments: &[String],
    loc: Loc,
    sink: &mut Sink,
) {
    let (Some(last), Some(first_key)) = (comments.last(), keys.first()) else { return };
    let first_word = last.split(' ').next().unwrap_or_default();
    if keys.iter().any(|k| k == first_word) {
        return;
    }
    let shown = if keys.len() > 1 { "<arg_key>" } else { first_key.as_str() };
    let detail = rules::invalid_definition_description(instruction, shown);
    sink.report(cfg, RuleId::InvalidDefinitionDescription, detail, loc);
}

/// BuildKit refuses a variable in `RUN --mount=...,from=...` while parsing.
fn mount_from_error(node: &Node) -> Option<String> {
    for flag in &node.flags {
        let Some(value) = flag.text.strip_prefix("--mount=") else { continue };
        for field in csv_fields(value) {
            let Some((key, from)) = field.split_once('=') else { continue };
            if key.eq_ignore_ascii_case("from") && from.find('$').is_some_and(|i| i + 1 != from.len()) {
                return Some("'from' doesn't support variable expansion, define alias stage instead".to_string());
            }
        }
    }
    None
}

/// A CSV record's fields (RFC 4180 quoting, as `--mount` values are read).
pub(super) fn csv_fields(text: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' if quoted => quoted = false,
            '"' if field.is_empty() => quoted = true,
            ',' if !quoted => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    fields.push(field);
    fields
}
