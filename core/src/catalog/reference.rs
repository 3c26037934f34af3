//! Image references as Docker reads them: `alpine`, `alpine:3.20`,
//! `gcr.io/distroless/static-debian12:nonroot`, `name@sha256:<64 hex>`.
//! Grammar from the distribution/reference package Docker uses.

use std::fmt;

/// A parsed, normalized reference.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ImageRef {
    /// Registry host, `docker.io` when none is written.
    pub registry: String,
    /// The path, with `library/` added for official Docker Hub images.
    pub path: String,
    /// The tag; `latest` when neither a tag nor a digest is written.
    pub tag: Option<String>,
    pub digest: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReferenceError {
    /// Docker's `invalid reference format`.
    Invalid,
    /// Upper case in the repository name.
    Uppercase { repository: String },
}

impl fmt::Display for ReferenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReferenceError::Invalid => f.write_str("invalid reference format"),
            ReferenceError::Uppercase { repository } => {
                write!(f, "invalid reference format: repository name ({repository}) must be lowercase")
            }
        }
    }
}

impl ImageRef {
    /// Parses a reference, adding Docker's defaults (`docker.io`, `library/`, `:latest`).
    pub fn parse(text: &str) -> Result<ImageRef, ReferenceError> {
        let (rest, digest) = match text.split_once('@') {
            Some((name, digest)) => {
                if !is_digest(digest) {
                    return Err(ReferenceError::Invalid);
                }
                (name, Some(digest.to_string()))
            }
            None => (text, None),
        };
        // A `:` after the last `/` starts the tag; one before it is a registry port.
        let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
        let (name, tag) = match rest[last_slash..].rfind(':') {
            Some(i) => (&rest[..last_slash + i], Some(&rest[last_slash + i + 1..])),
            None => (rest, None),
        };
        if let Some(tag) = tag {
            if !is_tag(tag) {
                return Err(ReferenceError::Invalid);
            }
        }
        let (registry, path) = match name.split_once('/') {
            Some((first, rest)) if first.contains(['.', ':']) || first == "localhost" => (first, rest.to_string()),
            _ if !name.contains('/') => ("docker.io", format!("library/{name}")),
            _ => ("docker.io", name.to_string()),
        };
        if path.chars().any(|c| c.is_ascii_uppercase()) {
            return Err(ReferenceError::Uppercase { repository: path });
        }
        if path.is_empty() || !path.split('/').all(is_path_component) || !is_registry(registry) {
            return Err(ReferenceError::Invalid);
        }
        let tag = match (tag, &digest) {
            (Some(tag), _) => Some(tag.to_string()),
            (None, Some(_)) => None,
            (None, None) => Some("latest".to_string()),
        };
        Ok(ImageRef { registry: registry.to_string(), path, tag, digest })
    }

    /// The repository as Docker shows it: `alpine`, `gcr.io/distroless/static-debian12`.
    pub fn repository(&self) -> String {
        match (self.registry.as_str(), self.path.strip_prefix("library/")) {
            ("docker.io", Some(official)) => official.to_string(),
            ("docker.io", None) => self.path.clone(),
            (registry, _) => format!("{registry}/{}", self.path),
        }
    }

    /// `repository:tag`, or `repository@digest`.
    pub fn familiar(&self) -> String {
        match (&self.tag, &self.digest) {
            (Some(tag), _) => format!("{}:{tag}", self.repository()),
            (None, Some(digest)) => format!("{}@{digest}", self.repository()),
            (None, None) => self.repository(),
        }
    }
}

impl fmt::Display for ImageRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.familiar())
    }
}

fn is_digest(text: &str) -> bool {
    text.strip_prefix("sha256:")
        .is_some_and(|hex| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
}

/// `[\w][\w.-]{0,127}`
fn is_tag(text: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut chars = text.chars();
    chars.next().is_some_and(word) && text.len() <= 128 && chars.all(|c| word(c) || c == '.' || c == '-')
}

/// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`
fn is_path_component(text: &str) -> bool {
    let bytes = text.as_bytes();
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if bytes.is_empty() || !alnum(bytes[0]) || !alnum(bytes[bytes.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        if alnum(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !alnum(bytes[i]) {
            i += 1;
        }
        let sep = &text[start..i];
        if !(sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|b| b == b'-')) {
            return false;
        }
    }
    true
}

fn is_registry(host: &str) -> bool {
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    };
    port.is_none_or(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && !name.is_empty()
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_like_docker() {
        let r = ImageRef::parse("alpine").expect("valid");
        assert_eq!(
            (r.registry.as_str(), r.path.as_str(), r.tag.as_deref()),
            ("docker.io", "library/alpine", Some("latest"))
        );
        assert_eq!(r.familiar(), "alpine:latest");
        let r = ImageRef::parse("localhost:5000/team/app:v1.2").expect("valid");
        assert_eq!(
            (r.registry.as_str(), r.path.as_str(), r.tag.as_deref()),
            ("localhost:5000", "team/app", Some("v1.2"))
        );
        let r = ImageRef::parse("gcr.io/distroless/static-debian12:nonroot").expect("valid");
        assert_eq!(r.repository(), "gcr.io/distroless/static-debian12");
        let digest = format!("sha256:{}", "a".repeat(64));
        let r = ImageRef::parse(&format!("python@{digest}")).expect("valid");
        assert_eq!((r.tag, r.digest.as_deref()), (None, Some(digest.as_str())));
        assert_eq!(ImageRef::parse("bitnami/redis").expect("valid").repository(), "bitnami/redis");
    }

    #[test]
    fn rejects_what_docker_rejects() {
        assert_eq!(ImageRef::parse("Alpine"), Err(ReferenceError::Uppercase { repository: "library/Alpine".into() }));
        for bad in ["", "alpine:", "alpine::1", "-alpine", "alpine@sha256:123", "a b", "alpine:-x", "my__-app"] {
            assert_eq!(ImageRef::parse(bad), Err(ReferenceError::Invalid), "{bad:?}");
        }
    }
}
