//! `docker buildx ls`, `create`, `use`, `inspect`, `imagetools inspect`,
//! and the part of `docker build` that goes through buildx's options:
//! `--platform`, `--load`, `--push`, `--builder` (the engine's `index.rs`).

use super::flags::{flag, Arity, Parsed, Spec, Takes};
use super::{Ctx, Output};
use crate::build::platforms::{parse_list, Platform, BUILDER_PLATFORMS};
use crate::build::BuildRequest;
use crate::engine::index::{Builder, BuilderError, Driver, Export, ImageIndex, INDEX_TYPE, MANIFEST_TYPE};
use crate::versions;

pub const LS: Spec = Spec {
    path: "docker buildx ls",
    usage: "[OPTIONS]",
    short: "List builder instances",
    flags: &[flag("no-trunc", None, Takes::Bool, "Don't truncate output")],
    arity: Arity::None,
    interspersed: true,
};

pub const CREATE: Spec = Spec {
    path: "docker buildx create",
    usage: "[OPTIONS] [CONTEXT|ENDPOINT]",
    short: "Create a new builder instance",
    flags: &[
        flag(
            "driver",
            None,
            Takes::Value,
            "Driver to use (available: \"docker-container\", \"kubernetes\", \"remote\")",
        ),
        flag("name", None, Takes::Value, "Builder instance name"),
        flag("use", None, Takes::Bool, "Set the current builder instance"),
    ],
    arity: Arity::AtMost(1),
    interspersed: true,
};

pub const USE: Spec = Spec {
    path: "docker buildx use",
    usage: "[OPTIONS] NAME|CONTEXT",
    short: "Set the current builder instance",
    flags: &[],
    arity: Arity::Exact(1),
    interspersed: true,
};

pub const INSPECT: Spec = Spec {
    path: "docker buildx inspect",
    usage: "[NAME]",
    short: "Inspect current builder instance",
    flags: &[flag("bootstrap", None, Takes::Bool, "Ensure builder has booted before inspecting")],
    arity: Arity::AtMost(1),
    interspersed: true,
};

pub const IMAGETOOLS_INSPECT: Spec = Spec {
    path: "docker buildx imagetools inspect",
    usage: "[OPTIONS] NAME",
    short: "Show details of an image in the registry",
    flags: &[],
    arity: Arity::Exact(1),
    interspersed: true,
};

/// docker/cli's formatter tables: `tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)`
/// (minimum cell width 10, padding 3); the last cell is not padded.
fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().filter_map(|r| r.get(c)).map(|s| s.chars().count() + 3).max().unwrap_or(0).max(10))
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            if c + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(&format!("{cell:<width$}", width = widths[c]));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// buildx's `truncPlatforms(pfs, 4)` of the builder's node platforms: the
/// major platforms' groups first, then `(N more)`. For the simulated node
/// this is the list of buildx's `TestTruncPlatforms` "amd64 no preferred and
/// emulated" case, whose expected text it gives (commands/ls_test.go).
fn platforms_column(no_trunc: bool) -> String {
    if no_trunc {
        return BUILDER_PLATFORMS.join(", ");
    }
    const MAJOR: &[&str] =
        &["linux/amd64", "linux/arm64", "linux/arm", "linux/ppc64le", "linux/s390x", "linux/riscv64"];
    let group = |p: &str| {
        let parts: Vec<&str> = p.split('/').collect();
        parts[..2.min(parts.len())].join("/")
    };
    let mut out = Vec::new();
    let mut count = 0;
    for major in MAJOR {
        if out.len() >= 4 {
            break;
        }
        let members: Vec<&&str> = BUILDER_PLATFORMS.iter().filter(|p| group(p) == *major).collect();
        match members.len() {
            0 => {}
            1 => out.push(members[0].to_string()),
            n => out.push(format!("{major} (+{n})")),
        }
        count += members.len();
    }
    let left = BUILDER_PLATFORMS.len() - count;
    if left > 0 {
        out.push(format!("({left} more)"));
    }
    out.join(", ")
}

/// `docker buildx ls` (buildx commands/ls.go: `NAME/NODE`, `DRIVER/ENDPOINT`,
/// STATUS, BUILDKIT, PLATFORMS; nodes indented with ` \_ `).
pub fn ls(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let mut rows = vec![vec![
        "NAME/NODE".to_string(),
        "DRIVER/ENDPOINT".into(),
        "STATUS".into(),
        "BUILDKIT".into(),
        "PLATFORMS".into(),
    ]];
    for b in ctx.engine.builders() {
        let star = if b.current { "*" } else { "" };
        rows.push(vec![
            format!("{}{star}", b.name),
            b.driver.name().into(),
            String::new(),
            String::new(),
            String::new(),
        ]);
        let (status, version, platforms) = node_state(&b, p.on("no-trunc"));
        rows.push(vec![format!(" \\_ {}", b.node()), format!(" \\_ {}", b.endpoint()), status, version, platforms]);
    }
    Output::ok(table(&rows))
}

/// A node's STATUS, BUILDKIT and PLATFORMS: an unbooted docker-container
/// node is `inactive` and reports nothing else.
fn node_state(b: &Builder, no_trunc: bool) -> (String, String, String) {
    if b.booted {
        ("running".into(), versions::BUILDKIT.version.into(), platforms_column(no_trunc))
    } else {
        ("inactive".into(), String::new(), String::new())
    }
}

/// `docker buildx create`: prints the new builder's name.
pub fn create(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    if let Some(endpoint) = p.args.first() {
        return Output::error(format!("layerlab: creating a builder on {endpoint} is not simulated"), 1);
    }
    let driver = p.value("driver").unwrap_or("docker-container");
    if driver == "docker" {
        // buildx refuses a second docker-driver builder (commands/create.go).
        return Output::error("ERROR: docker driver cannot be created".to_string(), 1);
    }
    match ctx.engine.create_builder(p.value("name"), driver, p.on("use")) {
        Ok(name) => Output::ok(format!("{name}\n")),
        Err(e) => Output::error(e.to_string(), 1),
    }
}

/// `docker buildx use NAME`.
pub fn use_builder(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    match ctx.engine.use_builder(&p.args[0]) {
        Ok(()) => Output::default(),
        Err(e) => Output::error(e.to_string(), 1),
    }
}

/// `docker buildx inspect [NAME]` (buildx commands/inspect.go's layout:
/// the builder's fields, then `Nodes:` with each node's; the node's
/// Features, Labels and GC policy lines are not simulated).
pub fn inspect(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let b = match ctx.engine.builder(p.args.first().map(String::as_str)) {
        Ok(b) => b,
        Err(e) => return Output::error(e.to_string(), 1),
    };
    let (status, version, _) = node_state(&b, true);
    // tabwriter.NewWriter(w, 0, 0, 1, ' ', 0): a line without a tab ends a
    // column block, so the builder's fields and the node's align apart.
    let block = |rows: &[(&str, String)]| {
        let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0) + 1;
        rows.iter().map(|(label, value)| format!("{label:<width$}{value}\n")).collect::<String>()
    };
    let mut node = vec![("Name:", b.node()), ("Endpoint:", b.endpoint().to_string()), ("Status:", status)];
    if b.booted {
        node.push(("BuildKit version:", version));
        node.push(("Platforms:", BUILDER_PLATFORMS.join(", ")));
    }
    let text =
        block(&[("Name:", b.name.clone()), ("Driver:", b.driver.name().to_string())]) + "\nNodes:\n" + &block(&node);
    Output::ok(text)
}

/// `docker buildx imagetools inspect NAME` of a pushed index (buildx
/// util/imagetools/printers.go `Print` and `printManifestList`: three
/// tabwriters with padding 1, the manifests indented by two spaces).
pub fn imagetools_inspect(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let name = &p.args[0];
    match ctx.engine.image_index(name) {
        Some(index) => Output::ok(imagetools_text(index)),
        None => Output::error(format!("ERROR: {}: not found", name), 1),
    }
}

fn imagetools_text(index: &ImageIndex) -> String {
    let mut out = String::new();
    for (label, value) in [("Name:", index.name.as_str()), ("MediaType:", INDEX_TYPE), ("Digest:", &index.digest)] {
        out.push_str(&format!("{label:<11}{value}\n"));
    }
    // "\t\n" and "Manifests:\t\n" in a writer of their own: both cells padded to 11.
    out.push_str(&format!("{:<11}\n{:<11}\n", "", "Manifests:"));
    for (i, m) in index.manifests.iter().enumerate() {
        if i > 0 {
            out.push_str(&format!("{:<13}\n", ""));
        }
        // distribution's `WithDigest` keeps the tag: `docker.io/user/app:1.0@sha256:…`.
        out.push_str(&format!("{:<13}{}@{}\n", "  Name:", index.name, m.digest));
        out.push_str(&format!("{:<13}{MANIFEST_TYPE}\n", "  MediaType:"));
        out.push_str(&format!("{:<13}{}\n", "  Platform:", m.platform));
    }
    out
}

/// `docker build`/`buildx build` with `--platform`, `--load`, `--push` or
/// `--builder`: the build goes through the engine's builders.
pub fn build(ctx: &mut Ctx<'_>, p: &Parsed, request: &BuildRequest<'_>, tags: &[String]) -> Output {
    let targets = match p.value("platform") {
        None => vec![Platform::host()],
        Some(_) => match parse_list(p.values("platform").iter().map(String::as_str)) {
            Ok(list) if !list.is_empty() => list,
            Ok(_) => vec![Platform::host()],
            Err(e) => return Output::error(format!("ERROR: {e}"), 1),
        },
    };
    if p.on("load") && p.on("push") {
        // buildx commands/build.go: both set two exporters, which it refuses by name.
        return Output::error("ERROR: push and load may not be set together at the moment".to_string(), 1);
    }
    let builder = match ctx.engine.builder(p.value("builder")) {
        Ok(b) => b,
        Err(e) => return Output::error(e.to_string(), 1),
    };
    let export = if p.on("push") {
        Export::Push
    } else if p.on("load") || builder.driver == Driver::Docker {
        // The docker driver always loads (buildx build/opt.go: the `image` exporter).
        Export::Load
    } else {
        Export::None
    };
    match ctx.engine.build_platforms(request, tags, &targets, export, p.value("builder"), ctx.now) {
        Ok(report) if p.on("json") => {
            // Layerlab's `--json`: one build report per platform, each step with its platform.
            let platforms: Vec<serde_json::Value> = report
                .builds
                .platforms
                .iter()
                .map(|b| {
                    let mut one = crate::json::build_report(&b.outcome, tags, request.dockerfile);
                    one["platform"] = serde_json::json!(b.platform.to_string());
                    one["log"] = serde_json::Value::Null;
                    one
                })
                .collect();
            let index = report.index.as_ref().map(|i| serde_json::json!({ "name": i.name, "digest": i.digest }));
            let all = serde_json::json!({ "platforms": platforms, "index": index, "log": report.log });
            Output {
                stdout: format!("{}\n", serde_json::to_string_pretty(&all).unwrap_or_default()),
                status: u8::from(report.failed),
                ..Output::default()
            }
        }
        Ok(report) => Output { stderr: report.log, status: u8::from(report.failed), ..Output::default() },
        Err(e) => match store_note(&e) {
            Some(note) => Output::error(format!("{e}\n{}", crate::build::note_line(note)), 1),
            None => Output::error(e.to_string(), 1),
        },
    }
}

/// Layerlab's word on the errors the image store causes.
fn store_note(error: &BuilderError) -> Option<&'static str> {
    match error {
        BuilderError::MultiPlatformDocker => Some(
            "this daemon keeps the overlay2 image store (an Engine upgraded to 29 keeps its graph driver), which holds \
             one platform per image; create a docker-container builder (docker buildx create --use) and --push the index",
        ),
        BuilderError::LoadIndex => Some(
            "the overlay2 image store holds one platform per image; with the containerd image store the index would be \
             loaded (one row in docker images, its platforms in docker image ls --tree); --push it, or --load one platform",
        ),
        _ => None,
    }
}

#[cfg(test)]
#[path = "buildx_tests.rs"]
mod tests;
