//! ArgBustsCacheEarly: an ARG declared well before its first use.
//!
//! Docker's reference, "Impact on build caching"
//! (https://docs.docker.com/reference/dockerfile/#impact-on-build-caching):
//! a changed ARG value causes a cache miss "upon its first usage, not its
//! declaration", and "all RUN instructions following an ARG instruction use
//! the ARG variable implicitly (as an environment variable), thus can cause
//! a cache miss". So every RUN after the ARG line is a use: moving the ARG
//! down to the instruction that names it spares the RUNs in between. The
//! build simulation keys RUN on its environment, ARGs included, so the
//! engine measures this by building again with another value.

use super::{seconds, EngineRule, Finding, Sim};
use crate::instructions::{Arg, Instruction, Stage};
use crate::lint::{Cost, Edit, Fix};
use crate::span::Span;

/// Whether `text` names `$NAME` or `${NAME...}`.
fn names(text: &str, name: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(i) = text[at..].find('$') {
        let start = at + i + 1;
        let rest = &text[start..];
        let rest = rest.strip_prefix('{').unwrap_or(rest);
        if let Some(after) = rest.strip_prefix(name) {
            if !after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
                return true;
            }
        }
        at = start;
        if at >= bytes.len() {
            break;
        }
    }
    false
}

struct Candidate<'a> {
    stage: &'a Stage,
    arg: &'a Arg,
    name: String,
    use_line: usize,
    use_start: usize,
    /// Later `ARG` lines of the same name before the use: they expose it to
    /// the RUNs after them too, so the fix moves them with this one.
    again: Vec<&'a Arg>,
}

pub(super) fn check(sim: &mut Sim<'_>, out: &mut Vec<Finding>) {
    if sim.outcome.error.is_some() {
        return;
    }
    let mut candidates = Vec::new();
    for stage in &sim.file.stages {
        let label = sim.label(stage.index);
        if !sim.outcome.steps.iter().any(|s| s.stage == label) {
            continue;
        }
        let declares = |i: &Instruction, key: &str| match i {
            Instruction::Arg(arg) => arg.args.iter().any(|d| d.key == key),
            _ => false,
        };
        for (at, instruction) in stage.instructions.iter().enumerate() {
            let Instruction::Arg(arg) = instruction else { continue };
            let [def] = arg.args.as_slice() else { continue };
            // A re-declaration before any use is moved with the first one,
            // not on its own.
            let before = &stage.instructions[..at];
            if let Some(previous) = before.iter().rposition(|i| declares(i, &def.key)) {
                if !before[previous + 1..].iter().any(|i| names(&i.common().original, &def.key)) {
                    continue;
                }
            }
            let later = &stage.instructions[at + 1..];
            let Some(use_at) = later.iter().position(|i| names(&i.common().original, &def.key)) else { continue };
            let again: Vec<&Arg> = later[..use_at]
                .iter()
                .filter_map(|i| match i {
                    Instruction::Arg(again) if declares(i, &def.key) => Some(again),
                    _ => None,
                })
                .collect();
            // A re-declaration that declares other names too cannot move whole.
            if again.iter().any(|a| a.args.len() != 1) {
                continue;
            }
            let runs_between = later[..use_at].iter().filter(|i| matches!(i, Instruction::Run(_))).count();
            if runs_between == 0 {
                continue;
            }
            let user = later[use_at].common();
            candidates.push(Candidate {
                stage,
                arg,
                name: def.key.clone(),
                use_line: user.start_line,
                use_start: user.span.start(),
                again,
            });
        }
    }
    for c in candidates {
        let mut args = sim.build_args.clone();
        let changed = format!("{}-changed", args.get(&c.name).cloned().unwrap_or_default());
        args.insert(c.name.clone(), changed);
        let context = sim.context;
        let rebuild = sim.rebuild(context, args);
        let label = sim.label(c.stage.index);
        let arg_line = c.arg.common.start_line;
        let needless: Vec<_> = rebuild
            .steps
            .iter()
            .filter(|s| s.stage == label && s.rebuilt() && s.line > arg_line && s.line < c.use_line)
            .collect();
        if needless.is_empty() {
            continue;
        }
        let secs: f64 = needless.iter().map(|s| s.seconds).sum();
        let message = format!(
            "ARG {} is first used at line {}, but every RUN after this line gets it in its environment: a new value \
             rebuilds {} steps before line {} that do not use it ({} simulated)",
            c.name,
            c.use_line,
            needless.len(),
            c.use_line,
            seconds(secs)
        );
        let mut found = Finding::at(EngineRule::ArgBustsCacheEarly.rule(), &c.arg.common, message);
        found.cost = Some(Cost { bytes: None, rebuilt_steps: Some(needless.len()), seconds: Some(secs) });
        // The last declaration before the use is the one in effect there.
        let last = c.again.last().copied().unwrap_or(c.arg);
        let arg_text = sim.text(last.common.span).to_string();
        let mut edits: Vec<Edit> = std::iter::once(c.arg)
            .chain(c.again.iter().copied())
            .map(|a| Edit::Dockerfile { span: sim.whole_line(a.common.span), replacement: String::new() })
            .collect();
        edits
            .push(Edit::Dockerfile { span: Span::new(c.use_start, c.use_start), replacement: format!("{arg_text}\n") });
        found.fix = Some(Fix { text: format!("Move `{arg_text}` down to just before line {}", c.use_line), edits });
        out.push(found);
    }
}
