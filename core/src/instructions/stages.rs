//! Groups instructions into stages and checks what spans stages: an
//! instruction before any FROM, duplicate stage names, `--from` references.

use super::build::{build, Built};
use super::error::{InstructionError, InstructionErrorKind as K, InstructionWarning, InstructionWarningKind as W};
use super::types::*;
use crate::expansion::{EmptyEnv, Lexer};
use crate::span::Span;
use crate::syntax::Parsed;
use std::collections::HashSet;

pub(super) fn group(parsed: &Parsed) -> Dockerfile {
    let mut file = Dockerfile { escape: parsed.escape, ..Dockerfile::default() };
    for node in &parsed.nodes {
        match build(node, &mut file.warnings) {
            Err(error) => file.errors.push(error),
            Ok(Built::From(from)) => {
                let name = from.name.as_ref().map(|n| n.to_lowercase());
                file.stages.push(Stage { index: file.stages.len(), from, name, instructions: Vec::new() });
            }
            Ok(Built::Instruction(instruction)) => match file.stages.last_mut() {
                Some(stage) => stage.instructions.push(instruction),
                None => match instruction {
                    Instruction::Arg(arg) => file.meta_args.push(arg),
                    other => file.errors.push(InstructionError { kind: K::NoStage, span: other.common().keyword_span }),
                },
            },
        }
    }
    let has_from = parsed.nodes.iter().any(|n| n.keyword.eq_ignore_ascii_case("from"));
    if !has_from && parsed.is_ok() {
        let span = parsed.nodes.last().map_or(Span::default(), |n| n.span);
        file.errors.push(InstructionError { kind: K::NoStages, span });
    }
    check_stage_names(&mut file);
    check_from_flags(&mut file);
    file.errors.sort_by_key(|e| e.span.start);
    file.warnings.sort_by_key(|w| w.span.start);
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
fn check_from_flags(file: &mut Dockerfile) {
    let lexer = Lexer::new('\\');
    let names: HashSet<&str> = file.stages.iter().filter_map(|s| s.name.as_deref()).collect();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for stage in &file.stages {
        for instruction in &stage.instructions {
            let Instruction::Copy(copy) = instruction else { continue };
            let Some(from) = &copy.from else { continue };
            let span = copy.from_span.unwrap_or(copy.common.span);
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
