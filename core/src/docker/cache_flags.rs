//! `--cache-from` and `--cache-to` of `docker build` / `docker buildx build`:
//! read with buildx's rules into the engine's [`CacheOptions`], with the
//! builder's driver, which decides whether a cache can be exported.

use super::flags::Parsed;
use super::Output;
use crate::engine::cache_io::{parse_entries, CacheEntry, CacheOptions};
use crate::engine::Engine;

/// The current builder's driver, and whether it has buildx's `Cache export`
/// feature. The daemon's `default` builder uses the `docker` driver on the
/// graph-driver image store (see `engine::index` where builders are
/// modelled), which exports inline cache only (buildx
/// `driver/docker/driver.go`: `CacheExport` only with the containerd
/// snapshotter). Once builders are modelled, this reads the current one's.
pub fn current_driver(_engine: &Engine) -> (&'static str, bool) {
    ("docker", false)
}

/// The build's cache options, or the error buildx prints for a bad value.
pub fn cache_options(engine: &Engine, p: &Parsed, context: &str) -> Result<CacheOptions, Output> {
    let error = |e: crate::engine::cache_io::CacheError| Output::error(e.to_string(), 1);
    let from = parse_entries(p.values("cache-from")).map_err(error)?;
    let mut to = parse_entries(p.values("cache-to")).map_err(error)?;
    // buildx build/opt.go: `--build-arg BUILDKIT_INLINE_CACHE=1` asks for inline cache too.
    let mut inline_arg = p.values("build-arg").iter().filter_map(|a| a.strip_prefix("BUILDKIT_INLINE_CACHE="));
    if inline_arg.next_back().is_some_and(|v| matches!(v, "1" | "t" | "T" | "TRUE" | "true" | "True")) {
        to.push(CacheEntry { kind: "inline".to_string(), attrs: Default::default() });
    }
    let (driver, exports) = current_driver(engine);
    let dockerfile = p.value("file").map_or_else(|| "Dockerfile".to_string(), str::to_string);
    Ok(CacheOptions {
        from,
        to,
        driver: driver.to_string(),
        driver_exports_cache: exports,
        context: context.to_string(),
        dockerfile,
    })
}
