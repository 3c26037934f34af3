//! Stage headers, as BuildKit processes every FROM before building anything
//! (`buildDispatchStates` and `resolveBaseImage` in `dockerfile2llb/convert.go`):
//! the base name and `--platform` are expanded with the global scope, which
//! is where UndefinedArgInFrom, RedundantTargetPlatform and
//! FromPlatformFlagConstDisallowed fire (with the FROM's own `# check=`
//! comment), then each base is linked to an earlier stage or resolved as an
//! image (InvalidBaseImagePlatform).

use super::args::{self, Globals};
use super::config::CheckConfig;
use super::env::suggest;
use super::platform::{self, Expansion, Platform};
use super::reference::parse_normalized_named;
use super::{BaseImageConfig, ImageSource, Loc, Sink};
use crate::expansion::{Env, Lexer};
use crate::instructions::Dockerfile;
use crate::quote::go_quote;
use std::collections::BTreeSet;

/// One FROM after expansion.
#[derive(Debug, Clone)]
pub(super) struct Head {
    /// The base name after expansion (`golang:1.22`).
    pub base: String,
    /// The earlier stage of that name, if any (then it is no image).
    pub base_stage: Option<usize>,
    /// The `--platform` value, parsed.
    pub platform: Option<Platform>,
}

/// Where a stage starts from.
#[derive(Debug, Clone)]
pub(super) enum Origin {
    Stage(usize),
    Scratch,
    Image(BaseImageConfig),
}

/// Expands every FROM; `Err` is BuildKit's message for the first one that fails.
pub(super) fn expand_heads(
    file: &Dockerfile,
    globals: &Globals,
    lexer: &Lexer,
    base: &CheckConfig,
    sink: &mut Sink,
) -> Result<Vec<Head>, String> {
    let known = globals.known_names();
    let mut heads: Vec<Head> = Vec::with_capacity(file.stages.len());
    for stage in &file.stages {
        let from = &stage.from;
        let cfg = base.with_comments(&from.common.comments);
        let loc = Loc::of(&from.common);
        let name = lexer.process_word(&from.image, &globals.env);
        let unmatched = match &name {
            Ok(e) => &e.unmatched,
            Err(e) => &e.unmatched,
        };
        args::report_undeclared(&known, unmatched, &cfg, loc, sink);
        let base_name = name.map_err(|e| e.buildkit_message(&from.image))?.value;
        if base_name.is_empty() {
            return Err(format!("base name ({}) should not be blank", from.image));
        }
        let platform = match from.platform.as_deref().filter(|p| !p.is_empty()) {
            Some(expression) => {
                Some(expand_platform(expression, stage.name.as_deref(), globals, &known, lexer, &cfg, loc, sink)?)
            }
            None => None,
        };
        // Only stages already seen count, and the latest of a repeated name; the
        // expanded base is compared as written, so `FROM Base` is an image
        // (`dispatchStates.addState` in dockerfile2llb/convert.go).
        let base_stage = heads
            .len()
            .checked_sub(1)
            .and_then(|last| (0..=last).rev().find(|&j| file.stages[j].name.as_deref() == Some(base_name.as_str())));
        heads.push(Head { base: base_name, base_stage, platform });
    }
    Ok(heads)
}

#[allow(clippy::too_many_arguments)]
fn expand_platform(
    expression: &str,
    stage_name: Option<&str>,
    globals: &Globals,
    known: &[String],
    lexer: &Lexer,
    cfg: &CheckConfig,
    loc: Loc,
    sink: &mut Sink,
) -> Result<Platform, String> {
    let result = lexer.process_word(expression, &globals.env);
    let m = match &result {
        Ok(e) => Expansion { value: &e.value, matched: &e.matched, unmatched: &e.unmatched },
        Err(e) => Expansion { value: "", matched: &e.matched, unmatched: &e.unmatched },
    };
    args::report_undeclared(known, m.unmatched, cfg, loc, sink);
    platform::check_redundant(expression, &m, &globals.env, cfg, loc, sink);
    platform::check_constant(stage_name.unwrap_or_default(), &m, cfg, loc, sink);
    let expanded = match result {
        Ok(e) => e,
        Err(e) => {
            // BuildKit prints the (empty) partial result here, hence the odd ` :`.
            return Err(format!("failed to process arguments for platform : {}", e.buildkit_message(expression)));
        }
    };
    let hint = suggest_any(&expanded.unmatched, &globals.env.keys());
    if expanded.value.is_empty() {
        return Err(format!("empty platform value from expression {expression}{hint}"));
    }
    platform::parse(&expanded.value).map_err(|e| format!("failed to parse platform {expression}: {e}{hint}"))
}

/// BuildKit's `wrapSuggestAny`: the first unmatched name with a close option.
fn suggest_any(unmatched: &BTreeSet<String>, options: &[String]) -> String {
    unmatched
        .iter()
        .find_map(|name| suggest(name, options))
        .map(|s| format!(" (did you mean {s}?)"))
        .unwrap_or_default()
}

/// Links stages to their bases and resolves image configs (every stage is
/// resolved: `--check` treats all stages as reachable). A base that is no
/// valid reference stops the check with BuildKit's message.
pub(super) fn resolve_origins(
    file: &Dockerfile,
    heads: &[Head],
    images: &dyn ImageSource,
    cfg: &CheckConfig,
    sink: &mut Sink,
) -> Result<Vec<Origin>, String> {
    let mut origins = Vec::with_capacity(heads.len());
    for (stage, head) in file.stages.iter().zip(heads) {
        let origin = match head.base_stage {
            Some(index) => Origin::Stage(index),
            None if head.base == "scratch" => Origin::Scratch,
            None => {
                check_reference(&head.base)?;
                let config = images.image_config(&head.base).unwrap_or_default();
                if let Some(actual) = config.platform.as_deref().and_then(|p| platform::parse(p).ok()) {
                    let expected = head.platform.clone().unwrap_or_else(Platform::native);
                    let loc = Loc::of(&stage.from.common);
                    platform::check_base_image(&head.base, &expected, &actual, cfg, loc, sink);
                }
                Origin::Image(config)
            }
        };
        origins.push(origin);
    }
    Ok(origins)
}

/// BuildKit's error for a base (or `COPY --from` image) that is no reference.
pub(super) fn check_reference(name: &str) -> Result<(), String> {
    if name == "scratch" {
        return Ok(());
    }
    parse_normalized_named(name).map_err(|e| format!("failed to parse stage name {}: {e}", go_quote(name)))
}
