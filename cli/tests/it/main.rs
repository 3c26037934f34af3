//! Black-box tests of the `layerlab` binary: what a script or a teacher sees.

mod build;
mod lint;
mod parse;
mod run;

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs `layerlab ARGS` with `stdin` piped in.
pub fn layerlab(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_layerlab"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the layerlab binary runs");
    child.stdin.take().expect("stdin is piped").write_all(stdin.as_bytes()).expect("stdin accepts input");
    child.wait_with_output().expect("layerlab finishes")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
