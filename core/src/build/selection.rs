//! Which stages a build runs: the target and every stage it reads through
//! FROM, `COPY --from` and `RUN --mount=from=` (BuildKit never runs the
//! others), and how a finished stage's state is handed to the next.

use super::mounts;
use super::steps::StageState;
use crate::instructions::{Dockerfile, Instruction, Stage};
use std::collections::{BTreeMap, BTreeSet};

/// The stages `stage` reads: the earlier stage its FROM names, then the
/// stages its `COPY --from` instructions name.
pub(super) fn stage_refs<'f>(
    file: &'f Dockerfile,
    bases: &'f [String],
    stage: &'f Stage,
) -> impl Iterator<Item = usize> + 'f {
    let base = bases.get(stage.index).map_or(stage.from.image.as_str(), String::as_str);
    let from = file.base_stage(base, stage.index).map(|s| s.index);
    let copies = stage.instructions.iter().filter_map(move |i| match i {
        Instruction::Copy(copy) => copy.from.as_deref().and_then(|f| file.stage_by_ref(f)).map(|s| s.index),
        _ => None,
    });
    // `RUN --mount=from=stage` depends on that stage too (`detectRunMount`).
    let mounted = stage.instructions.iter().flat_map(move |i| match i {
        Instruction::Run(run) => mounts::from_refs(&run.mounts)
            .iter()
            .filter_map(|f| file.stage_by_ref(f).map(|s| s.index))
            .collect::<Vec<_>>(),
        _ => Vec::new(),
    });
    from.into_iter().chain(copies).chain(mounted)
}

/// How many needed stages build on or copy from each (earlier) stage.
pub(super) fn later_uses(file: &Dockerfile, bases: &[String], needed: &BTreeSet<usize>) -> BTreeMap<usize, usize> {
    let mut uses = BTreeMap::new();
    for stage in file.stages.iter().filter(|s| needed.contains(&s.index)) {
        for dep in stage_refs(file, bases, stage).filter(|d| *d < stage.index) {
            *uses.entry(dep).or_insert(0) += 1;
        }
    }
    uses
}

/// A parent stage's state for a child: moved out when no other stage uses
/// it, copied otherwise (each stage's layers and config can be large).
pub(super) fn take_or_copy(
    done: &mut BTreeMap<usize, StageState>,
    uses: &mut BTreeMap<usize, usize>,
    parent: usize,
) -> Option<StageState> {
    let left = uses.get_mut(&parent).map(|n| {
        *n = n.saturating_sub(1);
        *n
    });
    match left {
        Some(0) => done.remove(&parent),
        _ => done.get(&parent).cloned(),
    }
}

/// The target and every stage it depends on, through FROM and COPY --from.
pub(super) fn needed_stages(file: &Dockerfile, bases: &[String], target: usize) -> BTreeSet<usize> {
    let mut needed = BTreeSet::new();
    let mut queue = vec![target];
    while let Some(index) = queue.pop() {
        if !needed.insert(index) {
            continue;
        }
        let Some(stage) = file.stages.get(index) else {
            continue;
        };
        queue.extend(stage_refs(file, bases, stage));
    }
    needed
}

/// Whether BuildKit names each step's stage in the progress (`[build 2/3]`
/// rather than `[2/3]`). convert.go's `buildStageDependencyGraph` blanks the
/// stage name when the file has one dispatch state, counted after
/// `toCommand` has added an unregistered state for every `COPY --from` that
/// names no stage (an image) and `detectRunMount` one for every `RUN --mount`
/// whose `from` (`scratch` when it has none, even for a cache or secret
/// mount) names no stage. So a one-stage file prints `[stage-0 2/3]` (or its
/// `AS` name) once it copies from an image or mounts anything, and `[2/3]`
/// otherwise, whatever its stage is called.
pub(super) fn names_stages(file: &Dockerfile) -> bool {
    if file.stages.len() != 1 {
        return true;
    }
    // No stage index here: both look stages up by name (`findStateByName`),
    // except that `COPY --from=0` names the stage by index.
    let not_a_stage =
        |reference: &str| file.stages.iter().all(|s| s.name.as_deref() != Some(&*reference.to_ascii_lowercase()));
    file.stages.iter().flat_map(|s| &s.instructions).any(|i| match i {
        Instruction::Copy(copy) => {
            copy.from.as_deref().is_some_and(|from| from.parse::<usize>().is_err() && not_a_stage(from))
        }
        Instruction::Run(run) => run.mounts.iter().any(|mount| {
            let from = mounts::from_refs(std::slice::from_ref(mount));
            not_a_stage(from.first().map_or("scratch", String::as_str))
        }),
        _ => false,
    })
}
