//! `COPY --link` / `ADD --link`: a layer that does not depend on what is
//! below it.
//!
//! BuildKit's Dockerfile frontend copies a linked source onto an empty
//! filesystem and merges the result with the stage so far
//! (`dockerfile2llb/convert.go`, `dispatchCopy`: with `cfg.link`, the copy
//! runs on `llb.Scratch()` and `llb.Merge` joins it to the state; moby/buildkit
//! 73ed6825). The copy's cache key therefore reads only its own inputs: a
//! rebuilt step below does not invalidate it, and its layer is reused as
//! it is. The merge is new, so the steps after it still run.
//! <https://docs.docker.com/reference/dockerfile/#copy---link>

use crate::instructions::Instruction;
use sha2::{Digest, Sha256};

/// True for `COPY --link` and `ADD --link`.
pub(super) fn is_linked(instruction: &Instruction) -> bool {
    match instruction {
        Instruction::Copy(copy) => copy.transfer.link,
        Instruction::Add(add) => add.transfer.link,
        _ => false,
    }
}

/// The key of the stage after a linked layer: the merge of the stage so far
/// (`parent`) with the linked copy (`linked`).
pub(super) fn merge_key(parent: &str, linked: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"merge\0");
    h.update(parent.as_bytes());
    h.update([0]);
    h.update(linked.as_bytes());
    format!("sha256:{:x}", h.finalize())
}

/// Why a linked step was taken from the cache although a step below ran.
pub(super) fn reused_note(rebuilt_line: usize) -> String {
    format!(
        "--link: this layer does not depend on the layers below it (BuildKit copies onto an empty layer and merges it), so the rebuild at line {rebuilt_line} did not invalidate it; the steps after it still run"
    )
}
