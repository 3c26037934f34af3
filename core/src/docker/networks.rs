//! The network and volume commands' flags, usage lines and handlers, as
//! docker/cli defines them (`cli/command/network`, `cli/command/volume`).

use super::containers::{each, spec};
use super::flags::{flag, unmodelled, Arity, Parsed, Spec, Takes};
use super::{Ctx, Output};
use std::collections::BTreeMap;

pub const NETWORK_LS: Spec = spec(
    "docker network ls",
    "[OPTIONS]",
    "List networks",
    &[
        unmodelled("filter", Some('f'), Takes::Values, "Provide filter values (e.g. \"driver=bridge\")"),
        unmodelled("format", None, Takes::Value, "Format output using a custom template"),
        unmodelled("no-trunc", None, Takes::Bool, "Do not truncate the output"),
        flag("quiet", Some('q'), Takes::Bool, "Only display network IDs"),
    ],
    Arity::None,
);
pub const NETWORK_CREATE: Spec = spec(
    "docker network create",
    "[OPTIONS] NETWORK",
    "Create a network",
    &[
        unmodelled("attachable", None, Takes::Bool, "Enable manual container attachment"),
        flag("driver", Some('d'), Takes::Value, "Driver to manage the Network (default \"bridge\")"),
        unmodelled("gateway", None, Takes::Values, "IPv4 or IPv6 Gateway for the master subnet"),
        flag("internal", None, Takes::Bool, "Restrict external access to the network"),
        flag("label", None, Takes::Values, "Set metadata on a network"),
        flag("subnet", None, Takes::Values, "Subnet in CIDR format that represents a network segment"),
    ],
    Arity::Exact(1),
);
pub const NETWORK_RM: Spec = spec(
    "docker network rm",
    "NETWORK [NETWORK...]",
    "Remove one or more networks",
    &[flag("force", Some('f'), Takes::Bool, "Do not error if the network does not exist")],
    Arity::AtLeast(1),
);
pub const NETWORK_INSPECT: Spec = spec(
    "docker network inspect",
    "[OPTIONS] NETWORK [NETWORK...]",
    "Display detailed information on one or more networks",
    &[
        flag("format", Some('f'), Takes::Value, "Format output using a custom template"),
        unmodelled("verbose", Some('v'), Takes::Bool, "Verbose output for diagnostics"),
    ],
    Arity::AtLeast(1),
);
pub const NETWORK_CONNECT: Spec = spec(
    "docker network connect",
    "[OPTIONS] NETWORK CONTAINER",
    "Connect a container to a network",
    &[
        flag("alias", None, Takes::Values, "Add network-scoped alias for the container"),
        unmodelled("ip", None, Takes::Value, "IPv4 address (e.g., \"172.30.100.104\")"),
    ],
    Arity::Exact(2),
);
pub const NETWORK_DISCONNECT: Spec = spec(
    "docker network disconnect",
    "[OPTIONS] NETWORK CONTAINER",
    "Disconnect a container from a network",
    &[flag("force", Some('f'), Takes::Bool, "Force the container to disconnect from a network")],
    Arity::Exact(2),
);
pub const NETWORK_PRUNE: Spec = spec(
    "docker network prune",
    "[OPTIONS]",
    "Remove all unused networks",
    &[
        unmodelled("filter", None, Takes::Values, "Provide filter values (e.g. \"until=<timestamp>\")"),
        flag("force", Some('f'), Takes::Bool, "Do not prompt for confirmation"),
    ],
    Arity::None,
);

pub const VOLUME_PRUNE: Spec = spec(
    "docker volume prune",
    "[OPTIONS]",
    "Remove unused local volumes",
    &[
        flag("all", Some('a'), Takes::Bool, "Remove all unused volumes, not just anonymous ones"),
        unmodelled("filter", None, Takes::Values, "Provide filter values (e.g. \"label=<label>\")"),
        flag("force", Some('f'), Takes::Bool, "Do not prompt for confirmation"),
    ],
    Arity::None,
);

pub const VOLUME_LS: Spec = spec(
    "docker volume ls",
    "[OPTIONS]",
    "List volumes",
    &[
        unmodelled("filter", Some('f'), Takes::Values, "Provide filter values (e.g. \"dangling=true\")"),
        unmodelled("format", None, Takes::Value, "Format output using a custom template"),
        flag("quiet", Some('q'), Takes::Bool, "Only display volume names"),
    ],
    Arity::None,
);
pub const VOLUME_CREATE: Spec = spec(
    "docker volume create",
    "[OPTIONS] [VOLUME]",
    "Create a volume",
    &[
        flag("driver", Some('d'), Takes::Value, "Specify volume driver name (default \"local\")"),
        flag("label", None, Takes::Values, "Set metadata for a volume"),
        flag("name", None, Takes::Value, "Specify volume name"),
        unmodelled("opt", Some('o'), Takes::Values, "Set driver specific options"),
    ],
    Arity::AtMost(1),
);
pub const VOLUME_RM: Spec = spec(
    "docker volume rm",
    "[OPTIONS] VOLUME [VOLUME...]",
    "Remove one or more volumes",
    &[flag("force", Some('f'), Takes::Bool, "Force the removal of one or more volumes")],
    Arity::AtLeast(1),
);
pub const VOLUME_INSPECT: Spec = spec(
    "docker volume inspect",
    "[OPTIONS] VOLUME [VOLUME...]",
    "Display detailed information on one or more volumes",
    &[flag("format", Some('f'), Takes::Value, "Format output using a custom template")],
    Arity::AtLeast(1),
);

pub fn network_prune(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    if !super::confirmed(ctx, p, "WARNING! This will remove all custom networks not used by at least one container.") {
        return Output::ok(String::new());
    }
    Output::ok(super::render::network_prune(&ctx.engine.network_prune(ctx.now)))
}

pub fn volume_prune(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let warning = if p.on("all") {
        "WARNING! This will remove all local volumes not used by at least one container."
    } else {
        "WARNING! This will remove anonymous local volumes not used by at least one container."
    };
    if !super::confirmed(ctx, p, warning) {
        return Output::ok(String::new());
    }
    Output::ok(super::render::volume_prune(&ctx.engine.volume_prune(p.on("all"), ctx.now)))
}

fn labels(values: &[String]) -> BTreeMap<String, String> {
    values
        .iter()
        .map(|l| match l.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (l.clone(), String::new()),
        })
        .collect()
}

pub fn network_ls(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    Output::ok(super::render::network_ls(&ctx.engine.network_ls(ctx.now), p.on("quiet")))
}

pub fn network_create(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    match p.value("driver") {
        None | Some("bridge") => {}
        Some(d) => {
            return Output::error(format!("layerlab: the {d} network driver is not simulated (only bridge)"), 125)
        }
    }
    if p.values("subnet").len() > 1 {
        return Output::error("layerlab: only one --subnet is simulated".into(), 125);
    }
    let subnet = p.value("subnet").map(str::to_string);
    match ctx.engine.network_create(&p.args[0], subnet.as_deref(), p.on("internal"), labels(p.values("label")), ctx.now)
    {
        Ok(id) => Output::ok(format!("{id}\n")),
        Err(e) => Output::engine_error(e),
    }
}

pub fn network_rm(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let force = p.on("force");
    let mut out = each(ctx, &p.args, |ctx, name| ctx.engine.network_rm(name, ctx.now).map(|_| format!("{name}\n")));
    if force {
        // `-f`: a network that does not exist is not an error.
        out.stderr = out.stderr.lines().filter(|l| !l.contains("not found")).map(|l| format!("{l}\n")).collect();
        if out.stderr.is_empty() {
            out.status = 0;
        }
    }
    out
}

pub fn network_inspect(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    super::inspect_each(ctx, p, |ctx, name| {
        ctx.engine
            .network_inspect(name, ctx.now)
            .map_err(|_| format!("Error response from daemon: network {name} not found"))
    })
}

pub fn network_connect(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    match ctx.engine.network_connect(&p.args[0], &p.args[1], p.values("alias"), ctx.now) {
        Ok(()) => Output::ok(String::new()),
        Err(e) => Output::engine_error(e),
    }
}

pub fn network_disconnect(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    match ctx.engine.network_disconnect(&p.args[0], &p.args[1], ctx.now) {
        Ok(()) => Output::ok(String::new()),
        Err(e) => Output::engine_error(e),
    }
}

pub fn volume_ls(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    Output::ok(super::render::volume_ls(&ctx.engine.volume_ls(ctx.now), p.on("quiet")))
}

pub fn volume_create(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    match p.value("driver") {
        None | Some("local") => {}
        Some(d) => return Output::error(format!("layerlab: the {d} volume driver is not simulated (only local)"), 125),
    }
    let name = p.args.first().map(String::as_str).or(p.value("name"));
    match ctx.engine.volume_create(name, labels(p.values("label")), ctx.now) {
        Ok(name) => Output::ok(format!("{name}\n")),
        Err(e) => Output::engine_error(e),
    }
}

pub fn volume_rm(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let force = p.on("force");
    each(ctx, &p.args, |ctx, name| ctx.engine.volume_rm(name, force, ctx.now).map(|v| format!("{v}\n")))
}

pub fn volume_inspect(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    super::inspect_each(ctx, p, |ctx, name| ctx.engine.volume_inspect(name, ctx.now).map_err(|e| e.to_string()))
}
