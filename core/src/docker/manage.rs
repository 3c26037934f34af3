//! `docker rename`, `docker update` and `docker wait`, with docker/cli
//! v29.7.2's flags and texts (`cli/command/container/{rename,update,wait}.go`).

use super::flags::{flag, unmodelled, Arity, Parsed, Spec, Takes};
use super::{Ctx, Output};
use crate::engine::containers::{Update, WaitOutcome};
use crate::run::restart::{parse_restart, validate_restart};
use crate::run::units::{parse_cpus, ram_in_bytes};

pub const RENAME: Spec = Spec {
    path: "docker rename",
    usage: "CONTAINER NEW_NAME",
    short: "Rename a container",
    flags: &[],
    arity: Arity::Exact(2),
    interspersed: true,
};
pub const CONTAINER_RENAME: Spec = Spec { path: "docker container rename", ..RENAME };

/// `docker rename`: silent on success; the CLI prefixes the daemon's error
/// with `failed to rename container: `.
pub fn rename(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    match ctx.engine.rename(&p.args[0], &p.args[1], ctx.now) {
        Ok(()) => Output::ok(String::new()),
        Err(e) => Output::error(format!("failed to rename container: {e}"), 1),
    }
}

pub const UPDATE: Spec = Spec {
    path: "docker update",
    usage: "[OPTIONS] CONTAINER [CONTAINER...]",
    short: "Update configuration of one or more containers",
    flags: &[
        unmodelled(
            "blkio-weight",
            None,
            Takes::Value,
            "Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)",
        ),
        unmodelled("cpu-period", None, Takes::Value, "Limit CPU CFS (Completely Fair Scheduler) period"),
        unmodelled("cpu-quota", None, Takes::Value, "Limit CPU CFS (Completely Fair Scheduler) quota"),
        unmodelled("cpu-rt-period", None, Takes::Value, "Limit the CPU real-time period in microseconds"),
        unmodelled("cpu-rt-runtime", None, Takes::Value, "Limit the CPU real-time runtime in microseconds"),
        unmodelled("cpu-shares", Some('c'), Takes::Value, "CPU shares (relative weight)"),
        flag("cpus", None, Takes::Value, "Number of CPUs"),
        unmodelled("cpuset-cpus", None, Takes::Value, "CPUs in which to allow execution (0-3, 0,1)"),
        unmodelled("cpuset-mems", None, Takes::Value, "MEMs in which to allow execution (0-3, 0,1)"),
        flag("memory", Some('m'), Takes::Value, "Memory limit"),
        unmodelled("memory-reservation", None, Takes::Value, "Memory soft limit"),
        flag("memory-swap", None, Takes::Value, "Swap limit equal to memory plus swap: -1 to enable unlimited swap"),
        flag("pids-limit", None, Takes::Value, "Tune container pids limit (set -1 for unlimited)"),
        flag("restart", None, Takes::Value, "Restart policy to apply when a container exits"),
    ],
    arity: Arity::AtLeast(1),
    interspersed: true,
};
pub const CONTAINER_UPDATE: Spec = Spec { path: "docker container update", ..UPDATE };

/// pflag's message for a value its type cannot read.
fn bad_value(value: &str, label: &str, why: impl std::fmt::Display) -> Output {
    Output::error(format!("invalid argument \"{value}\" for \"{label}\" flag: {why}\nSee 'docker update --help'."), 125)
}

fn read_update(p: &Parsed) -> Result<Update, Output> {
    let mut update = Update::default();
    if let Some(v) = p.value("memory") {
        update.memory = Some(ram_in_bytes(v).map_err(|e| bad_value(v, "-m, --memory", e))?);
    }
    if let Some(v) = p.value("memory-swap") {
        update.memory_swap =
            Some(if v == "-1" { -1 } else { ram_in_bytes(v).map_err(|e| bad_value(v, "--memory-swap", e))? });
    }
    if let Some(v) = p.value("cpus") {
        update.nano_cpus = Some(parse_cpus(v).map_err(|e| bad_value(v, "--cpus", e))?);
    }
    if let Some(v) = p.value("pids-limit") {
        update.pids_limit =
            Some(v.parse::<i64>().map_err(|_| {
                bad_value(v, "--pids-limit", format!("strconv.ParseInt: parsing \"{v}\": invalid syntax"))
            })?);
    }
    if let Some(v) = p.value("restart") {
        let raw = parse_restart(v).map_err(|e| Output::error(e.to_string(), 1))?;
        update.restart = validate_restart(&raw).map_err(|e| Output::daemon_error(e.to_string()))?;
    }
    Ok(update)
}

/// `docker update`: each container's name on success, as given.
pub fn update(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let named = ["memory", "memory-swap", "cpus", "pids-limit", "restart"];
    if named.iter().all(|f| p.value(f).is_none()) {
        return Output::error("you must provide one or more flags when using this command".into(), 1);
    }
    let update = match read_update(p) {
        Ok(u) => u,
        Err(out) => return out,
    };
    super::containers::each(ctx, &p.args, |ctx, name| {
        ctx.engine.update(name, &update, ctx.now).map(|()| format!("{name}\n"))
    })
}

pub const WAIT: Spec = Spec {
    path: "docker wait",
    usage: "CONTAINER [CONTAINER...]",
    short: "Block until one or more containers stop, then print their exit codes",
    flags: &[],
    arity: Arity::AtLeast(1),
    interspersed: true,
};
pub const CONTAINER_WAIT: Spec = Spec { path: "docker container wait", ..WAIT };

/// `docker wait`: one exit code per container. A container that serves
/// until stopped would block the terminal; Layerlab says so instead.
pub fn wait(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let mut blocked = Vec::new();
    let mut out = super::containers::each(ctx, &p.args, |ctx, name| match ctx.engine.wait(name, ctx.now)? {
        WaitOutcome::Exited(code) => Ok(format!("{code}\n")),
        WaitOutcome::Blocks => {
            blocked.push(name.to_string());
            Ok(String::new())
        }
    });
    for name in blocked {
        out.stderr.push_str(&format!(
            "# layerlab: {name} is still running and nothing will stop it on its own, so docker wait would block here until it stops (docker stop {name} from another terminal); then it prints the exit code\n"
        ));
    }
    out
}
