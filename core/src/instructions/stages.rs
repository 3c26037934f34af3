//! Groups instructions into stages and checks what spans stages: an
//! instruction before any FROM, duplicate stage names, `--from` references.

use super::build::{build, Built};
use super::error::{InstructionError, InstructionErrorKind as K, InstructionWarning, InstructionWarningKind as W};
use super::types::*;
use crate::expansion::{EmptyEnv, Lexer};
use crate::span::Span;
use crate::syntax::Parsed;
use std::collections::HashSet;

/// What [`group`] keeps of the instructions it builds.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Keep {
    /// Every instruction, in its stage.
    All,
    /// Instructions only while no error was found: after one, the file is
    /// only its problems (nothing expands a file in error), so each built
    /// instruction is dropped at once instead of held to the end.
    UntilError,
}

/// A `COPY --from` value, kept apart from the instructions so the check of
/// every reference works whether or not the instructions are kept.
struct FromRef {
    value: String,
    span: Span,
}

pub(super) fn group(parsed: &Parsed, keep: Keep) -> Dockerfile {
    let mut file = Dockerfile { escape: parsed.escape, ..Dockerfile::default() };
    let mut from_refs = Vec::new();
    for node in &parsed.nodes {
        match build(node, &mut file.warnings) {
            Err(error) => file.errors.push(error),
            Ok(Built::From(from)) => {
                let name = from.name.as_ref().map(|n| n.to_lowercase());
                file.stages.push(Stage { index: file.stages.len(), from, name, instructions: Vec::new() });
            }
            Ok(Built::Instruction(instruction)) => match file.stages.last_mut() {
                Some(stage) => {
                    if let Instruction::Copy(Copy { from: Some(value), from_span, common, .. }) = &instruction {
                        from_refs.push(FromRef { value: value.clone(), span: from_span.unwrap_or(common.span) });
                    }
                    if keep == Keep::All || file.errors.is_empty() {
                        stage.instructions.push(instruction);
                    }
                }
                None => match instruction {
                    Instruction::Arg(arg) => file.meta_args.push(arg),
                    other => file.errors.push(InstructionError { kind: K::NoStage, span: other.common().keyword_span }),
                },
            },
        }
        if keep == Keep::UntilError && !file.errors.is_empty() {
            if let Some(stage) = file.stages.last_mut() {
                stage.instructions.clear();
            }
        }
    }
    let has_from = parsed.nodes.iter().any(|n| n.keyword.eq_ignore_ascii_case("from"));
    if !has_from && parsed.is_ok() {
        let span = parsed.nodes.last().map_or(Span::default(), |n| n.span);
        file.errors.push(InstructionError { kind: K::NoStages, span });
    }
    check_stage_names(&mut file);
    check_from_flags(&mut file, &from_refs);
    if keep == Keep::UntilError && !file.errors.is_empty() {
        file.stages.iter_mut().for_each(|stage| stage.instructions.clear());
    }
    crate::sort::by_key(&mut file.errors, |e| e.span.start());
    crate::sort::by_key(&mut file.warnings, |w| w.span.start());
    file
}

fn check_stage_names(file: &mut Dockerfile) {
    let mut seen = HashSet::new();
    for stage in &file.stages {
        let Some(name) = &stage.name else { continue };
        if !seen.insert(name.as_str()) {
            let span = stage.from.name_span.unwrap_or(stage.from.common.span);
            file.warnings.push(InstructionWarning { kind: W::DuplicateStageName { name: name.clone() }, span });
        }
    }
}

/// `COPY --from`: never expanded; a number must be a stage index; a name that
/// is no stage's is an image to pull, which is worth a warning.
fn check_from_flags(file: &mut Dockerfile, from_refs: &[FromRef]) {
    let lexer = Lexer::new('\\');
    let names: HashSet<&str> = file.stages.iter().filter_map(|s| s.name.as_deref()).collect();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for FromRef { value: from, span } in from_refs {
        let span = *span;
        let unchanged = lexer.process_word(from, &EmptyEnv).is_ok_and(|e| e.value == *from);
        if !unchanged {
            errors.push(InstructionError { kind: K::FromFlagExpansion, span });
        } else if let Some(index) = parse_go_int(from) {
            if index < 0 || index >= file.stages.len() as i64 {
                errors.push(InstructionError { kind: K::InvalidStageIndex { index: index.to_string() }, span });
            }
        } else if !names.contains(from.to_ascii_lowercase().as_str()) {
            warnings.push(InstructionWarning { kind: W::FromNotAStage { name: from.clone() }, span });
        }
    }
    file.errors.extend(errors);
    file.warnings.extend(warnings);
}

/// Go's `strconv.Atoi`: an optional sign and decimal digits.
fn parse_go_int(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(text.parse().unwrap_or(i64::MAX))
}
