//! Platforms: the OCI platform a build targets and the one it runs on, as
//! BuildKit and buildx name them, and what a stage's platform changes — the
//! base image's per-platform figures and whether its RUN steps run natively
//! or under QEMU emulation.
//!
//! The simulated builder runs on [`versions::OS_ARCH`] (linux/amd64) with
//! QEMU's binfmt handlers registered, as Docker Desktop ships them and as
//! `docker run --privileged tonistiigi/binfmt --install all` sets them up on
//! Linux; so every platform of [`BUILDER_PLATFORMS`] can be built, the
//! foreign ones emulated.

use super::cache::StepInputs;
use super::steps::StageState;
use super::StepReport;
use crate::catalog::BaseImage;
use crate::instructions::Instruction;
use crate::versions;
use std::collections::BTreeMap;
use std::fmt;

/// An OCI platform after containerd's normalization (`platforms.Normalize`,
/// platforms/database.go `normalizeArch`): `aarch64` → `arm64` (whose `v8`
/// variant is dropped), `x86_64` → `amd64`, `arm` → `arm/v7`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Platform {
    pub os: String,
    pub arch: String,
    /// `v7` for `linux/arm/v7`; empty for `linux/arm64` and `linux/amd64`.
    pub variant: String,
}

/// Why a `--platform` value was refused, with containerd's words
/// (`platforms.Parse`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformError(pub String);

impl fmt::Display for PlatformError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\": unknown operating system or architecture: invalid argument", self.0)
    }
}

/// Architectures containerd knows (`platforms/database.go` `isKnownArch`).
const KNOWN_ARCHES: &[&str] = &[
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "ppc64",
    "ppc64le",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
];

impl Platform {
    /// `os/arch[/variant]` as `--platform` takes it, normalized.
    pub fn parse(text: &str) -> Result<Platform, PlatformError> {
        let lower = text.trim().to_ascii_lowercase();
        let parts: Vec<&str> = lower.split('/').collect();
        let (os, arch, variant) = match parts.as_slice() {
            [os, arch] => (*os, *arch, ""),
            [os, arch, variant] => (*os, *arch, *variant),
            // A lone architecture means the default OS (Linux) with it.
            [arch] if KNOWN_ARCHES.contains(arch) => ("linux", *arch, ""),
            _ => return Err(PlatformError(text.to_string())),
        };
        // containerd platforms/database.go `normalizeArch`.
        let (arch, variant) = match (arch, variant) {
            ("i386", _) => ("386", String::new()),
            ("x86_64" | "x86-64" | "amd64", v) => ("amd64", if v == "v1" { String::new() } else { v.to_string() }),
            ("aarch64" | "arm64", "8" | "v8" | "v8.0") => ("arm64", String::new()),
            ("aarch64" | "arm64", "9" | "9.0" | "v9.0") => ("arm64", "v9".to_string()),
            ("aarch64" | "arm64", v) => ("arm64", v.to_string()),
            ("armhf", _) => ("arm", "v7".to_string()),
            ("armel", _) => ("arm", "v6".to_string()),
            ("arm", "" | "7") => ("arm", "v7".to_string()),
            ("arm", "5" | "6" | "8") => ("arm", format!("v{variant}")),
            (a, v) => (a, v.to_string()),
        };
        if !KNOWN_ARCHES.contains(&arch) || os.is_empty() {
            return Err(PlatformError(text.to_string()));
        }
        Ok(Platform { os: os.to_string(), arch: arch.to_string(), variant })
    }

    /// The simulated builder's own platform, named once in `versions`.
    pub fn host() -> Platform {
        Platform::parse(versions::OS_ARCH).unwrap_or(Platform {
            os: "linux".into(),
            arch: "amd64".into(),
            variant: String::new(),
        })
    }

    /// Whether a RUN on this platform needs QEMU on the builder: a different
    /// architecture (386 runs natively on amd64 hardware, as the kernel runs
    /// 32-bit x86 binaries itself).
    pub fn emulated(&self) -> bool {
        let host = Platform::host();
        !(self.arch == host.arch || host.arch == "amd64" && self.arch == "386")
    }

    /// `arm64` or `arm/v7`: what BuildKit shows after `->` in a
    /// cross-compiling step's name.
    pub fn arch_variant(&self) -> String {
        if self.variant.is_empty() {
            self.arch.clone()
        } else {
            format!("{}/{}", self.arch, self.variant)
        }
    }
}

impl fmt::Display for Platform {
    /// containerd's `platforms.Format`: `linux/arm/v7`, `linux/arm64`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.os, self.arch_variant())
    }
}

/// Reads `--platform linux/amd64,linux/arm64` (comma-separated, repeatable,
/// as buildx's `platformutil.Parse`), dropping repeats.
pub fn parse_list<'a>(values: impl IntoIterator<Item = &'a str>) -> Result<Vec<Platform>, PlatformError> {
    let mut out: Vec<Platform> = Vec::new();
    for value in values {
        for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let platform = Platform::parse(part)?;
            if !out.contains(&platform) {
                out.push(platform);
            }
        }
    }
    Ok(out)
}

/// The platforms the simulated builder's node reports (BuildKit's worker
/// with QEMU registered): the list of buildx's own `TestTruncPlatforms` case
/// "amd64 no preferred and emulated" (docker/buildx commands/ls_test.go).
pub const BUILDER_PLATFORMS: &[&str] = &[
    "linux/amd64",
    "linux/amd64/v2",
    "linux/amd64/v3",
    "linux/386",
    "linux/arm64",
    "linux/riscv64",
    "linux/ppc64le",
    "linux/s390x",
    "linux/mips64le",
    "linux/mips64",
    "linux/arm/v7",
    "linux/arm/v6",
];

/// How much longer a RUN takes under QEMU user-mode emulation than natively.
/// An illustration, not a measurement: published comparisons of arm64 builds
/// under QEMU on amd64 report CPU-bound steps (compilers, `npm install`'s
/// native modules) running several times to over ten times slower (Docker's
/// multi-platform guide, <https://docs.docker.com/build/building/multi-platform/>,
/// says emulation "can be much slower than native builds", without a figure),
/// so Layerlab uses 5×.
pub const EMULATION_SLOWDOWN: f64 = 5.0;

/// What one platform's build is asked beyond a `BuildRequest`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformBuild {
    /// `TARGETPLATFORM`.
    pub target: Platform,
    /// More than one platform was requested: BuildKit then prefixes each
    /// step's name with its platform (`[linux/arm64 2/4] RUN …`).
    pub multi: bool,
}

/// The figures of one platform's image of a base: the amd64 figures are the
/// catalog's own; other platforms' come from `core/data/base-platforms.json`
/// (transcribed from docker-library/repo-info's per-platform sections), or
/// are estimated from amd64's when the data has none.
#[derive(Debug, Clone, PartialEq)]
pub struct PlatformBase {
    /// The platform's manifest digest.
    pub digest: String,
    pub size_compressed: u64,
    pub size_on_disk: u64,
    pub layers: Vec<u64>,
    /// Why a figure is an estimate, when one is.
    pub estimate: Option<String>,
}

/// One transcribed platform of an image: `[platform, manifest digest,
/// compressed layer sizes]`.
#[derive(Debug, serde::Deserialize)]
struct RawPlatform(String, String, Vec<u64>);

#[derive(Debug, serde::Deserialize)]
struct RawEntry {
    image: String,
    /// The image index's digest (`docker pull alpine@sha256:…` at the top of the record).
    index: String,
    platforms: Vec<RawPlatform>,
}

fn data() -> &'static [RawEntry] {
    static DATA: std::sync::OnceLock<Vec<RawEntry>> = std::sync::OnceLock::new();
    DATA.get_or_init(|| serde_json::from_str(include_str!("../../data/base-platforms.json")).unwrap_or_default())
}

/// The index digest of a base image, when the data has it.
pub fn index_digest(image: &BaseImage) -> Option<&'static str> {
    data().iter().find(|e| e.image == image.name).map(|e| e.index.as_str())
}

/// `image`'s figures for `platform`; `None` for the host's platform, whose
/// figures are the catalog entry's own.
pub fn base_for(image: &BaseImage, platform: &Platform) -> Option<PlatformBase> {
    if *platform == Platform::host() || image.repository == "scratch" {
        return None;
    }
    let amd64_compressed = image.size_compressed.unwrap_or_else(|| image.layers.iter().sum());
    let amd64_disk = image.size_on_disk_or_estimate();
    let wanted = platform.to_string();
    let known = data().iter().find(|e| e.image == image.name).and_then(|e| {
        // repo-info names arm64 `arm64 variant v8`; normalized, that is linux/arm64.
        e.platforms.iter().find(|p| Platform::parse(&p.0).is_ok_and(|q| q == *platform))
    });
    match known {
        Some(RawPlatform(_, digest, layers)) => {
            let compressed: u64 = layers.iter().sum();
            // repo-info's local records (on-disk sizes) are amd64 only: scale amd64's.
            let disk = (amd64_disk as f64 * compressed as f64 / amd64_compressed.max(1) as f64).round() as u64;
            Some(PlatformBase {
                digest: digest.clone(),
                size_compressed: compressed,
                size_on_disk: disk,
                layers: layers.clone(),
                estimate: Some(format!(
                    "{}'s {wanted} on-disk size is estimated from its amd64 one by the compressed sizes' ratio",
                    image.name
                )),
            })
        }
        None => {
            use sha2::{Digest, Sha256};
            let mut h = Sha256::new();
            h.update(image.manifest_digest().as_bytes());
            h.update([0]);
            h.update(wanted.as_bytes());
            Some(PlatformBase {
                digest: format!("sha256:{:x}", h.finalize()),
                size_compressed: amd64_compressed,
                size_on_disk: amd64_disk,
                layers: image.layers.clone(),
                estimate: Some(format!(
                    "the catalog has no {wanted} figures for {}: its sizes are amd64's and its digest is made up",
                    image.name
                )),
            })
        }
    }
}

/// A stage's platform: its FROM's expanded `--platform` when it has a valid
/// one (`FROM --platform=$BUILDPLATFORM`), else the target.
pub(super) fn stage_platform(build: &PlatformBuild, from: Option<&str>) -> Platform {
    from.and_then(|text| Platform::parse(text).ok()).unwrap_or_else(|| build.target.clone())
}

/// Puts `platform`'s figures of the stage's catalog base in place of the
/// catalog's amd64 ones, and keys the stage by its platform, so each
/// platform's steps are cached apart.
pub(super) fn apply_base(state: &mut StageState, platform: &Platform) {
    let Some(base) = base_for(state.image, platform) else { return };
    state.base_size = base.size_on_disk;
    state.base_layers = base.layers;
    state.key =
        StepInputs { source: Some(format!("{}@{platform}", state.image.name)), ..StepInputs::default() }.key("");
    state.notes.extend(base.estimate);
}

/// Names a layer step's platform as BuildKit's `prefixCommand` does in a
/// multi-platform build, and marks a RUN of a foreign platform as emulated.
pub(super) fn mark_step(
    report: &mut StepReport,
    instruction: &Instruction,
    build: &PlatformBuild,
    stage: &Platform,
    args: &BTreeMap<String, String>,
) {
    if build.multi {
        // formatTargetPlatform: `->arm64` when the step's environment holds a
        // TARGET* ARG naming another architecture than the stage's.
        let reads_target =
            ["TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT"].iter().any(|name| args.contains_key(*name));
        let suffix = if reads_target && build.target.os == stage.os && build.target.arch != stage.arch {
            format!("->{}", build.target.arch_variant())
        } else if reads_target && build.target.os != stage.os {
            format!("->{}", build.target)
        } else {
            String::new()
        };
        report.platform = Some(format!("{stage}{suffix}"));
    }
    if matches!(instruction, Instruction::Run(_)) && stage.emulated() {
        report.emulated = true;
        let host = Platform::host();
        report.notes.push(format!(
            "emulated: this {stage} stage runs on a {host} builder, so RUN executes its {} binaries under QEMU \
             (simulated {EMULATION_SLOWDOWN}x slower); `FROM --platform=$BUILDPLATFORM` with GOOS/GOARCH would compile natively",
            stage.arch_variant()
        ));
    }
}

/// After a step of a stage on `platform` ran: under emulation it takes
/// [`EMULATION_SLOWDOWN`] times longer, and the package managers' output
/// names the platform's architecture (the shell models print amd64's).
pub(super) fn ran(report: &mut StepReport, platform: Option<&Platform>) {
    let Some(platform) = platform.filter(|p| p.arch != "amd64") else { return };
    if report.emulated {
        report.seconds *= EMULATION_SLOWDOWN;
    }
    // Alpine's and Debian's names for the architecture (apk's `APKINDEX` path, APT's `binary-ARCH`).
    let alpine = match platform.arch_variant().as_str() {
        "arm64" => "aarch64",
        "arm/v7" => "armv7",
        "arm/v6" => "armhf",
        "386" => "x86",
        other => other,
    }
    .to_string();
    let debian = match platform.arch_variant().as_str() {
        "arm/v7" => "armhf".to_string(),
        "arm/v6" => "armel".to_string(),
        "386" => "i386".to_string(),
        _ => platform.arch.clone(),
    };
    for line in &mut report.output {
        *line = line
            .replace("/x86_64/", &format!("/{alpine}/"))
            .replace(" amd64 Packages", &format!(" {debian} Packages"))
            .replace("binary-amd64", &format!("binary-{debian}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platforms_normalize_as_containerd_does() {
        // containerd platforms.Normalize: arm64's v8 variant is dropped, arm defaults to v7.
        let p = |s: &str| Platform::parse(s).map(|p| p.to_string());
        assert_eq!(p("linux/arm64"), Ok("linux/arm64".into()));
        assert_eq!(p("linux/arm64/v8"), Ok("linux/arm64".into()));
        assert_eq!(p("linux/aarch64"), Ok("linux/arm64".into()));
        assert_eq!(p("linux/x86_64"), Ok("linux/amd64".into()));
        assert_eq!(p("linux/arm"), Ok("linux/arm/v7".into()));
        assert_eq!(p("linux/arm/6"), Ok("linux/arm/v6".into()));
        assert_eq!(p("linux/i386"), Ok("linux/386".into()));
        assert_eq!(p("linux/amd64/v1"), Ok("linux/amd64".into()));
        assert_eq!(p("linux/amd64/v3"), Ok("linux/amd64/v3".into()));
        assert_eq!(p("arm64"), Ok("linux/arm64".into()));
        assert!(Platform::parse("linux/potato").is_err());
    }

    #[test]
    fn only_foreign_architectures_are_emulated() {
        assert_eq!(Platform::host().to_string(), "linux/amd64");
        assert!(!Platform::parse("linux/amd64").unwrap().emulated());
        assert!(!Platform::parse("linux/386").unwrap().emulated());
        assert!(Platform::parse("linux/arm64").unwrap().emulated());
        assert!(Platform::parse("linux/arm/v7").unwrap().emulated());
    }

    #[test]
    fn a_list_splits_on_commas_and_drops_repeats() {
        let list = parse_list(["linux/amd64,linux/arm64", "linux/arm64/v8"]).unwrap();
        let names: Vec<String> = list.iter().map(ToString::to_string).collect();
        assert_eq!(names, ["linux/amd64", "linux/arm64"]);
    }

    #[test]
    fn alpine_arm64_figures_are_repo_infos() {
        // docker-library/repo-info repos/alpine/remote/3.22.md @ 1746b587, section
        // "linux; arm64 variant v8": manifest sha256:2e1a7aa4…, one layer of 4123084 bytes.
        let image = crate::catalog::resolve("alpine:3.22").unwrap().image;
        let arm = base_for(image, &Platform::parse("linux/arm64").unwrap()).unwrap();
        assert_eq!(arm.digest, "sha256:2e1a7aa4cbc4e9e5222bb4c24a839aa1a6170ea5492d644777ce7b178824e44f");
        assert_eq!(arm.size_compressed, 4_123_084);
        assert_eq!(arm.layers, [4_123_084]);
        assert!(base_for(image, &Platform::host()).is_none());
        // repo-info repos/golang/remote/1.25-alpine.md @ 2af3b479, "linux; arm64 variant v8": 62171994 bytes.
        let golang = crate::catalog::resolve("golang:1.25-alpine").unwrap().image;
        let arm = base_for(golang, &Platform::parse("linux/arm64").unwrap()).unwrap();
        assert_eq!(arm.layers.iter().sum::<u64>(), 62_171_994);
        assert_eq!(arm.digest, "sha256:0ae9afcc66ea58a852d29541782ad911f6151e073355e8eb0f10f91f6d97869f");
        // A platform the record leaves out keeps amd64's figures, said to be an estimate.
        let s390x = base_for(golang, &Platform::parse("linux/s390x").unwrap()).unwrap();
        assert_eq!(s390x.layers, golang.layers);
        assert!(s390x.estimate.unwrap().contains("no linux/s390x figures"));
        assert_eq!(
            index_digest(image),
            Some("sha256:365499d9dccb7c8cfaffef995a6c382e71174585e0556f6476ead1c5971c39fb")
        );
    }
}
