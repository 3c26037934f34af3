//! Dry run speed (budget: under 1 ms natively): a `docker run` line against
//! the editor's built image (added to the engine without rebuilding), and
//! against a catalog image that a run would pull, in a daemon that already
//! runs a few containers.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use layerlab_core::build::{build, BuildCache, BuildRequest};
use layerlab_core::context::BuildContext;
use layerlab_core::engine::containers::dry_run;
use layerlab_core::engine::Engine;
use layerlab_core::run::parse_run;

const NOW: u64 = 1_795_000_000;

fn engine() -> Engine {
    let dockerfile = "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nUSER nobody\nEXPOSE 8000\nCMD [\"python\", \"-m\", \"http.server\"]\n";
    let files: Vec<(String, Vec<u8>)> = (0..200)
        .map(|i| (format!("src/file{i}.py"), format!("print({i})\n").into_bytes()))
        .chain([("requirements.txt".to_string(), b"flask==3.0\n".to_vec())])
        .collect();
    let context = BuildContext::from_files(files).expect("valid context");
    let request = BuildRequest {
        dockerfile,
        context: &context,
        build_args: Default::default(),
        target: None,
        no_cache: false,
        session: Default::default(),
    };
    let outcome = build(&request, &mut BuildCache::default());
    let mut engine = Engine::new();
    engine.add_built_image(&outcome, "app", NOW).expect("the build made an image");
    for (k, line) in
        ["docker run -d --name web -p 8080:80 nginx", "docker run -d --name cache redis"].iter().enumerate()
    {
        engine.run(&parse_run(line).expect("parses"), NOW + k as u64).expect("runs");
    }
    engine
}

fn bench(c: &mut Criterion) {
    let engine = engine();
    let built = "docker run -d --name api -p 8000:8000 -m 256m --cpus 1 -e MODE=prod app";
    let pulled = "docker run --rm -it alpine:3.22 sh -c 'echo hi && sleep 1'";
    for line in [built, pulled] {
        let d = dry_run(&engine, line, NOW + 10).expect("a dry run");
        assert!(d.setup.is_ok(), "{line}: {:?}", d.setup);
    }
    let mut group = c.benchmark_group("dry_run");
    group.bench_function("built image, 2 running containers", |b| {
        b.iter(|| dry_run(black_box(&engine), black_box(built), NOW + 10))
    });
    group.bench_function("catalog image (pulled on the copy)", |b| {
        b.iter(|| dry_run(black_box(&engine), black_box(pulled), NOW + 10))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
