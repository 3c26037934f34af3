//! Best-practice rules, compatible with hadolint's DL codes: what `hadolint`
//! would say about a Dockerfile, but reading the commands inside `&&`/`;`
//! chains and RUN heredocs (which hadolint cannot parse) with Layerlab's
//! shell parser.
//!
//! Every finding is located at the instruction, reported on the line where
//! the instruction starts, as hadolint does. Some rules carry a mechanical
//! [`super::Fix`]: replacement text for the finding's span.
//!
//! Semantics worth writing down:
//! - DL3002 looks only at the last USER of the final stage.
//! - DL3009 fires on a RUN that runs `apt-get update` without
//!   `rm -rf /var/lib/apt/lists/*` (hadolint keys it on `update`, not
//!   `install`), unless the lists are a cache mount, and like hadolint only in
//!   the final stage and the stages it is built `FROM` (builder stages whose
//!   files are merely copied out are not shipped, so their lists do not matter).
//! - DL3059 needs two adjacent RUNs of one stage with the same flags, each of
//!   at most two commands (hadolint's DL3059).
//! - DL3008, DL3014 and DL3015 read `apt-get install` only; `apt` is DL3027's.
//! - DL4006 is satisfied by a SHELL with `-o pipefail` (reset at each FROM),
//!   by `set -o pipefail` earlier in the same RUN, or by a non-POSIX SHELL.
//! - ONBUILD triggers are checked like the instruction they wrap, located at
//!   the trigger; they do not change the stage's SHELL or ENV state.
//! - A command run through `sudo` is also read as the command sudo runs.
//! - hadolint's DL4000 (MAINTAINER) is BuildKit's `MaintainerDeprecated`,
//!   which carries the code; DL3000 and DL3025 give way to BuildKit's
//!   checks where both fire ([`super::overlap`]).

pub(super) mod fixes;
pub(super) mod packages;
pub(super) mod script;
#[cfg(test)]
mod tests;

use super::rule::{Level, Rule, Source};
use super::Finding;
use crate::instructions::{self, CommandLine, Dockerfile, Instruction, Run, Stage};
use crate::syntax;

/// hadolint's wiki page for a code.
macro_rules! wiki {
    ($code:literal) => {
        concat!("https://github.com/hadolint/hadolint/wiki/", $code)
    };
}

/// A best practice: our name (`AptListsNotDeleted`), hadolint's code (`DL3009`).
macro_rules! rule {
    ($name:literal, $code:literal, $description:expr $(,)?) => {
        Rule {
            name: $name,
            source: Source::BestPractice,
            hadolint: Some($code),
            description: $description,
            url: Some(wiki!($code)),
            level: Level::Warning,
            experimental: false,
        }
    };
}

/// Every rule, in the order they are documented.
pub static PRACTICE_RULES: &[Rule] = &[
    rule!(
        "WorkdirNotAbsolute",
        "DL3000",
        "WORKDIR should be an absolute path, so it does not depend on the one before.",
    ),
    rule!("LastUserRoot", "DL3002", "The final image should not run as root: switch to an unprivileged USER last."),
    rule!("CdInRun", "DL3003", "Use WORKDIR to change directory instead of `cd` inside RUN."),
    rule!("SudoInRun", "DL3004", "Builds already run as the USER you choose; `sudo` adds nothing but surprises."),
    rule!("ImageNotTagged", "DL3006", "Name a tag (or digest) for every base image so builds are repeatable."),
    rule!("LatestTag", "DL3007", "`latest` moves; pin a specific tag instead."),
    rule!("AptNotPinned", "DL3008", "Pin the versions in `apt-get install` (`pkg=version`)."),
    rule!(
        "AptListsNotDeleted",
        "DL3009",
        "Remove /var/lib/apt/lists in the RUN that fetched them, or they bloat the layer.",
    ),
    rule!("AptNoYes", "DL3014", "`apt-get install` needs `-y`: a build cannot answer prompts."),
    rule!("AptRecommends", "DL3015", "Add `--no-install-recommends` to skip packages you did not ask for."),
    rule!("AptCliInScript", "DL3027", "`apt` is for people; scripts should call `apt-get`."),
    rule!("PipNotPinned", "DL3013", "Pin the versions in `pip install` (`pkg==version`)."),
    rule!(
        "PipCache",
        "DL3042",
        "Use `pip install --no-cache-dir` (or set PIP_NO_CACHE_DIR) to keep the cache out of the layer.",
    ),
    rule!("NpmNotPinned", "DL3016", "Pin the versions in `npm install` (`pkg@version`)."),
    rule!("ApkNotPinned", "DL3018", "Pin the versions in `apk add` (`pkg=version`)."),
    rule!("ApkCache", "DL3019", "Use `apk add --no-cache` to keep the package index out of the layer."),
    rule!("AddForLocalFiles", "DL3020", "Use COPY for local files; keep ADD for URLs and archives to unpack."),
    rule!("ShellFormCommand", "DL3025", "Write CMD and ENTRYPOINT in JSON form so signals reach the process."),
    rule!("ConsecutiveRuns", "DL3059", "Adjacent RUN instructions could be one, saving a layer."),
    rule!(
        "PipeWithoutPipefail",
        "DL4006",
        "Set `-o pipefail` before piping in RUN, or a failing stage of the pipe goes unnoticed.",
    ),
];

/// The rule with this name or hadolint code.
pub fn practice_rule(name_or_code: &str) -> Option<&'static Rule> {
    PRACTICE_RULES.iter().find(|r| {
        r.name.eq_ignore_ascii_case(name_or_code) || r.hadolint.is_some_and(|h| h.eq_ignore_ascii_case(name_or_code))
    })
}

/// Checks `source` against every best-practice rule. Never fails: parse
/// errors leave the broken instructions out. Findings are in source order.
pub fn check_practices(source: &str) -> Vec<Finding> {
    let parsed = syntax::parse(source);
    let file = instructions::from_syntax(&parsed);
    practices_of(source, &file, &script::Scripts::of(&file), None)
}

/// [`check_practices`] over `source` already read into instructions and
/// scripts. `target`: the stage a build ships (`--target`), else the last;
/// the rules about the final image (DL3002, DL3009) look at it.
pub(in crate::lint) fn practices_of(
    source: &str,
    file: &Dockerfile,
    scripts: &script::Scripts,
    target: Option<usize>,
) -> Vec<Finding> {
    let mut out = Out { findings: Vec::new(), source, scripts };
    let final_stage = target.and_then(|i| file.stages.get(i)).or(file.stages.last());
    let shipped = shipped_stages(file, final_stage);
    let mut earlier_names: Vec<&str> = Vec::new();
    for stage in &file.stages {
        check_from(stage, &earlier_names, &mut out);
        check_stage(stage, shipped.contains(&stage.index), &mut out);
        if let Some(name) = &stage.name {
            earlier_names.push(name);
        }
    }
    if let Some(last) = final_stage {
        check_last_user(last, &mut out);
    }
    let order = |code: &str| PRACTICE_RULES.iter().position(|r| r.name == code).unwrap_or(usize::MAX);
    crate::sort::by_key(&mut out.findings, |f| (f.span.start(), order(f.rule.name)));
    out.findings
}

struct Out<'s> {
    findings: Vec<Finding>,
    source: &'s str,
    scripts: &'s script::Scripts,
}

impl Out<'_> {
    /// `fix`: the text that replaces the instruction.
    fn report(&mut self, name: &'static str, message: String, common: &instructions::Common, fix: Option<String>) {
        // Every name reported here is in the table (a test checks it).
        let Some(rule) = practice_rule(name) else { return };
        let mut finding = Finding::at(rule, common, message);
        finding.fix = fix.map(|text| finding.replacing(text));
        self.findings.push(finding);
    }
}

/// The final stage and the stages it is built FROM, transitively (DL3009).
fn shipped_stages<'a>(file: &'a Dockerfile, final_stage: Option<&'a Stage>) -> Vec<usize> {
    let mut out = Vec::new();
    let mut current = final_stage;
    while let Some(stage) = current {
        if out.contains(&stage.index) {
            break;
        }
        out.push(stage.index);
        let image = stage.from.image.to_ascii_lowercase();
        current =
            file.stages[..stage.index.min(file.stages.len())].iter().rev().find(|s| s.name.as_deref() == Some(&image));
    }
    out
}

/// DL3006, DL3007.
fn check_from(stage: &Stage, earlier_names: &[&str], out: &mut Out) {
    let image = stage.from.image.as_str();
    let lower = image.to_ascii_lowercase();
    if image.contains('$') || lower == "scratch" || earlier_names.contains(&lower.as_str()) || image.is_empty() {
        return;
    }
    let (name, digest) = match image.split_once('@') {
        Some((name, _)) => (name, true),
        None => (image, false),
    };
    let last_part = name.rsplit('/').next().unwrap_or(name);
    let tag = last_part.split_once(':').map(|(_, t)| t);
    let common = &stage.from.common;
    match tag {
        None if !digest => out.report(
            "ImageNotTagged",
            format!("Always tag the image explicitly: `{image}` has no tag."),
            common,
            None,
        ),
        Some("latest") if !digest => out.report(
            "LatestTag",
            format!("Using `latest` is prone to errors: pin a version of `{name}`."),
            common,
            None,
        ),
        _ => {}
    }
}

/// DL3002: the last USER of the final stage.
fn check_last_user(stage: &Stage, out: &mut Out) {
    let last = stage.instructions.iter().rev().find_map(|i| match i {
        Instruction::User(user) => Some(user),
        _ => None,
    });
    if let Some(user) = last {
        let name = user.user.split(':').next().unwrap_or("");
        if name == "root" || name == "0" {
            out.report("LastUserRoot", "The last USER should not be root.".to_string(), &user.common, None);
        }
    }
}

/// What a stage has set so far that later instructions depend on.
#[derive(Clone, Copy)]
struct StageState {
    /// SHELL has `-o pipefail`, or is not a POSIX shell.
    pipes_safe: bool,
    pip_no_cache: bool,
}

fn check_stage(stage: &Stage, shipped: bool, out: &mut Out) {
    let mut state = StageState { pipes_safe: false, pip_no_cache: false };
    let mut previous_run: Option<&Run> = None;
    for instruction in &stage.instructions {
        if let (Some(prev), Instruction::Run(run)) = (previous_run, instruction) {
            if consolidable(prev, run, out.scripts) {
                out.report(
                    "ConsecutiveRuns",
                    format!(
                        "Multiple consecutive RUN instructions (lines {} and {}): consider consolidating them.",
                        prev.common.start_line, run.common.start_line
                    ),
                    &run.common,
                    None,
                );
            }
        }
        check_instruction(instruction, &mut state, shipped, out);
        previous_run = match instruction {
            Instruction::Run(run) => Some(run),
            _ => None,
        };
    }
}

/// The rules about one instruction; ONBUILD triggers are checked as if they
/// ran here, without changing the stage's state.
fn check_instruction(instruction: &Instruction, state: &mut StageState, shipped: bool, out: &mut Out) {
    let common = instruction.common();
    match instruction {
        Instruction::Run(run) => check_run(run, state, shipped, out),
        Instruction::Onbuild(onbuild) => {
            let mut scratch = *state;
            check_instruction(&onbuild.trigger, &mut scratch, shipped, out);
        }
        Instruction::Workdir(workdir) => {
            let path = workdir.path.trim_matches(|c| c == '"' || c == '\'');
            let bytes = path.as_bytes();
            let windows = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
            if !(path.starts_with('/') || path.starts_with('$') || windows) {
                out.report(
                    "WorkdirNotAbsolute",
                    format!("Use absolute WORKDIR paths: `{}` is relative.", workdir.path),
                    common,
                    None,
                );
            }
        }
        Instruction::Shell(shell) => {
            let program = shell.shell.first().map(|p| p.rsplit(['/', '\\']).next().unwrap_or(p).to_ascii_lowercase());
            let posix =
                program.as_deref().is_some_and(|p| ["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh"].contains(&p));
            let pipefail =
                shell.shell.windows(2).any(|w| w[1] == "pipefail" && w[0].starts_with('-') && w[0].ends_with('o'));
            state.pipes_safe = !posix || pipefail;
        }
        Instruction::Env(env) => {
            if let Some(pair) = env.pairs.iter().rev().find(|p| p.key == "PIP_NO_CACHE_DIR") {
                let value = pair.value.trim_matches('"').to_ascii_lowercase();
                state.pip_no_cache = !matches!(value.as_str(), "" | "0" | "false" | "no" | "off");
            }
        }
        Instruction::Cmd(cmd) => check_json_form(&cmd.command, common, out),
        Instruction::Entrypoint(entrypoint) => {
            if let Some(command) = &entrypoint.command {
                check_json_form(command, common, out);
            }
        }
        Instruction::Add(add) => {
            let local: Vec<&String> = add.transfer.sources.iter().filter(|s| !remote_or_archive(s)).collect();
            if !local.is_empty() {
                let list = local.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ");
                out.report(
                    "AddForLocalFiles",
                    format!("Use COPY instead of ADD for local files ({list})."),
                    common,
                    None,
                );
            }
        }
        _ => {}
    }
}

/// DL3059, as hadolint 2.x decides it (src/Hadolint/Rule/DL3059.hs): two
/// adjacent RUNs with the same flags (`--mount`, `--network`, `--security`;
/// Layerlab compares `--device` too), neither chaining more than two
/// commands. Comments between them do not separate them.
fn consolidable(previous: &Run, run: &Run, scripts: &script::Scripts) -> bool {
    let same_flags = previous.mounts == run.mounts
        && previous.network == run.network
        && previous.security == run.security
        && previous.devices == run.devices;
    let short = |r: &Run| scripts.get(r).commands.len() <= 2;
    same_flags && short(previous) && short(run)
}

fn remote_or_archive(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    let remote = ["http://", "https://", "git@", "git://", "ssh://"].iter().any(|p| lower.starts_with(p));
    const ARCHIVES: &[&str] = &[
        ".tar",
        ".tar.gz",
        ".tgz",
        ".tar.bz2",
        ".tbz2",
        ".tbz",
        ".tb2",
        ".tar.xz",
        ".txz",
        ".tar.zst",
        ".tzst",
        ".tar.lz",
        ".tlz",
        ".tar.lzma",
        ".gz",
        ".bz2",
        ".xz",
        ".zst",
        ".lz",
        ".lzma",
    ];
    remote || lower.contains('$') || ARCHIVES.iter().any(|a| lower.ends_with(a))
}

/// DL3025, with the JSON form as the fix.
fn check_json_form(command: &CommandLine, common: &instructions::Common, out: &mut Out) {
    if let CommandLine::Shell(text) = command {
        let keyword = common.keyword.to_ascii_uppercase();
        let fix = fixes::json_form(&common.keyword, text);
        out.report(
            "ShellFormCommand",
            format!("Use the JSON form for {keyword} so signals reach the process."),
            common,
            Some(fix),
        );
    }
}

/// The rules that read a RUN's commands.
fn check_run(run: &Run, state: &StageState, shipped: bool, out: &mut Out) {
    let scripts = out.scripts;
    let script = scripts.get(run);
    let common = &run.common;
    let any = |f: &dyn Fn(&script::Command) -> bool| script.commands.iter().any(f);

    if any(&|c| c.program() == Some("cd")) {
        out.report("CdInRun", "Use WORKDIR to switch to a directory instead of `cd`.".to_string(), common, None);
    }
    if any(&|c| c.program() == Some("sudo")) {
        out.report("SudoInRun", "Do not use sudo: set USER instead.".to_string(), common, None);
    }
    let apt_installs: Vec<&[String]> = script.commands.iter().filter_map(packages::apt_get_install).collect();
    if apt_installs.iter().any(|a| packages::apt_unpinned(a)) {
        out.report(
            "AptNotPinned",
            "Pin versions in apt-get install (`apt-get install <package>=<version>`).".to_string(),
            common,
            None,
        );
    }
    let mounts_lists = run
        .mounts
        .iter()
        .any(|m| m.contains("/var/lib/apt/lists") || m.contains("/var/lib/apt,") || m.ends_with("/var/lib/apt"));
    if shipped && !mounts_lists && any(&packages::is_apt_update) && !any(&packages::cleans_apt_lists) {
        out.report(
            "AptListsNotDeleted",
            "Delete the apt lists after installing: `rm -rf /var/lib/apt/lists/*`.".to_string(),
            common,
            None,
        );
    }
    if apt_installs.iter().any(|a| !packages::apt_assumes_yes(a)) {
        let fix = fix_for(out.source, run, &["apt-get"], "install", packages::apt_assumes_yes, "-y");
        out.report("AptNoYes", "Use `apt-get install -y`: the build cannot answer prompts.".to_string(), common, fix);
    }
    if apt_installs.iter().any(|a| !packages::apt_no_recommends(a)) {
        let fix =
            fix_for(out.source, run, &["apt-get"], "install", packages::apt_no_recommends, "--no-install-recommends");
        out.report(
            "AptRecommends",
            "Avoid additional packages with `apt-get install --no-install-recommends`.".to_string(),
            common,
            fix,
        );
    }
    if any(&|c| c.program() == Some("apt")) {
        out.report("AptCliInScript", "Do not use apt in scripts: use apt-get or apt-cache.".to_string(), common, None);
    }
    let pips: Vec<(&script::Command, &[String])> =
        script.commands.iter().filter_map(|c| Some((c, packages::pip_install(c)?))).collect();
    if pips.iter().any(|(_, a)| packages::pip_unpinned(a)) {
        out.report(
            "PipNotPinned",
            "Pin versions in pip install (`pip install <package>==<version>`).".to_string(),
            common,
            None,
        );
    }
    let pip_cache = |(c, a): &(&script::Command, &[String])| {
        !packages::pip_no_cache(a) && !c.assigned.iter().any(|n| n == "PIP_NO_CACHE_DIR")
    };
    if !state.pip_no_cache && !cache_or_tmpfs_mount(run, ".cache/pip") && pips.iter().any(pip_cache) {
        out.report(
            "PipCache",
            "Use `pip install --no-cache-dir` to keep pip's cache out of the image.".to_string(),
            common,
            None,
        );
    }
    if script.commands.iter().filter_map(packages::npm_install).any(packages::npm_unpinned) {
        out.report(
            "NpmNotPinned",
            "Pin versions in npm install (`npm install <package>@<version>`).".to_string(),
            common,
            None,
        );
    }
    let apks: Vec<&[String]> = script.commands.iter().filter_map(packages::apk_add).collect();
    if apks.iter().any(|a| packages::apk_unpinned(a)) {
        out.report(
            "ApkNotPinned",
            "Pin versions in apk add (`apk add <package>=<version>`).".to_string(),
            common,
            None,
        );
    }
    let apk_cache_mount = cache_or_tmpfs_mount(run, "/var/cache/apk");
    if !apk_cache_mount && apks.iter().any(|a| !packages::apk_no_cache(a)) {
        let fix = fix_for(out.source, run, &["apk"], "add", packages::apk_no_cache, "--no-cache");
        out.report(
            "ApkCache",
            "Use `apk add --no-cache` so the package index is not stored in the image.".to_string(),
            common,
            fix,
        );
    }
    if script.unguarded_pipe && !state.pipes_safe {
        out.report(
            "PipeWithoutPipefail",
            "Set `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` (or `set -o pipefail`) before RUN with a pipe."
                .to_string(),
            common,
            None,
        );
    }
}

/// A `--mount=type=cache` or `type=tmpfs` whose target holds `path`
/// (hadolint's `hasCacheOrTmpfsMountWith`, for DL3019 and DL3042).
fn cache_or_tmpfs_mount(run: &Run, path: &str) -> bool {
    run.mounts.iter().any(|m| (m.contains("type=cache") || m.contains("type=tmpfs")) && m.contains(path))
}

/// The instruction's source text with `flag` inserted after each `sub`
/// that lacks it.
fn fix_for(
    source: &str,
    run: &Run,
    tools: &[&str],
    sub: &str,
    present: fn(&[String]) -> bool,
    flag: &str,
) -> Option<String> {
    let text = source.get(run.common.span.range())?;
    fixes::insert_flag(text, tools, sub, present, flag)
}
