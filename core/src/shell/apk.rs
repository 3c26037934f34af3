//! `apk` on Alpine: `update`, `add [--no-cache] [--virtual NAME]`, `del`.
//!
//! Without `--no-cache`, `apk add` keeps the APKINDEX files it fetched in
//! `/var/cache/apk` (an estimate: the data has no index size). Sizes are
//! each package's own installed size from repo-info's `apk info` output; the
//! data has no dependency closures, so dependencies are not counted and the
//! log says so.

use super::apt::{commands_for, package_path, remove_package};
use super::exec::Sh;
use super::packages::{apk_size, APK_INDEX_BYTES};

const CACHE: &str = "/var/cache/apk";

pub(super) fn run(sh: &mut Sh, argv: &[String]) -> i32 {
    let mut no_cache = false;
    let mut update = false;
    let mut virtual_name: Option<String> = None;
    let mut sub: Option<String> = None;
    let mut pkgs = Vec::new();
    let mut args = argv.iter().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--no-cache" => no_cache = true,
            "-U" | "--update" | "--update-cache" => update = true,
            "-t" | "--virtual" => virtual_name = args.next().cloned(),
            "-X" | "--repository" | "-p" | "--root" | "--arch" => {
                args.next();
            }
            s if s.starts_with('-') => {}
            s if sub.is_none() => sub = Some(s.to_string()),
            s => pkgs.push(strip_version(s)),
        }
    }
    match sub.as_deref() {
        Some("update") => {
            fetch_index(sh, false);
            sh.say(format!("OK: {} distinct packages available", 25_000));
            0
        }
        Some("add") => add(sh, &pkgs, no_cache, update, virtual_name),
        Some("del") => del(sh, &pkgs),
        Some("cache") if argv.iter().any(|a| a == "clean") => {
            for (path, _) in sh.exec.writer.list(CACHE) {
                if path != CACHE {
                    sh.exec.writer.remove(&path);
                }
            }
            0
        }
        _ => {
            sh.not_simulated(argv);
            0
        }
    }
}

/// `curl=8.5.0-r0` / `curl>8` → `curl`.
fn strip_version(s: &str) -> String {
    s.split(['=', '<', '>', '~']).next().unwrap_or(s).to_string()
}

fn fetch_index(sh: &mut Sh, no_cache: bool) {
    let version = sh.facts.image.tag.split('.').take(2).collect::<Vec<_>>().join(".");
    let branch = if version.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        format!("v{version}")
    } else {
        "latest-stable".to_string()
    };
    for repo in ["main", "community"] {
        sh.say(format!("fetch https://dl-cdn.alpinelinux.org/alpine/{branch}/{repo}/x86_64/APKINDEX.tar.gz"));
        if !no_cache {
            let path = format!("{CACHE}/APKINDEX.{repo}.tar.gz");
            sh.put_file(&path, APK_INDEX_BYTES / 2, repo);
        }
    }
    if !no_cache {
        sh.estimated(format!("apk index cache in {CACHE}: {APK_INDEX_BYTES} bytes assumed"));
    }
    sh.seconds(1.5);
}

fn add(sh: &mut Sh, pkgs: &[String], no_cache: bool, update: bool, virtual_name: Option<String>) -> i32 {
    if sh.exec.offline {
        // UNVERIFIED: apk-tools 2's wording when the mirror cannot be reached
        // (`RUN --network=none`): the index fails, then no package is found.
        sh.warn(
            "WARNING: fetching https://dl-cdn.alpinelinux.org/alpine/v3.22/main: temporary error (try again later)",
        );
        sh.warn("ERROR: unable to select packages:");
        for p in pkgs {
            sh.warn(format!("  {p} (no such package):"));
            sh.warn(format!("    required by: world[{p}]"));
        }
        return 1;
    }
    let cached = sh.exec.writer.list(CACHE).iter().any(|(p, _)| p.contains("APKINDEX"));
    if no_cache || update || !cached {
        fetch_index(sh, no_cache);
    }
    let fresh: Vec<&String> = pkgs.iter().filter(|p| !sh.facts.installed.contains(*p) && !sh.has_command(p)).collect();
    let mut total = 0;
    let n = fresh.len() + usize::from(virtual_name.is_some());
    for (i, p) in fresh.iter().enumerate() {
        let (size, known) = apk_size(p);
        if !known {
            sh.estimated(format!("apk package {p}: size not in the data, {size} bytes assumed"));
        }
        sh.say(format!("({}/{n}) Installing {p}", i + 1));
        let cmds = commands_for(p);
        sh.put_file(&package_path(p, &cmds), size, p);
        total += size;
        let mut names = cmds;
        names.push(p.to_string());
        sh.installed(names);
    }
    if let Some(v) = &virtual_name {
        sh.say(format!("({n}/{n}) Installing {v} (20260101.000000)"));
        sh.groups.insert(v.clone(), fresh.iter().map(|s| s.to_string()).collect());
    }
    if !fresh.is_empty() {
        sh.estimated("apk add: dependencies of the requested packages are not counted (no closure data)");
    }
    let db = sh.exec.writer.get("/lib/apk/db/installed").map_or(0, |e| e.size());
    sh.put_file("/lib/apk/db/installed", db + 600 * fresh.len() as u64, &pkgs.join(","));
    sh.say(format!("OK: {} MiB in {} packages", total / (1024 * 1024), fresh.len()));
    sh.seconds(1.0 + 0.1 * total as f64 / 1e6);
    0
}

fn del(sh: &mut Sh, pkgs: &[String]) -> i32 {
    let mut targets = Vec::new();
    for p in pkgs {
        match sh.groups.remove(p) {
            Some(members) => targets.extend(members),
            None => targets.push(p.clone()),
        }
    }
    for (i, p) in targets.iter().enumerate() {
        sh.say(format!("({}/{}) Purging {p}", i + 1, targets.len()));
        remove_package(sh, p);
    }
    sh.say(format!("OK: {} packages removed", targets.len()));
    sh.seconds(0.5);
    0
}
