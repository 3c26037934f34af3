//! `apt-get` / `apt` on Debian and Ubuntu images: `update` (apt's `Get:`
//! lines for the suites the image's sources name, with download sizes; the
//! package lists, ~18 MB on bullseye, ~20 MB on bookworm, ~22 MB on trixie,
//! that `rm -rf /var/lib/apt/lists/*` removes),
//! `install` (dependency closures with and without Recommends; the prompt
//! that aborts without `-y`; "Unable to locate package" before `update`;
//! apt's and dpkg's log of it is `apt_install_log`'s),
//! `remove`/`purge` and `clean`.
//!
//! Docker's Debian and Ubuntu images ship `/etc/apt/apt.conf.d/docker-clean`,
//! which deletes downloaded `.deb` files after each install, so no archive
//! cache is written and `apt-get clean` has nothing left to remove.
//!
//! The files written stand for a package's contents: the requested package's
//! own size at its command's path, each other new package of the closure as
//! one file under `/usr/lib/x86_64-linux-gnu/`. Several requested packages
//! share dependencies: each adds its closure's size in proportion to the
//! closure packages not already installed (an approximation).
//!
//! Sizes, dependencies and suite names are the base image's Debian release's
//! (bullseye, bookworm, trixie: `packages::apt_data_for` reads the catalog's
//! `os_version`); other releases and Ubuntu get the closest release's data,
//! with an estimate note naming it.

use super::apt_install_log as log;
use super::exec::Sh;
use super::packages::{
    apt_data_for, apt_lists_bytes, apt_update_fetches, deb_closure, deb_in_base, deb_own_kib, AptData, AptFetch,
    AptIndex,
};
use crate::catalog::OsFamily;
use std::collections::BTreeSet;

const LISTS: &str = "/var/lib/apt/lists";

/// The commands a Debian or Alpine package puts on the PATH.
pub(super) fn commands_for(pkg: &str) -> Vec<String> {
    let cmds: &[&str] = match pkg {
        "build-essential" => &["gcc", "g++", "make", "cc", "c++"],
        "gcc" => &["gcc", "cc"],
        "g++" => &["g++", "c++"],
        "python3" => &["python3"],
        "python3-pip" | "py3-pip" => &["pip", "pip3"],
        "python3-venv" => &[],
        "nodejs" => &["node", "nodejs"],
        "npm" => &["npm", "npx"],
        "openjdk-17-jre-headless" | "openjdk17-jre-headless" => &["java"],
        "openjdk-17-jdk-headless" | "openjdk17-jdk" => &["java", "javac", "jar"],
        "maven" => &["mvn"],
        "procps" => &["ps", "top", "free", "pkill", "pgrep"],
        "iputils-ping" => &["ping"],
        "net-tools" => &["netstat", "ifconfig", "route"],
        "gnupg" => &["gpg"],
        "postgresql-client" => &["psql", "pg_dump"],
        "imagemagick" => &["convert", "magick", "identify"],
        "openssh-client" => &["ssh", "scp", "ssh-keygen"],
        "default-libmysqlclient-dev" | "libpq-dev" | "ca-certificates" => &[],
        "shadow" => &["useradd", "groupadd", "usermod"],
        "go" => &["go", "gofmt"],
        _ => return vec![pkg.to_string()],
    };
    cmds.iter().map(|c| c.to_string()).collect()
}

/// Where a simulated package's own bytes go: its first command on the PATH,
/// or a data file when it has none. Both package managers lay packages out so.
pub(super) fn package_path(pkg: &str, cmds: &[String]) -> String {
    match cmds.first() {
        Some(c) => format!("/usr/bin/{c}"),
        None => format!("/usr/share/{pkg}/{pkg}.data"),
    }
}

/// Deletes what installing `pkg` put in place and records its commands as gone.
pub(super) fn remove_package(sh: &mut Sh<'_, '_, '_, '_>, pkg: &str) {
    let cmds = commands_for(pkg);
    for c in &cmds {
        sh.exec.writer.remove(&format!("/usr/bin/{c}"));
    }
    sh.exec.writer.remove(&format!("/usr/share/{pkg}"));
    let mut gone = cmds;
    gone.push(pkg.to_string());
    sh.removed(gone);
}

struct Opts {
    yes: bool,
    recommends: bool,
    sub: Option<String>,
    pkgs: Vec<String>,
}

fn options(argv: &[String]) -> Opts {
    let mut o = Opts { yes: false, recommends: true, sub: None, pkgs: Vec::new() };
    let mut args = argv.iter().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "-y" | "--yes" | "--assume-yes" | "--force-yes" => o.yes = true,
            "--no-install-recommends" => o.recommends = false,
            "--install-recommends" => o.recommends = true,
            "-o" | "--option" | "-c" | "--config-file" | "-t" | "--target-release" => {
                if let Some(v) = args.next() {
                    if v.contains("Assume-Yes=true") || v.contains("Assume-Yes=1") {
                        o.yes = true;
                    }
                    if v.contains("Install-Recommends=false") || v.contains("Install-Recommends=0") {
                        o.recommends = false;
                    }
                }
            }
            s if s.starts_with("--") => {}
            s if s.starts_with('-') => o.yes |= s.contains('y'),
            s if o.sub.is_none() => o.sub = Some(s.to_string()),
            s => o.pkgs.push(s.split('=').next().unwrap_or(s).to_string()),
        }
    }
    o
}

pub(super) fn run(sh: &mut Sh, argv: &[String]) -> i32 {
    if argv.first().is_some_and(|a| a.rsplit('/').next() == Some("apt")) {
        sh.warn("");
        sh.warn("WARNING: apt does not have a stable CLI interface. Use with caution in scripts.");
        sh.warn("");
    }
    let o = options(argv);
    match o.sub.as_deref() {
        Some("update") => update(sh),
        Some("install") => install(sh, &o),
        Some("remove" | "purge") => remove(sh, &o),
        Some("clean" | "autoclean") => {
            sh.exec.writer.remove("/var/cache/apt/archives/partial");
            for (path, _) in sh.exec.writer.list("/var/cache/apt") {
                if path.ends_with(".deb") || path.ends_with(".bin") {
                    sh.exec.writer.remove(&path);
                }
            }
            0
        }
        Some(_) => {
            sh.not_simulated(argv);
            0
        }
        None => {
            // UNVERIFIED: apt-get with no command prints its usage and exits 1.
            sh.warn("E: No command given");
            1
        }
    }
}

/// The image's release data, with the estimate note when it is another release's.
fn apt_data(sh: &mut Sh, what: &str) -> AptData {
    let image = sh.facts.image;
    let data = apt_data_for(image.os, image.os_version.as_deref());
    if !data.exact && image.os == OsFamily::Debian {
        let version = image.os_version.as_deref().unwrap_or("unknown");
        sh.estimated(format!("{what} on Debian {version}: {}'s data is used", data.release.title()));
    }
    data
}

fn update(sh: &mut Sh) -> i32 {
    let data = apt_data(sh, "apt lists size");
    if sh.facts.image.os == OsFamily::Ubuntu {
        sh.estimated(format!("apt lists size on Ubuntu: the {} measurement is used", data.release.codename()));
        return update_ubuntu(sh, data);
    }
    let fetches = apt_update_fetches(data.release);
    let in_releases: Vec<&AptFetch> = fetches.iter().filter(|f| f.index == AptIndex::InRelease).collect();
    if sh.exec.offline {
        offline(sh, &in_releases);
        return 0;
    }
    // As apt printed it from empty lists in the generator's apt root for
    // each release (packages.json `apt_update.output`): every InRelease, then
    // every Packages index, each in the order of the image's sources, with
    // its download size.
    for (n, f) in fetches.iter().enumerate() {
        let what = match f.index {
            AptIndex::InRelease => format!("{} InRelease", f.suite),
            AptIndex::Packages => format!("{}/main amd64 Packages", f.suite),
        };
        sh.say(format!("Get:{} {} {what} [{}]", n + 1, f.uri, apt_size(f.bytes)));
    }
    let fetched: u64 = fetches.iter().map(|f| f.bytes).sum();
    let seconds = 5;
    sh.say(format!("Fetched {} in {seconds}s ({}/s)", apt_size(fetched), apt_size(fetched / seconds)));
    sh.say("Reading package lists...");
    let suite = fetches.first().map_or(data.release.codename(), |f| f.suite.as_str()).to_string();
    write_lists(sh, "deb.debian.org/debian", &suite, apt_lists_bytes(data.release));
    sh.seconds(seconds as f64);
    0
}

/// What apt prints when no source resolves (`RUN --network=none`): every
/// InRelease fails, apt-get update still exits 0, and no lists are written.
/// Checked with apt 2.6.1 in a network namespace of its own (`unshare -n
/// apt-get update`, bullseye's sources.list); apt 2.6 also prints an `Ign:`
/// line per source for each of its retries first, not modelled here.
fn offline(sh: &mut Sh, in_releases: &[&AptFetch]) {
    let host = |f: &AptFetch| f.uri.split("://").nth(1).and_then(|h| h.split('/').next()).unwrap_or("").to_string();
    for (n, f) in in_releases.iter().enumerate() {
        sh.say(format!("Err:{} {} {} InRelease", n + 1, f.uri, f.suite));
        sh.say(format!("  Temporary failure resolving '{}'", host(f)));
    }
    sh.say("Reading package lists...");
    for f in in_releases {
        sh.warn(format!(
            "W: Failed to fetch {}/dists/{}/InRelease  Temporary failure resolving '{}'",
            f.uri,
            f.suite,
            host(f)
        ));
    }
    sh.warn("W: Some index files failed to download. They have been ignored, or old ones used instead.");
}

/// Ubuntu's archive is not reachable from here: its suite lines are named,
/// not measured, and the sizes are the closest Debian release's.
fn update_ubuntu(sh: &mut Sh, data: AptData) -> i32 {
    let (host, suite) = ("archive.ubuntu.com/ubuntu", "noble");
    if sh.exec.offline {
        // UNVERIFIED for Ubuntu's sources: the Debian wording (see `offline`).
        let name = host.split('/').next().unwrap_or(host);
        for (i, what) in [format!("{suite} InRelease"), format!("{suite}-updates InRelease")].iter().enumerate() {
            sh.say(format!("Err:{} http://{host} {what}", i + 1));
            sh.say(format!("  Temporary failure resolving '{name}'"));
        }
        sh.say("Reading package lists...");
        sh.warn(format!(
            "W: Failed to fetch http://{host}/dists/{suite}/InRelease  Temporary failure resolving '{name}'"
        ));
        sh.warn("W: Some index files failed to download. They have been ignored, or old ones used instead.");
        return 0;
    }
    let total = apt_lists_bytes(data.release);
    sh.say(format!("Get:1 http://{host} {suite} InRelease"));
    sh.say(format!("Get:2 http://{host} {suite}-updates InRelease"));
    sh.say(format!("Get:3 http://{host} {suite}/main amd64 Packages"));
    sh.say(format!("Fetched {} in 5s ({}/s)", apt_size(total), apt_size(total / 5)));
    sh.say("Reading package lists...");
    write_lists(sh, host, suite, total);
    sh.seconds(5.0);
    0
}

/// The lists `apt-get update` leaves: the measured total (InRelease +
/// Packages.lz4 of every suite) as one file.
fn write_lists(sh: &mut Sh, host: &str, suite: &str, total: u64) {
    let file = format!("{LISTS}/{}_dists_{suite}_main_binary-amd64_Packages.lz4", host.replace('/', "_"));
    sh.put_file(&file, total, "apt-lists");
    sh.exec.writer.mkdir_p(&format!("{LISTS}/partial"));
    sh.put_file(&format!("{LISTS}/lock"), 0, "");
}

/// A size as apt prints it (apt's SizeToStr, then `B`): powers of 1000;
/// below 100 of a unit one decimal, below 10000 none, else the next unit:
/// `8066 kB`, `55.4 kB`, `20.8 MB`, `6924 B`. The generator checks the same
/// rule against every size its own `apt-get update` runs printed.
pub(super) fn apt_size(bytes: u64) -> String {
    let units = ["", "k", "M", "G", "T"];
    let mut size = bytes as f64;
    let mut i = 0;
    loop {
        if size < 100.0 && i > 0 {
            return format!("{size:.1} {}B", units[i]);
        }
        if size < 10000.0 || i == units.len() - 1 {
            return format!("{size:.0} {}B", units[i]);
        }
        size /= 1000.0;
        i += 1;
    }
}

fn lists_present(sh: &Sh) -> bool {
    sh.exec.writer.list(LISTS).iter().any(|(p, e)| e.size() > 0 && p.contains("Packages"))
}

fn header(sh: &mut Sh) {
    sh.say("Reading package lists...");
    sh.say("Building dependency tree...");
    sh.say("Reading state information...");
}

fn install(sh: &mut Sh, o: &Opts) -> i32 {
    header(sh);
    if !lists_present(sh) {
        for p in &o.pkgs {
            sh.warn(format!("E: Unable to locate package {p}"));
        }
        if o.pkgs.is_empty() {
            sh.say("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.");
            return 0;
        }
        return 100;
    }
    let r = apt_data(sh, "package sizes").release;
    // Installed already: before this RUN, or earlier in it (read in place, not copied).
    let facts = sh.facts;
    let earlier_here = sh.out.installed.clone();
    let have = |p: &String| facts.installed.contains(p) || earlier_here.contains(p);
    let mut new_members: Vec<String> = Vec::new();
    let mut plan: Vec<(String, u64, Vec<String>)> = Vec::new();
    for p in &o.pkgs {
        if deb_in_base(r, p) || have(p) {
            sh.say(format!("{p} is already the newest version."));
            continue;
        }
        let (kib, members, known) = deb_closure(r, p, o.recommends);
        if !known {
            sh.estimated(format!(
                "apt package {p}: size not in the data, {kib} KiB assumed (its archive a third of that; no version shown)"
            ));
        }
        let fresh: Vec<String> = members.iter().filter(|m| !have(m) && !new_members.contains(m)).cloned().collect();
        // What this package adds: the own sizes of its closure's members not installed yet.
        let share = if known { fresh.iter().filter_map(|m| deb_own_kib(r, m)).sum() } else { kib };
        new_members.extend(fresh.iter().cloned());
        if !fresh.contains(p) {
            new_members.push(p.clone());
        }
        plan.push((p.clone(), share * 1024, fresh));
    }
    let total: u64 = plan.iter().map(|(_, b, _)| b).sum();
    let requested: BTreeSet<&String> = plan.iter().map(|(p, _, _)| p).collect();
    // apt lists packages by name, wrapped as its ShowList does.
    let mut extra: Vec<&String> = new_members.iter().filter(|m| !requested.contains(m)).collect();
    extra.sort();
    let mut listed: Vec<&String> = new_members.iter().collect();
    listed.sort();
    let is_installed = |p: &str| deb_in_base(r, p) || have(&p.to_string());
    let (suggested, recommended) = log::suggested_and_recommended(r, &new_members, &is_installed);
    let lists = [
        ("The following additional packages will be installed:", extra.iter().map(|s| s.to_string()).collect()),
        ("Suggested packages:", suggested),
        ("Recommended packages:", recommended),
        ("The following NEW packages will be installed:", listed.iter().map(|s| s.to_string()).collect()),
    ];
    for (title, items) in lists {
        if !items.is_empty() {
            sh.say(title);
            for line in log::show_list(&items) {
                sh.say(line);
            }
        }
    }
    sh.say(format!("0 upgraded, {} newly installed, 0 to remove and 0 not upgraded.", new_members.len()));
    if new_members.is_empty() {
        return 0;
    }
    let (archives, unknown) = log::archives(r, &new_members);
    // A package outside the data has neither version nor archive size: its
    // archive is guessed at a third of its installed size (the note above says so).
    let guessed: u64 = plan.iter().filter(|(p, _, _)| unknown.contains(&p.as_str())).map(|(_, b, _)| b / 3).sum();
    sh.say(format!("Need to get {} of archives.", apt_size(log::download_bytes(&archives) + guessed)));
    sh.say(format!("After this operation, {} of additional disk space will be used.", apt_size(total)));
    if !o.yes && !extra.is_empty() {
        // apt asks only when it installs more than was asked for; with no
        // terminal the answer is empty input, which aborts with status 1.
        // Verified: elastic/connectors#2955 (exit code: 1), matrix-org/complement#27.
        sh.say("Do you want to continue? [Y/n] Abort.");
        return 1;
    }
    let ubuntu = sh.facts.image.os == OsFamily::Ubuntu;
    sh.estimated(format!(
        "apt-get install: the download time ({} MB/s assumed) and dpkg's database file count (a minimal {}'s) are estimates{}",
        log::DOWNLOAD_BYTES_PER_SECOND / 1_000_000,
        log::database_files(r).1.title(),
        if ubuntu { "; the packages, versions and sizes shown are Debian's, not Ubuntu's" } else { "" }
    ));
    log::fetch_and_unpack(sh, r, &archives, ubuntu);
    for (pkg, bytes, fresh) in &plan {
        let own = deb_own_kib(r, pkg).map_or(*bytes, |k| (k * 1024).min(*bytes));
        let cmds = commands_for(pkg);
        sh.put_file(&package_path(pkg, &cmds), own, pkg);
        let others: Vec<&String> = fresh.iter().filter(|m| *m != pkg).collect();
        let rest = bytes.saturating_sub(own);
        for (i, m) in others.iter().enumerate() {
            let each = rest / others.len() as u64 + u64::from((i as u64) < rest % others.len() as u64);
            sh.put_file(&format!("/usr/lib/x86_64-linux-gnu/{m}"), each, m);
        }
        let mut names = cmds;
        names.push(pkg.clone());
        names.extend(fresh.iter().cloned());
        sh.installed(names);
    }
    log::set_up(sh, r, &archives);
    for pkg in unknown {
        sh.say(format!("Setting up {pkg} ..."));
    }
    let status = sh.exec.writer.get("/var/lib/dpkg/status").map_or(0, |e| e.size());
    sh.put_file("/var/lib/dpkg/status", status + 1000 * new_members.len() as u64, &new_members.join(","));
    sh.seconds(2.0 + 0.15 * total as f64 / 1e6);
    0
}

fn remove(sh: &mut Sh, o: &Opts) -> i32 {
    header(sh);
    let image = sh.facts.image;
    let r = apt_data_for(image.os, image.os_version.as_deref()).release;
    let mut removed = 0;
    for p in &o.pkgs {
        let cmds = commands_for(p);
        let installed = sh.has_command(p) || cmds.iter().any(|c| sh.has_command(c));
        if !installed && deb_own_kib(r, p).is_none() {
            // UNVERIFIED wording for a package apt does not know at all.
            sh.warn(format!("E: Unable to locate package {p}"));
            return 100;
        }
        if !installed {
            sh.say(format!("Package '{p}' is not installed, so not removed"));
            continue;
        }
        remove_package(sh, p);
        removed += 1;
    }
    sh.say(format!("0 upgraded, 0 newly installed, {removed} to remove and 0 not upgraded."));
    sh.seconds(1.0);
    0
}
