//! Casing rules: StageNameCasing and FromAsCasing (checked per FROM while
//! parsing, `instructions/parse.go`) and ConsistentInstructionCasing (over the
//! whole file, `dockerfile2llb/validations.go`).

use super::config::CheckConfig;
use super::rules::{self, RuleId};
use super::{Loc, Sink};
use crate::instructions::Stage;

fn is_lower(s: &str) -> bool {
    s.to_lowercase() == s
}

fn is_upper(s: &str) -> bool {
    s.to_uppercase() == s
}

/// StageNameCasing and FromAsCasing for one FROM, from its keyword and its
/// arguments as written (both run before the FROM is validated, so even a
/// FROM that then fails is checked).
pub(super) fn check_from(keyword: &str, args: &[&str], cfg: &CheckConfig, loc: Loc, sink: &mut Sink) {
    // Only the three-word form has a name; `FROM a b c` counts too (it fails right after).
    if let [_, _, name] = args {
        if !is_lower(name) {
            sink.report(cfg, RuleId::StageNameCasing, rules::stage_name_casing(name), loc);
        }
    }
    if let [_, as_word, _, ..] = args {
        // A keyword of mixed case is ConsistentInstructionCasing's business, not this rule's.
        let matches = if is_lower(keyword) {
            is_lower(as_word)
        } else if is_upper(keyword) {
            is_upper(as_word)
        } else {
            true
        };
        if !matches {
            sink.report(cfg, RuleId::FromAsCasing, rules::from_as_casing(keyword, as_word), loc);
        }
    }
}

/// ConsistentInstructionCasing: every FROM and instruction of every stage
/// (not the ARGs before the first FROM) votes lower or upper case; the
/// majority wins, a tie goes to upper case, and a keyword of mixed case is
/// always reported. Uses the file's configuration, not per-instruction comments.
pub(super) fn check_commands(stages: &[Stage], cfg: &CheckConfig, sink: &mut Sink) {
    let keywords = || {
        stages
            .iter()
            .flat_map(|stage| std::iter::once(&stage.from.common).chain(stage.instructions.iter().map(|i| i.common())))
    };
    let (mut lower, mut upper) = (0usize, 0usize);
    for common in keywords() {
        if is_lower(&common.keyword) {
            lower += 1;
        } else if is_upper(&common.keyword) {
            upper += 1;
        }
    }
    let majority_lower = lower > upper;
    for common in keywords() {
        let keyword = &common.keyword;
        let casing = match majority_lower {
            true if !is_lower(keyword) => "lowercase",
            false if !is_upper(keyword) => "uppercase",
            _ => continue,
        };
        let detail = rules::consistent_instruction_casing(keyword, casing);
        sink.report(cfg, RuleId::ConsistentInstructionCasing, detail, Loc::of(common));
    }
}
