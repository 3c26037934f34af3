//! ShellIsPid1: the built image's ENTRYPOINT/CMD, resolved as `docker run
//! IMAGE` starts it ([`crate::run::resolve`]), makes a shell PID 1 that does
//! not pass SIGTERM on; `docker stop` then waits its 10 s timeout and kills.

use super::{EngineRule, Finding, Sim};
use crate::instructions::{CommandLine, Instruction};
use crate::lint::practice::fixes;
use crate::lint::{Cost, Edit, Fix};
use crate::run::{parse_run, resolve_in};

/// `docker stop`'s default timeout, in seconds (`docker stop --help`: "Seconds to wait before killing the container").
const STOP_TIMEOUT: f64 = 10.0;

pub(super) fn check(sim: &Sim<'_>, out: &mut Vec<Finding>) {
    let Some(image) = &sim.outcome.image else { return };
    let Ok(run) = parse_run("docker run image") else { return };
    // The chain's root FROM says which shell `sh` is (busybox ash execs the
    // last command of `sh -c`, Debian's dash does not: `catalog::shells`).
    let base = sim.chain_stages().next().and_then(|root| crate::catalog::resolve(&root.from.image).ok());
    let Ok(resolution) = resolve_in(&run, &image.config, base.map(|b| b.image)) else { return };
    if resolution.signals_reach_app || resolution.argv.get(1).map(String::as_str) != Some("-c") {
        return;
    }
    // The instruction that decides argv[0]: the last ENTRYPOINT, else the last CMD, of the shipped chain.
    let instructions: Vec<&Instruction> = sim.chain_stages().flat_map(|s| s.instructions.iter()).collect();
    let last = |entrypoint: bool| {
        instructions.iter().rev().find(|i| match i {
            Instruction::Entrypoint(_) => entrypoint,
            Instruction::Cmd(_) => !entrypoint,
            _ => false,
        })
    };
    let Some(decider) =
        (if image.config.entrypoint.as_ref().is_some_and(|e| !e.is_empty()) { last(true) } else { last(false) })
    else {
        return;
    };
    let common = decider.common();
    let message = format!(
        "{} is PID 1 and runs `{}` as its child: it does not forward SIGTERM, so `docker stop` waits {STOP_TIMEOUT:.0} s \
         and then kills the app with SIGKILL",
        resolution.pid1,
        resolution.argv.get(2).map(String::as_str).unwrap_or("").trim(),
    );
    let mut found = Finding::at(EngineRule::ShellIsPid1.rule(), common, message);
    found.cost = Some(Cost { seconds: Some(STOP_TIMEOUT), ..Cost::default() });
    found.fix = Some(fix(sim, decider));
    out.push(found);
}

fn fix(sim: &Sim<'_>, instruction: &Instruction) -> Fix {
    let common = instruction.common();
    let command = match instruction {
        Instruction::Cmd(cmd) => Some(&cmd.command),
        Instruction::Entrypoint(e) => e.command.as_ref(),
        _ => None,
    };
    let replacement = match command {
        Some(CommandLine::Shell(script)) => {
            let json = fixes::json_form(&common.keyword, script);
            // A script that is not one plain command keeps its shell; `exec` lets the last command replace it.
            (!json.contains("\"/bin/sh\", \"-c\"")).then_some(json)
        }
        Some(CommandLine::Exec(argv)) => match argv.as_slice() {
            [shell, flag, script] if flag == "-c" && !script.contains(['&', '|', ';', '\n']) => {
                let argv = [shell.clone(), flag.clone(), format!("exec {}", script.trim_start())];
                let quoted: Vec<String> = argv.iter().map(|a| serde_json::to_string(a).unwrap_or_default()).collect();
                Some(format!("{} [{}]", common.keyword, quoted.join(", ")))
            }
            _ => None,
        },
        None => None,
    };
    match replacement {
        Some(text) => Fix { edits: vec![Edit::Dockerfile { span: common.span, replacement: text.clone() }], text },
        None => Fix::text_only(format!(
            "Write {} in JSON form with the program first, or start the script's last command with `exec` so it \
             replaces the shell; `docker run --init` also helps",
            sim.text(common.keyword_span).to_ascii_uppercase()
        )),
    }
}
