//! What `apt-get install -y` prints once it has chosen the packages, as apt
//! and dpkg print it in a Docker build (no terminal): the `Suggested
//! packages:` and `Recommended packages:` lists, `Need to get`, one `Get:`
//! line per archive, debconf's stderr, `Fetched`, dpkg's `Selecting
//! previously unselected package` / `Preparing to unpack` / `Unpacking` for
//! each, `Setting up` for each (with ca-certificates' own output), and the
//! libc-bin and ca-certificates triggers.
//!
//! The shapes are those of real transcripts, `apt-get install -y …` on
//! bookworm and trixie in debootstrap minbase chroots set up as the Docker
//! images are (`testdata/apt_install/`, whose README says how they were
//! made); the tests hold the model to them line for line. Sources for the wording: apt 2.6.1
//! `apt-private/private-install.cc` (`Need to get %sB of archives.`, `After
//! this operation, %sB of additional disk space will be used.`, both
//! `SizeToStr`), `apt-private/acqprogress.cc` (`Get:%lu %s [%sB]`, `Fetched
//! %sB in %s (%sB/s)`), `apt-pkg/deb/dpkgpm.cc` (more than 5 archives are
//! unpacked from a directory of links numbered `%.*lu-`, as wide as the last
//! number) and debconf's `dpkg-preconfigure` (its `delaying package
//! configuration, since apt-utils is not installed` whenever apt hands it
//! archives and `apt-extracttemplates` is missing, as in bookworm's slim
//! image; trixie's finds apt's own and falls back through its frontends).
//!
//! What the model cannot know is an estimate, said so in the build's notes:
//! the download time (at [`DOWNLOAD_BYTES_PER_SECOND`]) and dpkg's database
//! file count. The order is apt's as far as the data lets the model see it
//! (apt 2.6.1 `apt-pkg/orderlist.cc`, `OrderUnpack`): the new packages
//! sorted by `Score` (50 for Pre-Depends, then a point or more by Priority;
//! the Essential and Immediate terms are left out: a fresh install's new
//! packages are rarely either), then by name, each visited depth first,
//! dependencies before dependents — the transcripts' order. dpkg's
//! `--configure --pending` then sets them up in its package table's order
//! (`configure_order`).

use super::apt::apt_size;
use super::exec::Sh;
use super::packages::{deb_package, deb_providers, DebPackage, DebianRelease};

/// ESTIMATE: the download speed from deb.debian.org (the transcripts' runs
/// saw 90–160 MB/s on a data-centre link; a home connection is slower).
pub(super) const DOWNLOAD_BYTES_PER_SECOND: u64 = 10_000_000;

/// ESTIMATE: `(Reading database ... N files and directories currently
/// installed.)` for a release's image, and the release it was counted on:
/// what dpkg counted in a debootstrap minbase chroot (the slim images drop
/// documentation, so theirs is smaller; packages installed earlier in the
/// build add to it).
pub(super) fn database_files(r: DebianRelease) -> (u64, DebianRelease) {
    match r {
        // Measured: testdata/apt_install/trixie-curl.txt.
        DebianRelease::Trixie => (4950, DebianRelease::Trixie),
        // Measured: testdata/apt_install/bookworm-curl.txt.
        DebianRelease::Bookworm => (6096, DebianRelease::Bookworm),
        // Measured: testdata/apt_install/bullseye-curl.txt.
        DebianRelease::Bullseye => (6673, DebianRelease::Bullseye),
    }
}

/// Names as apt's ShowList prints them: two spaces, then names separated by
/// one, a new line when the next would reach column 76 (apt 2.6.1
/// `apt-private/private-output.h`: 80 columns without a terminal, less one
/// for the cursor and three of margin).
pub(super) fn show_list(names: &[String]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut used = 0;
    for name in names {
        match lines.last_mut() {
            Some(line) if used + name.len() < 76 => {
                line.push(' ');
                line.push_str(name);
                used += 1 + name.len();
            }
            _ => {
                lines.push(format!("  {name}"));
                used = name.len();
            }
        }
    }
    lines
}

/// The Suggests and Recommends of the new packages that nothing installed
/// or new meets, as apt lists them under `Suggested packages:` and
/// `Recommended packages:` (apt 2.6.1 `apt-private/private-install.cc`): the
/// new packages by name, each group once, its alternatives as `a`, `| b`
/// items.
pub(super) fn suggested_and_recommended(
    r: DebianRelease,
    new: &[String],
    installed: &dyn Fn(&str) -> bool,
) -> (Vec<String>, Vec<String>) {
    let mut names: Vec<&String> = new.iter().collect();
    names.sort();
    let met = |alt: &String| {
        let here = |n: &str| installed(n) || new.iter().any(|m| m == n);
        here(alt) || deb_providers(r, alt).iter().any(|p| here(p))
    };
    let list = |groups_of: &dyn Fn(&'static DebPackage) -> &'static Vec<Vec<String>>| {
        let mut seen: Vec<&Vec<String>> = Vec::new();
        let mut out = Vec::new();
        for name in &names {
            let Some(p) = deb_package(r, name) else { continue };
            for group in groups_of(p) {
                if seen.contains(&group) {
                    continue;
                }
                seen.push(group);
                if group.iter().any(met) {
                    continue;
                }
                for (i, alt) in group.iter().enumerate() {
                    out.push(if i == 0 { alt.clone() } else { format!("| {alt}") });
                }
            }
        }
        out
    };
    (list(&|p| &p.suggests), list(&|p| &p.recommends))
}

/// One archive apt downloads and dpkg unpacks.
pub(super) struct Archive<'a> {
    pub name: &'a str,
    pub data: &'a DebPackage,
}

impl Archive<'_> {
    /// How dpkg names the package: `name:amd64` when it is `Multi-Arch: same`.
    fn dpkg_name(&self) -> String {
        if self.data.multi_arch_same {
            format!("{}:amd64", self.name)
        } else {
            self.name.to_string()
        }
    }

    fn arch(&self) -> &'static str {
        if self.data.arch_all {
            "all"
        } else {
            "amd64"
        }
    }

    /// The archive's file name: `name_version_arch.deb`, the epoch's `:` as `%3a`.
    fn file(&self) -> String {
        format!("{}_{}_{}.deb", self.name, self.data.version.replace(':', "%3a"), self.arch())
    }
}

/// The new packages the data has, in apt's download and unpack order (see
/// the module's doc), and the names it lacks (in the order given).
pub(super) fn archives<'a>(r: DebianRelease, new: &'a [String]) -> (Vec<Archive<'a>>, Vec<&'a str>) {
    // apt's OrderCompareA: a higher Score first, then by name.
    let score =
        |n: &str| deb_package(r, n).map_or(1, |p| u32::from(p.priority_score) + if p.has_pre_depends { 50 } else { 0 });
    let mut roots: Vec<&String> = new.iter().collect();
    roots.sort_by(|a, b| score(b).cmp(&score(a)).then_with(|| a.cmp(b)));
    let known = |n: &str| deb_package(r, n).filter(|p| p.deb_bytes > 0 && !p.version.is_empty());
    let mut order: Vec<&'a str> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    // Depth-first, dependencies emitted before their dependents: an explicit
    // stack of (package, next dependency group to look at).
    for root in roots {
        if seen.contains(&root.as_str()) {
            continue;
        }
        seen.push(root);
        let mut stack: Vec<(&'a str, usize)> = vec![(root.as_str(), 0)];
        while let Some((name, next)) = stack.pop() {
            let groups = deb_package(r, name).map_or(&[][..], |p| p.depends.as_slice());
            // The group's alternative apt chose: the one among the new packages.
            let dep = groups
                .get(next)
                .and_then(|g| g.iter().find_map(|alt| new.iter().find(|n| *n == alt)).map(String::as_str));
            if next < groups.len() {
                stack.push((name, next + 1));
                if let Some(dep) = dep.filter(|d| !seen.contains(d)) {
                    seen.push(dep);
                    stack.push((dep, 0));
                }
                continue;
            }
            order.push(name);
        }
    }
    let (mut found, mut missing) = (Vec::new(), Vec::new());
    for name in order {
        match known(name) {
            Some(data) => found.push(Archive { name, data }),
            None => missing.push(name),
        }
    }
    (found, missing)
}

/// The bytes apt downloads: the archives' sizes.
pub(super) fn download_bytes(archives: &[Archive]) -> u64 {
    archives.iter().map(|a| a.data.deb_bytes).sum()
}

/// `Get:` lines, debconf's note, `Fetched`, then dpkg's unpacking of each archive.
pub(super) fn fetch_and_unpack(sh: &mut Sh, r: DebianRelease, archives: &[Archive], ubuntu: bool) {
    for (n, a) in archives.iter().enumerate() {
        let suite = a.data.suite.as_deref().unwrap_or(r.codename());
        let (uri, suite) = if ubuntu {
            ("http://archive.ubuntu.com/ubuntu", "noble")
        } else if suite.ends_with("-security") {
            ("http://deb.debian.org/debian-security", suite)
        } else {
            ("http://deb.debian.org/debian", suite)
        };
        sh.say(format!(
            "Get:{} {uri} {suite}/main amd64 {} {} {} [{}]",
            n + 1,
            a.name,
            a.arch(),
            a.data.version,
            apt_size(a.data.deb_bytes)
        ));
    }
    if archives.is_empty() {
        return;
    }
    debconf_preconfigure(sh, r, archives);
    let bytes = download_bytes(archives);
    // apt's TimeToStr prints whole seconds; its rate is bytes over the exact time.
    let seconds = bytes / DOWNLOAD_BYTES_PER_SECOND;
    sh.say(format!("Fetched {} in {seconds}s ({}/s)", apt_size(bytes), apt_size(DOWNLOAD_BYTES_PER_SECOND)));
    // More than five archives are unpacked from numbered links (dpkgpm.cc).
    let width = if archives.len() > 5 { (archives.len() - 1).to_string().len() } else { 0 };
    for (n, a) in archives.iter().enumerate() {
        sh.say(format!("Selecting previously unselected package {}.", a.dpkg_name()));
        if n == 0 {
            sh.say(format!(
                "(Reading database ... {} files and directories currently installed.)",
                database_files(r).0
            ));
        }
        let number = if width > 0 { format!("{n:0width$}-") } else { String::new() };
        sh.say(format!("Preparing to unpack .../{number}{} ...", a.file()));
        sh.say(format!("Unpacking {} ({}) ...", a.dpkg_name(), a.data.version));
    }
}

/// What debconf's `dpkg-preconfigure`, which apt runs before dpkg with the
/// archives on its standard input, says on stderr. Up to bookworm it looks
/// for `apt-extracttemplates` on the PATH only (apt-utils, not in the slim
/// images) and gives up; trixie's also finds apt's own copy in
/// `/usr/lib/apt`, so it starts a frontend (which with no terminal falls
/// back to Noninteractive) and, when a package has questions to ask,
/// preconfigures it on stdout.
fn debconf_preconfigure(sh: &mut Sh, r: DebianRelease, archives: &[Archive]) {
    if r != DebianRelease::Trixie {
        sh.warn("debconf: delaying package configuration, since apt-utils is not installed");
        return;
    }
    let readline = has_readline(sh, &[], 0);
    for line in frontend_fallback(r, Some(archives.len()), readline) {
        sh.warn(line);
    }
    // APPROXIMATION: the data does not say which packages carry debconf
    // templates; ca-certificates (the transcripts') does.
    if archives.iter().any(|a| a.name == "ca-certificates") {
        sh.say("Preconfiguring packages ...");
    }
}

/// debconf starting a frontend with no terminal and `TERM` unset, as in a
/// build: Dialog, then Readline (which fails for want of a terminal, or
/// first for want of Term::ReadLine, which perl-base lacks and
/// perl-modules-* ships: `readline`), then Teletype (bookworm's stops there;
/// trixie's Teletype wants a terminal too, so it ends at Noninteractive).
/// `stdin_lines`: how many lines dpkg-preconfigure had read (the archive
/// names), which trixie's perl names in its message; a maintainer script's
/// debconf has read none. Each wording is a transcript's.
fn frontend_fallback(r: DebianRelease, stdin_lines: Option<usize>, readline: bool) -> Vec<String> {
    let mut out = vec![
        "debconf: unable to initialize frontend: Dialog".to_string(),
        "debconf: (TERM is not set, so the dialog frontend is not usable.)".to_string(),
        "debconf: falling back to frontend: Readline".to_string(),
        "debconf: unable to initialize frontend: Readline".to_string(),
    ];
    let missing = "debconf: (Can't locate Term/ReadLine.pm in @INC (you may need to install the Term::ReadLine module)";
    let no_tty = "debconf: (This frontend requires a controlling tty.)".to_string();
    if readline {
        out.push(no_tty.clone());
    } else if r == DebianRelease::Trixie {
        let inc = "/etc/perl /usr/local/lib/x86_64-linux-gnu/perl/5.40.1 /usr/local/share/perl/5.40.1 \
                   /usr/lib/x86_64-linux-gnu/perl5/5.40 /usr/share/perl5 /usr/lib/x86_64-linux-gnu/perl-base \
                   /usr/lib/x86_64-linux-gnu/perl/5.40 /usr/share/perl/5.40 /usr/local/lib/site_perl";
        let stdin = stdin_lines.map_or(String::new(), |n| format!(", <STDIN> line {n}"));
        out.push(format!(
            "{missing} (@INC entries checked: {inc}) at /usr/share/perl5/Debconf/FrontEnd/Readline.pm line 8{stdin}.)"
        ));
    } else {
        // bookworm's perl 5.36 wording (bullseye's, perl 5.32, is not measured).
        let inc = "/etc/perl /usr/local/lib/x86_64-linux-gnu/perl/5.36.0 /usr/local/share/perl/5.36.0 \
                   /usr/lib/x86_64-linux-gnu/perl5/5.36 /usr/share/perl5 /usr/lib/x86_64-linux-gnu/perl-base \
                   /usr/lib/x86_64-linux-gnu/perl/5.36 /usr/share/perl/5.36 /usr/local/lib/site_perl";
        out.push(format!("{missing} (@INC contains: {inc}) at /usr/share/perl5/Debconf/FrontEnd/Readline.pm line 7.)"));
    }
    out.push("debconf: falling back to frontend: Teletype".to_string());
    if r == DebianRelease::Trixie {
        out.push("debconf: unable to initialize frontend: Teletype".to_string());
        out.push(no_tty);
        out.push("debconf: falling back to frontend: Noninteractive".to_string());
    }
    out
}

/// Whether perl's Term::ReadLine (perl-modules-*) is on the image: installed
/// before this command, or set up by it before `upto`.
fn has_readline(sh: &Sh, archives: &[&Archive], upto: usize) -> bool {
    let perl_modules = |n: &str| n.starts_with("perl-modules");
    sh.facts.installed.iter().chain(sh.out.installed.iter()).any(|n| perl_modules(n))
        || archives[..upto].iter().any(|a| perl_modules(a.name))
}

/// Certificates `update-ca-certificates` adds on a fresh install of the
/// release's ca-certificates (bookworm's 20250419~deb12u2 and trixie's
/// 20250419+deb13u1: 148 in the transcripts; bullseye's is not measured).
const CA_CERTIFICATES: u32 = 148;

/// The order dpkg's `dpkg --configure --pending` (which apt runs after
/// unpacking everything) sets the archives up in: its package table's
/// (lib/dpkg/pkg-hash.c: 65521 bins by the FNV-1a hash of the name, walked
/// bin by bin), a package whose new dependencies are not set up yet going
/// back to the end of the queue. Read from pkg-hash.c (guillemj/dpkg) and
/// checked, rather than read, for the queue: it gives the `Setting up`
/// order of all five transcripts exactly. A dependency cycle (which dpkg
/// breaks by relaxing its checks) is broken at the queue's head.
fn configure_order<'a, 'b>(archives: &'b [Archive<'a>]) -> Vec<&'b Archive<'a>> {
    let bin = |name: &str| {
        let hash = name.bytes().fold(2_166_136_261u32, |h, b| (h ^ u32::from(b)).wrapping_mul(16_777_619));
        hash % 65_521
    };
    let mut queue: std::collections::VecDeque<&Archive> = {
        let mut v: Vec<&Archive> = archives.iter().collect();
        v.sort_by_key(|a| bin(a.name));
        v.into()
    };
    let deps = |a: &Archive<'a>| -> Vec<&'a str> {
        a.data
            .depends
            .iter()
            .filter_map(|g| archives.iter().find(|b| b.name != a.name && g.iter().any(|alt| alt == b.name)))
            .map(|b| b.name)
            .collect()
    };
    let mut done: Vec<&Archive> = Vec::new();
    let mut waited = 0;
    while let Some(a) = queue.pop_front() {
        let ready = deps(a).iter().all(|d| done.iter().any(|x| x.name == *d));
        if ready || waited > queue.len() {
            done.push(a);
            waited = 0;
        } else {
            queue.push_back(a);
            waited += 1;
        }
    }
    done
}

/// `Setting up` for every archive in dpkg's order, then the triggers the
/// new packages fire.
pub(super) fn set_up(sh: &mut Sh, r: DebianRelease, archives: &[Archive]) {
    let order = configure_order(archives);
    for (i, a) in order.iter().enumerate() {
        sh.say(format!("Setting up {} ({}) ...", a.dpkg_name(), a.data.version));
        if a.name == "ca-certificates" {
            // Its postinst asks debconf (on dpkg's terminal, so on stdout),
            // then builds /etc/ssl/certs.
            let readline = has_readline(sh, &order, i);
            for line in frontend_fallback(r, None, readline) {
                sh.say(line);
            }
            sh.say("Updating certificates in /etc/ssl/certs...");
            sh.say(format!("{CA_CERTIFICATES} added, 0 removed; done."));
        }
    }
    // APPROXIMATION: a shared library package (`lib…`, `Multi-Arch: same`)
    // ships an `activate-noawait ldconfig` trigger, which libc-bin processes
    // once at the end; the data does not record the triggers themselves.
    let libraries = archives.iter().any(|a| a.name.starts_with("lib") && a.data.multi_arch_same);
    if let (true, Some(libc)) = (libraries, deb_package(r, "libc-bin")) {
        sh.say(format!("Processing triggers for libc-bin ({}) ...", libc.version));
    }
    // ca-certificates' own trigger, which its install fires.
    if let Some(ca) = archives.iter().find(|a| a.name == "ca-certificates") {
        sh.say(format!("Processing triggers for ca-certificates ({}) ...", ca.data.version));
        sh.say("Updating certificates in /etc/ssl/certs...");
        sh.say("0 added, 0 removed; done.");
        sh.say("Running hooks in /etc/ca-certificates/update.d...");
        sh.say("done.");
    }
}

#[cfg(test)]
mod tests;
