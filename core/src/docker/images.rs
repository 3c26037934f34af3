//! The image-side commands: `images`, `history`, `inspect`, `tag`, `rmi`,
//! `pull`, `image prune`, `builder prune`, `system df`, `system prune`,
//! `save`, `load`. Each reads its [`Parsed`] flags and calls the engine;
//! texts and exit statuses are the docker CLI's.

use super::flags::{flag, unmodelled, Arity, Parsed, Spec, Takes};
use super::{render, Ctx, Output};
use crate::engine::{archive, ImageFilter};

pub const IMAGES_FLAGS: &[super::flags::Flag] = &[
    flag("all", Some('a'), Takes::Bool, "Show all images (default hides intermediate images)"),
    flag("digests", None, Takes::Bool, "Show digests"),
    flag("filter", Some('f'), Takes::Values, "Filter output based on conditions provided"),
    flag("format", None, Takes::Value, "Format output using a custom template"),
    flag("no-trunc", None, Takes::Bool, "Don't truncate output"),
    flag("quiet", Some('q'), Takes::Bool, "Only show image IDs"),
    unmodelled("tree", None, Takes::Bool, "List multi-platform images as a tree (EXPERIMENTAL)"),
];

pub const IMAGES: Spec = Spec {
    path: "docker images",
    usage: "[OPTIONS] [REPOSITORY[:TAG]]",
    short: "List images",
    flags: IMAGES_FLAGS,
    arity: Arity::AtMost(1),
    interspersed: true,
};
pub const IMAGE_LS: Spec = Spec { path: "docker image ls", ..IMAGES };

pub fn images(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let mut filter = ImageFilter { reference: p.args.first().cloned(), ..ImageFilter::default() };
    for f in p.values("filter") {
        let Some((key, value)) = f.split_once('=') else {
            return Output::error(format!("invalid argument \"{f}\" for \"-f, --filter\" flag: bad format of filter (expected name=value)\nSee 'docker images --help'."), 125);
        };
        match key {
            "dangling" => match value {
                "true" | "1" => filter.dangling = Some(true),
                "false" | "0" => filter.dangling = Some(false),
                _ => {
                    return Output::daemon_error(format!(
                        "Invalid filter 'dangling={value}': invalid value for 'dangling': must be 'true' or 'false'"
                    ))
                }
            },
            "reference" => filter.reference = Some(value.to_string()),
            "before" | "since" | "label" | "until" => {
                return Output::error(format!("layerlab: the '{key}' filter of docker images is not simulated"), 125)
            }
            _ => return Output::daemon_error(format!("invalid filter '{key}'")),
        }
    }
    // CLI 29 (cli/command/image/list.go, runImages): without -a, dangling
    // images are left out unless a dangling filter asks for them; the tree
    // view is the default, and -q, --no-trunc or a --format (`table` for the
    // classic table) give the table instead (shouldUseTree).
    let classic = match p.value("format") {
        None => p.on("quiet") || p.on("no-trunc") || p.on("digests"),
        Some("table") => true,
        Some(other) => {
            return Output::error(
                format!("layerlab: --format {other:?} is not simulated (only `table`, the classic table)"),
                125,
            )
        }
    };
    let mut rows = ctx.engine.images_filtered(&filter);
    if !p.on("all") && filter.dangling != Some(true) {
        rows.retain(|r| !(r.repository == "<none>" && r.tag == "<none>"));
    }
    if p.on("digests") && !p.on("quiet") {
        let digests: Vec<Option<String>> = rows.iter().map(|r| ctx.engine.repo_digest(&r.repository, &r.id)).collect();
        return Output::ok(render::images_with_digests(&rows, &digests, p.on("no-trunc"), ctx.now));
    }
    if classic {
        return Output::ok(render::images(&rows, p.on("quiet"), p.on("no-trunc"), ctx.now));
    }
    let in_use = ctx.engine.runtime().containers.iter().map(|c| c.image_id.clone()).collect();
    Output::ok(render::tree::image_tree(&rows, &in_use))
}

pub const HISTORY_FLAGS: &[super::flags::Flag] = &[
    unmodelled("format", None, Takes::Value, "Format output using a custom template"),
    unmodelled("human", Some('H'), Takes::Bool, "Print sizes and dates in human readable format (default true)"),
    flag("no-trunc", None, Takes::Bool, "Don't truncate output"),
    unmodelled("platform", None, Takes::Value, "Show history for the given platform"),
    unmodelled("quiet", Some('q'), Takes::Bool, "Only show image IDs"),
];

pub const HISTORY: Spec = Spec {
    path: "docker history",
    usage: "[OPTIONS] IMAGE",
    short: "Show the history of an image",
    flags: HISTORY_FLAGS,
    arity: Arity::Exact(1),
    interspersed: true,
};
pub const IMAGE_HISTORY: Spec = Spec { path: "docker image history", ..HISTORY };

pub fn history(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    match ctx.engine.history(&p.args[0]) {
        Ok(rows) => Output::ok(render::history(&rows, p.on("no-trunc"), ctx.now)),
        Err(e) => Output::engine_error(e),
    }
}

pub const INSPECT_FLAGS: &[super::flags::Flag] =
    &[unmodelled("format", Some('f'), Takes::Value, "Format output using a custom template")];

pub const IMAGE_INSPECT: Spec = Spec {
    path: "docker image inspect",
    usage: "[OPTIONS] IMAGE [IMAGE...]",
    short: "Display detailed information on one or more images",
    flags: INSPECT_FLAGS,
    arity: Arity::AtLeast(1),
    interspersed: true,
};

pub const INSPECT: Spec = Spec {
    path: "docker inspect",
    usage: "[OPTIONS] NAME|ID [NAME|ID...]",
    short: "Return low-level information on Docker objects",
    flags: &[
        unmodelled("format", Some('f'), Takes::Value, "Format output using a custom template"),
        unmodelled("size", Some('s'), Takes::Bool, "Display total file sizes if the type is container"),
        flag("type", None, Takes::Value, "Only inspect objects of the given type"),
    ],
    arity: Arity::AtLeast(1),
    interspersed: true,
};

pub const TAG: Spec = Spec {
    path: "docker tag",
    usage: "SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
    short: "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
    flags: &[],
    arity: Arity::Exact(2),
    interspersed: true,
};
pub const IMAGE_TAG: Spec = Spec { path: "docker image tag", ..TAG };

pub fn tag(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    match ctx.engine.tag(&p.args[0], &p.args[1]) {
        // docker tag prints nothing on success.
        Ok(_) => Output::ok(String::new()),
        Err(e) => Output::engine_error(e),
    }
}

pub const RMI_FLAGS: &[super::flags::Flag] = &[
    flag("force", Some('f'), Takes::Bool, "Force removal of the image"),
    unmodelled("no-prune", None, Takes::Bool, "Do not delete untagged parents"),
];

pub const RMI: Spec = Spec {
    path: "docker rmi",
    usage: "[OPTIONS] IMAGE [IMAGE...]",
    short: "Remove one or more images",
    flags: RMI_FLAGS,
    arity: Arity::AtLeast(1),
    interspersed: true,
};
pub const IMAGE_RM: Spec = Spec { path: "docker image rm", ..RMI };

/// `docker rmi a b`: each name in turn; errors are printed and the rest go on.
pub fn rmi(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let mut out = Output::ok(String::new());
    for name in &p.args {
        match ctx.engine.rmi(name, p.on("force")) {
            Ok(removal) => out.stdout.push_str(&render::rmi(&removal)),
            Err(e) => {
                out.stderr.push_str(&format!("{e}\n"));
                out.status = 1;
            }
        }
    }
    out
}

pub const PULL: Spec = Spec {
    path: "docker pull",
    usage: "[OPTIONS] NAME[:TAG|@DIGEST]",
    short: "Download an image from a registry",
    flags: &[
        unmodelled("all-tags", Some('a'), Takes::Bool, "Download all tagged images in the repository"),
        unmodelled("platform", None, Takes::Value, "Set platform if server is multi-platform capable"),
        flag("quiet", Some('q'), Takes::Bool, "Suppress verbose output"),
    ],
    arity: Arity::Exact(1),
    interspersed: true,
};
pub const IMAGE_PULL: Spec = Spec { path: "docker image pull", ..PULL };

pub fn pull(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    match ctx.engine.pull(&p.args[0], ctx.now) {
        // `-q` prints only the image's canonical name.
        Ok(report) if p.on("quiet") => Output::ok(format!("{}\n", report.canonical)),
        Ok(report) => Output::ok(render::pull(&report)),
        Err(e) => Output::engine_error(e),
    }
}

pub const IMAGE_PRUNE: Spec = Spec {
    path: "docker image prune",
    usage: "[OPTIONS]",
    short: "Remove unused images",
    flags: &[
        flag("all", Some('a'), Takes::Bool, "Remove all unused images, not just dangling ones"),
        unmodelled("filter", None, Takes::Values, "Provide filter values (e.g. \"until=<timestamp>\")"),
        flag("force", Some('f'), Takes::Bool, "Do not prompt for confirmation"),
    ],
    arity: Arity::None,
    interspersed: true,
};

pub fn image_prune(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let all = p.on("all");
    let warning = if all {
        "WARNING! This will remove all images without at least one container associated to them."
    } else {
        "WARNING! This will remove all dangling images."
    };
    if !super::confirmed(ctx, p, warning) {
        return Output::ok(String::new());
    }
    Output::ok(render::image_prune(&ctx.engine.image_prune(all)))
}

pub const BUILDER_PRUNE: Spec = Spec {
    path: "docker builder prune",
    usage: "[OPTIONS]",
    short: "Remove build cache",
    flags: &[
        flag("all", Some('a'), Takes::Bool, "Remove all unused build cache, not just dangling ones"),
        unmodelled("filter", None, Takes::Values, "Provide filter values (e.g. \"until=24h\")"),
        flag("force", Some('f'), Takes::Bool, "Do not prompt for confirmation"),
        unmodelled("keep-storage", None, Takes::Value, "Amount of disk space to keep for cache"),
    ],
    arity: Arity::None,
    interspersed: true,
};

pub fn builder_prune(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let warning = if p.on("all") {
        "WARNING! This will remove all build cache."
    } else {
        "WARNING! This will remove all dangling build cache."
    };
    if !super::confirmed(ctx, p, warning) {
        return Output::ok(String::new());
    }
    let records = ctx.engine.cache_record_ids();
    Output::ok(render::builder_prune(&records, ctx.engine.builder_prune()))
}

pub const SYSTEM_DF: Spec = Spec {
    path: "docker system df",
    usage: "[OPTIONS]",
    short: "Show docker disk usage",
    flags: &[
        unmodelled("format", None, Takes::Value, "Format output using a custom template"),
        unmodelled("verbose", Some('v'), Takes::Bool, "Show detailed information on space usage"),
    ],
    arity: Arity::None,
    interspersed: true,
};

pub fn system_df(ctx: &mut Ctx<'_>, _: &Parsed) -> Output {
    Output::ok(render::system_df(&ctx.engine.system_df()))
}

pub const SYSTEM_PRUNE: Spec = Spec {
    path: "docker system prune",
    usage: "[OPTIONS]",
    short: "Remove unused data",
    flags: &[
        flag("all", Some('a'), Takes::Bool, "Remove all unused images not just dangling ones"),
        unmodelled("filter", None, Takes::Values, "Provide filter values (e.g. \"label=<key>=<value>\")"),
        flag("force", Some('f'), Takes::Bool, "Do not prompt for confirmation"),
        flag("volumes", None, Takes::Bool, "Prune anonymous volumes"),
    ],
    arity: Arity::None,
    interspersed: true,
};

/// `docker system prune`: docker/cli's warning lists what goes; the engine
/// prunes stopped containers, unused networks, (anonymous volumes), images
/// and the build cache.
pub fn system_prune(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let all = p.on("all");
    let mut warning = String::from("WARNING! This will remove:\n  - all stopped containers\n");
    warning.push_str("  - all networks not used by at least one container\n");
    if p.on("volumes") {
        warning.push_str("  - all anonymous volumes not used by at least one container\n");
    }
    if all {
        warning.push_str("  - all images without at least one container associated to them\n  - all build cache\n");
    } else {
        warning.push_str("  - all dangling images\n  - unused build cache\n");
    }
    if !super::confirmed(ctx, p, &warning) {
        return Output::ok(String::new());
    }
    Output::ok(render::system_prune(&ctx.engine.system_prune(all, p.on("volumes"), ctx.now)))
}

pub const SAVE: Spec = Spec {
    path: "docker save",
    usage: "[OPTIONS] IMAGE [IMAGE...]",
    short: "Save one or more images to a tar archive (streamed to STDOUT by default)",
    flags: &[
        flag("output", Some('o'), Takes::Value, "Write to a file, instead of STDOUT"),
        unmodelled("platform", None, Takes::Value, "Save only the given platform variant"),
    ],
    arity: Arity::AtLeast(1),
    interspersed: true,
};
pub const IMAGE_SAVE: Spec = Spec { path: "docker image save", ..SAVE };

/// `docker save`: Layerlab's images hold sizes and digests, not file
/// contents, so the archive is Layerlab's own JSON (see `engine::archive`),
/// not a tarball a real Docker could load.
pub fn save(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let text = match archive::save(ctx.engine, &p.args) {
        Ok(text) => text,
        Err(e) => return Output::engine_error(e),
    };
    match p.value("output") {
        Some(path) => match ctx.host.write_file(path, text.as_bytes()) {
            Ok(()) => Output::ok(String::new()),
            Err(e) => Output::error(format!("failed to save image: {e}"), 1),
        },
        None => Output::ok(text),
    }
}

pub const LOAD: Spec = Spec {
    path: "docker load",
    usage: "[OPTIONS]",
    short: "Load an image from a tar archive or STDIN",
    flags: &[
        flag("input", Some('i'), Takes::Value, "Read from tar archive file, instead of STDIN"),
        unmodelled("platform", None, Takes::Value, "Load only the given platform variant"),
        flag("quiet", Some('q'), Takes::Bool, "Suppress the load output"),
    ],
    arity: Arity::None,
    interspersed: true,
};
pub const IMAGE_LOAD: Spec = Spec { path: "docker image load", ..LOAD };

pub fn load(ctx: &mut Ctx<'_>, p: &Parsed) -> Output {
    let Some(path) = p.value("input") else {
        return Output::error("layerlab: docker load reads -i FILE (standard input is not read)".into(), 125);
    };
    let text = match ctx.host.read_text(path) {
        Ok(text) => text,
        Err(e) => return Output::error(format!("open {path}: {e}"), 1),
    };
    match archive::load(ctx.engine, &text, ctx.now) {
        Ok(loaded) => Output::ok(render::load(&loaded)),
        Err(e) => Output::daemon_error(e),
    }
}
