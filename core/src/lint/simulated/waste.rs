//! Layer waste, from the image's efficiency ([`crate::layers::Efficiency`]):
//! - DeletedInLaterLayer: files a layer stored and a later layer deleted
//!   (apt lists, build tools, downloaded archives);
//! - ChownCopiesFiles: files a recursive chown/chmod wrote again, so two
//!   layers store them.
//!
//! Waste is grouped by the pair of layers (which stored, which hid), and
//! reported at the instruction that hid it, naming the lines of both.

use super::{size, EngineRule, Finding, Sim};
use crate::instructions::{CommandLine, Instruction};
use crate::lint::practice::script;
use crate::lint::{Cost, Edit, Fix};
use crate::span::Span;
use std::collections::BTreeMap;

#[derive(Default)]
struct Group {
    bytes: u64,
    paths: Vec<String>,
}

pub(super) fn check(sim: &Sim<'_>, out: &mut Vec<Finding>) {
    let Some(image) = &sim.outcome.image else { return };
    if sim.layer_lines.is_empty() {
        return;
    }
    let mut deleted: BTreeMap<(usize, usize), Group> = BTreeMap::new();
    let mut rewritten: BTreeMap<(usize, usize), Group> = BTreeMap::new();
    // The build already measured the waste (`layers::efficiency`); read its list.
    for waste in &sim.outcome.wasted {
        let groups = if image.layers.get(&waste.path).is_some() { &mut rewritten } else { &mut deleted };
        let group = groups.entry((waste.stored_layer, waste.hidden_layer)).or_default();
        group.bytes += waste.size;
        group.paths.push(waste.path.clone());
    }
    for ((stored, hidden), group) in deleted {
        if let Some(found) = deleted_finding(sim, stored, hidden, &group) {
            out.push(found);
        }
    }
    let chown_layers: Vec<usize> = rewritten.keys().map(|(_, hidden)| *hidden).collect();
    for ((stored, hidden), group) in &rewritten {
        let alone = chown_layers.iter().filter(|h| *h == hidden).count() == 1;
        if let Some(found) = chown_finding(sim, *stored, *hidden, group, alone) {
            out.push(found);
        }
    }
}

/// The instructions behind two layers.
fn pair<'a>(sim: &Sim<'a>, stored: usize, hidden: usize) -> Option<(&'a Instruction, &'a Instruction)> {
    let stored = sim.instruction_at(*sim.layer_lines.get(stored)?)?;
    let hidden = sim.instruction_at(*sim.layer_lines.get(hidden)?)?;
    Some((stored, hidden))
}

/// `/var/lib/apt/lists` for a group under one directory, else the first paths.
fn describe(paths: &[String]) -> String {
    let mut common: Vec<&str> = paths.first().map(|p| p.split('/').collect()).unwrap_or_default();
    common.pop();
    for path in paths {
        let parts: Vec<&str> = path.split('/').collect();
        let same = common.iter().zip(&parts).take_while(|(a, b)| a == b).count();
        common.truncate(same);
    }
    let dir = common.join("/");
    match paths {
        [one] => one.clone(),
        _ if dir.len() > 1 => format!("{} files under {dir}", paths.len()),
        _ => format!("{} files ({}, ...)", paths.len(), paths.iter().take(2).cloned().collect::<Vec<_>>().join(", ")),
    }
}

fn known_bytes(sim: &Sim<'_>, stored: &Instruction, bytes: u64) -> Option<u64> {
    let from_context =
        matches!(stored, Instruction::Copy(c) if c.from.is_none()) || matches!(stored, Instruction::Add(_));
    (!(sim.placeholders && from_context)).then_some(bytes)
}

fn amount(bytes: Option<u64>) -> String {
    bytes.map_or("an unknown number of bytes (no --context)".to_string(), size)
}

fn deleted_finding(sim: &Sim<'_>, stored: usize, hidden: usize, group: &Group) -> Option<Finding> {
    let (stored_i, hidden_i) = pair(sim, stored, hidden)?;
    let (stored_line, hidden_line) = (stored_i.common().start_line, hidden_i.common().start_line);
    let bytes = known_bytes(sim, stored_i, group.bytes);
    let message = format!(
        "line {hidden_line} deletes {} that line {stored_line} added, but the layer of line {stored_line} still stores \
         them: {} wasted",
        describe(&group.paths),
        amount(bytes),
    );
    let mut found = Finding::at(EngineRule::DeletedInLaterLayer.rule(), hidden_i.common(), message);
    found.cost = Some(Cost { bytes, ..Cost::default() });
    found.fix = Some(join_fix(sim, stored_i, hidden_i, hidden == stored + 1));
    Some(found)
}

/// A RUN in shell form without flags or heredocs: two of them can be joined.
fn joinable(instruction: &Instruction) -> Option<&crate::instructions::Run> {
    match instruction {
        Instruction::Run(run)
            if matches!(run.command, CommandLine::Shell(_))
                && run.mounts.is_empty()
                && run.network.is_none()
                && run.security.is_none()
                && !run.common.original.contains("<<") =>
        {
            Some(run)
        }
        _ => None,
    }
}

fn same_stage(sim: &Sim<'_>, a: &Instruction, b: &Instruction) -> bool {
    let (a, b) = (a.common().span.start(), b.common().span.start());
    sim.file.stages.iter().any(|s| {
        let has = |at: usize| s.instructions.iter().any(|i| i.common().span.start() == at);
        has(a) && has(b)
    })
}

fn join_fix(sim: &Sim<'_>, stored: &Instruction, hidden: &Instruction, adjacent: bool) -> Fix {
    match (joinable(stored), joinable(hidden)) {
        (Some(first), Some(second)) => {
            let script = sim.text(second.common.args_span).trim();
            let replacement = format!("{} \\\n    && {script}", sim.text(first.common.span).trim_end());
            let edits = if adjacent && same_stage(sim, stored, hidden) {
                vec![Edit::Dockerfile {
                    span: Span::new(first.common.span.start(), second.common.span.end()),
                    replacement: replacement.clone(),
                }]
            } else {
                Vec::new()
            };
            Fix { text: replacement, edits }
        }
        _ => Fix::text_only(format!(
            "Delete the files in the same step that creates them (one RUN that downloads, uses and removes), or mount \
             them for the one RUN that needs them (`RUN --mount=type=bind,source=...`) instead of {} them",
            stored.name().to_ascii_uppercase()
        )),
    }
}

/// The chown/chmod -R command of a RUN, when it is the RUN's only command.
fn recursive_metadata(instruction: &Instruction) -> (bool, Option<(String, String)>) {
    let Instruction::Run(run) = instruction else { return (false, None) };
    let commands = script::read(run).commands;
    let recursive = |c: &script::Command| {
        matches!(c.program(), Some("chown" | "chmod"))
            && c.args()
                .iter()
                .any(|a| a == "--recursive" || (a.starts_with('-') && !a.starts_with("--") && a.contains('R')))
    };
    let any = commands.iter().any(recursive);
    let only = match commands.as_slice() {
        [c] if recursive(c) => {
            let operands: Vec<&String> = c.args().iter().filter(|a| !a.starts_with('-')).collect();
            match (c.program(), operands.as_slice()) {
                (Some("chown"), [spec, _]) => Some(("chown".to_string(), spec.to_string())),
                (Some("chmod"), [mode, _]) if mode.chars().all(|d| d.is_digit(8)) => {
                    Some(("chmod".to_string(), mode.to_string()))
                }
                _ => None,
            }
        }
        _ => None,
    };
    (any, only)
}

fn chown_finding(sim: &Sim<'_>, stored: usize, hidden: usize, group: &Group, alone: bool) -> Option<Finding> {
    let (stored_i, hidden_i) = pair(sim, stored, hidden)?;
    let (recursive, only) = recursive_metadata(hidden_i);
    if !recursive {
        return None;
    }
    let (stored_line, hidden_line) = (stored_i.common().start_line, hidden_i.common().start_line);
    let bytes = known_bytes(sim, stored_i, group.bytes);
    let message = format!(
        "the recursive chown/chmod at line {hidden_line} writes {} again: line {stored_line} already stored them, so \
         the image carries them twice ({} duplicated)",
        describe(&group.paths),
        amount(bytes),
    );
    let mut found = Finding::at(EngineRule::ChownCopiesFiles.rule(), hidden_i.common(), message);
    found.cost = Some(Cost { bytes, ..Cost::default() });
    found.fix = Some(match (stored_i, only) {
        (Instruction::Copy(copy), Some((tool, value))) => {
            let flag = format!("--{tool}={value} ");
            let has_flag = if tool == "chown" { copy.transfer.chown.is_some() } else { copy.transfer.chmod.is_some() };
            let text = format!("COPY {flag}{}", sim.text(copy.common.args_span).trim_start());
            let edits = if alone && !has_flag {
                vec![
                    Edit::Dockerfile {
                        span: Span::new(copy.common.args_span.start(), copy.common.args_span.start()),
                        replacement: flag,
                    },
                    Edit::Dockerfile { span: sim.whole_line(hidden_i.common().span), replacement: String::new() },
                ]
            } else {
                Vec::new()
            };
            Fix { text, edits }
        }
        (Instruction::Copy(_) | Instruction::Add(_), None) => Fix::text_only(
            "Give COPY the owner and mode it should have (`COPY --chown=user:group --chmod=755 ...`) and drop the \
             recursive chown/chmod",
        ),
        _ => Fix::text_only(
            "Change owners in the same RUN that creates the files, or run that RUN as the user (USER before it)",
        ),
    });
    Some(found)
}
