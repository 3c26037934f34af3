//! ARG and ENV scoping, and expansion applied where Docker applies it.
//!
//! Rules (Docker's Dockerfile reference, "ARG" and "Scope"):
//! - an ARG before the first FROM is global: FROM lines see it, stages do
//!   not, unless the stage declares it again (`ARG NAME` takes the global value);
//! - a build argument (`--build-arg`) overrides an ARG's default, and only
//!   counts for ARGs the Dockerfile declares;
//! - ENV overrides an ARG of the same name, wherever each is declared;
//! - the platform ARGs (`TARGETPLATFORM`, `BUILDARCH`, ...) are predefined in
//!   the global scope; the proxy ARGs (`HTTP_PROXY`, ...) need no declaration
//!   but reach only RUN's environment.
//!
//! Instructions are expanded as BuildKit's `Expand` methods do: ENV, LABEL,
//! ARG, COPY/ADD (sources, destination, --chown, --chmod, --exclude), EXPOSE,
//! USER, WORKDIR, VOLUME and STOPSIGNAL. RUN, CMD, ENTRYPOINT, HEALTHCHECK and
//! SHELL are left to the shell at run time; `COPY --from` is never expanded.

use super::{Env, ExpansionError, Lexer};
use crate::instructions::{Dockerfile, Instruction, Stage};
use crate::span::Span;
use std::collections::BTreeMap;

/// Proxy variables Docker passes to RUN without an ARG declaring them.
pub const PROXY_ARGS: [&str; 10] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// What a build is given from outside the Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildInputs {
    /// `--build-arg NAME=VALUE`.
    pub build_args: BTreeMap<String, String>,
    /// `os/arch[/variant]`, e.g. `linux/amd64`.
    pub target_platform: String,
    pub build_platform: String,
}

impl BuildInputs {
    /// An amd64 Linux build with no build arguments, Docker's usual case.
    pub fn linux_amd64() -> BuildInputs {
        BuildInputs {
            build_args: BTreeMap::new(),
            target_platform: "linux/amd64".to_string(),
            build_platform: "linux/amd64".to_string(),
        }
    }

    /// The predefined platform ARGs and their values.
    pub fn platform_args(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (prefix, platform) in [("TARGET", &self.target_platform), ("BUILD", &self.build_platform)] {
            let mut parts = platform.splitn(3, '/');
            let os = parts.next().unwrap_or_default();
            let arch = parts.next().unwrap_or_default();
            let variant = parts.next().unwrap_or_default();
            out.push((format!("{prefix}PLATFORM"), platform.clone()));
            out.push((format!("{prefix}OS"), os.to_string()));
            out.push((format!("{prefix}ARCH"), arch.to_string()));
            out.push((format!("{prefix}VARIANT"), variant.to_string()));
        }
        out
    }
}

/// The variables visible at one point: ARGs with a value, and ENV.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    pub args: BTreeMap<String, String>,
    pub env: BTreeMap<String, String>,
}

impl Env for Scope {
    fn get(&self, name: &str) -> Option<&str> {
        // ENV wins over an ARG of the same name.
        self.env.get(name).or_else(|| self.args.get(name)).map(String::as_str)
    }

    fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.env.keys().chain(self.args.keys()).cloned().collect();
        crate::sort::ord(&mut keys);
        keys.dedup();
        keys
    }
}

/// An expansion error at a place in the Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedExpansionError {
    pub error: ExpansionError,
    /// The instruction (or word) being expanded.
    pub span: Span,
}

/// The global scope: the platform ARGs, then the ARGs before the first FROM.
pub fn global_scope(file: &Dockerfile, inputs: &BuildInputs, lexer: &Lexer) -> (Scope, Vec<LocatedExpansionError>) {
    let mut scope = Scope::default();
    scope.args.extend(inputs.platform_args());
    let mut errors = Vec::new();
    for arg in &file.meta_args {
        declare_args(&mut scope, &arg.args, inputs, None, lexer, &mut errors);
    }
    (scope, errors)
}

fn declare_args(
    scope: &mut Scope,
    defs: &[crate::instructions::ArgDef],
    inputs: &BuildInputs,
    global: Option<&Scope>,
    lexer: &Lexer,
    errors: &mut Vec<LocatedExpansionError>,
) {
    for def in defs {
        let value = if let Some(given) = inputs.build_args.get(&def.key) {
            Some(given.clone())
        } else if let Some(default) = &def.default {
            match lexer.process_word(default, scope) {
                Ok(expanded) => Some(expanded.value),
                Err(error) => {
                    errors.push(LocatedExpansionError { error, span: def.span });
                    None
                }
            }
        } else {
            global.and_then(|g| g.args.get(&def.key)).cloned()
        };
        match value {
            Some(value) => {
                scope.args.insert(def.key.clone(), value);
            }
            // Declared without a value: stays unset for expansion.
            None => {
                scope.args.remove(&def.key);
            }
        }
    }
}

/// A stage's FROM after expansion with the global scope.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExpandedFrom {
    /// The base image (or earlier stage) it names.
    pub base: String,
    /// `--platform`, when given.
    pub platform: Option<String>,
}

/// Expands a stage's FROM with the global scope, as BuildKit does for every
/// stage before it dispatches any (convert.go `buildDispatchStates`: the base
/// name, then `--platform`). A word that fails to expand is kept as written,
/// with its error.
pub fn expand_from(stage: &Stage, global: &Scope, lexer: &Lexer) -> (ExpandedFrom, Vec<LocatedExpansionError>) {
    let mut errors = Vec::new();
    let mut word = |text: &str, span: Span| match lexer.process_word(text, global) {
        Ok(expanded) => expanded.value,
        Err(error) => {
            errors.push(LocatedExpansionError { error, span });
            text.to_string()
        }
    };
    let base = word(&stage.from.image, stage.from.image_span);
    let platform = stage.from.platform.as_ref().map(|p| word(p, stage.from.common.span));
    (ExpandedFrom { base, platform }, errors)
}

/// A stage with every instruction's values expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpandedStage {
    /// The stage's FROM, expanded once by [`expand_from`].
    pub from: ExpandedFrom,
    /// Instructions in order, each with the scope in force before it ran.
    pub instructions: Vec<Instruction>,
    /// The scope after the last instruction.
    pub scope: Scope,
    pub errors: Vec<LocatedExpansionError>,
}

/// Expands one stage's instructions. `from` is the stage's FROM, expanded
/// once by [`expand_from`] (the build reads it before expanding any stage, to
/// choose the stages the target needs). `base_env` is the base image's ENV (a
/// stage that builds on another stage inherits that stage's ENV; ARGs are
/// never inherited).
pub fn expand_stage(
    stage: &Stage,
    from: ExpandedFrom,
    global: &Scope,
    base_env: &BTreeMap<String, String>,
    inputs: &BuildInputs,
    lexer: &Lexer,
) -> ExpandedStage {
    let mut errors = Vec::new();
    let word = |text: &str, scope: &Scope, span: Span, errors: &mut Vec<LocatedExpansionError>| match lexer
        .process_word(text, scope)
    {
        Ok(expanded) => expanded.value,
        Err(error) => {
            errors.push(LocatedExpansionError { error, span });
            text.to_string()
        }
    };
    let mut scope = Scope { args: BTreeMap::new(), env: base_env.clone() };
    let mut out = Vec::with_capacity(stage.instructions.len());
    for instruction in &stage.instructions {
        let span = instruction.common().span;
        let mut expanded = instruction.clone();
        let mut w = |text: &mut String, scope: &Scope| *text = word(text, scope, span, &mut errors);
        match &mut expanded {
            Instruction::Env(env) => {
                for pair in &mut env.pairs {
                    w(&mut pair.key, &scope);
                    w(&mut pair.value, &scope);
                }
                // All pairs of one ENV see the scope from before it, as in BuildKit.
                for pair in &env.pairs {
                    scope.env.insert(pair.key.clone(), pair.value.clone());
                }
            }
            Instruction::Label(label) => {
                for pair in &mut label.pairs {
                    w(&mut pair.key, &scope);
                    w(&mut pair.value, &scope);
                }
            }
            Instruction::Arg(arg) => {
                declare_args(&mut scope, &arg.args, inputs, Some(global), lexer, &mut errors);
                for def in &mut arg.args {
                    def.default = scope.args.get(&def.key).cloned();
                }
            }
            Instruction::Copy(copy) => expand_transfer(&mut copy.transfer, &scope, &mut w),
            Instruction::Add(add) => expand_transfer(&mut add.transfer, &scope, &mut w),
            Instruction::Expose(expose) => {
                let mut ports = Vec::new();
                for port in &expose.ports {
                    match lexer.process_words(port, &scope) {
                        Ok(words) => ports.extend(words),
                        Err(error) => {
                            errors.push(LocatedExpansionError { error, span });
                            ports.push(port.clone());
                        }
                    }
                }
                expose.ports = ports;
            }
            Instruction::User(user) => w(&mut user.user, &scope),
            Instruction::Workdir(workdir) => w(&mut workdir.path, &scope),
            Instruction::StopSignal(signal) => w(&mut signal.signal, &scope),
            Instruction::Volume(volume) => volume.paths.iter_mut().for_each(|p| w(p, &scope)),
            Instruction::Run(_)
            | Instruction::Cmd(_)
            | Instruction::Entrypoint(_)
            | Instruction::Healthcheck(_)
            | Instruction::Shell(_)
            | Instruction::Onbuild(_)
            | Instruction::Maintainer(_) => {}
        }
        out.push(expanded);
    }
    ExpandedStage { from, instructions: out, scope, errors }
}

fn expand_transfer(
    transfer: &mut crate::instructions::Transfer,
    scope: &Scope,
    w: &mut impl FnMut(&mut String, &Scope),
) {
    transfer.sources.iter_mut().for_each(|s| w(s, scope));
    w(&mut transfer.dest, scope);
    if let Some(chown) = &mut transfer.chown {
        w(chown, scope);
    }
    if let Some(chmod) = &mut transfer.chmod {
        w(chmod, scope);
    }
    transfer.exclude.iter_mut().for_each(|e| w(e, scope));
}

/// Expands every stage of a Dockerfile with the given inputs; each stage
/// starts from an empty base ENV (the image catalog comes with the build engine).
pub fn expand_all(file: &Dockerfile, inputs: &BuildInputs) -> (Scope, Vec<ExpandedStage>) {
    let lexer = Lexer::new(file.escape);
    let (global, mut global_errors) = global_scope(file, inputs, &lexer);
    let empty = BTreeMap::new();
    let mut stages: Vec<ExpandedStage> = file
        .stages
        .iter()
        .map(|stage| {
            let (from, mut errors) = expand_from(stage, &global, &lexer);
            let mut expanded = expand_stage(stage, from, &global, &empty, inputs, &lexer);
            // The FROM's errors come first, as its text does.
            errors.append(&mut expanded.errors);
            expanded.errors = errors;
            expanded
        })
        .collect();
    if let Some(first) = stages.first_mut() {
        global_errors.append(&mut first.errors);
        first.errors = global_errors;
    }
    (global, stages)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instructions::{from_syntax, Instruction};
    use crate::syntax::parse;

    fn expand(text: &str, build_args: &[(&str, &str)]) -> (Scope, Vec<ExpandedStage>) {
        let file = from_syntax(&parse(text));
        assert!(file.errors.is_empty(), "{:?}", file.errors);
        let mut inputs = BuildInputs::linux_amd64();
        inputs.build_args = build_args.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        expand_all(&file, &inputs)
    }

    fn workdir(stage: &ExpandedStage, index: usize) -> &str {
        match &stage.instructions[index] {
            Instruction::Workdir(w) => &w.path,
            other => panic!("not a WORKDIR: {other:?}"),
        }
    }

    #[test]
    fn global_args_reach_from_but_not_the_stage() {
        let (_, stages) = expand("ARG V=3.20\nFROM alpine:${V}\nWORKDIR /v${V}\nARG V\nWORKDIR /v${V}\n", &[]);
        assert_eq!(stages[0].from.base, "alpine:3.20");
        // Not visible until declared again in the stage, then it takes the global value.
        assert_eq!(workdir(&stages[0], 0), "/v");
        assert_eq!(workdir(&stages[0], 2), "/v3.20");
    }

    #[test]
    fn build_args_override_defaults_only_for_declared_args() {
        let (_, stages) =
            expand("FROM a\nARG MODE=dev\nWORKDIR /${MODE}/${OTHER}\n", &[("MODE", "prod"), ("OTHER", "x")]);
        assert_eq!(workdir(&stages[0], 1), "/prod/");
    }

    #[test]
    fn env_overrides_arg_and_sees_the_scope_before_it() {
        let (_, stages) = expand("FROM a\nARG X=arg\nENV X=env Y=$X\nARG X=again\nWORKDIR /$X/$Y\n", &[]);
        // Y got the ARG's value: all pairs of one ENV expand with the scope before it.
        assert_eq!(workdir(&stages[0], 3), "/env/arg");
        let Instruction::Env(env) = &stages[0].instructions[1] else { panic!("not ENV") };
        assert_eq!(env.pairs[1].value, "arg");
    }

    #[test]
    fn env_values_lose_their_quotes() {
        let (_, stages) = expand("FROM a\nENV GREETING=\"hello world\" PATH=/app/bin:$PATH\n", &[]);
        let Instruction::Env(env) = &stages[0].instructions[0] else { panic!("not ENV") };
        assert_eq!(env.pairs[0].value, "hello world");
        assert_eq!(env.pairs[1].value, "/app/bin:");
    }

    #[test]
    fn platform_args_are_global_and_must_be_declared_in_stages() {
        let (global, stages) =
            expand("FROM --platform=$BUILDPLATFORM golang AS build\nWORKDIR /$TARGETARCH\nARG TARGETARCH\nWORKDIR /$TARGETARCH\n", &[]);
        assert_eq!(global.args.get("TARGETPLATFORM").map(String::as_str), Some("linux/amd64"));
        assert_eq!(stages[0].from.platform.as_deref(), Some("linux/amd64"));
        assert_eq!(workdir(&stages[0], 0), "/");
        assert_eq!(workdir(&stages[0], 2), "/amd64");
    }

    #[test]
    fn expose_splits_words_and_run_is_left_alone() {
        let (_, stages) = expand("FROM a\nARG PORTS=\"80 443\"\nEXPOSE $PORTS\nRUN echo $PORTS\n", &[]);
        let Instruction::Expose(expose) = &stages[0].instructions[1] else { panic!("not EXPOSE") };
        assert_eq!(expose.ports, ["80", "443"]);
        let Instruction::Run(run) = &stages[0].instructions[2] else { panic!("not RUN") };
        assert_eq!(run.command, crate::instructions::CommandLine::Shell("echo $PORTS".into()));
    }

    #[test]
    fn copy_expands_paths_and_chown_but_not_from() {
        let (_, stages) = expand("FROM a AS b\nFROM a\nARG U=app\nCOPY --from=b --chown=$U:$U /src/${U} /dst/\n", &[]);
        let Instruction::Copy(copy) = &stages[1].instructions[1] else { panic!("not COPY") };
        assert_eq!(copy.transfer.sources, ["/src/app"]);
        assert_eq!(copy.transfer.chown.as_deref(), Some("app:app"));
        assert_eq!(copy.from.as_deref(), Some("b"));
    }

    #[test]
    fn expansion_errors_are_located() {
        let text = "FROM a\nWORKDIR ${MISSING:?must be set}\n";
        let (_, stages) = expand(text, &[]);
        let error = stages[0].errors.first().expect("an error");
        assert_eq!(&text[error.span.range()], "WORKDIR ${MISSING:?must be set}");
    }

    #[test]
    fn expand_from_keeps_a_failing_word_as_written_with_its_error() {
        let text = "ARG V=3.22\nFROM --platform=${P:?none} alpine:$V\n";
        let file = from_syntax(&parse(text));
        let lexer = Lexer::new(file.escape);
        let (global, _) = global_scope(&file, &BuildInputs::linux_amd64(), &lexer);
        let (from, errors) = expand_from(&file.stages[0], &global, &lexer);
        assert_eq!(from.base, "alpine:3.22");
        assert_eq!(from.platform.as_deref(), Some("${P:?none}"));
        assert_eq!(errors.len(), 1);
        assert_eq!(&text[errors[0].span.start()..errors[0].span.end()], "FROM --platform=${P:?none} alpine:$V");
    }
}
