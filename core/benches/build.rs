//! Build simulation speed: a 50-step multi-stage build over a 2,000-file
//! context, cold (empty cache) and warm (every step cached).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use layerlab_core::build::{build, BuildCache, BuildRequest};
use layerlab_core::context::BuildContext;

fn context() -> BuildContext {
    let mut files: Vec<(String, Vec<u8>)> = (0..2_000)
        .map(|i| (format!("src/pkg{}/file{i}.py", i % 40), format!("print({i})\n").repeat(1 + i % 7).into_bytes()))
        .collect();
    files.push(("requirements.txt".into(), b"flask\nrequests\n".to_vec()));
    files.push((".dockerignore".into(), b"**/*.pyc\n.git\n".to_vec()));
    BuildContext::from_files(files).expect("valid context")
}

fn dockerfile() -> String {
    let mut text = String::from("FROM python:3.12-slim AS build\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n");
    for i in 0..20 {
        text.push_str(&format!("COPY src/pkg{i} ./pkg{i}/\nRUN mkdir -p /app/out{i} && touch /app/out{i}/done\n"));
    }
    text.push_str("FROM python:3.12-slim\nWORKDIR /app\n");
    for i in 0..4 {
        text.push_str(&format!("COPY --from=build /app/pkg{i} ./pkg{i}/\n"));
    }
    text.push_str("USER nobody\nCMD [\"python\", \"-m\", \"pkg0\"]\n");
    text
}

fn bench(c: &mut Criterion) {
    let context = context();
    let dockerfile = dockerfile();
    let request = BuildRequest {
        dockerfile: &dockerfile,
        context: &context,
        build_args: Default::default(),
        target: None,
        no_cache: false,
        session: Default::default(),
    };
    let check = build(&request, &mut BuildCache::default());
    assert!(check.error.is_none(), "{:?}", check.error);
    assert!(check.steps.len() >= 48, "{} steps", check.steps.len());
    let mut group = c.benchmark_group("build");
    group.bench_function("50 steps, 2000 files, cold cache", |b| {
        b.iter(|| build(black_box(&request), &mut BuildCache::default()))
    });
    let mut warm = BuildCache::default();
    build(&request, &mut warm);
    group.bench_function("50 steps, 2000 files, warm cache", |b| b.iter(|| build(black_box(&request), &mut warm)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
