//! The global scope of FROM lines and the rules about it.
//!
//! BuildKit predefines the platform ARGs (`BUILDPLATFORM`, `TARGETARCH`, ...,
//! and `TARGETSTAGE`), lets build arguments override them, then adds the ARGs
//! declared before the first FROM (`buildMetaArgs`, `defaultArgs` in
//! `dockerfile2llb`). On that scope:
//! * InvalidDefaultArgInFrom expands each base name with ARG *defaults only*
//!   (build arguments deliberately ignored) and checks it is a valid reference;
//! * UndefinedArgInFrom reports a variable of a FROM that is neither
//!   predefined nor declared (declared without a value counts as declared).

use super::config::CheckConfig;
use super::env::{suggest, EnvList};
use super::reference::parse_normalized_named;
use super::rules::{self, RuleId};
use super::{Loc, Sink};
use crate::expansion::{Env, Lexer};
use crate::instructions::{Arg, Dockerfile};
use std::collections::{BTreeMap, BTreeSet};

/// The platform Layerlab simulates BuildKit on when none is asked for.
pub(super) const NATIVE_OS: &str = "linux";
pub(super) const NATIVE_ARCH: &str = "amd64";

/// The predefined ARGs for a native linux/amd64 build of `target` (the last
/// stage's name, or `default`), each overridable by a build argument.
pub(super) fn default_args(build_args: &BTreeMap<String, String>, target: &str) -> EnvList {
    let platform = format!("{NATIVE_OS}/{NATIVE_ARCH}");
    let values = [
        ("BUILDPLATFORM", platform.as_str()),
        ("BUILDOS", NATIVE_OS),
        ("BUILDOSVERSION", ""),
        ("BUILDARCH", NATIVE_ARCH),
        ("BUILDVARIANT", ""),
        ("TARGETPLATFORM", platform.as_str()),
        ("TARGETOS", NATIVE_OS),
        ("TARGETOSVERSION", ""),
        ("TARGETARCH", NATIVE_ARCH),
        ("TARGETVARIANT", ""),
        ("TARGETSTAGE", target),
    ];
    let mut env = EnvList::default();
    for (key, value) in values {
        env.set(key, build_args.get(key).map_or(value, String::as_str));
    }
    env
}

/// The scope FROM lines expand in.
pub(super) struct Globals {
    pub env: EnvList,
    /// Every ARG declared before the first FROM, with or without a value.
    pub declared: Vec<String>,
}

impl Globals {
    /// The names UndefinedArgInFrom accepts: declared or set, sorted.
    pub fn known_names(&self) -> Vec<String> {
        let set: BTreeSet<String> = self.declared.iter().cloned().chain(self.env.keys()).collect();
        set.into_iter().collect()
    }
}

/// Adds the ARGs before the first FROM to `defaults` (`buildMetaArgs`). With
/// `build_args` as `None` only defaults are used. An ARG without a default and
/// without a build argument is declared but stays unset.
pub(super) fn meta_args(
    defaults: &EnvList,
    meta: &[Arg],
    build_args: Option<&BTreeMap<String, String>>,
    lexer: &Lexer,
) -> Result<Globals, String> {
    let mut env = defaults.clone();
    let mut declared = Vec::new();
    for arg in meta {
        for def in &arg.args {
            let value = match (build_args.and_then(|b| b.get(&def.key)), &def.default) {
                (Some(given), _) => Some(given.clone()),
                (None, Some(default)) => {
                    Some(lexer.process_word(default, &env).map_err(|e| e.buildkit_message(default))?.value)
                }
                (None, None) => None,
            };
            if let Some(value) = value {
                env.set(&def.key, &value);
            }
            declared.push(def.key.clone());
        }
    }
    Ok(Globals { env, declared })
}

/// InvalidDefaultArgInFrom: every base name expanded with the ARG defaults
/// must be a valid image reference. Any expansion error abandons the check
/// silently: the build reports it later (`validateBaseImagesWithDefaultArgs`).
pub(super) fn check_default_base_names(
    file: &Dockerfile,
    defaults: &EnvList,
    lexer: &Lexer,
    cfg: &CheckConfig,
    sink: &mut Sink,
) {
    let Ok(globals) = meta_args(defaults, &file.meta_args, None, lexer) else { return };
    for stage in &file.stages {
        let Ok(expanded) = lexer.process_word(&stage.from.image, &globals.env) else { return };
        if parse_normalized_named(&expanded.value).is_err() {
            let detail = rules::invalid_default_arg_in_from(&stage.from.image);
            sink.report(cfg, RuleId::InvalidDefaultArgInFrom, detail, Loc::of(&stage.from.common));
        }
    }
}

/// UndefinedArgInFrom for the variables a FROM word looked up and did not find.
pub(super) fn report_undeclared(
    known: &[String],
    unmatched: &BTreeSet<String>,
    cfg: &CheckConfig,
    loc: Loc,
    sink: &mut Sink,
) {
    for name in unmatched {
        if known.binary_search(name).is_ok() {
            continue;
        }
        let suggestion = suggest(name, known);
        sink.report(cfg, RuleId::UndefinedArgInFrom, rules::undefined_arg_in_from(name, suggestion.as_deref()), loc);
    }
}
