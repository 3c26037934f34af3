//! The `CREATED BY` text BuildKit records for each Dockerfile instruction
//! (`dockerfile2llb/convert.go`): layer-making steps end with `# buildkit`,
//! config-only instructions make empty (0B) history entries.

use crate::instructions::{CommandLine, Instruction};

/// One row of an image's history, bottom first in [`super::StoredImage::history`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub created: u64,
    pub created_by: String,
    pub size: u64,
    /// `buildkit.dockerfile.v0` for built rows; the base image's name for base rows.
    pub comment: String,
    /// Config-only instructions add no layer.
    pub empty_layer: bool,
}

/// BuildKit's history comment for rows a Dockerfile made.
pub const BUILDKIT_COMMENT: &str = "buildkit.dockerfile.v0";

/// Go's `%q` of a string slice: `["python" "app.py"]`.
fn quoted(argv: &[String]) -> String {
    let items: Vec<String> = argv.iter().map(|a| crate::quote::go_quote(a)).collect();
    format!("[{}]", items.join(" "))
}

fn argv(line: &CommandLine, shell: &[String]) -> Vec<String> {
    match line {
        CommandLine::Exec(argv) => argv.clone(),
        CommandLine::Shell(script) => {
            let mut argv = shell.to_vec();
            argv.push(script.clone());
            argv
        }
    }
}

/// The history text of a config-only instruction; `None` for steps (RUN,
/// COPY, ADD, WORKDIR, whose text comes from the build) and FROM.
pub fn config_created_by(instruction: &Instruction, shell: &[String]) -> Option<String> {
    Some(match instruction {
        Instruction::Env(env) => {
            let pairs: Vec<String> = env.pairs.iter().map(|p| format!("{}={}", p.key, p.value)).collect();
            format!("ENV {}", pairs.join(" "))
        }
        Instruction::Label(label) => {
            let pairs: Vec<String> = label.pairs.iter().map(|p| format!("{}={}", p.key, p.value)).collect();
            format!("LABEL {}", pairs.join(" "))
        }
        Instruction::Arg(arg) => {
            let defs: Vec<String> = arg
                .args
                .iter()
                .map(|d| match &d.default {
                    Some(v) => format!("{}={v}", d.key),
                    None => d.key.clone(),
                })
                .collect();
            format!("ARG {}", defs.join(" "))
        }
        Instruction::Cmd(cmd) => format!("CMD {}", quoted(&argv(&cmd.command, shell))),
        Instruction::Entrypoint(e) => match &e.command {
            Some(line) => format!("ENTRYPOINT {}", quoted(&argv(line, shell))),
            None => "ENTRYPOINT []".to_string(),
        },
        Instruction::Expose(expose) => {
            let mut ports: Vec<String> = expose
                .ports
                .iter()
                .map(|p| {
                    let (n, proto) = p.split_once('/').unwrap_or((p, "tcp"));
                    format!("{n}/{}:{{}}", proto.to_ascii_lowercase())
                })
                .collect();
            ports.sort();
            ports.dedup();
            format!("EXPOSE map[{}]", ports.join(" "))
        }
        Instruction::Volume(v) => format!("VOLUME [{}]", v.paths.join(" ")),
        Instruction::User(u) => format!("USER {}", u.user),
        Instruction::StopSignal(s) => format!("STOPSIGNAL {}", s.signal),
        Instruction::Shell(s) => format!("SHELL [{}]", s.shell.join(" ")),
        Instruction::Onbuild(o) => format!("ONBUILD {}", o.expression),
        Instruction::Maintainer(m) => format!("MAINTAINER {}", m.name),
        Instruction::Healthcheck(h) => {
            let original = h.common.original.trim();
            let rest = original.split_once(char::is_whitespace).map_or("", |(_, r)| r.trim_start());
            format!("HEALTHCHECK {rest}")
        }
        Instruction::Run(_) | Instruction::Copy(_) | Instruction::Add(_) | Instruction::Workdir(_) => return None,
    })
}

/// The history text of a step from the instruction as the build log showed
/// it (`RUN apt-get update` → `RUN /bin/sh -c apt-get update # buildkit`).
pub fn step_created_by(logged: &str, shell: &[String]) -> String {
    let (keyword, rest) = logged.split_once(' ').unwrap_or((logged, ""));
    let keyword = keyword.to_ascii_uppercase();
    if keyword == "WORKDIR" {
        return format!("WORKDIR {}", rest.trim());
    }
    // BuildKit records the command without its flags (`--mount`, `--from`, `--chown`).
    let mut rest = rest.trim_start();
    while rest.starts_with("--") {
        rest = rest.split_once(char::is_whitespace).map_or("", |(_, r)| r.trim_start());
    }
    let body = match keyword.as_str() {
        "RUN" => match serde_json::from_str::<Vec<String>>(rest) {
            Ok(argv) => argv.join(" "),
            Err(_) => format!("{} {rest}", shell.join(" ")),
        },
        _ => rest.to_string(),
    };
    format!("{keyword} {body} # buildkit")
}
