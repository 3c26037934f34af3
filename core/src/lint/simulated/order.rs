//! InstallAfterCopyAll: a dependency install (pip, npm, yarn, go mod,
//! Maven's dependency goals, apt-get, apk) after `COPY . .`. The engine
//! edits one app-code file of the context, builds again over the first
//! build's cache, and quotes what the edit rebuilt.

use super::{placeholder, seconds, EngineRule, Sim};
use crate::context::clean;
use crate::instructions::{Copy, Instruction, Run};
use crate::lint::practice::packages;
use crate::lint::practice::script::Command;
use crate::lint::Finding;
use crate::lint::{Cost, Edit, Fix};
use crate::span::Span;

/// `.`, `./` or `/`: the whole build context.
pub(super) fn is_whole_context(source: &str) -> bool {
    clean(source.trim_start_matches('/')) == "."
}

/// A dependency install, and the context files it reads.
struct Install {
    manifests: Vec<String>,
}

fn install(command: &Command) -> Option<Install> {
    let args = command.args();
    let sub = args.first().map(String::as_str);
    let manifests = |names: &[&str]| Some(Install { manifests: names.iter().map(|s| s.to_string()).collect() });
    if let Some(pip) = packages::pip_install(command) {
        // `pip install .` or `-e .` installs the app itself: it needs the code.
        if pip.iter().any(|a| a == "." || a.starts_with("./")) {
            return None;
        }
        let files: Vec<String> =
            pip.windows(2).filter(|w| w[0] == "-r" || w[0] == "--requirement").map(|w| w[1].clone()).collect();
        return Some(Install { manifests: files });
    }
    match (command.program(), sub) {
        (Some("npm"), Some("ci" | "install" | "i")) if args.iter().skip(1).all(|a| a.starts_with('-')) => {
            manifests(&["package.json", "package-lock.json"])
        }
        (Some("yarn"), None | Some("install")) => manifests(&["package.json", "yarn.lock"]),
        (Some("go"), Some("mod")) if args.get(1).is_some_and(|a| a == "download") => manifests(&["go.mod", "go.sum"]),
        (Some("mvn"), _) if args.iter().any(|a| a.starts_with("dependency:")) => manifests(&["pom.xml"]),
        _ if packages::apt_install(command).is_some() || packages::apk_add(command).is_some() => manifests(&[]),
        _ => None,
    }
}

/// The context files a command reads by name (for placeholder contexts).
pub(super) fn manifests_read(command: &Command) -> Vec<String> {
    let mut out = install(command).map(|i| i.manifests).unwrap_or_default();
    if command.program() == Some("mvn") {
        out.push("pom.xml".to_string());
    }
    out
}

struct Candidate<'a> {
    copy: &'a Copy,
    run: &'a Run,
    stage: usize,
    manifests: Vec<String>,
    /// Only config instructions between the COPY and the RUN: the fix can move them.
    adjacent: bool,
}

pub(super) fn check(sim: &mut Sim<'_>, out: &mut Vec<Finding>) {
    let mut candidates = Vec::new();
    for stage in &sim.file.stages {
        let label = sim.label(stage.index);
        if !sim.outcome.steps.iter().any(|s| s.stage == label) {
            continue;
        }
        let mut copy_all: Option<&Copy> = None;
        let mut steps_between = 0;
        for instruction in &stage.instructions {
            match instruction {
                Instruction::Copy(copy)
                    if copy_all.is_none()
                        && copy.from.is_none()
                        && copy.transfer.sources.iter().any(|s| is_whole_context(s)) =>
                {
                    copy_all = Some(copy);
                    steps_between = 0;
                }
                Instruction::Run(run) => {
                    if let Some(copy) = copy_all {
                        let commands = &sim.scripts.get(run).commands;
                        let installs: Vec<Install> = commands.iter().filter_map(install).collect();
                        if !installs.is_empty() {
                            let mut manifests: Vec<String> = Vec::new();
                            for m in installs.into_iter().flat_map(|i| i.manifests) {
                                if !manifests.contains(&m) && sim.context.get(&m).is_some() {
                                    manifests.push(m);
                                }
                            }
                            candidates.push(Candidate {
                                copy,
                                run,
                                stage: stage.index,
                                manifests,
                                adjacent: steps_between == 0,
                            });
                        }
                    }
                    steps_between += 1;
                }
                Instruction::Copy(_) | Instruction::Add(_) | Instruction::Workdir(_) => steps_between += 1,
                _ => {}
            }
        }
    }
    if candidates.is_empty() || sim.outcome.image.is_none() {
        return;
    }
    // The "what if": one app-code file changes, nothing else.
    let manifests: Vec<&String> = candidates.iter().flat_map(|c| c.manifests.iter()).collect();
    let app = if sim.placeholders {
        placeholder::APP_FILE.to_string()
    } else {
        // App code, preferably: a visible file before a dotfile (`.env` is config, not code).
        let editable = |p: &&String| !manifests.contains(p) && !p.ends_with("Dockerfile") && *p != ".dockerignore";
        let hidden = |p: &&String| p.split('/').any(|part| part.starts_with('.'));
        let files: Vec<&String> = sim.context.files().map(|(p, _)| p).filter(editable).collect();
        files
            .iter()
            .find(|p| !hidden(p))
            .or(files.first())
            .map(|p| p.to_string())
            .unwrap_or_else(|| "app-code-edit.txt".to_string())
    };
    let edited_contents = match sim.context.get(&app).and_then(|f| f.text.clone()) {
        Some(text) => format!("{text}\n// edited\n").into_bytes(),
        None => vec![0xfe],
    };
    let edited = sim.context.with_file(&app, &edited_contents);
    let rebuild = sim.rebuild(&edited, sim.build_args.clone());
    let rebuilt: Vec<_> = rebuild.steps.iter().filter(|s| s.rebuilt()).collect();
    let total: f64 = rebuilt.iter().map(|s| s.seconds).sum();
    for c in candidates {
        let label = sim.label(c.stage);
        let Some(step) = rebuilt.iter().find(|s| s.stage == label && s.line == c.run.common.start_line) else {
            continue;
        };
        let reads = if c.manifests.is_empty() {
            "it reads no file of the context".to_string()
        } else {
            format!("{} did not change", c.manifests.join(", "))
        };
        let message = format!(
            "this dependency install comes after `{}` (line {}): editing {app} rebuilds {} steps ({} simulated), \
             {} of it re-running this RUN although {reads}",
            sim.text(c.copy.common.span).trim(),
            c.copy.common.start_line,
            rebuilt.len(),
            seconds(total),
            seconds(step.seconds),
        );
        let mut found = Finding::at(EngineRule::InstallAfterCopyAll.rule(), &c.run.common, message);
        found.cost = Some(Cost { bytes: None, rebuilt_steps: Some(rebuilt.len()), seconds: Some(total) });
        found.fix = Some(fix(sim, &c));
        out.push(found);
    }
}

fn fix(sim: &Sim<'_>, c: &Candidate<'_>) -> Fix {
    let copy_text = sim.text(c.copy.common.span);
    let run_text = sim.text(c.run.common.span);
    let mut replacement = String::new();
    if !c.manifests.is_empty() {
        let dest = &c.copy.transfer.dest;
        let dest = if dest == "." {
            "./".to_string()
        } else if dest.ends_with('/') {
            dest.clone()
        } else {
            format!("{dest}/")
        };
        let mut flags = String::new();
        if let Some(chown) = &c.copy.transfer.chown {
            flags.push_str(&format!("--chown={chown} "));
        }
        if let Some(chmod) = &c.copy.transfer.chmod {
            flags.push_str(&format!("--chmod={chmod} "));
        }
        replacement.push_str(&format!("COPY {flags}{} {dest}\n", c.manifests.join(" ")));
    }
    replacement.push_str(&format!("{run_text}\n{copy_text}"));
    let edits = if c.adjacent {
        vec![Edit::Dockerfile {
            span: Span::new(c.copy.common.span.start(), c.run.common.span.end()),
            replacement: replacement.clone(),
        }]
    } else {
        Vec::new()
    };
    Fix { text: replacement, edits }
}
