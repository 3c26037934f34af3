//! A multi-platform build (`docker buildx build --platform a,b`): one build
//! per target platform on the same cache, and one progress log for all of
//! them, as BuildKit solves every platform in one graph and shows a vertex
//! two platforms share (a build-platform stage's step that reads no
//! `TARGET*` ARG) once.

use super::cache::StepCache;
use super::platforms::{Platform, PlatformBuild};
use super::{build_for, log, BuildOutcome, BuildRequest, LocalImages};

/// One platform's build.
#[derive(Debug, Clone, PartialEq)]
pub struct PlatformOutcome {
    pub platform: Platform,
    pub outcome: BuildOutcome,
}

/// Every platform's build and the log BuildKit would print for them
/// (without the export step, which depends on where the result goes).
#[derive(Debug, Clone, PartialEq)]
pub struct MultiOutcome {
    pub platforms: Vec<PlatformOutcome>,
    pub log: String,
}

impl MultiOutcome {
    /// The first platform's error, as the solve fails on the first.
    pub fn error(&self) -> Option<&super::BuildError> {
        self.platforms.iter().find_map(|p| p.outcome.error.as_ref())
    }
}

/// Builds `request` for each of `targets` (at least one).
pub fn build_platforms(
    request: &BuildRequest<'_>,
    cache: &mut dyn StepCache,
    local: &dyn LocalImages,
    targets: &[Platform],
) -> MultiOutcome {
    let multi = targets.len() > 1;
    let mut platforms = Vec::new();
    for target in targets {
        let outcome = build_for(request, cache, local, &PlatformBuild { target: target.clone(), multi });
        let failed = outcome.error.is_some();
        platforms.push(PlatformOutcome { platform: target.clone(), outcome });
        // The solve stops at the first failing vertex.
        if failed {
            break;
        }
    }
    let log = merged_log(&platforms, request);
    MultiOutcome { platforms, log }
}

/// One log for all platforms: every platform's vertices in turn, a vertex
/// an earlier platform already showed (same name) left out, and no export.
fn merged_log(platforms: &[PlatformOutcome], request: &BuildRequest<'_>) -> String {
    let Some(first) = platforms.first() else { return String::new() };
    let mut merged = first.outcome.clone();
    merged.steps.clear();
    merged.image = None;
    merged.error = platforms.iter().find_map(|p| p.outcome.error.clone());
    let mut seen = std::collections::BTreeSet::new();
    let mut shown = std::collections::BTreeSet::new();
    for p in platforms {
        for step in &p.outcome.steps {
            let name = (step.platform.clone(), step.stage.clone(), step.position, step.instruction.clone());
            let vertex = (step.stage.clone(), step.position, step.instruction.clone());
            // The same name is the same vertex; a step an earlier platform ran
            // that this one only took from the cache is the same operation
            // (BuildKit merges vertices by digest), so it is not shown again.
            let merged_away = step.cached() && shown.contains(&vertex);
            if step.vertex && (!seen.insert(name) || merged_away) {
                continue;
            }
            shown.insert(vertex);
            merged.steps.push(step.clone());
        }
    }
    log::render(&merged, request, "")
}
