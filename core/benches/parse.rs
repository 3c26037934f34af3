//! Parsing speed: BuildKit's parser corpus concatenated, and a generated
//! 10,000-line Dockerfile, through the whole front end (`analyze`).

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use layerlab_core::{analyze, syntax};
use std::path::PathBuf;

fn corpus() -> String {
    let root = std::env::var_os("LAYERLAB_CONFORMANCE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/conformance"));
    let dir = root.join("parser");
    let mut dirs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("conformance corpus missing at {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    dirs.sort();
    // Directives of all but the first file become plain comments here; the
    // point is volume, not each file's meaning.
    dirs.iter().filter_map(|d| std::fs::read_to_string(d.join("Dockerfile")).ok()).map(|text| text + "\n").collect()
}

fn generated(lines: usize) -> String {
    let mut text = String::from("# syntax=docker/dockerfile:1\nARG GO=1.22\nFROM golang:${GO} AS build\n");
    let mut i = 0;
    while text.lines().count() < lines {
        i += 1;
        text.push_str(&format!(
            "RUN apt-get update && \\\n    apt-get install -y --no-install-recommends pkg{i} && \\\n    rm -rf /var/lib/apt/lists/*\nCOPY --chown=app:app [\"src{i}\", \"/app/{i}/\"]\nENV PATH=/app/{i}/bin:$PATH MODE=\"prod {i}\"\nRUN <<EOF\necho {i}\nEOF\n"
        ));
    }
    text
}

fn bench(c: &mut Criterion) {
    let corpus = corpus();
    let big = generated(10_000);
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(corpus.len() as u64));
    group.bench_function("buildkit corpus: syntax", |b| b.iter(|| syntax::parse(black_box(&corpus))));
    group.bench_function("buildkit corpus: analyze", |b| b.iter(|| analyze(black_box(&corpus))));
    group.throughput(Throughput::Bytes(big.len() as u64));
    group.bench_function("10k lines: analyze", |b| b.iter(|| analyze(black_box(&big))));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
