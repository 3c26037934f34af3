//! Archives in the build context: which files `ADD` would extract, and what
//! they hold.
//!
//! BuildKit decides by content, never by file name: a local `ADD` source is
//! unpacked when it decompresses (identity, gzip, bzip2, xz or zstd, told
//! apart by magic numbers) and the result starts with a valid tar header
//! (`solver/llbsolver/file/unpack.go`, `isArchivePath`; the magic numbers are
//! moby's `go-archive/compression/compression_detect.go`).
//!
//! Layerlab reads plain tar and gzip (pure Rust, so it also runs on wasm32).
//! bzip2, xz and zstd are recognised by their magic number but not
//! decompressed: such a file is recorded as an archive whose entries are
//! unknown. The work is bounded ([`MAX_ENTRIES`], [`MAX_TAR_BYTES`]) so a
//! hostile archive (a gzip bomb, millions of entries) cannot freeze the page.

use super::path::clean;
use std::io::Read;

/// At most this many entries are listed; the rest are reported as truncated.
pub const MAX_ENTRIES: usize = 10_000;
/// At most this many bytes of (decompressed) tar stream are read.
pub const MAX_TAR_BYTES: u64 = 64 * 1024 * 1024;

const BLOCK: usize = 512;

/// How an archive is compressed, as moby's `compression.Detect` tells them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Compression {
    /// A plain tar.
    Identity,
    Gzip,
    Bzip2,
    Xz,
    Zstd,
}

impl Compression {
    /// Detects the compression from the first bytes, in moby's order.
    pub fn detect(bytes: &[u8]) -> Compression {
        const SKIPPABLE_START: u32 = 0x184D_2A50;
        if bytes.starts_with(&[0x42, 0x5A, 0x68]) {
            Compression::Bzip2
        } else if bytes.starts_with(&[0x1F, 0x8B, 0x08]) {
            Compression::Gzip
        } else if bytes.starts_with(&[0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) {
            Compression::Xz
        } else if bytes.starts_with(&[0x28, 0xB5, 0x2F, 0xFD])
            || bytes.len() >= 8
                && bytes.first_chunk::<4>().is_some_and(|m| u32::from_le_bytes(*m) & 0xFFFF_FFF0 == SKIPPABLE_START)
        {
            Compression::Zstd
        } else {
            Compression::Identity
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Compression::Identity => "tar",
            Compression::Gzip => "gzip",
            Compression::Bzip2 => "bzip2",
            Compression::Xz => "xz",
            Compression::Zstd => "zstd",
        }
    }
}

/// What a tar entry is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ArchiveEntryKind {
    File,
    Dir,
    Symlink {
        target: String,
    },
    /// A hard link to an earlier entry: stored once in the layer.
    Hardlink {
        target: String,
    },
    /// Devices and FIFOs: no bytes.
    Special,
}

/// One entry of a tar archive.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ArchiveEntry {
    /// Cleaned and relative (`./bin/app` → `bin/app`).
    pub path: String,
    pub size: u64,
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    pub kind: ArchiveEntryKind,
    /// FNV-1a of the entry's bytes, so a changed member changes the layer.
    pub digest: u64,
}

/// What is known of an archive's entries.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ArchiveContents {
    /// Listed, in archive order; `truncated` when a bound stopped the listing.
    Listed { entries: Vec<ArchiveEntry>, truncated: bool },
    /// A compression Layerlab does not decompress: BuildKit extracts the file
    /// if it holds a tar, and what it holds is unknown here.
    Unknown,
}

/// A context file BuildKit's `ADD` would treat as an archive.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Archive {
    pub compression: Compression,
    pub contents: ArchiveContents,
}

/// Reads `bytes` as BuildKit's `isArchivePath` would: `None` when the file is
/// not an archive (ADD copies it as is).
pub fn read_archive(bytes: &[u8]) -> Option<Archive> {
    let compression = Compression::detect(bytes);
    let contents = match compression {
        Compression::Identity => list_tar(bytes)?,
        Compression::Gzip => list_tar(flate2::read::MultiGzDecoder::new(bytes))?,
        // moby tells bzip2 by 3 bytes, then fails to decompress a file that is not
        // bzip2: the block magic (π's digits) or the end-of-stream magic (√π's) must follow.
        Compression::Bzip2 => match bytes.get(3..10) {
            Some(
                [b'1'..=b'9', 0x31, 0x41, 0x59, 0x26, 0x53, 0x59] | [b'1'..=b'9', 0x17, 0x72, 0x45, 0x38, 0x50, 0x90],
            ) => ArchiveContents::Unknown,
            _ => return None,
        },
        Compression::Xz | Compression::Zstd => ArchiveContents::Unknown,
    };
    Some(Archive { compression, contents })
}

/// Lists a tar stream; `None` when its first header is not a valid tar header
/// (Go's `tar.Reader.Next` failing, which makes BuildKit copy the file as is).
fn list_tar(reader: impl Read) -> Option<ArchiveContents> {
    let mut reader = reader.take(MAX_TAR_BYTES);
    let mut entries = Vec::new();
    let mut long_name: Option<String> = None;
    let mut long_link: Option<String> = None;
    let mut pax_path: Option<String> = None;
    let mut pax_link: Option<String> = None;
    let mut pax_size: Option<u64> = None;
    let mut first = true;
    let mut block = [0u8; BLOCK];
    // After the first header, a damaged or cut stream ends the listing (BuildKit
    // would fail the extraction); before it, the file is simply not an archive.
    let stop = |first: bool, entries: Vec<ArchiveEntry>, truncated: bool| {
        (!first).then_some(ArchiveContents::Listed { entries, truncated })
    };
    loop {
        if read_full(&mut reader, &mut block) != BLOCK {
            // Go's reader: a stream that ends inside the first header is not an archive.
            let truncated = reader.limit() == 0;
            return stop(first, entries, truncated);
        }
        if block.iter().all(|b| *b == 0) {
            // End of archive (Go returns io.EOF on a leading zero block: not an archive).
            return stop(first, entries, false);
        }
        let header = Header(&block);
        if !header.checksum_ok() {
            return stop(first, entries, true);
        }
        first = false;
        let Some(size) = pax_size.take().or_else(|| header.size()) else {
            return stop(first, entries, true);
        };
        let typeflag = block[156];
        match typeflag {
            // GNU long names and pax headers describe the next entry.
            b'L' | b'K' | b'x' | b'g' => {
                let Some(data) = read_data(&mut reader, size, 64 * 1024) else {
                    return stop(first, entries, true);
                };
                match typeflag {
                    b'L' => long_name = Some(c_string(&data)),
                    b'K' => long_link = Some(c_string(&data)),
                    b'x' => {
                        for (key, value) in pax_records(&data) {
                            match key.as_str() {
                                "path" => pax_path = Some(value),
                                "linkpath" => pax_link = Some(value),
                                "size" => pax_size = value.parse().ok(),
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
                continue;
            }
            _ => {}
        }
        let name = pax_path.take().or(long_name.take()).unwrap_or_else(|| header.name());
        let link = pax_link.take().or(long_link.take()).unwrap_or_else(|| c_string(&block[157..257]));
        let kind = match typeflag {
            b'5' => ArchiveEntryKind::Dir,
            b'2' => ArchiveEntryKind::Symlink { target: link },
            b'1' => ArchiveEntryKind::Hardlink { target: clean_member(&link) },
            b'3' | b'4' | b'6' => ArchiveEntryKind::Special,
            _ => ArchiveEntryKind::File,
        };
        // Only regular files carry data (a hard link's size field is ignored, as in Go).
        let size = if kind == ArchiveEntryKind::File { size } else { 0 };
        let (digest, complete) = digest_data(&mut reader, size);
        let path = clean_member(&name);
        if path != "." {
            let mode = header.octal(100..108).unwrap_or(0o644) as u32 & 0o7777;
            let (uid, gid) = (header.octal(108..116).unwrap_or(0) as u32, header.octal(116..124).unwrap_or(0) as u32);
            entries.push(ArchiveEntry { path, size, mode, uid, gid, kind, digest });
        }
        if !complete || entries.len() >= MAX_ENTRIES {
            return stop(first, entries, true);
        }
    }
}

/// A member name as the layer stores it: relative, cleaned.
fn clean_member(name: &str) -> String {
    clean(name.trim_start_matches('/'))
}

struct Header<'a>(&'a [u8; BLOCK]);

impl Header<'_> {
    /// USTAR splits long names into `prefix/name`; GNU tar uses that space for times.
    fn name(&self) -> String {
        let name = c_string(&self.0[0..100]);
        let ustar = &self.0[257..263] == b"ustar\0";
        let prefix = if ustar { c_string(&self.0[345..500]) } else { String::new() };
        if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        }
    }

    /// The size field: octal, or base-256 when its high bit is set (GNU).
    fn size(&self) -> Option<u64> {
        let field = &self.0[124..136];
        if field[0] & 0x80 != 0 {
            // Base-256: more than 8 significant bytes cannot fit a u64.
            let rest = &field[1..];
            if field[0] & 0x7F != 0 || rest[..rest.len() - 8].iter().any(|b| *b != 0) {
                return None;
            }
            return Some(rest[rest.len() - 8..].iter().fold(0u64, |n, b| n << 8 | u64::from(*b)));
        }
        self.octal(124..136)
    }

    fn octal(&self, range: std::ops::Range<usize>) -> Option<u64> {
        let text = std::str::from_utf8(&self.0[range]).ok()?;
        let text = text.trim_matches(|c| c == ' ' || c == '\0');
        if text.is_empty() {
            return Some(0);
        }
        u64::from_str_radix(text, 8).ok()
    }

    /// Go accepts the unsigned and the signed sum, with the field read as spaces.
    fn checksum_ok(&self) -> bool {
        let Some(stored) = self.octal(148..156) else { return false };
        let (mut unsigned, mut signed) = (0u64, 0i64);
        for (i, b) in self.0.iter().enumerate() {
            let b = if (148..156).contains(&i) { b' ' } else { *b };
            unsigned += u64::from(b);
            signed += i64::from(b as i8);
        }
        stored == unsigned || i64::try_from(stored).is_ok_and(|s| s == signed)
    }
}

fn c_string(bytes: &[u8]) -> String {
    let end = bytes.iter().position(|b| *b == 0).unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

/// `"%d %s=%s\n"` records of a pax extended header.
fn pax_records(data: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(data);
    let mut out = Vec::new();
    let mut rest: &str = &text;
    while let Some((len, _)) = rest.split_once(' ') {
        let Some(n) = len.parse::<usize>().ok().filter(|n| *n > len.len() && *n <= rest.len()) else { break };
        let Some(record) = rest.get(len.len() + 1..n) else { break };
        if let Some((k, v)) = record.trim_end_matches('\n').split_once('=') {
            out.push((k.to_string(), v.to_string()));
        }
        rest = &rest[n..];
    }
    out
}

/// Reads until `buf` is full or the stream ends; returns the bytes read.
fn read_full(reader: &mut impl Read, buf: &mut [u8]) -> usize {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => filled += n,
        }
    }
    filled
}

/// An entry's data padded to the block size; `None` when the stream ends early.
fn read_data(reader: &mut impl Read, size: u64, keep: usize) -> Option<Vec<u8>> {
    let mut kept = Vec::new();
    let padded = size.div_ceil(BLOCK as u64) * BLOCK as u64;
    let mut left = padded;
    let mut buf = [0u8; 8 * BLOCK];
    while left > 0 {
        let want = left.min(buf.len() as u64) as usize;
        let got = read_full(reader, &mut buf[..want]);
        if got == 0 {
            return None;
        }
        let data_left = size.saturating_sub(padded - left) as usize;
        let take = got.min(data_left).min(keep.saturating_sub(kept.len()));
        kept.extend_from_slice(&buf[..take]);
        left -= got as u64;
    }
    Some(kept)
}

/// Skips an entry's data (padded), hashing the data bytes; false when the
/// stream ended first (cut, or the byte bound).
fn digest_data(reader: &mut impl Read, size: u64) -> (u64, bool) {
    let padded = size.div_ceil(BLOCK as u64) * BLOCK as u64;
    let mut left = padded;
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    let mut buf = [0u8; 8 * BLOCK];
    while left > 0 {
        let want = left.min(buf.len() as u64) as usize;
        let got = read_full(reader, &mut buf[..want]);
        if got == 0 {
            return (hash, false);
        }
        let data_left = size.saturating_sub(padded - left) as usize;
        for b in &buf[..got.min(data_left)] {
            hash = (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        left -= got as u64;
    }
    (hash, true)
}

#[cfg(test)]
pub(crate) mod tests;
