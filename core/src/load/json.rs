//! JSON: an array of objects read strictly with serde_json (duplicate keys refused, strings
//! borrowed from the file where they have no escapes, other types a row error).

use super::rows::{collect_cells, display_column_name, field_of, map_columns, reject, PrivacyScan, RawRow, RawTable, RowSink};
use crate::model::{Field, Schema};
use crate::report::{Location, ProblemKind, Refusal};
use serde::de::{Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::collections::HashSet;

/// A JSON value as the loader needs it: text (borrowed from the file when it has no escapes),
/// null, or the name of any other type (which is a row error).
enum JsonCell<'de> {
    Text(Cow<'de, str>),
    Null,
    Other(&'static str),
}

impl<'de> Deserialize<'de> for JsonCell<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CellVisitor;
        impl<'de> Visitor<'de> for CellVisitor {
            type Value = JsonCell<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string or null")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(JsonCell::Text(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(JsonCell::Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(JsonCell::Text(Cow::Owned(v)))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(JsonCell::Null)
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(JsonCell::Null)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(JsonCell::Other("true/false"))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(JsonCell::Other("number"))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(JsonCell::Other("number"))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(JsonCell::Other("number"))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(JsonCell::Other("array"))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(JsonCell::Other("object"))
            }
        }
        deserializer.deserialize_any(CellVisitor)
    }
}

impl JsonCell<'_> {
    fn text(&self) -> Option<&str> {
        match self {
            JsonCell::Text(t) => Some(t),
            _ => None,
        }
    }
}

/// One JSON object with its keys in order, duplicates kept so that they can be refused.
struct JsonObject<'de>(Vec<(Cow<'de, str>, JsonCell<'de>)>);

impl<'de> Deserialize<'de> for JsonObject<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor;
        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = JsonObject<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of field names and string values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonObject<'de>, A::Error> {
                let mut entries = Vec::with_capacity(Field::ALL.len());
                while let Some((key, value)) = map.next_entry::<JsonCell<'de>, JsonCell<'de>>()? {
                    // JSON keys are always strings.
                    let key = match key {
                        JsonCell::Text(k) => k,
                        _ => Cow::Borrowed(""),
                    };
                    entries.push((key, value));
                }
                Ok(JsonObject(entries))
            }
        }
        deserializer.deserialize_map(ObjectVisitor)
    }
}

pub(super) fn read_json(text: &str, schema: Schema, sink: &mut RowSink<'_>) -> Result<RawTable, Refusal> {
    let mut reading = JsonReading::new(schema);
    // Each object is read, scanned and handed on as the array is parsed, and then dropped:
    // the file's objects are never all held at once.
    reading.parse(text, sink).map_err(|e| broken_json(e.line(), e.column(), &e))?;
    reading.finish()
}

/// The refusal of text that is not the JSON the contract asks for, at a line and column.
pub(super) fn broken_json(line: usize, column: usize, error: &serde_json::Error) -> Refusal {
    Refusal::BrokenJson { path: format!("line {line}, column {column}"), detail: json_error_detail(error) }
}

/// What reading a JSON array has found so far.
#[derive(Default)]
pub(super) struct JsonReading {
    schema: Schema,
    table: RawTable,
    unknown_keys: Vec<String>,
    privacy: PrivacyScan,
    /// Each distinct key is scanned once; every value is scanned.
    keys_seen: HashSet<String>,
    /// The first refusal a row gave (a key twice in one object, an extract's column in a
    /// release): the rest are still scanned, since personal data anywhere refuses the file first.
    row_refusal: Option<Refusal>,
    objects: usize,
}

impl JsonReading {
    /// A reading of a file of `schema`.
    pub(super) fn new(schema: Schema) -> JsonReading {
        JsonReading { schema, ..JsonReading::default() }
    }

    /// Objects read so far.
    pub(super) fn objects(&self) -> usize {
        self.objects
    }

    /// Parses `text` as a whole JSON array (the file, or a window of its elements written as
    /// one), reading each object into this reading.
    pub(super) fn parse(&mut self, text: &str, sink: &mut RowSink<'_>) -> Result<(), serde_json::Error> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        ArrayReader { reading: self, sink }.deserialize(&mut deserializer).and_then(|()| deserializer.end())
    }

    fn object(&mut self, entries: &[(Cow<'_, str>, JsonCell<'_>)], sink: &mut RowSink<'_>) {
        let index = self.objects;
        self.objects += 1;
        for (position, (key, value)) in entries.iter().enumerate() {
            if !self.keys_seen.contains(key.as_ref()) {
                self.keys_seen.insert(key.to_string());
                self.privacy.scan_name(key, position);
            }
            if let Some(kind) = value.text().and_then(crate::privacy::scan_value) {
                self.privacy.add(Location::Record(index), &display_column_name(key, position), kind);
            }
        }
        if self.row_refusal.is_some() {
            return;
        }
        match read_json_object(entries, Location::Record(index), self.schema, &mut self.table, &mut self.unknown_keys) {
            Ok(Some(row)) => sink(row),
            Ok(None) => {}
            Err(refusal) => self.row_refusal = Some(refusal),
        }
    }

    /// After the last object: personal data anywhere first, then a row's refusal, else what
    /// reading found.
    pub(super) fn finish(mut self) -> Result<RawTable, Refusal> {
        self.privacy.into_result()?;
        if let Some(refusal) = self.row_refusal {
            return Err(refusal);
        }
        let names: Vec<(String, Location)> = self.unknown_keys.into_iter().map(|k| (k, Location::Header)).collect();
        let mut header_problems = Vec::new();
        // Only unknown keys are passed here, so this can only warn, never refuse.
        let _ = map_columns(&names, self.schema, &mut header_problems);
        header_problems.retain(|p| p.kind == ProblemKind::UnknownColumn);
        self.table.problems.splice(0..0, header_problems);
        Ok(self.table)
    }
}

/// The top-level array, read an object at a time into a [`JsonReading`].
struct ArrayReader<'r, 'k, 'q> {
    reading: &'r mut JsonReading,
    sink: &'k mut RowSink<'q>,
}

impl<'de> DeserializeSeed<'de> for ArrayReader<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ArrayReader<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        // As serde names a list, so a file whose top level is not an array reads as before.
        f.write_str("a sequence")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(JsonObject(entries)) = seq.next_element::<JsonObject<'de>>()? {
            self.reading.object(&entries, self.sink);
        }
        Ok(())
    }
}

fn json_error_detail(error: &serde_json::Error) -> String {
    let text = error.to_string();
    // serde_json appends " at line L column C"; we report the position separately.
    let detail = text.split(" at line ").next().unwrap_or(&text);
    if detail.contains("invalid type") && detail.contains("sequence") {
        "the top level must be an array of objects ([{...}, {...}])".into()
    } else {
        detail.to_string()
    }
}

fn read_json_object<'a>(
    entries: &'a [(Cow<'a, str>, JsonCell<'a>)],
    location: Location,
    schema: Schema,
    table: &mut RawTable,
    unknown_keys: &mut Vec<String>,
) -> Result<Option<RawRow<'a>>, Refusal> {
    let mut row = RawRow { location, cells: Default::default() };
    let mut seen: Vec<Field> = Vec::new();
    let mut wrong_type: Option<(Field, &'static str)> = None;
    for (key, value) in entries {
        let Some(field) = field_of(key, schema)? else {
            if !unknown_keys.iter().any(|k| k.trim().eq_ignore_ascii_case(key.trim())) {
                unknown_keys.push(key.to_string());
            }
            continue;
        };
        if seen.contains(&field) {
            return Err(Refusal::BrokenJson {
                path: format!("{location}"),
                detail: format!("the key \"{}\" appears twice in one object; each key may appear once", field.name()),
            });
        }
        seen.push(field);
        match value {
            JsonCell::Text(t) => row.cells[field as usize] = Some(t),
            JsonCell::Null => {}
            JsonCell::Other(type_name) => wrong_type = wrong_type.or(Some((field, *type_name))),
        }
    }
    if let Some((field, type_name)) = wrong_type {
        reject(
            table,
            location,
            Some(field),
            ProblemKind::WrongType,
            format!("The value is a JSON {type_name}; every value must be a string or null (write 000123 as \"000123\")."),
        );
        return Ok(None);
    }
    if row.cells.iter().flatten().all(|c| c.trim().is_empty()) {
        table.blank_rows_skipped += 1;
        return Ok(None);
    }
    let cells = row.cells.iter().enumerate().filter_map(|(i, c)| c.map(|c| (c, Some(Field::ALL[i]))));
    Ok(collect_cells(cells, location, table))
}

#[cfg(test)]
#[path = "json_tests.rs"]
mod tests;
