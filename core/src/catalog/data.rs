//! Loading the catalog data (embedded JSON) into typed entries.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The operating system family, which decides the shell and package manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OsFamily {
    /// No OS at all (`scratch`) or a single-binary userland (`busybox`).
    None,
    Alpine,
    Debian,
    Ubuntu,
    /// Google's distroless: Debian packages, no shell, no package manager.
    Distroless,
    OracleLinux,
    /// Red Hat's Universal Base Image, minimal flavour (`ubi9/ubi-minimal`,
    /// `ubi10/ubi-minimal`; `/etc/os-release` `ID="rhel"`): RHEL's RPMs,
    /// microdnf, bash as `sh`. eclipse-temurin's `*-ubi9-minimal` and
    /// `*-ubi10-minimal` images are built on it.
    RedHatUbi,
    /// Amazon Linux 2023 (`amazonlinux:2023`; `/etc/os-release` `ID="amzn"`):
    /// dnf (with `yum` as its other name), bash as `sh`. maven's
    /// `*-amazoncorretto-*` images are built on it through `amazoncorretto:*-al2023`.
    AmazonLinux,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PackageManager {
    Apt,
    Apk,
    Microdnf,
    /// dnf, which RPM-based images also answer to as `yum` (`/usr/bin/yum` is a
    /// link to `dnf-3` in the dnf package).
    Dnf,
}

/// The image config keys a base image passes on (Docker's names in comments).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BaseConfig {
    /// `Env`, as `KEY=value` pairs in order.
    pub env: Vec<(String, String)>,
    /// `Cmd`; `None` when unset.
    pub cmd: Option<Vec<String>>,
    /// `Entrypoint`; `Some(vec![])` is an explicitly empty entrypoint.
    pub entrypoint: Option<Vec<String>>,
    pub working_dir: Option<String>,
    pub user: Option<String>,
    pub exposed_ports: Vec<String>,
    pub volumes: Vec<String>,
    pub stop_signal: Option<String>,
}

/// One row of a base image's own history, as its registry record lists it
/// (`ADD alpine-minirootfs-3.24.2-x86_64.tar.gz / # buildkit`, `CMD ["/bin/sh"]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseHistory {
    /// Seconds since the Unix epoch.
    pub created: Option<u64>,
    pub created_by: String,
    /// True for a row that made no layer (ENV, CMD, LABEL, ...).
    pub empty_layer: bool,
}

/// One catalog entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseImage {
    /// `python:3.12-slim-bookworm`, as written in the data; for an estimate,
    /// the reference that was asked for (`python:3.9-slim`).
    pub name: String,
    /// `python`, `gcr.io/distroless/static-debian12`.
    pub repository: String,
    pub tag: String,
    /// The other tags of the same image (official-images' Tags and SharedTags):
    /// `python:3.12-slim` for `python:3.12-slim-trixie`. Each names this entry.
    pub tags: Vec<String>,
    /// The image's own history rows, bottom first, when its record lists them
    /// and they match its layers one for one; empty otherwise.
    pub history: Vec<BaseHistory>,
    /// For an estimate: the catalog entry whose figures it borrows.
    pub estimated_from: Option<String>,
    pub os: OsFamily,
    /// The OS release as the data names it (`12 (bookworm)`, `3.22.6`).
    pub os_version: Option<String>,
    /// Unpacked size as `docker images` shows it, when published.
    pub size_on_disk: Option<u64>,
    /// Registry download size, when published.
    pub size_compressed: Option<u64>,
    /// Compressed size of each layer, bottom first.
    pub layers: Vec<u64>,
    /// What each layer holds, in words.
    pub layer_roles: Vec<String>,
    /// When the image was made (seconds since the Unix epoch), from the data's
    /// `local_created` (repo-info's local `Created`): `docker images` shows it.
    pub created: Option<u64>,
    pub config: BaseConfig,
    /// The shell `RUN` uses, if the image has one.
    pub shell: Option<String>,
    pub package_manager: Option<PackageManager>,
    /// Notable commands and tools on the image (`python3`, `curl`, `bash`).
    pub installed: Vec<String>,
    /// Where the figures come from (repository, path and commit).
    pub sources: Vec<String>,
    pub notes: Vec<String>,
}

/// The accounts each OS family's base image ships in /etc/passwd: Debian's
/// base-passwd `passwd.master` (bookworm), Alpine's alpine-baselayout
/// `passwd`, busybox's image, distroless's `nonroot` (65532) and `nobody`,
/// the `setup` package's `/etc/passwd` on the RPM-based families.
fn os_users(os: OsFamily) -> &'static [&'static str] {
    match os {
        OsFamily::Debian | OsFamily::Ubuntu => &[
            "root", "daemon", "bin", "sys", "sync", "games", "man", "lp", "mail", "news", "uucp", "proxy", "www-data",
            "backup", "list", "irc", "_apt", "nobody",
        ],
        OsFamily::Alpine => &[
            "root", "bin", "daemon", "lp", "sync", "shutdown", "halt", "mail", "news", "uucp", "cron", "ftp", "sshd",
            "games", "ntp", "guest", "nobody",
        ],
        OsFamily::Distroless => &["root", "nobody", "nonroot"],
        // setup's /etc/passwd: the same 13 accounts (root 0 … ftp 14, nobody 65534)
        // in every release these images ship: UBI 9 has setup-2.13.7-10.el9 and
        // Amazon Linux 2023 setup-2.13.7-3.amzn2023.0.2 (docker-library/repo-info
        // repos/eclipse-temurin/local/21.0.12_8-jdk-ubi9-minimal.md @ 6cffddb0,
        // repos/maven/local/3.9.16-amazoncorretto-21-al2023.md @ 01f20916, their
        // rpm lists), UBI 10 setup-2.14.5-7.el10 (…/21.0.12_8-jdk-ubi10-minimal.md
        // @ 28e979c7). EL9 and EL8 `/etc/passwd` listings open with exactly these
        // lines (e.g. `podman run centos cat /etc/passwd`); the accounts other
        // packages' scriptlets add (dbus, systemd-*) are not listed here.
        OsFamily::OracleLinux | OsFamily::RedHatUbi | OsFamily::AmazonLinux => &[
            "root", "bin", "daemon", "adm", "lp", "sync", "shutdown", "halt", "mail", "operator", "games", "ftp",
            "nobody",
        ],
        // busybox ships a small passwd; scratch has none at all.
        OsFamily::None => &[],
    }
}

/// `KEY=value` as a config's `Env` holds it → `(KEY, value)`; a bare `KEY` has an empty value.
pub(crate) fn split_env(kv: String) -> (String, String) {
    match kv.split_once('=') {
        Some((k, v)) => (k.to_string(), v.to_string()),
        None => (kv, String::new()),
    }
}

impl OsFamily {
    /// The RPM-based families, whose `sh` is bash: the bash RPM installs
    /// `/usr/bin/sh` as a link to bash (on RHEL /bin/sh is bash, unlike Ubuntu's
    /// dash: unix.stackexchange.com "How to use bash for sh in Ubuntu"). maven's Amazon Linux 2023 images show it: their corretto
    /// RUN, which BuildKit runs with `/bin/sh -c`, uses `pushd` and a bash array.
    pub fn is_rpm_based(self) -> bool {
        matches!(self, OsFamily::OracleLinux | OsFamily::RedHatUbi | OsFamily::AmazonLinux)
    }
}

impl BaseImage {
    /// The size on disk: the published one, else estimated from the compressed
    /// size with the ratios measured in `shared/reference/base-images.md`
    /// (Debian ×2.65, Ubuntu ×2.6, Alpine ×2.2). One figure for `docker pull`,
    /// `docker images` and a build FROM it, so they never disagree.
    pub fn size_on_disk_or_estimate(&self) -> u64 {
        if let Some(size) = self.size_on_disk {
            return size;
        }
        let ratio = match self.os {
            OsFamily::Alpine => 2.2,
            OsFamily::Ubuntu => 2.6,
            _ => 2.65,
        };
        let compressed = self.size_compressed.unwrap_or_else(|| self.layers.iter().sum());
        (compressed as f64 * ratio) as u64
    }

    /// The manifest digest a registry would answer for this image's tag: what
    /// `docker pull` prints as `Digest:` and BuildKit adds to the FROM step's
    /// name (`FROM docker.io/library/alpine:3.22@sha256:…`). The catalog keeps
    /// image ids (config digests), not registries' manifest digests, so this
    /// one is made from the entry's name: stable, and the same everywhere
    /// Layerlab shows it.
    pub fn manifest_digest(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        // The same bytes the engine hashed for `docker pull`'s digest before
        // this function existed, so saved sessions print what they printed.
        h.update(b"manifest");
        h.update([0]);
        h.update(self.name.as_bytes());
        h.update([0]);
        format!("sha256:{:x}", h.finalize())
    }

    /// The accounts in the image's /etc/passwd: its OS's, the service user
    /// its official image adds (nginx, postgres, redis, mysql, node; Ubuntu
    /// 23.04+ images add `ubuntu`), and its configured USER.
    pub fn users(&self) -> std::collections::BTreeSet<String> {
        let mut users: std::collections::BTreeSet<String> = os_users(self.os).iter().map(|u| u.to_string()).collect();
        if self.repository == "busybox" {
            users.extend(
                ["root", "daemon", "bin", "sys", "sync", "mail", "www-data", "operator", "nobody"].map(String::from),
            );
        }
        let service = match self.repository.as_str() {
            "nginx" => Some("nginx"),
            "postgres" => Some("postgres"),
            "redis" => Some("redis"),
            "mysql" => Some("mysql"),
            "node" => Some("node"),
            _ => None,
        };
        users.extend(service.map(String::from));
        if self.os == OsFamily::Ubuntu && !self.name.contains("22.04") && !self.name.contains("jammy") {
            users.insert("ubuntu".into());
        }
        users.extend(self.config.user.iter().map(|u| u.split(':').next().unwrap_or_default().to_string()));
        users.retain(|u| !u.is_empty() && !u.bytes().all(|b| b.is_ascii_digit()));
        users
    }

    pub fn has(&self, tool: &str) -> bool {
        if self.installed.iter().any(|t| t == tool) {
            return true;
        }
        // docker-library's python images "make some useful symlinks that are
        // expected to exist": python, pip3, pydoc, idle, python-config next to
        // their `3` names (the `symlinks` layer; docker-library/python's
        // Dockerfile template). The catalog lists python3 and pip; distroless
        // (python3 without pip) has no such links.
        let docker_library_python =
            self.installed.iter().any(|t| t == "python3") && self.installed.iter().any(|t| t == "pip");
        docker_library_python
            && matches!(
                tool,
                "python" | "pip3" | "pydoc" | "pydoc3" | "idle" | "idle3" | "python-config" | "python3-config"
            )
    }
}

#[derive(Deserialize)]
pub(super) struct RawImage {
    image: String,
    os: String,
    os_version: Option<String>,
    size_on_disk_bytes: Option<u64>,
    size_compressed_bytes: Option<u64>,
    layers: Option<Vec<u64>>,
    layer_roles: Option<Vec<String>>,
    local_created: Option<String>,
    config: RawConfig,
    shell: Option<String>,
    package_manager: Option<String>,
    installed: Vec<String>,
    notes: Option<Vec<String>>,
    source: BTreeMap<String, Option<String>>,
    tags: Option<Vec<String>>,
    history: Option<Vec<RawHistory>>,
}

/// A history row: an object in the reviewed `base-images.json`, `[created, text, empty_layer]` in
/// the compact copy, whose text may be an index into its shared `strings` (base images repeat
/// their base's rows). Read by the hand-written visitors of `raw_shape.rs`, not `untagged`.
pub(super) enum RawHistory {
    Row { created: String, created_by: String, empty_layer: bool },
    Compact(String, RawText, bool),
}

pub(super) enum RawText {
    Text(String),
    Shared(usize),
}

/// The whole file: the reviewed list of entries, or the compact copy's strings and entries.
pub(super) enum RawCatalog {
    Entries(Vec<RawImage>),
    Compact { strings: Vec<String>, images: Vec<RawImage> },
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawConfig {
    env: Option<Vec<String>>,
    cmd: Option<Vec<String>>,
    entrypoint: Option<Vec<String>>,
    working_dir: Option<String>,
    user: Option<String>,
    exposed_ports: Option<BTreeMap<String, serde_json::Value>>,
    volumes: Option<BTreeMap<String, serde_json::Value>>,
    stop_signal: Option<String>,
}

/// The compact copy (tools/base-images/compact.py): the fields read here, from the reviewed
/// `base-images.json`, which a test holds it equal to.
const DATA: &str = include_str!("../../data/base-images.min.json");

/// Every catalog entry. The data is embedded and checked by a test, so a
/// parse failure here can only come from a bad edit of the data file.
pub fn catalog() -> &'static [BaseImage] {
    static CATALOG: OnceLock<Vec<BaseImage>> = OnceLock::new();
    CATALOG.get_or_init(|| load(DATA).unwrap_or_default())
}

pub(super) fn load(json: &str) -> Result<Vec<BaseImage>, serde_json::Error> {
    let (strings, images) = match serde_json::from_str(json)? {
        RawCatalog::Entries(images) => (Vec::new(), images),
        RawCatalog::Compact { strings, images } => (strings, images),
    };
    Ok(images.into_iter().map(|raw| convert(raw, &strings)).collect())
}

fn history_row(raw: RawHistory, strings: &[String]) -> BaseHistory {
    let (created, created_by, empty_layer) = match raw {
        RawHistory::Row { created, created_by, empty_layer } => (created, created_by, empty_layer),
        RawHistory::Compact(created, RawText::Text(text), empty_layer) => (created, text, empty_layer),
        // The compact copy is written by compact.py and checked by a test; an index
        // past its table can only come from a bad edit, and reads as no text.
        RawHistory::Compact(created, RawText::Shared(i), empty_layer) => {
            (created, strings.get(i).cloned().unwrap_or_default(), empty_layer)
        }
    };
    BaseHistory { created: unix_seconds(&created), created_by, empty_layer }
}

fn convert(raw: RawImage, strings: &[String]) -> BaseImage {
    let (repository, tag) = split_name(&raw.image);
    let os = match raw.os.as_str() {
        "alpine" => OsFamily::Alpine,
        "debian" => OsFamily::Debian,
        "ubuntu" => OsFamily::Ubuntu,
        "distroless" => OsFamily::Distroless,
        "oraclelinux" => OsFamily::OracleLinux,
        // The `ID` of each image's /etc/os-release.
        "rhel" => OsFamily::RedHatUbi,
        "amzn" => OsFamily::AmazonLinux,
        _ => OsFamily::None,
    };
    let package_manager = match raw.package_manager.as_deref() {
        Some("apt") => Some(PackageManager::Apt),
        Some("apk") => Some(PackageManager::Apk),
        Some("microdnf") => Some(PackageManager::Microdnf),
        Some("dnf") => Some(PackageManager::Dnf),
        _ => None,
    };
    let c = raw.config;
    let config = BaseConfig {
        env: c.env.unwrap_or_default().into_iter().map(split_env).collect(),
        cmd: c.cmd,
        entrypoint: c.entrypoint,
        working_dir: c.working_dir.filter(|w| !w.is_empty()),
        user: c.user.filter(|u| !u.is_empty()),
        exposed_ports: c.exposed_ports.map(|m| m.into_keys().collect()).unwrap_or_default(),
        volumes: c.volumes.map(|m| m.into_keys().collect()).unwrap_or_default(),
        stop_signal: c.stop_signal,
    };
    let sources = raw.source.into_iter().filter_map(|(what, source)| source.map(|s| format!("{what}: {s}"))).collect();
    BaseImage {
        name: raw.image.clone(),
        repository,
        tag,
        tags: raw.tags.unwrap_or_default(),
        history: raw.history.unwrap_or_default().into_iter().map(|h| history_row(h, strings)).collect(),
        estimated_from: None,
        os,
        os_version: raw.os_version,
        size_on_disk: raw.size_on_disk_bytes,
        size_compressed: raw.size_compressed_bytes,
        layers: raw.layers.unwrap_or_default(),
        layer_roles: raw.layer_roles.unwrap_or_default(),
        created: raw.local_created.as_deref().and_then(unix_seconds),
        config,
        shell: raw.shell,
        package_manager,
        installed: raw.installed,
        sources,
        notes: raw.notes.unwrap_or_default(),
    }
}

/// Seconds since the Unix epoch of a UTC RFC 3339 time without fractions
/// (`2026-08-05T01:14:10Z`, the data's only form); `None` for anything else.
pub(super) fn unix_seconds(text: &str) -> Option<u64> {
    let (date, time) = text.strip_suffix('Z')?.split_once('T')?;
    let number = |s: &str| s.parse::<i64>().ok();
    let mut d = date.splitn(3, '-').map(number);
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let mut t = time.splitn(3, ':').map(number);
    let (h, min, sec) = (t.next()??, t.next()??, t.next()??);
    if !(1..=12).contains(&m)
        || !(1..=31).contains(&day)
        || !(0..24).contains(&h)
        || !(0..60).contains(&min)
        || !(0..61).contains(&sec)
    {
        return None;
    }
    // Howard Hinnant's `days_from_civil`.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    u64::try_from(days * 86_400 + h * 3600 + min * 60 + sec).ok()
}

/// `gcr.io/distroless/static-debian12:nonroot` → (`gcr.io/distroless/static-debian12`, `nonroot`);
/// no tag means `latest`.
fn split_name(name: &str) -> (String, String) {
    let last_slash = name.rfind('/').map_or(0, |i| i + 1);
    match name[last_slash..].rfind(':') {
        Some(i) => (name[..last_slash + i].to_string(), name[last_slash + i + 1..].to_string()),
        None => (name.to_string(), "latest".to_string()),
    }
}
