//! Docker's text from the engine's typed results: the tables (Go's
//! `text/tabwriter` as docker/cli sets it up), go-units sizes and durations,
//! `--quiet` and `--no-trunc`, and the reports of removals and prunes. The
//! engine decides what happened; this module only says it as the Docker CLI
//! would, so the app can show the same results as data.

pub mod ps;
pub mod ps_format;
pub mod stats;
pub mod tree;

use crate::engine::archive::Loaded;
use crate::engine::containers::{ContainerPrune, Network, SystemPrune, Volume};
use crate::engine::{
    ago, ellipsis, human_size, human_size4, short_id, tabwrite, DiskUsage, HistoryRow, ImageRow, PullReport, Removal,
    Removed,
};
use std::collections::BTreeSet;

/// One name or id a line, as the CLI prints what a command acted on.
pub fn lines<S: AsRef<str>>(items: &[S]) -> String {
    items.iter().map(|i| format!("{}\n", i.as_ref())).collect()
}

/// `docker pull`'s progress, as the CLI prints it when the output is not a terminal.
pub fn pull(report: &PullReport) -> String {
    let mut out = String::new();
    if report.default_tag {
        out.push_str("Using default tag: latest\n");
    }
    out.push_str(&daemon_pull_stream(report));
    out.push_str(&report.canonical);
    out.push('\n');
    out
}

/// The daemon's pull messages alone: `docker pull` adds its own `Using
/// default tag` and canonical-name lines around them, but `docker run` and
/// `create` only copy the daemon's stream to stderr (docker/cli
/// `cli/command/container/create.go`, `pullImage`).
fn daemon_pull_stream(report: &PullReport) -> String {
    let mut out = String::new();
    out.push_str(&format!("{}: Pulling from {}\n", report.tag, report.path));
    for layer in &report.existing {
        out.push_str(&format!("{}: Already exists\n", short_id(layer)));
    }
    for layer in &report.layers {
        out.push_str(&format!("{}: Pull complete\n", short_id(layer)));
    }
    out.push_str(&format!("Digest: {}\n", report.digest));
    if report.up_to_date {
        out.push_str(&format!("Status: Image is up to date for {}\n", report.familiar));
    } else {
        out.push_str(&format!("Status: Downloaded newer image for {}\n", report.familiar));
    }
    out
}

/// What `docker run`/`create` print on stderr before they pull a missing image.
pub fn pull_for_run(reference: &str, report: Option<&PullReport>) -> String {
    let Some(report) = report else { return String::new() };
    let shown = crate::engine::normalize_tag(reference).unwrap_or_else(|_| reference.to_string());
    format!("Unable to find image '{shown}' locally\n{}", daemon_pull_stream(report))
}

/// `docker load`: `Loaded image: TAG` per tag, `Loaded image ID: ID` for an untagged image.
pub fn load(loaded: &[Loaded]) -> String {
    let mut out = String::new();
    for image in loaded {
        if image.tags.is_empty() {
            out.push_str(&format!("Loaded image ID: {}\n", image.id));
        }
        for tag in &image.tags {
            out.push_str(&format!("Loaded image: {tag}\n"));
        }
    }
    out
}

/// `docker images [-q] [--no-trunc]`.
pub fn images(rows: &[ImageRow], quiet: bool, no_trunc: bool, now: u64) -> String {
    let id = |r: &ImageRow| if no_trunc { r.id.clone() } else { short_id(&r.id) };
    if quiet {
        // `-q` lists each image once, however many tags it has.
        let mut seen = BTreeSet::new();
        return rows.iter().filter(|r| seen.insert(r.id.clone())).map(|r| format!("{}\n", id(r))).collect();
    }
    let mut table = vec![["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"].map(String::from).to_vec()];
    for r in rows {
        table.push(vec![r.repository.clone(), r.tag.clone(), id(r), ago(r.created, now), human_size(r.size)]);
    }
    tabwrite(&table)
}

/// `docker images --digests`: a DIGEST column after TAG, the full digest or
/// `<none>` (docker/cli `formatter/image.go`, `defaultImageTableFormatWithDigest`).
pub fn images_with_digests(rows: &[ImageRow], digests: &[Option<String>], no_trunc: bool, now: u64) -> String {
    let mut table = vec![["REPOSITORY", "TAG", "DIGEST", "IMAGE ID", "CREATED", "SIZE"].map(String::from).to_vec()];
    for (r, digest) in rows.iter().zip(digests) {
        table.push(vec![
            r.repository.clone(),
            r.tag.clone(),
            digest.clone().unwrap_or_else(|| "<none>".to_string()),
            if no_trunc { r.id.clone() } else { short_id(&r.id) },
            ago(r.created, now),
            human_size(r.size),
        ]);
    }
    tabwrite(&table)
}

/// `docker history [--no-trunc]`: the top row names the image, the others are `<missing>`.
pub fn history(rows: &[HistoryRow], no_trunc: bool, now: u64) -> String {
    let mut table = vec![["IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT"].map(String::from).to_vec()];
    for row in rows {
        let shown_id = match (&row.image, no_trunc) {
            (Some(id), true) => id.clone(),
            (Some(id), false) => short_id(id),
            (None, _) => "<missing>".to_string(),
        };
        let created_by = row.entry.created_by.replace('\t', " ");
        let created_by = if no_trunc { created_by } else { ellipsis(&created_by, 45) };
        table.push(vec![
            shown_id,
            ago(row.entry.created, now),
            created_by,
            human_size(row.entry.size),
            row.entry.comment.clone(),
        ]);
    }
    tabwrite(&table)
}

/// `docker rmi`: `Untagged: …` and `Deleted: …` lines.
pub fn rmi(removal: &Removal) -> String {
    removal
        .entries
        .iter()
        .map(|e| match e {
            Removed::Untagged(t) => format!("Untagged: {t}\n"),
            Removed::Deleted(d) => format!("Deleted: {d}\n"),
        })
        .collect()
}

/// The `Deleted Images:` section of `docker image prune` and `system prune`
/// (lower-case `untagged:`/`deleted:`, as the daemon's prune report has them).
fn images_section(removal: &Removal) -> String {
    if removal.entries.is_empty() {
        return String::new();
    }
    let mut out = String::from("Deleted Images:\n");
    for e in &removal.entries {
        match e {
            Removed::Untagged(t) => out.push_str(&format!("untagged: {t}\n")),
            Removed::Deleted(d) => out.push_str(&format!("deleted: {d}\n")),
        }
    }
    out.push('\n');
    out
}

fn total(reclaimed: u64) -> String {
    format!("Total reclaimed space: {}\n", human_size4(reclaimed))
}

/// `docker image prune`.
pub fn image_prune(removal: &Removal) -> String {
    images_section(removal) + &total(removal.reclaimed)
}

/// `docker builder prune`: docker/cli's report (`cli/command/builder/prune.go`:
/// `Deleted build cache objects:` and the record ids, then the total).
pub fn builder_prune(records: &[String], freed: u64) -> String {
    let mut out = String::new();
    section(&mut out, "Deleted build cache objects:", records);
    out + &total(freed)
}

/// One section of a prune's report (`Deleted Containers:` and its ids, then
/// a blank line), as docker/cli prints it; nothing when nothing went.
fn section(out: &mut String, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    out.push_str(title);
    out.push('\n');
    out.push_str(&lines(items));
    out.push('\n');
}

/// `docker container prune`.
pub fn container_prune(pruned: &ContainerPrune) -> String {
    let mut out = String::new();
    section(&mut out, "Deleted Containers:", &pruned.ids);
    out + &total(pruned.reclaimed)
}

/// `docker network prune` (no total: networks take no space).
pub fn network_prune(names: &[String]) -> String {
    let mut out = String::new();
    section(&mut out, "Deleted Networks:", names);
    out
}

/// `docker volume prune` (simulated volumes hold no bytes).
pub fn volume_prune(names: &[String]) -> String {
    let mut out = String::new();
    section(&mut out, "Deleted Volumes:", names);
    out + &total(0)
}

/// `docker system prune`: each section as its own prune prints it, one total.
pub fn system_prune(pruned: &SystemPrune) -> String {
    let mut out = String::new();
    section(&mut out, "Deleted Containers:", &pruned.containers.ids);
    section(&mut out, "Deleted Networks:", &pruned.networks);
    section(&mut out, "Deleted Volumes:", &pruned.volumes);
    out.push_str(&images_section(&pruned.images));
    section(&mut out, "Deleted build cache objects:", &pruned.cache_records);
    out + &total(pruned.reclaimed)
}

/// `docker system df`.
pub fn system_df(usage: &DiskUsage) -> String {
    // The CLI: `SIZE (PCT%)` when the total is not zero, the percentage truncated.
    let reclaimable = |reclaim: u64, total: u64| match (reclaim * 100).checked_div(total) {
        Some(percent) => format!("{} ({percent}%)", human_size4(reclaim)),
        None => human_size4(reclaim),
    };
    let mut table = vec![["TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE"].map(String::from).to_vec()];
    for (kind, row) in [("Images", usage.images), ("Containers", usage.containers), ("Local Volumes", usage.volumes)] {
        table.push(vec![
            kind.into(),
            row.total.to_string(),
            row.active.to_string(),
            human_size4(row.size),
            reclaimable(row.reclaimable, row.size),
        ]);
    }
    // The build cache's reclaimable size is shown without a percentage.
    let cache = usage.build_cache;
    table.push(vec![
        "Build Cache".into(),
        cache.total.to_string(),
        cache.active.to_string(),
        human_size4(cache.size),
        human_size4(cache.reclaimable),
    ]);
    tabwrite(&table)
}

/// `docker network ls [-q]`.
pub fn network_ls(networks: &[&Network], quiet: bool) -> String {
    if quiet {
        return networks.iter().map(|n| format!("{}\n", &n.id[..12])).collect();
    }
    let mut table = vec![["NETWORK ID", "NAME", "DRIVER", "SCOPE"].map(String::from).to_vec()];
    for n in networks {
        table.push(vec![n.id[..12].to_string(), n.name.clone(), n.driver.as_str().to_string(), "local".into()]);
    }
    tabwrite(&table)
}

/// `docker volume ls [-q]`.
pub fn volume_ls(volumes: &[&Volume], quiet: bool) -> String {
    if quiet {
        return volumes.iter().map(|v| format!("{}\n", v.name)).collect();
    }
    let mut table = vec![["DRIVER", "VOLUME NAME"].map(String::from).to_vec()];
    for v in volumes {
        table.push(vec![v.driver.clone(), v.name.clone()]);
    }
    tabwrite(&table)
}
