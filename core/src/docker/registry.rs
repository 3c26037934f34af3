//! The registry commands: `login`, `logout`, `push` and `manifest inspect`,
//! against the engine's simulated registries (`engine::registry`). Texts are
//! docker/cli's (`cli/command/registry/login.go`, `logout.go`,
//! `cli/command/image/push.go`, `cli/command/manifest/inspect.go`) and the
//! daemon's push progress as the CLI prints it when stdout is not a
//! terminal (moby `pkg/jsonmessage`: one `ID: Status` line per message).

use super::flags::{flag, unmodelled, Arity, Parsed, Spec, Takes};
use super::{Ctx, Output};
use crate::catalog::ImageRef;
use crate::engine::registry::{server_address, LayerPush, PushError, PushReport, INDEX_SERVER};

/// Layerlab's own line (not Docker's): said once, on the first login or push.
pub const NOTE: &str =
    "layerlab: this registry is simulated inside Layerlab; nothing is sent anywhere, nothing leaves this machine.";

pub const LOGIN: Spec = Spec {
    path: "docker login",
    usage: "[OPTIONS] [SERVER]",
    short: "Authenticate to a registry.\nDefaults to Docker Hub if no server is specified.",
    flags: &[
        flag("password", Some('p'), Takes::Value, "Password or Personal Access Token (PAT)"),
        flag("password-stdin", None, Takes::Bool, "Take the Password or Personal Access Token (PAT) from stdin"),
        flag("username", Some('u'), Takes::Value, "Username"),
    ],
    arity: Arity::AtMost(1),
    interspersed: true,
};

/// docker/cli's warning when credentials go to the config file in plain text.
const UNENCRYPTED: &str = "WARNING! Your credentials are stored unencrypted in '/root/.docker/config.json'.\n\
Configure a credential helper to remove this warning. See\n\
https://docs.docker.com/go/credential-store/\n";

/// `docker login [-u USER -p PASSWORD] [SERVER]`. The simulation accepts any
/// password; an interactive prompt is not modelled.
pub fn login(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let server = p.args.first().map_or(INDEX_SERVER, String::as_str);
    // docker/cli `verifyLoginFlags`: `--password-stdin` (or `-p -`) needs `-u`, excludes `-p`.
    let from_stdin = p.on("password-stdin") || p.value("password") == Some("-");
    if from_stdin {
        if p.value("password").is_some_and(|v| v != "-") {
            return Output::error("conflicting options: cannot specify both --password and --password-stdin".into(), 1);
        }
        if p.value("username").is_none() {
            return Output::error("the --password-stdin option requires --username to be set".into(), 1);
        }
    }
    if p.value("username") == Some("") {
        return Output::error("username is empty".into(), 1);
    }
    if p.value("password") == Some("") {
        return Output::error("password is empty".into(), 1);
    }
    let password = if from_stdin {
        // Standard input, as the other stdin-reading commands get it from the host
        // (`-`); one terminal line ending is trimmed (`readSecretFromStdin`).
        let text = ctx.host.read_text("-").unwrap_or_default();
        let trimmed = ["\r\n", "\n", "\r"].iter().find_map(|eol| text.strip_suffix(eol)).unwrap_or(&text).to_string();
        Some(trimmed)
    } else {
        p.value("password").map(str::to_string)
    };
    let (Some(user), Some(password)) = (p.value("username"), password) else {
        return Output::error(
            "layerlab: an interactive login is not simulated; use docker login -u USER --password-stdin (or -p PASSWORD) [SERVER]"
                .into(),
            125,
        );
    };
    if password.is_empty() {
        return Output::error("password is empty".into(), 1);
    }
    let note = ctx.engine.registries_mut().login(server, user);
    let mut stderr = String::new();
    if !from_stdin {
        stderr.push_str("WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n");
    }
    stderr.push_str(UNENCRYPTED);
    if note {
        stderr.push_str(NOTE);
        stderr.push('\n');
    }
    Output { stdout: "Login Succeeded\n".into(), stderr, status: 0, events: Vec::new() }
}

pub const LOGOUT: Spec = Spec {
    path: "docker logout",
    usage: "[SERVER]",
    short: "Log out from a registry.\nIf no server is specified, the default is defined by the daemon.",
    flags: &[],
    arity: Arity::AtMost(1),
    interspersed: true,
};

/// `docker logout [SERVER]`.
pub fn logout(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let server = p.args.first().map_or(INDEX_SERVER, String::as_str);
    let address = server_address(server);
    if ctx.engine.registries_mut().logout(server) {
        Output::ok(format!("Removing login credentials for {address}\n"))
    } else {
        Output::ok(format!("Not logged in to {address}\n"))
    }
}

pub const PUSH: Spec = Spec {
    path: "docker push",
    usage: "[OPTIONS] NAME[:TAG]",
    short: "Upload an image to a registry",
    flags: &[
        flag("all-tags", Some('a'), Takes::Bool, "Push all tags of an image to the repository"),
        unmodelled("disable-content-trust", None, Takes::Bool, "Skip image signing (default true)"),
        unmodelled("platform", None, Takes::Value, "Push a platform-specific manifest as a single-platform image"),
        flag("quiet", Some('q'), Takes::Bool, "Suppress verbose output"),
    ],
    arity: Arity::Exact(1),
    interspersed: true,
};
pub const IMAGE_PUSH: Spec = Spec { path: "docker image push", ..PUSH };

/// `The push refers to repository [...]` and a `Preparing` line per layer,
/// what Docker prints before the registry answers.
fn preamble(repository: &str, layers: &[String]) -> String {
    let mut out = format!("The push refers to repository [{repository}]\n");
    for layer in layers {
        out.push_str(&format!("{layer}: Preparing\n"));
    }
    out
}

/// `docker push`'s progress as the CLI prints it to a non-terminal.
pub fn render_push(report: &PushReport) -> String {
    let mut out = String::new();
    if report.default_tag {
        out.push_str("Using default tag: latest\n");
    }
    let ids: Vec<String> = report.layers.iter().map(|(id, _)| id.clone()).collect();
    out.push_str(&preamble(&report.repository, &ids));
    for (id, status) in &report.layers {
        let status = match status {
            LayerPush::Pushed => "Pushed".to_string(),
            LayerPush::AlreadyExists => "Layer already exists".to_string(),
            LayerPush::MountedFrom(from) => format!("Mounted from {from}"),
        };
        out.push_str(&format!("{id}: {status}\n"));
    }
    out.push_str(&format!("{}: digest: {} size: {}\n", report.tag, report.digest, report.size));
    out
}

pub fn push(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    if p.on("all-tags") {
        return push_all_tags(ctx, p);
    }
    push_one(ctx, p, &p.args[0])
}

/// `docker push --all-tags REPOSITORY`: every local tag of the repository,
/// in tag order, under one `The push refers to repository` line (moby
/// `distribution/push_v2.go` pushes a repository's tags in one go).
fn push_all_tags(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let name = &p.args[0];
    let Ok(reference) = ImageRef::parse(name) else { return push_one(ctx, p, name) };
    if name.rsplit('/').next().unwrap_or(name).contains(':') || reference.digest.is_some() {
        // docker/cli cli/command/image/push.go.
        return Output::error("tag can't be used with --all-tags/-a".into(), 1);
    }
    let repository = reference.repository();
    let tags: Vec<String> = ctx
        .engine
        .image_rows(Some(false))
        .into_iter()
        .filter(|r| r.repository == repository)
        .map(|r| format!("{}:{}", r.repository, r.tag))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if tags.is_empty() {
        return push_one(ctx, p, name);
    }
    let mut total = Output::default();
    for (i, tag) in tags.iter().enumerate() {
        let out = push_one(ctx, p, tag);
        let stdout = if i == 0 {
            out.stdout
        } else {
            out.stdout
                .lines()
                .filter(|l| !l.starts_with("The push refers to repository"))
                .map(|l| format!("{l}\n"))
                .collect()
        };
        total.stdout.push_str(&stdout);
        total.stderr.push_str(&out.stderr);
        if out.status != 0 {
            total.status = out.status;
            break;
        }
    }
    total
}

fn push_one(ctx: &mut Ctx<'_>, p: &Parsed, name: &str) -> Output {
    let default_tag = ImageRef::parse(name).is_ok() && !name.rsplit('/').next().unwrap_or(name).contains(':');
    let using = if default_tag { "Using default tag: latest\n" } else { "" };
    match ctx.engine.push(name) {
        Ok(report) if p.on("quiet") => {
            let mut out = Output::ok(format!("{}:{}\n", report.repository, report.tag));
            if report.note {
                out.stderr = format!("{NOTE}\n");
            }
            out
        }
        Ok(report) => {
            let mut out = Output::ok(render_push(&report));
            if report.note {
                out.stderr = format!("{NOTE}\n");
            }
            out
        }
        Err(PushError::NoSuchLocalImage { repository, familiar }) => Output {
            stdout: format!("{using}The push refers to repository [{repository}]\n"),
            stderr: format!("An image does not exist locally with the tag: {familiar}\n"),
            status: 1,
            events: Vec::new(),
        },
        Err(PushError::Denied { repository, layers }) => Output {
            stdout: format!("{using}{}", preamble(&repository, &layers)),
            stderr: "denied: requested access to the resource is denied\n".into(),
            status: 1,
            events: Vec::new(),
        },
        Err(PushError::NoCredentials { repository, layers }) => Output {
            stdout: format!("{using}{}", preamble(&repository, &layers)),
            stderr: "no basic auth credentials\n".into(),
            status: 1,
            events: Vec::new(),
        },
        Err(PushError::Reference(e)) => Output::engine_error(e),
    }
}

pub const MANIFEST_INSPECT: Spec = Spec {
    path: "docker manifest inspect",
    usage: "[OPTIONS] [MANIFEST_LIST] MANIFEST",
    short: "Display an image manifest, or manifest list",
    flags: &[
        unmodelled("insecure", None, Takes::Bool, "Allow communication with an insecure registry"),
        unmodelled("verbose", Some('v'), Takes::Bool, "Output additional info including layers and platform"),
    ],
    arity: Arity::Range(1, 2),
    interspersed: true,
};

/// `docker manifest inspect NAME`: the registry's manifest, re-indented with
/// tabs as docker/cli prints it (`json.Indent(…, "", "\t")`).
pub fn manifest_inspect(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let name = p.args.last().map(String::as_str).unwrap_or_default();
    let found = ImageRef::parse(name).ok().and_then(|r| ctx.engine.registries().manifest(&r).map(|m| m.json.clone()));
    match found {
        Some(json) => Output::ok(format!("{}\n", tab_indent(&json))),
        None => Output::error(format!("no such manifest: {}", with_registry(name)), 1),
    }
}

/// `docker.io/user/app:latest` for `user/app`, as docker/cli names a missing manifest.
fn with_registry(name: &str) -> String {
    match ImageRef::parse(name) {
        Ok(r) => match (&r.tag, &r.digest) {
            (_, Some(d)) => format!("{}/{}@{d}", r.registry, r.path),
            (Some(t), None) => format!("{}/{}:{t}", r.registry, r.path),
            (None, None) => format!("{}/{}", r.registry, r.path),
        },
        Err(_) => name.to_string(),
    }
}

/// The manifest's three-space indentation as tabs.
fn tab_indent(json: &str) -> String {
    json.lines()
        .map(|line| {
            let spaces = line.len() - line.trim_start_matches(' ').len();
            format!("{}{}", "\t".repeat(spaces / 3), line.trim_start_matches(' '))
        })
        .collect::<Vec<_>>()
        .join("\n")
}
