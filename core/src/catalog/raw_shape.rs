//! Hand-written `Deserialize` for the catalog file's either-or shapes (the reviewed list or the
//! compact object, a history row as an object or a triple, a text or a string index).
//!
//! These were `#[serde(untagged)]` enums, which buffer the whole value into serde's `Content`
//! and then replay every field of `RawImage` through a second deserializer: 10 KB of the app's
//! wasm (4 KB gzipped) and a second pass over the catalog at load. A visitor tells the shapes
//! apart by the JSON token they start with, which is what the untagged tries amounted to.

use super::data::{RawCatalog, RawHistory, RawImage, RawText};
use serde::de::{Deserialize, Deserializer, Error, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// The value of a key that may appear once, as derived structs require.
fn once<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    key: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(A::Error::duplicate_field(key));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

impl<'de> Deserialize<'de> for RawCatalog {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CatalogVisitor;
        impl<'de> Visitor<'de> for CatalogVisitor {
            type Value = RawCatalog;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of images, or an object with strings and images")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawCatalog, A::Error> {
                let mut images: Vec<RawImage> = Vec::new();
                while let Some(image) = seq.next_element()? {
                    images.push(image);
                }
                Ok(RawCatalog::Entries(images))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawCatalog, A::Error> {
                let (mut strings, mut images) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "strings" => once(&mut map, &mut strings, "strings")?,
                        "images" => once(&mut map, &mut images, "images")?,
                        // `about` and anything else, as a derived struct ignores them.
                        _ => drop(map.next_value::<IgnoredAny>()?),
                    }
                }
                Ok(RawCatalog::Compact {
                    strings: strings.ok_or_else(|| A::Error::missing_field("strings"))?,
                    images: images.ok_or_else(|| A::Error::missing_field("images"))?,
                })
            }
        }
        deserializer.deserialize_any(CatalogVisitor)
    }
}

impl<'de> Deserialize<'de> for RawHistory {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct HistoryVisitor;
        impl<'de> Visitor<'de> for HistoryVisitor {
            type Value = RawHistory;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a history row: an object, or [created, text, empty_layer]")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawHistory, A::Error> {
                let created = seq.next_element()?.ok_or_else(|| A::Error::invalid_length(0, &self))?;
                let text = seq.next_element()?.ok_or_else(|| A::Error::invalid_length(1, &self))?;
                let empty_layer = seq.next_element()?.ok_or_else(|| A::Error::invalid_length(2, &self))?;
                // A tuple variant takes exactly its three elements.
                if seq.next_element::<IgnoredAny>()?.is_some() {
                    return Err(A::Error::invalid_length(4, &self));
                }
                Ok(RawHistory::Compact(created, text, empty_layer))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawHistory, A::Error> {
                let (mut created, mut created_by, mut empty_layer) = (None, None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "created" => once(&mut map, &mut created, "created")?,
                        "created_by" => once(&mut map, &mut created_by, "created_by")?,
                        "empty_layer" => once(&mut map, &mut empty_layer, "empty_layer")?,
                        _ => drop(map.next_value::<IgnoredAny>()?),
                    }
                }
                Ok(RawHistory::Row {
                    created: created.ok_or_else(|| A::Error::missing_field("created"))?,
                    created_by: created_by.ok_or_else(|| A::Error::missing_field("created_by"))?,
                    empty_layer: empty_layer.ok_or_else(|| A::Error::missing_field("empty_layer"))?,
                })
            }
        }
        deserializer.deserialize_any(HistoryVisitor)
    }
}

impl<'de> Deserialize<'de> for RawText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl Visitor<'_> for TextVisitor {
            type Value = RawText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text or an index into the shared strings")
            }
            fn visit_str<E: Error>(self, text: &str) -> Result<RawText, E> {
                Ok(RawText::Text(text.to_string()))
            }
            fn visit_string<E: Error>(self, text: String) -> Result<RawText, E> {
                Ok(RawText::Text(text))
            }
            fn visit_u64<E: Error>(self, index: u64) -> Result<RawText, E> {
                usize::try_from(index).map(RawText::Shared).map_err(|_| E::custom("string index out of range"))
            }
            fn visit_i64<E: Error>(self, index: i64) -> Result<RawText, E> {
                usize::try_from(index).map(RawText::Shared).map_err(|_| E::custom("string index out of range"))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_history_row_reads_as_an_object_or_a_triple() {
        let rows: Vec<RawHistory> = serde_json::from_str(
            r#"[{"created":"2026-01-02T03:04:05Z","created_by":"CMD [\"sh\"]","empty_layer":true,"comment":"x"},
                ["2026-01-02T03:04:05Z", 3, false], ["2026-01-02T03:04:05Z", "RUN x", true]]"#,
        )
        .expect("rows parse");
        assert!(
            matches!(&rows[0], RawHistory::Row { created_by, empty_layer: true, .. } if created_by == "CMD [\"sh\"]")
        );
        assert!(matches!(&rows[1], RawHistory::Compact(_, RawText::Shared(3), false)));
        assert!(matches!(&rows[2], RawHistory::Compact(_, RawText::Text(t), true) if t == "RUN x"));
    }

    #[test]
    fn malformed_rows_are_refused_as_the_untagged_enums_refused_them() {
        for bad in [
            r#"["2026-01-02T03:04:05Z", 3]"#,
            r#"["2026-01-02T03:04:05Z", 3, false, 1]"#,
            r#"["2026-01-02T03:04:05Z", -1, false]"#,
            r#"["2026-01-02T03:04:05Z", 1.5, false]"#,
            r#"{"created":"2026-01-02T03:04:05Z","empty_layer":true}"#,
            r#"{"created":"a","created":"b","created_by":"","empty_layer":true}"#,
            r#""RUN x""#,
        ] {
            assert!(serde_json::from_str::<RawHistory>(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn the_compact_catalog_needs_its_strings_and_images() {
        assert!(matches!(serde_json::from_str::<RawCatalog>("[]"), Ok(RawCatalog::Entries(v)) if v.is_empty()));
        let compact = serde_json::from_str::<RawCatalog>(r#"{"about":"x","strings":["a"],"images":[]}"#);
        assert!(
            matches!(compact, Ok(RawCatalog::Compact { strings, images }) if strings == ["a"] && images.is_empty())
        );
        assert!(serde_json::from_str::<RawCatalog>(r#"{"strings":[]}"#).is_err());
        assert!(serde_json::from_str::<RawCatalog>(r#"{"images":[]}"#).is_err());
        assert!(serde_json::from_str::<RawCatalog>("3").is_err());
    }
}
