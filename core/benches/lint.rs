//! Lint speed: a 200-line multi-stage Dockerfile through every rule:
//! BuildKit's checks, the best practices, and the engine rules (which build
//! the file in the simulator, and build again for their "what if" figures).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use layerlab_core::build::{build_with, BuildCache, BuildOptions, BuildRequest};
use layerlab_core::context::BuildContext;
use layerlab_core::lint::practice::check_practices;
use layerlab_core::lint::{check, lint, LintInput, LintRequest, PriorBuild};
use layerlab_core::{instructions, syntax};
use std::collections::BTreeMap;

fn dockerfile() -> String {
    let mut text =
        String::from("# syntax=docker/dockerfile:1\nARG GO=1.22\nFROM golang:${GO} AS build\nWORKDIR /src\n");
    let mut i = 0;
    while text.lines().count() < 196 {
        i += 1;
        text.push_str(&format!(
            "RUN apt-get update && apt-get install -y pkg{i} \\\n    && rm -rf /var/lib/apt/lists/*\nCOPY src{i} ./src{i}/\nENV PATH=/src{i}/bin:$PATH\n"
        ));
    }
    text.push_str("FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /src/app /app\nUSER nonroot\nENTRYPOINT [\"/app\"]\n");
    text
}

fn bench(c: &mut Criterion) {
    let text = dockerfile();
    let args = BTreeMap::new();
    c.bench_function("lint: 200 lines, BuildKit checks + best practices", |b| {
        b.iter(|| {
            let result = check(&LintInput::new(black_box(&text), &args));
            let practices = check_practices(black_box(&text));
            (result.findings.len(), practices.len())
        })
    });
    c.bench_function("lint: 200 lines, all rules (engine included)", |b| {
        b.iter(|| lint(&LintRequest::new(black_box(&text), &args)).findings.len())
    });

    // What the façade does per edit: lint over its own parse and build.
    let files: Vec<(String, Vec<u8>)> = (1..=60).map(|i| (format!("src{i}/main.go"), vec![b'x'; 100])).collect();
    let context = BuildContext::from_files(files).expect("no .dockerignore");
    let parsed = syntax::parse(&text);
    let file = instructions::from_syntax(&parsed);
    let mut cache = BuildCache::default();
    let request = BuildRequest {
        dockerfile: &text,
        context: &context,
        build_args: args.clone(),
        target: None,
        no_cache: false,
        session: Default::default(),
    };
    let outcome = build_with(&request, &mut cache, &BuildOptions { log: true, parsed: Some((&parsed, &file)) });
    let mut plain = LintRequest::new(&text, &args);
    plain.context = Some(&context);
    c.bench_function("lint: 200 lines, all rules, with a context", |b| {
        b.iter(|| lint(black_box(&plain)).findings.len())
    });
    let mut given = plain;
    given.parsed = Some((&parsed, &file));
    given.build = Some(PriorBuild { outcome: &outcome, cache: &cache });
    c.bench_function("lint: 200 lines, all rules, with a context and the caller's parse and build", |b| {
        b.iter(|| lint(black_box(&given)).findings.len())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
