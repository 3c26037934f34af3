//! `docker info` (`docker system info`): the simulated Engine's Client and
//! Server sections as docker/cli v29.7.2 prints them
//! (`cli/command/system/info.go`, `prettyPrintInfo`: Go's `fmt.Println`, so
//! a label and its value are joined by one space), and `--format` over the
//! same data as JSON (`system.Info`'s field names, in its order).
//!
//! Releases come from `crate::versions`; what depends on the host (kernel,
//! distribution, CPUs, memory, name, daemon ID) from
//! `engine::containers::host`, where each is chosen once and marked simulated.
//!
//! Storage Driver is `overlay2`: the engine keeps images as the overlay2
//! graph driver does (an image is its layer stack; `docker images` lists no
//! manifests, `docker inspect` shows `GraphDriver.Name: overlay2` and the
//! overlay directories), so saying `overlayfs` with the containerd
//! snapshotter here — Docker 29's default for fresh installs — would
//! contradict the rest of the daemon. A daemon upgraded from an earlier
//! release keeps overlay2, which is what this one is.

use super::flags::{flag, Arity, Parsed, Spec, Takes};
use super::{Ctx, Output};
use crate::engine::containers::{host, PsOptions, Status};
use crate::versions;
use serde_json::{json, Value};

pub const INFO: Spec = Spec {
    path: "docker info",
    usage: "[OPTIONS]",
    short: "Display system-wide information",
    flags: &[flag(
        "format",
        Some('f'),
        Takes::Value,
        "Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates",
    )],
    arity: Arity::None,
    interspersed: true,
};
pub const SYSTEM_INFO: Spec = Spec { path: "docker system info", ..INFO };

/// `overlay2`'s `DriverStatus` (moby daemon/graphdriver/overlay2/overlay.go, `Status`).
const DRIVER_STATUS: &[(&str, &str)] = &[
    ("Backing Filesystem", "extfs"),
    ("Supports d_type", "true"),
    ("Using metacopy", "false"),
    ("Native Overlay Diff", "true"),
    ("userxattr", "false"),
];
const VOLUME_PLUGINS: &[&str] = &["local"];
const NETWORK_PLUGINS: &[&str] = &["bridge", "host", "ipvlan", "macvlan", "null", "overlay"];
const LOG_PLUGINS: &[&str] =
    &["awslogs", "fluentd", "gcplogs", "gelf", "journald", "json-file", "local", "splunk", "syslog"];
/// moby's `fillSecurityOptions` on an AppArmor host with cgroup v2 (profile
/// `builtin` is `config.SeccompProfileDefault`).
const SECURITY_OPTIONS: &[&str] = &["name=apparmor", "name=seccomp,profile=builtin", "name=cgroupns"];
/// moby daemon/pkg/registry/config.go: loopback ranges are always insecure.
const INSECURE_CIDRS: &[&str] = &["::1/128", "127.0.0.0/8"];
const BUILDX_PATH: &str = "/usr/libexec/docker/cli-plugins/docker-buildx";

/// The counts `docker info` starts with: moby counts a paused container as
/// paused, any other container whose process runs (restarting included) as
/// running, the rest as stopped; images are unique images, not tags.
fn counts(ctx: &mut Ctx<'_>) -> (usize, usize, usize, usize) {
    // `ps -a` settles the clock first (a `sleep 5` that ended is stopped).
    let all = PsOptions { all: true, filters: Vec::new() };
    let (mut running, mut paused, mut stopped) = (0, 0, 0);
    for c in ctx.engine.ps(&all, ctx.now) {
        match c.state.status {
            Status::Paused => paused += 1,
            Status::Running | Status::Restarting => running += 1,
            _ => stopped += 1,
        }
    }
    (running, paused, stopped, ctx.engine.images_by_id().len())
}

/// The whole of `docker info` as the JSON `--format` reads: the daemon's
/// `system.Info` fields, then the CLI's `ClientInfo`.
fn info_json(ctx: &mut Ctx<'_>) -> Value {
    let (running, paused, stopped, images) = counts(ctx);
    let mut info = json!({
        "ID": host::DAEMON_ID,
        "Containers": running + paused + stopped,
        "ContainersRunning": running,
        "ContainersPaused": paused,
        "ContainersStopped": stopped,
        "Images": images,
        "Driver": "overlay2",
        "DriverStatus": DRIVER_STATUS.iter().map(|(k, v)| [k, v]).collect::<Vec<_>>(),
        "Plugins": {
            "Volume": VOLUME_PLUGINS,
            "Network": NETWORK_PLUGINS,
            "Authorization": null,
            "Log": LOG_PLUGINS,
        },
        "MemoryLimit": true,
        "SwapLimit": true,
        "CpuCfsPeriod": true,
        "CpuCfsQuota": true,
        "CPUShares": true,
        "CPUSet": true,
        "PidsLimit": true,
        "IPv4Forwarding": true,
        "Debug": false,
        "OomKillDisable": false,
        "LoggingDriver": "json-file",
        "CgroupDriver": "systemd",
        "CgroupVersion": "2",
        "KernelVersion": host::KERNEL,
        "OperatingSystem": host::OPERATING_SYSTEM,
        "OSVersion": host::OS_VERSION,
        "OSType": "linux",
    });
    let rest = json!({
        "Architecture": "x86_64",
        "IndexServerAddress": "https://index.docker.io/v1/",
        "RegistryConfig": registry_config(),
        "NCPU": host::CPUS,
        "MemTotal": host::MEMORY,
        "DockerRootDir": "/var/lib/docker",
        "Name": host::NAME,
        "Labels": [],
        "ExperimentalBuild": false,
        "ServerVersion": versions::ENGINE.version,
        "Runtimes": runtimes(),
        "DefaultRuntime": "runc",
        "Swarm": {"NodeID": "", "NodeAddr": "", "LocalNodeState": "inactive", "ControlAvailable": false, "Error": "", "RemoteManagers": null},
        "LiveRestoreEnabled": false,
        "Isolation": "",
        "InitBinary": "docker-init",
        "ContainerdCommit": {"ID": versions::CONTAINERD.commit},
        "RuncCommit": {"ID": versions::RUNC.commit},
        "InitCommit": {"ID": versions::DOCKER_INIT.commit},
        "SecurityOptions": SECURITY_OPTIONS,
        "CDISpecDirs": ["/etc/cdi", "/var/run/cdi"],
        "FirewallBackend": {"Driver": "iptables"},
        "Warnings": null,
        "ClientInfo": client_info(),
    });
    if let (Value::Object(info), Value::Object(rest)) = (&mut info, rest) {
        info.extend(rest);
    }
    info
}

/// The CLI's side (`clientInfo`): its version, context and plugins.
fn client_info() -> Value {
    json!({
        "Debug": false,
        "Platform": {"Name": versions::PLATFORM},
        "Version": versions::CLI.version,
        "ApiVersion": versions::API,
        "Context": "default",
        "Plugins": [{
            "SchemaVersion": "0.1.0",
            "Vendor": "Docker Inc.",
            "Version": versions::BUILDX.version,
            "ShortDescription": "Docker Buildx",
            "Name": "buildx",
            "Path": BUILDX_PATH,
        }],
        "Warnings": null,
    })
}

fn registry_config() -> Value {
    json!({
        "InsecureRegistryCIDRs": INSECURE_CIDRS,
        "IndexConfigs": {"docker.io": {"Name": "docker.io", "Mirrors": [], "Secure": true, "Official": true}},
        "Mirrors": null,
    })
}

/// moby registers runc under its own name and containerd's shim name.
fn runtimes() -> Value {
    let runc = json!({"path": "runc", "status": {"org.opencontainers.runtime-spec.features": "{}"}});
    json!({"io.containerd.runc.v2": runc.clone(), "runc": runc})
}

/// The text docker/cli's `prettyPrintInfo` writes for `info`.
fn pretty(info: &Value) -> String {
    let s = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let list = |v: &Value| v.as_array().map(|a| a.iter().map(s).collect::<Vec<_>>().join(" ")).unwrap_or_default();
    let client = &info["ClientInfo"];
    let mut out = format!("Client: {}\n", s(&client["Platform"]["Name"]));
    out.push_str(&format!(
        " Version:    {}\n Context:    {}\n Debug Mode: {}\n",
        s(&client["Version"]),
        s(&client["Context"]),
        client["Debug"]
    ));
    out.push_str(" Plugins:\n");
    for p in client["Plugins"].as_array().into_iter().flatten() {
        out.push_str(&format!("  {}: {} ({})\n", s(&p["Name"]), s(&p["ShortDescription"]), s(&p["Vendor"])));
        out.push_str(&format!("    Version:  {}\n    Path:     {}\n", s(&p["Version"]), s(&p["Path"])));
    }
    out.push_str("\nServer:\n");
    for (label, key) in [
        (" Containers:", "Containers"),
        ("  Running:", "ContainersRunning"),
        ("  Paused:", "ContainersPaused"),
        ("  Stopped:", "ContainersStopped"),
        (" Images:", "Images"),
        (" Server Version:", "ServerVersion"),
        (" Storage Driver:", "Driver"),
    ] {
        out.push_str(&format!("{label} {}\n", s(&info[key])));
    }
    for pair in info["DriverStatus"].as_array().into_iter().flatten() {
        out.push_str(&format!("  {}: {}\n", s(&pair[0]), s(&pair[1])));
    }
    for (label, key) in [
        (" Logging Driver:", "LoggingDriver"),
        (" Cgroup Driver:", "CgroupDriver"),
        (" Cgroup Version:", "CgroupVersion"),
    ] {
        out.push_str(&format!("{label} {}\n", s(&info[key])));
    }
    let plugins = &info["Plugins"];
    out.push_str(&format!(
        " Plugins:\n  Volume: {}\n  Network: {}\n  Log: {}\n",
        list(&plugins["Volume"]),
        list(&plugins["Network"]),
        list(&plugins["Log"])
    ));
    out.push_str(" CDI spec directories:\n");
    for dir in info["CDISpecDirs"].as_array().into_iter().flatten() {
        out.push_str(&format!("  {}\n", s(dir)));
    }
    out.push_str(&format!(" Swarm: {}\n", s(&info["Swarm"]["LocalNodeState"])));
    let runtimes: Vec<&String> = info["Runtimes"].as_object().map(|o| o.keys().collect()).unwrap_or_default();
    out.push_str(&format!(" Runtimes: {}\n", runtimes.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(" ")));
    out.push_str(&format!(" Default Runtime: {}\n", s(&info["DefaultRuntime"])));
    out.push_str(&format!(" Init Binary: {}\n", s(&info["InitBinary"])));
    out.push_str(&format!(" containerd version: {}\n", s(&info["ContainerdCommit"]["ID"])));
    out.push_str(&format!(" runc version: {}\n", s(&info["RuncCommit"]["ID"])));
    out.push_str(&format!(" init version: {}\n", s(&info["InitCommit"]["ID"])));
    out.push_str(" Security Options:\n");
    for option in info["SecurityOptions"].as_array().into_iter().flatten() {
        // `name=seccomp,profile=builtin` → `seccomp` and `Profile: builtin` (`system.DecodeSecurityOptions`).
        for kv in s(option).split(',') {
            match kv.split_once('=') {
                Some(("name", name)) => out.push_str(&format!("  {name}\n")),
                Some(("profile", profile)) => out.push_str(&format!("   Profile: {profile}\n")),
                _ => {}
            }
        }
    }
    for (label, key) in [
        (" Kernel Version:", "KernelVersion"),
        (" Operating System:", "OperatingSystem"),
        (" OSType:", "OSType"),
        (" Architecture:", "Architecture"),
        (" CPUs:", "NCPU"),
    ] {
        out.push_str(&format!("{label} {}\n", s(&info[key])));
    }
    out.push_str(&format!(" Total Memory: {}\n", crate::units::bytes_size(info["MemTotal"].as_u64().unwrap_or(0))));
    for (label, key) in [
        (" Name:", "Name"),
        (" ID:", "ID"),
        (" Docker Root Dir:", "DockerRootDir"),
        (" Debug Mode:", "Debug"),
        (" Experimental:", "ExperimentalBuild"),
    ] {
        out.push_str(&format!("{label} {}\n", s(&info[key])));
    }
    out.push_str(" Insecure Registries:\n");
    for cidr in info["RegistryConfig"]["InsecureRegistryCIDRs"].as_array().into_iter().flatten() {
        out.push_str(&format!("  {}\n", s(cidr)));
    }
    out.push_str(&format!(" Live Restore Enabled: {}\n", s(&info["LiveRestoreEnabled"])));
    out.push_str(&format!(" Firewall Backend: {}\n\n", s(&info["FirewallBackend"]["Driver"])));
    out
}

/// `docker info [--format TEMPLATE]`. A template that does not parse exits
/// 64 with docker/cli's `template parsing error:` (`formatInfo`).
pub fn info(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let info = info_json(ctx);
    match p.value("format") {
        None => Output::ok(pretty(&info)),
        Some(format) => match super::template::render(format, &info) {
            Ok(text) => Output::ok(text),
            Err(e) if e.contains("executing") => Output::error(e, 1),
            Err(e) => Output::error(format!("template parsing error: {e}"), 64),
        },
    }
}
