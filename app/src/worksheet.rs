//! A teacher's worksheet: a title and exercises (picked from the lessons and
//! edited, or written anew), shared as a link (`#w1=`, the share link's
//! packing: JSON, deflated, base64url), so a student opens, works and checks
//! it in their own browser with nothing stored on a server.

use layerlab_lessons::Exercise;
use serde::{Deserialize, Serialize};

use crate::share;

/// The format this version writes and reads.
pub const FORMAT: u32 = 1;
/// A link holds at most this many exercises (a worksheet, not a course).
pub const MAX_EXERCISES: usize = 40;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Worksheet {
    pub format: u32,
    pub title: String,
    pub exercises: Vec<Exercise>,
}

impl Default for Worksheet {
    fn default() -> Worksheet {
        Worksheet { format: FORMAT, title: String::new(), exercises: Vec::new() }
    }
}

impl Worksheet {
    /// The fragment (without `#`) that opens this worksheet.
    pub fn fragment(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_default();
        format!("w1={}", share::pack(&json))
    }
}

/// Where the worksheet being composed is kept between visits.
pub const DRAFT_KEY: &str = "layerlab.worksheet-draft.v1";

/// The draft kept in this browser (an unreadable one is dropped: it is a draft).
pub fn load_draft() -> Worksheet {
    crate::storage::local_storage()
        .and_then(|s| s.get_item(DRAFT_KEY).ok().flatten())
        .and_then(|json| serde_json::from_str::<Worksheet>(&json).ok())
        .filter(|w| w.format == FORMAT)
        .unwrap_or_default()
}

/// Keeps the draft; `false` when localStorage refused it.
pub fn save_draft(draft: &Worksheet) -> bool {
    let Some(storage) = crate::storage::local_storage() else { return false };
    if draft.exercises.is_empty() && draft.title.is_empty() {
        return storage.remove_item(DRAFT_KEY).is_ok();
    }
    serde_json::to_string(draft).is_ok_and(|json| storage.set_item(DRAFT_KEY, &json).is_ok())
}

/// A worksheet from a link's JSON, or why it does not open.
pub fn read(json: &str) -> Result<Worksheet, String> {
    let sheet: Worksheet =
        serde_json::from_str(json).map_err(|e| format!("the link's data is not a worksheet ({e})"))?;
    if sheet.format != FORMAT {
        return Err(format!("this worksheet uses format {}, newer than this Layerlab reads", sheet.format));
    }
    if sheet.exercises.is_empty() {
        return Err("the worksheet has no exercises".into());
    }
    if sheet.exercises.len() > MAX_EXERCISES {
        return Err(format!("the worksheet has {} exercises, more than {MAX_EXERCISES}", sheet.exercises.len()));
    }
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_worksheet_link_opens_the_same_exercises() {
        let lessons = layerlab_lessons::load_all().expect("the lessons");
        let mut sheet = Worksheet { title: "Week 3: caching".into(), ..Worksheet::default() };
        sheet.exercises = lessons.iter().flat_map(|l| l.exercises.iter().take(1).cloned()).take(5).collect();
        sheet.exercises[0].hints.push("Look at the order of the COPY lines.".into());
        let fragment = sheet.fragment();
        let link = share::parse("", &format!("#{fragment}"));
        let json = link.worksheet.expect("a worksheet").expect("it unpacks");
        assert_eq!(read(&json), Ok(sheet));
        assert!(link.project.is_none());
    }

    #[test]
    fn bad_worksheets_say_why() {
        assert!(read("{}").is_err());
        assert!(read(r#"{"format":1,"title":"x","exercises":[]}"#).unwrap_err().contains("no exercises"));
        assert!(read(r#"{"format":2,"title":"x","exercises":[]}"#).unwrap_err().contains("format 2"));
        assert_eq!(share::parse("", "#w1=@@").worksheet, Some(Err(share::LinkError::NotBase64)));
    }
}
