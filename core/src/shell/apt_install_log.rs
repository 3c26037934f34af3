//! What `apt-get install -y` prints once it has chosen the packages, as apt
//! 2.6 and dpkg print it in a Docker build (no terminal): `Need to get`, one
//! `Get:` line per archive, `Fetched`, dpkg's `Selecting previously
//! unselected package` / `Preparing to unpack` / `Unpacking` for each,
//! `Setting up` for each, and `Processing triggers for libc-bin`.
//!
//! The shapes are those of real transcripts, `apt-get install -y
//! --no-install-recommends …` in a debootstrap minbase chroot set up as the
//! Docker images are (`testdata/apt_install/`, whose README says how they were
//! made); the tests hold the model to them. Sources for the wording: apt 2.6.1
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
//! file count. The order is an approximation of apt's: archives in a
//! depth-first walk of the new packages' dependencies (dependencies first),
//! from the new packages in name order, which is apt's order for the
//! transcripts' requests; dpkg's `--configure --pending` sets packages up in
//! an order of its own (its package table's), for which the model keeps the
//! same dependencies-first order.

use super::apt::apt_size;
use super::exec::Sh;
use super::packages::{deb_package, DebPackage, DebianRelease};

/// ESTIMATE: the download speed from deb.debian.org (the transcripts' runs
/// saw 90–160 MB/s on a data-centre link; a home connection is slower).
pub(super) const DOWNLOAD_BYTES_PER_SECOND: u64 = 10_000_000;

/// ESTIMATE: `(Reading database ... N files and directories currently
/// installed.)` for a release's image: what dpkg counted in a debootstrap
/// minbase chroot of the release (the slim images drop documentation, so
/// theirs is smaller; packages installed earlier in the build add to it).
pub(super) fn database_files(r: DebianRelease) -> u64 {
    match r {
        // Measured: testdata/apt_install/bookworm-curl.txt.
        DebianRelease::Bookworm => 6096,
        // Measured: testdata/apt_install/trixie-curl.txt.
        DebianRelease::Trixie => 4950,
        // Not measured: bookworm's.
        DebianRelease::Bullseye => 6096,
    }
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
    let mut roots: Vec<&String> = new.iter().collect();
    roots.sort();
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
            let dep = groups.get(next).and_then(|g| {
                g.iter().find_map(|alt| new.iter().find(|n| *n == alt)).map(String::as_str)
            });
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
    debconf_preconfigure(sh, r, archives.len());
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
                database_files(r)
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
/// `/usr/lib/apt`, so it starts a frontend, and with no terminal falls back
/// from Dialog to Noninteractive (trixie transcript; the Readline line names
/// perl 5.40.1's `@INC` and the number of archive names it read).
fn debconf_preconfigure(sh: &mut Sh, r: DebianRelease, archives: usize) {
    if r != DebianRelease::Trixie {
        sh.warn("debconf: delaying package configuration, since apt-utils is not installed");
        return;
    }
    let inc = "/etc/perl /usr/local/lib/x86_64-linux-gnu/perl/5.40.1 /usr/local/share/perl/5.40.1 \
               /usr/lib/x86_64-linux-gnu/perl5/5.40 /usr/share/perl5 /usr/lib/x86_64-linux-gnu/perl-base \
               /usr/lib/x86_64-linux-gnu/perl/5.40 /usr/share/perl/5.40 /usr/local/lib/site_perl";
    sh.warn("debconf: unable to initialize frontend: Dialog");
    sh.warn("debconf: (TERM is not set, so the dialog frontend is not usable.)");
    sh.warn("debconf: falling back to frontend: Readline");
    sh.warn("debconf: unable to initialize frontend: Readline");
    sh.warn(format!(
        "debconf: (Can't locate Term/ReadLine.pm in @INC (you may need to install the Term::ReadLine module) \
         (@INC entries checked: {inc}) at /usr/share/perl5/Debconf/FrontEnd/Readline.pm line 8, <STDIN> line {archives}.)"
    ));
    sh.warn("debconf: falling back to frontend: Teletype");
    sh.warn("debconf: unable to initialize frontend: Teletype");
    sh.warn("debconf: (This frontend requires a controlling tty.)");
    sh.warn("debconf: falling back to frontend: Noninteractive");
}

/// `Setting up` for every archive (dependencies first), then the triggers
/// the new packages fire.
pub(super) fn set_up(sh: &mut Sh, r: DebianRelease, archives: &[Archive]) {
    for a in archives {
        sh.say(format!("Setting up {} ({}) ...", a.dpkg_name(), a.data.version));
    }
    // APPROXIMATION: a shared library package (`lib…`, `Multi-Arch: same`)
    // ships an `activate-noawait ldconfig` trigger, which libc-bin processes
    // once at the end; the data does not record the triggers themselves.
    let libraries = archives.iter().any(|a| a.name.starts_with("lib") && a.data.multi_arch_same);
    if let (true, Some(libc)) = (libraries, deb_package(r, "libc-bin")) {
        sh.say(format!("Processing triggers for libc-bin ({}) ...", libc.version));
    }
}

#[cfg(test)]
mod tests;
