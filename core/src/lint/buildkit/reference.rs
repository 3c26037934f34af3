//! Image references as BuildKit validates a base name
//! (distribution/reference's `ParseNormalizedNamed`, with go-digest's checks).
//!
//! Layerlab's catalog has its own reader (`catalog::ImageRef`); this one exists
//! because InvalidDefaultArgInFrom and the "failed to parse stage name" error
//! need the exact grammar and error texts, including digests of any
//! registered algorithm and the 255-character limit.

use regex_lite::Regex;
use std::sync::OnceLock;

struct Grammar {
    reference: Regex,
    name: Regex,
}

fn grammar() -> Option<&'static Grammar> {
    static GRAMMAR: OnceLock<Option<Grammar>> = OnceLock::new();
    GRAMMAR
        .get_or_init(|| {
            let alphanumeric = "[a-z0-9]+";
            let separator = "(?:[._]|__|[-]+)";
            let component = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
            let domain_name = format!(r"{component}(?:\.{component})*");
            let host = format!(r"(?:{domain_name}|\[(?:[a-fA-F0-9:]+)\])");
            let domain_and_port = format!("{host}(?::[0-9]+)?");
            let path_component = format!("{alphanumeric}(?:{separator}{alphanumeric})*");
            let remote_name = format!("{path_component}(?:/{path_component})*");
            let name = format!("(?:{domain_and_port}/)?{remote_name}");
            let tag = "[0-9A-Za-z_][0-9A-Za-z_.-]{0,127}";
            let digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}";
            let reference = Regex::new(&format!("^({name})(?::({tag}))?(?:@({digest}))?$")).ok()?;
            let name = Regex::new(&format!("^(?:({domain_and_port})/)?({remote_name})$")).ok()?;
            Some(Grammar { reference, name })
        })
        .as_ref()
}

/// Checks `text` as Docker normalizes a FROM reference; `Err` carries
/// distribution/reference's message.
pub(super) fn parse_normalized_named(text: &str) -> Result<(), String> {
    if text.len() == 64 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        return Err(format!("invalid repository name ({text}), cannot specify 64-byte hexadecimal strings"));
    }
    let (domain, remainder) = split_docker_domain(text);
    let remote = remainder.split_once(':').map_or(remainder.as_str(), |(r, _)| r);
    if remote.to_lowercase() != remote {
        return Err(format!("invalid reference format: repository name ({remote}) must be lowercase"));
    }
    parse(&format!("{domain}/{remainder}"))
}

/// Docker Hub's defaults: `docker.io` and `library/` for a single name.
fn split_docker_domain(name: &str) -> (String, String) {
    let (domain, remote) = match name.split_once('/') {
        None => return ("docker.io".to_string(), format!("library/{name}")),
        Some(("localhost", rest)) => ("localhost", rest.to_string()),
        Some(("index.docker.io", rest)) => ("docker.io", rest.to_string()),
        Some((first, rest)) if first.contains(['.', ':']) || first.to_lowercase() != first => (first, rest.to_string()),
        Some(_) => ("docker.io", name.to_string()),
    };
    if domain == "docker.io" && !remote.contains('/') {
        return (domain.to_string(), format!("library/{remote}"));
    }
    (domain.to_string(), remote)
}

/// distribution/reference's `Parse`.
fn parse(text: &str) -> Result<(), String> {
    let Some(grammar) = grammar() else { return Ok(()) };
    let Some(captures) = grammar.reference.captures(text) else {
        if text.is_empty() {
            return Err("repository name must have at least one component".to_string());
        }
        if grammar.reference.is_match(&text.to_lowercase()) {
            return Err("repository name must be lowercase".to_string());
        }
        return Err("invalid reference format".to_string());
    };
    let name = captures.get(1).map_or("", |m| m.as_str());
    let path = grammar.name.captures(name).and_then(|c| c.get(2)).map_or(name, |m| m.as_str());
    if path.len() > 255 {
        return Err("repository name must not be more than 255 characters".to_string());
    }
    match captures.get(3) {
        Some(digest) => validate_digest(digest.as_str()),
        None => Ok(()),
    }
}

/// go-digest's `Validate` for the algorithms BuildKit registers.
fn validate_digest(digest: &str) -> Result<(), String> {
    let (algorithm, encoded) = digest.split_once(':').unwrap_or((digest, ""));
    let size = match algorithm {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        // The grammar already matched, so the format is fine: the algorithm is not.
        _ => return Err("unsupported digest algorithm".to_string()),
    };
    if encoded.len() != size {
        return Err("invalid checksum digest length".to_string());
    }
    if !encoded.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        return Err("invalid checksum digest format".to_string());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_docker_accepts() {
        for ok in ["scratch", "busybox:latest", "localhost:5000/a/b:v1", "ghcr.io/o/r:tag", "a/b__c/d-e"] {
            assert_eq!(parse_normalized_named(ok), Ok(()), "{ok}");
        }
        let digest = format!("alpine@sha256:{}", "a".repeat(64));
        assert_eq!(parse_normalized_named(&digest), Ok(()));
    }

    #[test]
    fn rejects_with_docker_messages() {
        assert_eq!(parse_normalized_named("busybox:").unwrap_err(), "invalid reference format");
        assert_eq!(parse_normalized_named("").unwrap_err(), "invalid reference format");
        assert_eq!(
            parse_normalized_named("Busybox").unwrap_err(),
            "invalid reference format: repository name (library/Busybox) must be lowercase"
        );
        assert_eq!(
            parse_normalized_named(&format!("a@sha256:{}", "a".repeat(63))).unwrap_err(),
            "invalid checksum digest length"
        );
        assert!(parse_normalized_named(&"a".repeat(64)).unwrap_err().contains("64-byte hexadecimal"));
    }
}
