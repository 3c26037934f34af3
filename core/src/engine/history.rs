//! The `CREATED BY` text BuildKit records for each Dockerfile instruction
//! (`dockerfile2llb/convert.go`): config-only instructions make empty (0B)
//! history entries; the build records the steps' texts itself
//! (`BuildRecord::Layer`, made in `build::steps::created_by`).

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
            crate::sort::ord(&mut ports);
            ports.dedup();
            format!("EXPOSE map[{}]", ports.join(" "))
        }
        Instruction::Volume(v) => format!("VOLUME [{}]", v.paths.join(" ")),
        Instruction::User(u) => format!("USER {}", u.user),
        Instruction::StopSignal(s) => format!("STOPSIGNAL {}", s.signal),
        Instruction::Shell(s) => format!("SHELL [{}]", s.shell.join(" ")),
        Instruction::Onbuild(o) => format!("ONBUILD {}", o.expression),
        Instruction::Maintainer(m) => format!("MAINTAINER {}", m.name),
        // BuildKit 0.30+ (dockerfile 1.24+, commit d67dafeb8) prints the
        // config with its field names (`%+v` of HealthcheckConfig); unset
        // durations and retries are zeros.
        Instruction::Healthcheck(h) => {
            use crate::instructions::HealthcheckKind;
            use crate::units::go_duration;
            match &h.check {
                HealthcheckKind::None => {
                    "HEALTHCHECK {Test:[NONE] Interval:0s Timeout:0s StartPeriod:0s StartInterval:0s Retries:0}"
                        .to_string()
                }
                HealthcheckKind::Cmd(c) => format!(
                    "HEALTHCHECK {{Test:[{}] Interval:{} Timeout:{} StartPeriod:{} StartInterval:{} Retries:{}}}",
                    c.test.join(" "),
                    go_duration(c.interval),
                    go_duration(c.timeout),
                    go_duration(c.start_period),
                    go_duration(c.start_interval),
                    c.retries
                ),
            }
        }
        // A WORKDIR is a config row only when it resolved to `/`
        // (`build::steps::is_root_workdir`): convert.go `dispatchWorkdir`
        // commits `"WORKDIR "+wd` then, without a layer.
        Instruction::Workdir(_) => "WORKDIR /".to_string(),
        Instruction::Run(_) | Instruction::Copy(_) | Instruction::Add(_) => return None,
    })
}

/// History rows a build added, bottom first, from the build's own record:
/// the stages the target builds on (their config-only rows included, as
/// BuildKit copies the parent stage's image), then the target's instructions.
/// Config-only rows carry the expanded values, as BuildKit's dispatchers
/// record them (`dispatchEnv`, `dispatchLabel`, `dispatchArg`, ... in
/// `dockerfile2llb/convert.go`); steps carry their layer's size.
pub fn built_history(image: &crate::build::Image, now: u64) -> Vec<HistoryEntry> {
    let sizes: Vec<u64> = image.layers.layers().iter().map(|l| l.size()).collect();
    let mut shell: Vec<String> = crate::build::DEFAULT_SHELL.iter().map(|s| s.to_string()).collect();
    let row = |created_by: String, size: u64, empty_layer: bool| HistoryEntry {
        created: now,
        created_by,
        size,
        comment: BUILDKIT_COMMENT.to_string(),
        empty_layer,
    };
    let mut layer = 0;
    let mut rows = Vec::with_capacity(image.records.len());
    for record in &image.records {
        match record {
            crate::build::BuildRecord::Config(instruction) => {
                if let Instruction::Shell(s) = instruction.as_ref() {
                    shell = s.shell.clone();
                }
                if let Some(text) = config_created_by(instruction, &shell) {
                    rows.push(row(text, 0, true));
                }
            }
            crate::build::BuildRecord::Layer(text) => {
                rows.push(row(text.clone(), sizes.get(layer).copied().unwrap_or(0), false));
                layer += 1;
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::{build, BuildCache, BuildRequest};
    use crate::context::BuildContext;

    #[test]
    fn config_rows_show_expanded_values_and_parent_stage_rows() {
        // BuildKit expands ENV, LABEL, USER, VOLUME, STOPSIGNAL, EXPOSE and WORKDIR
        // before dispatch (convert.go `dispatch`: SupportsSingleWordExpansion) and
        // records ARG with its resolved value (`dispatchArg`), build args included.
        let dockerfile = "FROM alpine:3.22 AS base\nENV APP=/opt/app\nENV PATH=$PATH:$APP/bin\n\nFROM base\nARG VERSION=1.0\nARG PORT=80\nLABEL version=$VERSION\nUSER ${APP_USER:-nobody}\nEXPOSE $PORT\nVOLUME $APP/data\nSTOPSIGNAL SIG$PORT\nWORKDIR $APP\nCMD [\"app\"]\n";
        let context = BuildContext::from_files(Vec::new()).expect("an empty context");
        let request = BuildRequest {
            dockerfile,
            context: &context,
            build_args: [("VERSION".to_string(), "2.5".to_string())].into(),
            target: None,
            no_cache: false,
            session: Default::default(),
        };
        let outcome = build(&request, &mut BuildCache::default());
        assert!(outcome.error.is_none(), "{:?}", outcome.error);
        let image = outcome.image.expect("an image");
        let rows: Vec<String> = built_history(&image, 0)
            .iter()
            .map(|h| format!("{:>5} {}", if h.empty_layer { "empty" } else { "layer" }, h.created_by))
            .collect();
        insta::assert_snapshot!(rows.join("\n"));
    }

    #[test]
    fn run_rows_list_the_build_args_as_docker_history_no_trunc_shows_them() {
        // convert.go `dispatchRun` records `RUN ` + `runCommandString(args,
        // d.buildArgs, env)`: `|N` and each ARG declared so far with its value,
        // then the argv (`withShell`: `/bin/sh -c` and the text).
        let dockerfile = "FROM alpine:3.22\nARG VERSION=1.0\nARG MODE=dev\nRUN echo $VERSION-$MODE > /build-info\n";
        let context = BuildContext::from_files(Vec::new()).expect("an empty context");
        let build_args = [("VERSION", "1.2"), ("MODE", "prod")].map(|(k, v)| (k.to_string(), v.to_string())).into();
        let request = BuildRequest {
            dockerfile,
            context: &context,
            build_args,
            target: None,
            no_cache: false,
            session: Default::default(),
        };
        let mut engine = crate::engine::Engine::new();
        let now = 1_795_000_000;
        let outcome = engine.build(&request, &["app".to_string()], now);
        assert!(outcome.error.is_none(), "{:?}", outcome.error);
        let out = engine
            .history("app")
            .map(|rows| crate::docker::render::history(&rows, true, now + 60))
            .expect("app was built");
        assert!(out.contains("RUN |2 VERSION=1.2 MODE=prod /bin/sh -c echo $VERSION-$MODE > /build-info # buildkit"));
        insta::assert_snapshot!(out);
    }
}
