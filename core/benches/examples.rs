//! The app's Build button on each example of the gallery: a fresh
//! playground's `edit` of the example's project (parse, the build with a
//! cold cache, every lint rule with its "what if" builds), then the dry run
//! of `docker run app` against the image, as the app's reducer does.
//! The browser benchmark (`tests/browser/bench.rs`) times the same click in
//! Chromium; this one finds where the core's share of it goes.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use layerlab_core::examples;
use layerlab_core::playground::Playground;

/// The fixed clock of the app's native tests.
const NOW: u64 = 1_767_225_600;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("example build");
    for example in examples::all() {
        let project = example.project();
        group.bench_function(example.name, |b| {
            b.iter(|| {
                let mut playground = Playground::new();
                let view = playground.edit(black_box(&project));
                let run = view.build.as_ref().map(|built| playground.dry_run("docker run app", built, "app", NOW));
                black_box((view, run.map(|r| r.is_ok())))
            })
        });
    }
    // The browser benchmark clicks the examples in gallery order on one
    // long-lived builder: each Build finds the earlier examples in its cache.
    let mut warm = Playground::new();
    for example in examples::all() {
        let project = example.project();
        if example.name == "java-maven" {
            group.bench_function("java-maven after the examples before it", |b| {
                b.iter_batched(
                    || warm.clone(),
                    |mut playground| black_box(playground.edit(&project)),
                    criterion::BatchSize::LargeInput,
                )
            });
            break;
        }
        warm.edit(&project);
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
