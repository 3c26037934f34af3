//! How an edit is written in a lesson file: one inline table whose keys say
//! which edit it is (`{ file, set }`, `{ build_arg, value }`, ...), read
//! into `model::Edit` with a message naming the forms when none fits. The
//! tagged form `Edit` serializes to (`{edit = "set", file, text}`) reads
//! too, so an exercise sent as JSON (a teacher's link) comes back.

use crate::model::Edit;
use serde::Deserialize;

/// An edit as written: one inline table whose keys say which edit it is.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEdit {
    file: Option<String>,
    set: Option<String>,
    append: Option<String>,
    replace: Option<String>,
    with: Option<String>,
    delete: Option<bool>,
    build_arg: Option<String>,
    value: Option<String>,
    no_cache: Option<bool>,
    // The serialized, tagged form.
    edit: Option<String>,
    text: Option<String>,
    old: Option<String>,
    new: Option<String>,
    name: Option<String>,
}

/// The tagged form: `edit` names the variant, the other keys are its fields.
fn tagged(tag: &str, raw: RawEdit) -> Result<Edit, String> {
    let bad = || format!("an edit tagged `{tag}` lacks a field or has one too many");
    let plain = raw.set.is_none()
        && raw.append.is_none()
        && raw.replace.is_none()
        && raw.with.is_none()
        && raw.delete.is_none()
        && raw.build_arg.is_none()
        && raw.no_cache.is_none();
    if !plain {
        return Err(bad());
    }
    match (tag, raw.file, raw.text, raw.old, raw.new, raw.name, raw.value) {
        ("set", Some(file), Some(text), None, None, None, None) => Ok(Edit::Set { file, text }),
        ("append", Some(file), Some(text), None, None, None, None) => Ok(Edit::Append { file, text }),
        ("replace", Some(file), None, Some(old), Some(new), None, None) => Ok(Edit::Replace { file, old, new }),
        ("delete", Some(file), None, None, None, None, None) => Ok(Edit::Delete { file }),
        ("build-arg", None, None, None, None, Some(name), value) => Ok(Edit::BuildArg { name, value }),
        ("no-cache", None, None, None, None, None, None) => Ok(Edit::NoCache),
        _ => Err(bad()),
    }
}

impl TryFrom<RawEdit> for Edit {
    type Error = String;

    fn try_from(raw: RawEdit) -> Result<Edit, String> {
        if let Some(tag) = raw.edit.clone() {
            return tagged(&tag, raw);
        }
        if raw.text.is_some() || raw.old.is_some() || raw.new.is_some() || raw.name.is_some() {
            return Err(
                "an edit is one of {file, set}, {file, append}, {file, replace, with}, {file, delete = true}, \
             {build_arg, value}, {no_cache = true}"
                    .to_string(),
            );
        }
        let bad = || {
            "an edit is one of {file, set}, {file, append}, {file, replace, with}, {file, delete = true}, \
             {build_arg, value}, {no_cache = true}"
                .to_string()
        };
        match raw {
            RawEdit {
                file: Some(file),
                set: Some(text),
                append: None,
                replace: None,
                with: None,
                delete: None,
                build_arg: None,
                value: None,
                no_cache: None,
                ..
            } => Ok(Edit::Set { file, text }),
            RawEdit {
                file: Some(file),
                set: None,
                append: Some(text),
                replace: None,
                with: None,
                delete: None,
                build_arg: None,
                value: None,
                no_cache: None,
                ..
            } => Ok(Edit::Append { file, text }),
            RawEdit {
                file: Some(file),
                set: None,
                append: None,
                replace: Some(old),
                with: Some(new),
                delete: None,
                build_arg: None,
                value: None,
                no_cache: None,
                ..
            } => Ok(Edit::Replace { file, old, new }),
            RawEdit {
                file: Some(file),
                set: None,
                append: None,
                replace: None,
                with: None,
                delete: Some(true),
                build_arg: None,
                value: None,
                no_cache: None,
                ..
            } => Ok(Edit::Delete { file }),
            RawEdit {
                file: None,
                set: None,
                append: None,
                replace: None,
                with: None,
                delete: None,
                build_arg: Some(name),
                value,
                no_cache: None,
                ..
            } => Ok(Edit::BuildArg { name, value }),
            RawEdit {
                file: None,
                set: None,
                append: None,
                replace: None,
                with: None,
                delete: None,
                build_arg: None,
                value: None,
                no_cache: Some(true),
                ..
            } => Ok(Edit::NoCache),
            _ => Err(bad()),
        }
    }
}

impl<'de> Deserialize<'de> for Edit {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Edit, D::Error> {
        let raw = RawEdit::deserialize(deserializer)?;
        Edit::try_from(raw).map_err(serde::de::Error::custom)
    }
}
