//! `docker images` and `docker system df`: what the image store lists and
//! what it takes on disk.

use super::{split_tag, DfRow, DiskUsage, Engine, ImageFilter, ImageRow};
use std::collections::BTreeSet;

impl Engine {
    /// The rows of `docker images`: one per tag, one `<none>` row per untagged
    /// image; newest first. `dangling`: `--filter dangling=true|false`.
    pub fn image_rows(&self, dangling: Option<bool>) -> Vec<ImageRow> {
        let mut rows = Vec::new();
        for image in self.images.values() {
            let tags = self.tags_of(&image.id);
            if dangling.is_some_and(|d| d != tags.is_empty()) {
                continue;
            }
            let row = |repository: String, tag: String| ImageRow {
                repository,
                tag,
                id: image.id.clone(),
                created: image.created,
                size: image.size,
            };
            if tags.is_empty() {
                // Known only by digest (its tag moved, or pulled by digest):
                // `REPOSITORY <none>`, still dangling (moby's image list).
                let repositories = self.registries.digest_repositories(&image.id);
                if repositories.is_empty() {
                    rows.push(row("<none>".into(), "<none>".into()));
                }
                for repository in repositories {
                    rows.push(row(repository, "<none>".into()));
                }
            }
            for tag in tags {
                let (repository, tag) = split_tag(&tag);
                rows.push(row(repository, tag));
            }
        }
        crate::sort::by(&mut rows, |a, b| {
            b.created.cmp(&a.created).then_with(|| a.repository.cmp(&b.repository)).then_with(|| a.tag.cmp(&b.tag))
        });
        rows
    }

    /// `docker images [--filter …] [REPOSITORY[:TAG]]`: the rows, newest first.
    /// BuildKit leaves no intermediate images, so `-a` lists the same images.
    pub fn images_filtered(&self, filter: &ImageFilter) -> Vec<ImageRow> {
        self.image_rows(filter.dangling).into_iter().filter(|r| filter.matches_reference(r)).collect()
    }

    /// The bytes every stored image's layers take, shared layers once.
    pub fn images_disk_size(&self) -> u64 {
        let mut seen = BTreeSet::new();
        self.images.values().flat_map(|i| &i.layers).filter(|l| seen.insert(l.digest.as_str())).map(|l| l.size).sum()
    }

    /// `docker system df`: images (active: used by a container), containers
    /// (size: their writable layers), local volumes and the build cache.
    pub fn system_df(&self) -> DiskUsage {
        let in_use = self.images_in_use();
        let images = self.images_disk_size();
        let mut seen = BTreeSet::new();
        let used_bytes: u64 = self
            .images
            .values()
            .filter(|i| in_use.contains(&i.id))
            .flat_map(|i| &i.layers)
            .filter(|l| seen.insert(l.digest.as_str()))
            .map(|l| l.size)
            .sum();
        let (containers, volumes) = self.container_usage();
        DiskUsage {
            images: DfRow {
                total: self.images.len(),
                active: self.images.keys().filter(|id| in_use.contains(*id)).count(),
                size: images,
                reclaimable: images.saturating_sub(used_bytes),
            },
            containers,
            volumes,
            build_cache: DfRow {
                total: self.cache.len(),
                active: 0,
                size: self.cache_bytes,
                reclaimable: self.cache_bytes,
            },
        }
    }
}
