//! `--cache-to` and `--cache-from` on the daemon: the caches builds export
//! (a simulated local directory, a registry's cache manifest, the inline
//! cache of an image), kept in the engine's state so nothing touches disk,
//! and a build that imports them. buildx reads the flags
//! (`util/buildflags/cache.go`), checks the driver (`build/opt.go`), and
//! BuildKit imports before the solve and exports after it, each as a vertex
//! of the progress (`importing cache manifest from REF`, `exporting cache to
//! registry`), which the log gains here.

use super::history_records::HistoryRecord;
use super::Engine;
use crate::build::cache_io::{self, CacheMode, CacheSource, ExportedCache};
use crate::build::{BuildOutcome, BuildRequest};
use crate::catalog::ImageRef;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt;

/// One `--cache-to` or `--cache-from` value: `type=local,dest=DIR`, or a bare
/// reference (`user/app:cache`), which buildx reads as `type=registry,ref=…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheEntry {
    pub kind: String,
    pub attrs: BTreeMap<String, String>,
}

impl CacheEntry {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str).filter(|v| !v.is_empty())
    }
}

/// Reads `--cache-to`/`--cache-from` values as buildx's `ParseCacheEntry`
/// does: CSV fields; a value without `=` is a list of registry references;
/// otherwise `key=value` fields, keys lower-cased, `type` required.
pub fn parse_entries(values: &[String]) -> Result<Vec<CacheEntry>, CacheError> {
    let mut out = Vec::new();
    for value in values.iter().filter(|v| !v.is_empty()) {
        let fields = csv_fields(value);
        if !value.contains('=') {
            for field in fields {
                let attrs = BTreeMap::from([("ref".to_string(), field)]);
                out.push(CacheEntry { kind: "registry".to_string(), attrs });
            }
            continue;
        }
        let mut kind = String::new();
        let mut attrs = BTreeMap::new();
        for field in fields {
            let Some((key, v)) = field.split_once('=') else {
                return Err(CacheError::InvalidValue(field));
            };
            match key.to_lowercase().as_str() {
                "type" => kind = v.to_string(),
                key => {
                    attrs.insert(key.to_string(), v.to_string());
                }
            }
        }
        if kind.is_empty() {
            return Err(CacheError::TypeRequired(value.clone()));
        }
        out.push(CacheEntry { kind, attrs });
    }
    Ok(out)
}

/// Go's `encoding/csv` for one line, as `csvvalue.Fields` reads it: commas
/// separate fields, a field in double quotes may hold commas (`""` is a quote).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    fields.push(field);
    fields
}

/// Why a build with cache options did not start, with buildx's and BuildKit's texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheError {
    /// buildflags: a field without `=`.
    InvalidValue(String),
    /// buildflags: `type required for "mode=max"`.
    TypeRequired(String),
    /// buildx build/opt.go: a cache export other than inline on a driver
    /// without the `Cache export` feature (the `docker` driver on the
    /// graph-driver image store).
    ExportNotSupported {
        driver: String,
    },
    /// BuildKit client/solve.go.
    LocalExportNeedsDest,
    LocalImportNeedsSrc,
    RegistryExportNeedsRef,
    /// BuildKit control.go: a type it has no exporter for.
    UnknownExporter(String),
    UnknownImporter(String),
}

impl fmt::Display for CacheError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CacheError::InvalidValue(field) => write!(f, "ERROR: invalid value {field}"),
            CacheError::TypeRequired(value) => write!(f, "ERROR: type required for {value:?}"),
            // buildx build/utils.go `notSupported(driver.CacheExport, …)`.
            CacheError::ExportNotSupported { driver } => write!(
                f,
                "ERROR: failed to build: Cache export is not supported for the {driver} driver.\n\
                 Switch to a different driver, or turn on the containerd image store, and try again.\n\
                 Learn more at https://docs.docker.com/go/build-cache-backends/"
            ),
            CacheError::LocalExportNeedsDest => {
                f.write_str("ERROR: failed to build: local cache exporter requires dest")
            }
            CacheError::LocalImportNeedsSrc => f.write_str("ERROR: failed to build: local cache importer requires src"),
            CacheError::RegistryExportNeedsRef => {
                f.write_str("ERROR: failed to build: registry cache exporter requires ref")
            }
            CacheError::UnknownExporter(kind) => {
                write!(f, "ERROR: failed to build: failed to solve: unknown cache exporter: {kind:?}")
            }
            CacheError::UnknownImporter(kind) => {
                write!(f, "ERROR: failed to build: failed to solve: unknown cache importer: {kind:?}")
            }
        }
    }
}

/// What a build is asked beyond the build itself: the caches, and what its
/// history record names.
#[derive(Debug, Clone, Default)]
pub struct CacheOptions {
    pub from: Vec<CacheEntry>,
    pub to: Vec<CacheEntry>,
    /// The builder's driver (`docker`, `docker-container`) and whether it
    /// can export caches other than inline.
    pub driver: String,
    pub driver_exports_cache: bool,
    /// The context as given (`.`), and the Dockerfile's path, for the history.
    pub context: String,
    pub dockerfile: String,
}

/// The caches builds exported, and the history of builds.
#[derive(Debug, Clone, Default)]
pub struct CacheStore {
    /// `type=local,dest=DIR` → the simulated directory's cache.
    local: BTreeMap<String, ExportedCache>,
    /// `type=registry,ref=REF` (normalized) → the cache manifest.
    registry: BTreeMap<String, ExportedCache>,
    /// `type=inline`: image id → the cache metadata in its config.
    inline: BTreeMap<String, ExportedCache>,
    /// Every build, oldest first (`docker buildx history`).
    pub(super) history: Vec<HistoryRecord>,
}

/// `docker.io/user/app:cache` for `user/app:cache` (a tag defaults to `latest`).
fn normalized(reference: &str) -> Option<(String, ImageRef)> {
    let mut parsed = ImageRef::parse(reference).ok()?;
    if parsed.tag.is_none() && parsed.digest.is_none() {
        parsed.tag = Some("latest".to_string());
    }
    let key = format!("{}/{}:{}", parsed.registry, parsed.path, parsed.tag.as_deref().unwrap_or("latest"));
    Some((key, parsed))
}

/// A number standing for a local cache directory in BuildKit's progress
/// (`importing cache manifest from local:15821783609297185231`): BuildKit
/// names the content store by an id of its own; here it is derived from the path.
fn local_store_id(dir: &str) -> u64 {
    let digest = Sha256::digest(dir.as_bytes());
    digest.iter().take(8).fold(0u64, |n, b| n << 8 | u64::from(*b))
}

fn digest_of(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for part in parts {
        h.update(part.as_bytes());
        h.update([0]);
    }
    format!("sha256:{:x}", h.finalize())
}

/// One `--cache-from` as the build met it: its vertex name and the cache, or why none.
struct Import {
    vertex: String,
    found: Result<(CacheSource, ExportedCache), String>,
}

impl Engine {
    /// The imports `from` names, each found or not: a registry reference is a
    /// cache manifest pushed with `type=registry`, else an image in the
    /// registry whose config carries inline cache; a missing one is only
    /// reported, as BuildKit does, and the build goes on.
    fn find_imports(&self, from: &[CacheEntry]) -> Result<(Vec<Import>, Vec<String>), CacheError> {
        let mut imports = Vec::new();
        let mut warnings = Vec::new();
        for entry in from {
            match entry.kind.as_str() {
                "local" => {
                    let src = entry.attr("src").ok_or(CacheError::LocalImportNeedsSrc)?;
                    match self.cache_io.local.get(src) {
                        Some(cache) => imports.push(Import {
                            vertex: format!("importing cache manifest from local:{}", local_store_id(src)),
                            found: Ok((CacheSource::Local(src.to_string()), cache.clone())),
                        }),
                        // BuildKit client/solve.go logs it and skips the import.
                        None => warnings.push(format!(
                            "WARN[0000] local cache import at {src} not found due to err: could not read {src}/index.json: open {src}/index.json: no such file or directory"
                        )),
                    }
                }
                "registry" => {
                    let reference = entry.attr("ref").unwrap_or_default();
                    let vertex = format!("importing cache manifest from {reference}");
                    let found = self.registry_cache(reference);
                    imports.push(Import { vertex, found });
                }
                // gha, s3, azblob: BuildKit has them, Layerlab has no such service.
                "gha" | "s3" | "azblob" => {
                    warnings.push(format!("layerlab: the {} cache backend is not simulated; skipped", entry.kind))
                }
                other => return Err(CacheError::UnknownImporter(other.to_string())),
            }
        }
        Ok((imports, warnings))
    }

    fn registry_cache(&self, reference: &str) -> Result<(CacheSource, ExportedCache), String> {
        let not_found = || format!("failed to configure registry cache importer: {reference}: not found");
        let (key, parsed) = normalized(reference).ok_or_else(not_found)?;
        if let Some(cache) = self.cache_io.registry.get(&key) {
            return Ok((CacheSource::Registry(reference.to_string()), cache.clone()));
        }
        let manifest = self.registries.manifest(&parsed).ok_or_else(not_found)?;
        match self.cache_io.inline.get(&manifest.image.id) {
            Some(cache) => Ok((CacheSource::Inline(reference.to_string()), cache.clone())),
            // An image without inline cache imports nothing, silently.
            None => Ok((CacheSource::Inline(reference.to_string()), ExportedCache::default())),
        }
    }

    /// `docker buildx build --cache-from … --cache-to …`: checks the cache
    /// options as buildx and BuildKit do before the build starts, builds over
    /// the builder's cache and the imported ones, exports what the build
    /// made, and records the build in the history.
    pub fn build_with_caches(
        &mut self,
        request: &BuildRequest<'_>,
        tags: &[String],
        now: u64,
        options: &CacheOptions,
    ) -> Result<BuildOutcome, CacheError> {
        for entry in &options.to {
            if entry.kind != "inline" && !options.driver_exports_cache {
                return Err(CacheError::ExportNotSupported { driver: options.driver.clone() });
            }
            match entry.kind.as_str() {
                "inline" => {}
                "local" if entry.attr("dest").is_none() => return Err(CacheError::LocalExportNeedsDest),
                "registry" if entry.attr("ref").is_none() => return Err(CacheError::RegistryExportNeedsRef),
                "local" | "registry" | "gha" | "s3" | "azblob" => {}
                other => return Err(CacheError::UnknownExporter(other.to_string())),
            }
        }
        let (imports, warnings) = self.find_imports(&options.from)?;
        let found: Vec<(CacheSource, ExportedCache)> =
            imports.iter().filter_map(|i| i.found.as_ref().ok().cloned()).collect();
        let borrowed: Vec<(CacheSource, &ExportedCache)> = found.iter().map(|(s, c)| (s.clone(), c)).collect();
        let (mut outcome, keys) = self.build_importing(request, tags, now, &borrowed);
        let mut exports = Vec::new();
        if outcome.error.is_none() {
            for entry in &options.to {
                let mode = CacheMode::parse(entry.attr("mode"));
                let cache = cache_io::export(&outcome, &keys, &self.cache, mode);
                exports.push(self.store_export(entry, &outcome, cache));
            }
        }
        outcome.log = with_cache_vertices(&outcome.log, &imports, &exports);
        if !warnings.is_empty() {
            outcome.log = format!("{}\n{}", warnings.join("\n"), outcome.log);
        }
        let record = HistoryRecord::of(&outcome, request, options, now, self.cache_io.history.len());
        self.cache_io.history.push(record);
        Ok(outcome)
    }

    /// Keeps an export where its type puts it; the vertex that shows it.
    fn store_export(&mut self, entry: &CacheEntry, outcome: &BuildOutcome, cache: ExportedCache) -> Export {
        let layers: Vec<String> = cache.steps.keys().map(|k| digest_of(&["layer", k])).collect();
        let manifest = digest_of(&["cache manifest", &layers.join(",")]);
        let export = Export { kind: entry.kind.clone(), layers, manifest };
        match entry.kind.as_str() {
            "local" => {
                self.cache_io.local.insert(entry.attr("dest").unwrap_or_default().to_string(), cache);
            }
            "registry" => {
                if let Some((key, _)) = normalized(entry.attr("ref").unwrap_or_default()) {
                    self.cache_io.registry.insert(key, cache);
                }
            }
            // The metadata goes into the image's config; BuildKit's inline
            // cache only knows `mode=min` (the result's own layers).
            "inline" => {
                if let Some(image) = &outcome.image {
                    let min = ExportedCache { mode: CacheMode::Min, ..cache };
                    self.cache_io.inline.insert(image.id(), min);
                }
            }
            _ => {}
        }
        export
    }

    /// The build history, oldest first.
    pub fn build_history(&self) -> &[HistoryRecord] {
        &self.cache_io.history
    }
}

/// What one export wrote, for its vertex.
struct Export {
    kind: String,
    layers: Vec<String>,
    manifest: String,
}

/// `#N text` → `#(N+by) text` for every vertex numbered `from` or above.
fn renumber(log: &str, from: usize, by: usize) -> String {
    let mut out = String::with_capacity(log.len());
    for line in log.split_inclusive('\n') {
        let number = line.strip_prefix('#').and_then(|rest| {
            let end = rest.find(' ')?;
            Some((rest[..end].parse::<usize>().ok()?, &rest[end..]))
        });
        match number {
            Some((n, rest)) if n >= from => out.push_str(&format!("#{}{rest}", n + by)),
            _ => out.push_str(line),
        }
    }
    out
}

/// The log with BuildKit's cache vertices: the imports after the
/// `.dockerignore` is read (before the first step), the exports after the
/// image is exported; the inline cache is prepared inside `exporting to image`.
fn with_cache_vertices(log: &str, imports: &[Import], exports: &[Export]) -> String {
    let mut log = log.to_string();
    if !imports.is_empty() {
        // The vertex after `[internal] load .dockerignore` is where imports go.
        let after = log
            .lines()
            .filter_map(|l| l.strip_prefix('#'))
            .find(|l| l.contains(" [internal] load .dockerignore"))
            .and_then(|l| l.split(' ').next()?.parse::<usize>().ok());
        if let Some(ignore) = after {
            let first = ignore + 1;
            let mut renumbered = renumber(&log, first, imports.len());
            let mut block = String::new();
            for (i, import) in imports.iter().enumerate() {
                let id = first + i;
                block.push_str(&format!("#{id} {}\n", import.vertex));
                match &import.found {
                    Ok(_) => block.push_str(&format!("#{id} DONE 0.1s\n\n")),
                    Err(e) => block.push_str(&format!("#{id} ERROR: {e}\n\n")),
                }
            }
            let marker = format!("#{ignore} DONE");
            if let Some(at) = renumbered.find(&marker) {
                let end = renumbered[at..].find('\n').map_or(renumbered.len(), |e| at + e + 1);
                // Vertices are separated by one blank line: the block goes after it.
                let end = if renumbered[end..].starts_with('\n') { end + 1 } else { end };
                renumbered.insert_str(end, &block);
                log = renumbered;
            }
        }
    }
    if exports.iter().any(|e| e.kind == "inline") {
        log = log.replacen(
            "exporting layers 0.1s done\n",
            "exporting layers 0.1s done\n#ID preparing layers for inline cache 0.0s done\n",
            1,
        );
        if let Some(line) = log.lines().find(|l| l.ends_with(" exporting layers 0.1s done")) {
            let id = line.split(' ').next().unwrap_or("#0").to_string();
            log = log.replacen("#ID ", &format!("{id} "), 1);
        }
    }
    let remote: Vec<&Export> = exports.iter().filter(|e| e.kind == "local" || e.kind == "registry").collect();
    if remote.is_empty() {
        return log;
    }
    let last =
        log.lines().filter_map(|l| l.strip_prefix('#')?.split(' ').next()?.parse::<usize>().ok()).max().unwrap_or(0);
    let marker = format!("#{last} DONE");
    let Some(at) = log.rfind(&marker) else { return log };
    let end = log[at..].find('\n').map_or(log.len(), |e| at + e + 1);
    let mut block = String::new();
    for (i, export) in remote.iter().enumerate() {
        let id = last + 1 + i;
        // BuildKit's exporters' names: cache/remotecache/registry and local.
        let name = if export.kind == "registry" { "registry" } else { "client directory" };
        block.push_str(&format!("\n#{id} exporting cache to {name}\n"));
        block.push_str(&format!("#{id} preparing build cache for export 0.1s done\n"));
        for layer in &export.layers {
            block.push_str(&format!("#{id} writing layer {layer} 0.1s done\n"));
        }
        block.push_str(&format!("#{id} writing config {} 0.0s done\n", digest_of(&["config", &export.manifest])));
        block.push_str(&format!("#{id} writing cache manifest {} 0.0s done\n", export.manifest));
        block.push_str(&format!("#{id} DONE {:.1}s\n", 0.1 + 0.1 * export.layers.len() as f64));
    }
    log.insert_str(end, &block);
    log
}

#[cfg(test)]
mod tests {
    use super::*;

    /// buildx util/buildflags/cache_test.go reads `user/app:cache` as a
    /// registry reference and `type=local,src=path/to/cache` as written.
    #[test]
    fn entries_parse_as_buildx_reads_them() {
        let parsed = parse_entries(&["user/app:cache".into(), "type=local,src=path/to/cache".into()]).unwrap();
        assert_eq!(parsed[0].kind, "registry");
        assert_eq!(parsed[0].attrs["ref"], "user/app:cache");
        assert_eq!(parsed[1].kind, "local");
        assert_eq!(parsed[1].attrs["src"], "path/to/cache");
        // Several references in one value are several entries.
        assert_eq!(parse_entries(&["a:1,b:2".into()]).unwrap().len(), 2);
        assert_eq!(
            parse_entries(&["mode=max,ref=x".into()]).unwrap_err().to_string(),
            "ERROR: type required for \"mode=max,ref=x\""
        );
        assert_eq!(parse_entries(&["type=local,x".into()]).unwrap_err().to_string(), "ERROR: invalid value x");
    }

    #[test]
    fn renumbering_moves_only_later_vertices() {
        let log = "#0 building\n\n#1 a\n#1 DONE 0.0s\n\n#2 b\n#2 DONE 0.0s\n";
        assert_eq!(renumber(log, 2, 1), "#0 building\n\n#1 a\n#1 DONE 0.0s\n\n#3 b\n#3 DONE 0.0s\n");
    }
}
