//! Share links: the whole project in the URL's fragment, so nothing is sent
//! anywhere (a fragment never reaches a server).
//!
//! `#v1=<data>` where data is the project's JSON (the core's versioned
//! project document, `json::project_to_json`), deflated (raw DEFLATE,
//! RFC 1951) and base64url-encoded without padding (RFC 4648 §5). The `v1`
//! names the format: a later format gets `v2` and this decoder stays, so old
//! links keep opening. Options follow as `&key=value`: `embed` (read-only,
//! no toolbars), `panel` and `layer` (open at a panel with a layer selected).
//!
//! `#w1=<data>` is a teacher's worksheet (`worksheet.rs`), packed the same
//! way: its JSON, deflated, base64url.

use std::io::{Read, Write};

use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;

use crate::project::{Project, ProjectExt};

/// At most this many bytes are inflated: a link cannot exhaust memory.
const MAX_INFLATED: u64 = 4 << 20;

/// What a URL's fragment and query ask for.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Link {
    /// The shared project; `Some(Err)` when the link is damaged.
    pub project: Option<Result<Project, LinkError>>,
    pub embed: bool,
    pub panel: Option<String>,
    pub layer: Option<usize>,
    /// A worksheet's JSON (`w1=`), inflated; read by `worksheet::read`.
    pub worksheet: Option<Result<String, LinkError>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    /// A `vN=` this version does not know (a link from a newer Layerlab).
    UnknownVersion(String),
    NotBase64,
    NotDeflate,
    NotAProject(String),
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkError::UnknownVersion(v) => {
                write!(f, "this link uses format {v}, which is newer than this Layerlab")
            }
            LinkError::NotBase64 => write!(f, "the link's data is not base64url (was it cut short?)"),
            LinkError::NotDeflate => write!(f, "the link's data does not inflate (was it cut short?)"),
            LinkError::NotAProject(e) => write!(f, "the link's data is not a project: {e}"),
        }
    }
}

/// The fragment (without `#`) that opens `project`, with `extra` options.
pub fn fragment(project: &Project, extra: &[(&str, String)]) -> String {
    let mut out = format!("v1={}", pack(&project.to_json()));
    for (key, value) in extra {
        out.push('&');
        out.push_str(key);
        if !value.is_empty() {
            out.push('=');
            out.push_str(value);
        }
    }
    out
}

/// Reads a location's query (`?embed`) and fragment (`#v1=…&layer=3`).
pub fn parse(query: &str, hash: &str) -> Link {
    let mut link = Link::default();
    let query = query.trim_start_matches('?');
    let hash = hash.trim_start_matches('#');
    for part in query.split('&').chain(hash.split('&')).filter(|p| !p.is_empty()) {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        match key {
            "embed" => link.embed = true,
            "panel" => link.panel = Some(value.to_owned()),
            "layer" => link.layer = value.parse().ok(),
            "v1" => link.project = Some(decode_v1(value)),
            "w1" => link.worksheet = Some(unpack(value)),
            k if k.len() > 1 && k.starts_with('v') && k[1..].bytes().all(|b| b.is_ascii_digit()) => {
                link.project = Some(Err(LinkError::UnknownVersion(k.to_owned())));
            }
            _ => {}
        }
    }
    link
}

fn decode_v1(data: &str) -> Result<Project, LinkError> {
    Project::from_json(&unpack(data)?).map_err(LinkError::NotAProject)
}

/// Text deflated and base64url-encoded, as a link carries it.
pub fn pack(text: &str) -> String {
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
    let deflated = encoder.write_all(text.as_bytes()).and_then(|()| encoder.finish()).unwrap_or_default();
    base64url(&deflated)
}

/// What [`pack`] made, back as text (at most `MAX_INFLATED` bytes).
pub fn unpack(data: &str) -> Result<String, LinkError> {
    let deflated = unbase64url(data).ok_or(LinkError::NotBase64)?;
    let mut text = Vec::new();
    DeflateDecoder::new(deflated.as_slice())
        .take(MAX_INFLATED)
        .read_to_end(&mut text)
        .map_err(|_| LinkError::NotDeflate)?;
    String::from_utf8(text).map_err(|_| LinkError::NotAProject("not UTF-8 text".into()))
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

fn unbase64url(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in text.bytes() {
        let v = ALPHABET.iter().position(|a| *a == b)? as u32;
        acc = acc << 6 | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_matches_rfc_4648_vectors_without_padding() {
        // RFC 4648 §10, with the padding dropped as §5 allows.
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64url(plain.as_bytes()), encoded);
            assert_eq!(unbase64url(encoded).as_deref(), Some(plain.as_bytes()));
        }
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
        assert_eq!(unbase64url("a+b"), None);
    }

    #[test]
    fn a_link_opens_the_exact_project_with_its_options() {
        let project = Project::from_files([("Dockerfile", "FROM alpine\nRUN echo é\n"), ("a b.txt", "x\n")])
            .with_build_arg("V", Some("1"))
            .with_executable("a b.txt", true);
        let hash = fragment(&project, &[("panel", "layers".into()), ("layer", "2".into())]);
        assert!(hash.starts_with("v1="), "{hash}");
        let link = parse("?embed", &format!("#{hash}"));
        assert_eq!(link.project, Some(Ok(project)));
        assert!(link.embed);
        assert_eq!(link.panel.as_deref(), Some("layers"));
        assert_eq!(link.layer, Some(2));
    }

    #[test]
    fn damaged_and_future_links_say_why() {
        assert_eq!(parse("", "#v1=@@").project, Some(Err(LinkError::NotBase64)));
        assert_eq!(parse("", "#v1=AAAA").project.map(|p| p.is_err()), Some(true));
        assert_eq!(parse("", "#v9=abc").project, Some(Err(LinkError::UnknownVersion("v9".into()))));
        assert_eq!(parse("", "").project, None);
        assert!(parse("", "#v1=x&embed").embed);
    }
}
