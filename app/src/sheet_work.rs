//! A student's work on a teacher's worksheet, kept in `localStorage` so a
//! reload, a crash or a second link loses nothing: per exercise, the form as
//! typed, the answer last checked (graded again by the engine on restore,
//! so a kept verdict is never stale), the hints shown and whether the
//! solution was opened. The key is the worksheet's content hash, so the same
//! link finds its work again and a changed worksheet starts fresh.
//!
//! Two tabs on one worksheet: each writes only the exercises it changed
//! over what is stored, so neither overwrites the other's other answers.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::state::lessons::Input;
use crate::state::LessonAction;
use crate::worksheet::Worksheet;

/// The prefix of every worksheet's key; the hash follows.
pub const PREFIX: &str = "layerlab.sheet-work.v1.";
/// The format this version writes and reads.
pub const FORMAT: u32 = 1;

/// One worksheet's work, by exercise (`INDEX/ID`, so a reordered or
/// replaced exercise never takes another's answer).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SheetWork {
    pub format: u32,
    pub exercises: BTreeMap<String, Work>,
}

/// One exercise's work.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Work {
    /// The form as last edited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<Input>,
    /// The answer of the last Check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked: Option<Input>,
    /// General hints shown.
    #[serde(default)]
    pub hints: usize,
    /// The reference solution was opened.
    #[serde(default)]
    pub solution: bool,
}

/// The exercise's entry name in [`SheetWork::exercises`].
pub fn entry(index: usize, id: &str) -> String {
    format!("{index}/{id}")
}

/// The storage key of `sheet`'s work: FNV-1a (64-bit) of its JSON, which is
/// what the link carries, so equal links share their work.
pub fn key(sheet: &Worksheet) -> String {
    let json = serde_json::to_string(sheet).unwrap_or_default();
    let hash = json.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("{PREFIX}{hash:016x}")
}

/// Reads a stored value.
pub fn read(raw: &str) -> Result<SheetWork, String> {
    let work: SheetWork = serde_json::from_str(raw).map_err(|e| format!("not a worksheet's work ({e})"))?;
    if work.format != FORMAT {
        return Err(format!("format {} is newer than this version reads ({FORMAT})", work.format));
    }
    Ok(work)
}

/// `stored` with the entries that changed from `before` to `now` written
/// over it: another tab's answers to other exercises stay.
pub fn merge(mut stored: SheetWork, before: &SheetWork, now: &SheetWork) -> SheetWork {
    for (name, work) in &now.exercises {
        if before.exercises.get(name) != Some(work) {
            stored.exercises.insert(name.clone(), work.clone());
        }
    }
    stored.format = FORMAT;
    stored
}

/// What was kept for `key`, and why a stored value was set aside (copied to
/// `KEY.unreadable`; the work starts fresh rather than crash).
pub fn load(key: &str) -> (SheetWork, Option<String>) {
    let Some(storage) = crate::storage::local_storage() else { return (SheetWork::default(), None) };
    let Some(raw) = storage.get_item(key).ok().flatten() else { return (SheetWork::default(), None) };
    match read(&raw) {
        Ok(work) => (work, None),
        Err(why) => {
            let _ = storage.set_item(&format!("{key}.unreadable"), &raw);
            let _ = storage.remove_item(key);
            (SheetWork::default(), Some(why))
        }
    }
}

/// The action that opens `sheet` with the work kept for it, and why a kept
/// value was set aside (for the status line).
pub fn open(sheet: Result<Rc<Worksheet>, String>) -> (LessonAction, Option<String>) {
    let (work, unreadable) = match &sheet {
        Ok(sheet) => load(&key(sheet)),
        Err(_) => (SheetWork::default(), None),
    };
    let why = unreadable.map(|why| {
        format!("Your saved work on this worksheet could not be read ({why}); it was kept aside and the worksheet starts fresh.")
    });
    (LessonAction::OpenSheet { sheet, work }, why)
}

/// Writes what changed from `before` to `now` over the stored value;
/// `false` when localStorage refused it.
pub fn save(key: &str, before: &SheetWork, now: &SheetWork) -> bool {
    if before == now {
        return true;
    }
    let Some(storage) = crate::storage::local_storage() else { return false };
    let stored = storage.get_item(key).ok().flatten().and_then(|raw| read(&raw).ok()).unwrap_or_default();
    let merged = merge(stored, before, now);
    serde_json::to_string(&merged).is_ok_and(|json| storage.set_item(key, &json).is_ok())
}

/// Keeps the open worksheet's work in storage as it changes: `latest` is
/// set on every render, `flush` writes what changed since the last write.
#[derive(Debug, Default)]
pub struct Saver {
    pub latest: Option<(String, SheetWork)>,
    /// What was last written (or found) for a key.
    kept: Option<(String, SheetWork)>,
}

impl Saver {
    /// Writes the latest work; `false` when localStorage refused it.
    pub fn flush(&mut self) -> bool {
        let Some((key, now)) = self.latest.clone() else { return true };
        let saved = match &self.kept {
            Some((kept_key, before)) if *kept_key == key => save(&key, before, &now),
            // First seen: the work was just restored from what is stored.
            _ => true,
        };
        if saved {
            self.kept = Some((key, now));
        }
        saved
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn work(pairs: &[(&str, &str)]) -> SheetWork {
        SheetWork {
            format: FORMAT,
            exercises: pairs
                .iter()
                .map(|(name, words)| {
                    ((*name).to_owned(), Work { input: Some(Input::Words((*words).to_owned())), ..Work::default() })
                })
                .collect(),
        }
    }

    #[test]
    fn two_tabs_keep_each_others_answers() {
        // Both tabs opened the worksheet with nothing kept; A answered the
        // first exercise, then B (not knowing) answers the second.
        let a = work(&[("0/a", "sh -c x")]);
        let stored = merge(SheetWork::default(), &SheetWork::default(), &a);
        let b = work(&[("1/b", "nginx")]);
        let stored = merge(stored, &SheetWork::default(), &b);
        assert_eq!(stored, work(&[("0/a", "sh -c x"), ("1/b", "nginx")]));
        // A edits its answer again: only its own entry is written.
        let a2 = work(&[("0/a", "sh -c y")]);
        assert_eq!(merge(stored, &a, &a2), work(&[("0/a", "sh -c y"), ("1/b", "nginx")]));
    }

    #[test]
    fn every_form_reads_back_as_written() {
        let mut exercises = BTreeMap::new();
        let forms = [
            Input::Words("/bin/sh -c 'echo hi'".into()),
            Input::Lines(BTreeSet::from([3, 5])),
            Input::Dockerfile { dockerfile: "FROM alpine\nUSER 1000\n".into(), run: "docker run app".into() },
            Input::Commands("docker ps -a\ndocker rm -f web".into()),
            Input::Choices(BTreeSet::from([1])),
        ];
        for (i, form) in forms.into_iter().enumerate() {
            let checked = Some(form.clone());
            exercises.insert(entry(i, "x"), Work { input: Some(form), checked, hints: i, solution: i % 2 == 0 });
        }
        let kept = SheetWork { format: FORMAT, exercises };
        assert_eq!(read(&serde_json::to_string(&kept).unwrap()), Ok(kept));
    }

    #[test]
    fn bad_values_say_why() {
        assert!(read("not json").unwrap_err().starts_with("not a worksheet's work"));
        assert!(read(r#"{"format":2,"exercises":{}}"#).unwrap_err().contains("format 2"));
        assert!(read(r#"{"format":1,"exercises":{"0/a":{"input":{"form":"words","value":7}}}}"#).is_err());
    }

    #[test]
    fn the_key_follows_the_content() {
        let sheet = Worksheet { title: "Week 1".into(), ..Worksheet::default() };
        let same = Worksheet { title: "Week 1".into(), ..Worksheet::default() };
        let other = Worksheet { title: "Week 2".into(), ..Worksheet::default() };
        assert_eq!(key(&sheet), key(&same));
        assert_ne!(key(&sheet), key(&other));
        assert!(key(&sheet).starts_with(PREFIX) && key(&sheet).len() == PREFIX.len() + 16);
    }
}
