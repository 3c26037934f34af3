//! Parsing speed in MB/s (criterion's `Throughput::Bytes`): BuildKit's parser
//! corpus concatenated to 20 MB by `tools/bench/parse-corpus.sh` (the input
//! `layerlab parse --dump json` is timed on as a whole process, see
//! ARCHITECTURE.md), through the parser alone, the parser and the JSON dump,
//! and everything `layerlab parse --dump json` does in process; and a
//! generated 10,000-line Dockerfile through the whole front end (`analyze`).

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use layerlab_core::{analysis, analyze, instructions, json, syntax};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The 20 MB concatenation, written by the same script the whole-process
/// figure uses, so both time the same bytes.
fn corpus() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("parse-corpus.dockerfile");
    let status = Command::new("sh")
        .arg(root.join("tools/bench/parse-corpus.sh"))
        .arg(&out)
        .status()
        .unwrap_or_else(|e| panic!("running tools/bench/parse-corpus.sh: {e}"));
    assert!(status.success(), "tools/bench/parse-corpus.sh failed: {status}");
    let text = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("reading {}: {e}", out.display()));
    assert!(syntax::parse(&text).is_ok(), "the corpus must parse, or the dump would be empty");
    text
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

/// What `layerlab parse --dump json` does between reading the file and
/// exiting: one parse, the instructions' checks, the diagnostics, the dump.
fn parse_command(text: &str) -> usize {
    let parsed = syntax::parse(text);
    let file = instructions::problems(&parsed);
    let index = layerlab_core::LineIndex::new(text);
    let diagnostics = analysis::diagnostics(text, &index, &parsed, &file, &BTreeMap::new());
    let mut out = Counter(0);
    json::write_parse_dump(&parsed, &mut out).expect("counting cannot fail");
    diagnostics.len() + out.0
}

/// A writer that only counts, so the dump is made but not kept.
struct Counter(usize);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn bench(c: &mut Criterion) {
    let corpus = corpus();
    let big = generated(10_000);
    let mut group = c.benchmark_group("parse");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(corpus.len() as u64));
    group.bench_function("buildkit corpus 20 MB: syntax", |b| b.iter(|| syntax::parse(black_box(&corpus))));
    group.bench_function("buildkit corpus 20 MB: syntax + JSON dump", |b| {
        b.iter(|| {
            let parsed = syntax::parse(black_box(&corpus));
            let mut out = Counter(0);
            json::write_parse_dump(&parsed, &mut out).expect("counting cannot fail");
            out.0
        })
    });
    group.bench_function("buildkit corpus 20 MB: parse --dump json", |b| b.iter(|| parse_command(black_box(&corpus))));
    group.throughput(Throughput::Bytes(big.len() as u64));
    group.bench_function("10k lines: analyze", |b| b.iter(|| analyze(black_box(&big))));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
