//! Archive detection and listing, against tars made here byte by byte.

use super::*;
use std::io::Write;

/// One tar member for [`tar`]: a name, a type flag, data, and a mode.
pub(crate) struct Member<'a> {
    pub name: &'a str,
    pub typeflag: u8,
    pub data: &'a [u8],
    pub mode: u32,
    pub link: &'a str,
}

pub(crate) fn file<'a>(name: &'a str, data: &'a [u8]) -> Member<'a> {
    Member { name, typeflag: b'0', data, mode: 0o644, link: "" }
}

pub(crate) fn dir(name: &str) -> Member<'_> {
    Member { name, typeflag: b'5', data: b"", mode: 0o755, link: "" }
}

/// A USTAR header for `member` (names up to 100 bytes).
fn header(name: &str, typeflag: u8, size: u64, mode: u32, link: &str) -> [u8; 512] {
    let mut h = [0u8; 512];
    h[..name.len()].copy_from_slice(name.as_bytes());
    h[100..107].copy_from_slice(format!("{mode:07o}").as_bytes());
    h[108..115].copy_from_slice(b"0001750");
    h[116..123].copy_from_slice(b"0001750");
    h[124..135].copy_from_slice(format!("{size:011o}").as_bytes());
    h[136..147].copy_from_slice(b"00000000000");
    h[156] = typeflag;
    h[157..157 + link.len()].copy_from_slice(link.as_bytes());
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    seal(&mut h);
    h
}

fn seal(h: &mut [u8; 512]) {
    h[148..156].copy_from_slice(b"        ");
    let sum: u32 = h.iter().map(|b| u32::from(*b)).sum();
    h[148..155].copy_from_slice(format!("{sum:06o}\0").as_bytes());
}

fn pad(out: &mut Vec<u8>) {
    out.resize(out.len().div_ceil(512) * 512, 0);
}

/// A tar of `members`, ended by two zero blocks, as `tar -c` writes it.
pub(crate) fn tar(members: &[Member<'_>]) -> Vec<u8> {
    let mut out = Vec::new();
    for m in members {
        out.extend_from_slice(&header(m.name, m.typeflag, m.data.len() as u64, m.mode, m.link));
        out.extend_from_slice(m.data);
        pad(&mut out);
    }
    out.extend_from_slice(&[0; 1024]);
    out
}

pub(crate) fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).expect("in memory");
    encoder.finish().expect("in memory")
}

fn listed(bytes: &[u8]) -> (Vec<(String, u64, u32, ArchiveEntryKind)>, bool) {
    match read_archive(bytes).map(|a| a.contents) {
        Some(ArchiveContents::Listed { entries, truncated }) => {
            (entries.into_iter().map(|e| (e.path, e.size, e.mode, e.kind)).collect(), truncated)
        }
        other => panic!("expected a listed archive, got {other:?}"),
    }
}

#[test]
fn compression_is_told_by_magic_numbers_as_moby_does() {
    // go-archive/compression/compression_detect.go: bzip2, gzip, xz, zstd (and skippable frames).
    let cases: &[(&[u8], Compression)] = &[
        (b"BZh91AY&SY", Compression::Bzip2),
        (&[0x1F, 0x8B, 0x08, 0, 0], Compression::Gzip),
        (&[0x1F, 0x8B, 0x07, 0, 0], Compression::Identity),
        (&[0xFD, b'7', b'z', b'X', b'Z', 0, 0], Compression::Xz),
        (&[0x28, 0xB5, 0x2F, 0xFD, 0], Compression::Zstd),
        (&[0x5A, 0x2A, 0x4D, 0x18, 0, 0, 0, 0], Compression::Zstd),
        (&[0x5A, 0x2A, 0x4D, 0x18], Compression::Identity),
        (b"hello", Compression::Identity),
        (b"", Compression::Identity),
    ];
    for (bytes, want) in cases {
        assert_eq!(Compression::detect(bytes), *want, "{bytes:?}");
    }
}

#[test]
fn a_plain_tar_lists_its_entries() {
    let bytes = tar(&[
        dir("./app/"),
        file("./app/main.py", b"print(1)\n"),
        Member { name: "app/run", typeflag: b'2', data: b"", mode: 0o777, link: "main.py" },
        Member { name: "app/bin", typeflag: b'0', data: &[7; 1000], mode: 0o755, link: "" },
        Member { name: "app/hard", typeflag: b'1', data: b"", mode: 0o755, link: "./app/bin" },
    ]);
    let archive = read_archive(&bytes).expect("a tar");
    assert_eq!(archive.compression, Compression::Identity);
    let (entries, truncated) = listed(&bytes);
    assert!(!truncated);
    assert_eq!(
        entries,
        [
            ("app".to_string(), 0, 0o755, ArchiveEntryKind::Dir),
            ("app/main.py".to_string(), 9, 0o644, ArchiveEntryKind::File),
            ("app/run".to_string(), 0, 0o777, ArchiveEntryKind::Symlink { target: "main.py".into() }),
            ("app/bin".to_string(), 1000, 0o755, ArchiveEntryKind::File),
            ("app/hard".to_string(), 0, 0o755, ArchiveEntryKind::Hardlink { target: "app/bin".into() }),
        ]
    );
    let Some(ArchiveContents::Listed { entries, .. }) = read_archive(&bytes).map(|a| a.contents) else {
        panic!("listed")
    };
    assert_eq!((entries[1].uid, entries[1].gid), (1000, 1000));
    assert_ne!(entries[1].digest, entries[3].digest);
}

#[test]
fn a_gzipped_tar_lists_its_entries() {
    let bytes = gzip(&tar(&[file("a.txt", b"a"), file("b/c.txt", b"cc")]));
    assert_eq!(read_archive(&bytes).map(|a| a.compression), Some(Compression::Gzip));
    let (entries, _) = listed(&bytes);
    let names: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(names, ["a.txt", "b/c.txt"]);
}

#[test]
fn files_that_are_not_tars_are_not_archives_whatever_their_name() {
    // BuildKit's isArchivePath: decompress, then tar.Reader.Next must succeed.
    let mut bad_sum = tar(&[file("a", b"a")]);
    bad_sum[0] = b'b';
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("text", b"just some text, named app.tar\n".to_vec()),
        ("text that starts like bzip2", b"BZh, not compressed\n".to_vec()),
        ("empty", Vec::new()),
        ("shorter than a block", vec![b'x'; 100]),
        ("gzip of text", gzip(b"not a tar")),
        ("bad header checksum", bad_sum),
        ("zero blocks only", vec![0; 1024]),
        ("a random 512-byte block", (0..512u32).map(|i| (i * 7 % 251) as u8).collect()),
    ];
    for (what, bytes) in cases {
        assert_eq!(read_archive(&bytes), None, "{what}");
    }
}

#[test]
fn compressions_without_a_pure_rust_reader_are_archives_with_unknown_entries() {
    for (bytes, compression) in [
        (&[b'B', b'Z', b'h', b'9', 0x31, 0x41, 0x59, 0x26, 0x53, 0x59, 0][..], Compression::Bzip2),
        (&[0xFD, b'7', b'z', b'X', b'Z', 0, 1, 2][..], Compression::Xz),
        (&[0x28, 0xB5, 0x2F, 0xFD, 1, 2][..], Compression::Zstd),
    ] {
        assert_eq!(read_archive(bytes), Some(Archive { compression, contents: ArchiveContents::Unknown }));
    }
}

#[test]
fn long_names_come_from_ustar_prefix_gnu_longname_and_pax() {
    let long = format!("{}/file.txt", "d".repeat(120));
    // USTAR: prefix (345..500) + name.
    let mut ustar = header("file.txt", b'0', 1, 0o644, "");
    ustar[345..465].copy_from_slice("d".repeat(120).as_bytes());
    seal(&mut ustar);
    let mut bytes = ustar.to_vec();
    bytes.extend_from_slice(&[b'x'; 512]);
    bytes.extend_from_slice(&[0; 1024]);
    assert_eq!(listed(&bytes).0[0].0, long);
    // GNU: an `L` entry whose data is the next entry's name.
    let gnu = tar(&[
        Member { name: "././@LongLink", typeflag: b'L', data: long.as_bytes(), mode: 0, link: "" },
        file("short", b"1"),
    ]);
    assert_eq!(listed(&gnu).0, [(long.clone(), 1, 0o644, ArchiveEntryKind::File)]);
    // pax: `path` and `size` records override the header.
    let record = format!("{} path={long}\n", long.len() + 7 + 3);
    let record = format!("{} path={long}\n", record.len());
    let pax = tar(&[
        Member { name: "PaxHeaders/x", typeflag: b'x', data: record.as_bytes(), mode: 0, link: "" },
        file("short", b"1"),
    ]);
    assert_eq!(listed(&pax).0, [(long, 1, 0o644, ArchiveEntryKind::File)]);
}

#[test]
fn base_256_sizes_are_read() {
    let mut h = header("big", b'0', 0, 0o644, "");
    h[124..136].copy_from_slice(&[0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x00]);
    seal(&mut h);
    let mut bytes = h.to_vec();
    bytes.extend_from_slice(&[1; 512]);
    bytes.extend_from_slice(&[0; 1024]);
    assert_eq!(listed(&bytes).0, [("big".to_string(), 512, 0o644, ArchiveEntryKind::File)]);
}

#[test]
fn hostile_archives_are_bounded() {
    // More entries than the bound: the listing stops and says so.
    let names: Vec<String> = (0..MAX_ENTRIES + 5).map(|i| format!("f{i}")).collect();
    let members: Vec<Member<'_>> = names.iter().map(|n| file(n, b"")).collect();
    let (entries, truncated) = listed(&tar(&members));
    assert_eq!((entries.len(), truncated), (MAX_ENTRIES, true));
    // A gzip bomb: 80 MB of zeros in one member compress to a few hundred KB;
    // at most MAX_TAR_BYTES are inflated.
    let zeros = vec![0u8; 80 * 1024 * 1024];
    let bomb = gzip(&tar(&[file("zeros", &zeros)]));
    assert!(bomb.len() < 1024 * 1024, "{}", bomb.len());
    let (entries, truncated) = listed(&bomb);
    assert_eq!((entries.len(), truncated), (1, true));
    // A header that claims a huge size, then the stream ends: listed, truncated.
    let mut h = header("huge", b'0', 0, 0o644, "");
    h[124..135].copy_from_slice(b"77777777777");
    seal(&mut h);
    let (entries, truncated) = listed(&h);
    assert_eq!((entries[0].1, truncated), (0o77777777777, true));
}
