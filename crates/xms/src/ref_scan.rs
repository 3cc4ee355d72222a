//! The `$ref` strings an object holds, found while the object is serialised, without building
//! its JSON tree (the split reads the references of every shared object and operation of a
//! document; building each one's `serde_json::Value` for it cost about as much as printing the
//! whole document).

use std::collections::BTreeSet;
use std::fmt;

use serde::ser::{self, Serialize};

/// Adds to `out` the string of every `$ref` member in `object`'s JSON form, anywhere in it but
/// inside a `$ref` member, as a walk of `serde_json::to_value(object)` would find them.
pub(crate) fn refs_of<T: Serialize + ?Sized>(object: &T, out: &mut BTreeSet<String>) {
    // The scan itself never fails; an object whose serialisation fails leaves what was found.
    let _ = object.serialize(Scan { out });
}

/// What the scan's serialisers return when an object's own `Serialize` fails.
#[derive(Debug)]
struct Failed;

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the object could not be serialised")
    }
}

impl std::error::Error for Failed {}

impl ser::Error for Failed {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Failed
    }
}

/// Walks a value, looking for `$ref` members.
struct Scan<'a> {
    out: &'a mut BTreeSet<String>,
}

/// A container being walked: its elements and its members' values are scanned in turn.
struct Members<'a> {
    out: &'a mut BTreeSet<String>,
    /// Whether the member whose value comes next is named `$ref`.
    next_is_ref: bool,
}

impl Members<'_> {
    fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Failed> {
        if std::mem::take(&mut self.next_is_ref) {
            value.serialize(RefValue { out: self.out })
        } else {
            value.serialize(Scan { out: self.out })
        }
    }
}

/// Does nothing with what it is given (the values inside a `$ref` member that is not a
/// string, which the walk does not enter).
struct Skip;

macro_rules! scalars {
    ($($name:ident: $ty:ty),* $(,)?) => {
        $(fn $name(self, _: $ty) -> Result<(), Failed> { Ok(()) })*
    };
}

macro_rules! not_ref {
    ($($name:ident: $ty:ty),* $(,)?) => {
        $(fn $name(self, _: $ty) -> Result<bool, Failed> { Ok(false) })*
    };
}

macro_rules! containers {
    ($ty:ty, $make:expr) => {
        type SerializeSeq = $ty;
        type SerializeTuple = $ty;
        type SerializeTupleStruct = $ty;
        type SerializeTupleVariant = $ty;
        type SerializeMap = $ty;
        type SerializeStruct = $ty;
        type SerializeStructVariant = $ty;

        fn serialize_seq(self, _: Option<usize>) -> Result<$ty, Failed> {
            Ok($make(self))
        }
        fn serialize_tuple(self, _: usize) -> Result<$ty, Failed> {
            Ok($make(self))
        }
        fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<$ty, Failed> {
            Ok($make(self))
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<$ty, Failed> {
            Ok($make(self))
        }
        fn serialize_map(self, _: Option<usize>) -> Result<$ty, Failed> {
            Ok($make(self))
        }
        fn serialize_struct(self, _: &'static str, _: usize) -> Result<$ty, Failed> {
            Ok($make(self))
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<$ty, Failed> {
            Ok($make(self))
        }
    };
}

impl<'a> ser::Serializer for Scan<'a> {
    type Ok = ();
    type Error = Failed;

    containers!(Members<'a>, |s: Scan<'a>| Members {
        out: s.out,
        next_is_ref: false
    });

    scalars!(
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_f32: f32, serialize_f64: f64, serialize_char: char,
        serialize_str: &str, serialize_bytes: &[u8], serialize_unit_struct: &'static str,
    );

    fn serialize_none(self) -> Result<(), Failed> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Failed> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Failed> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), Failed> {
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Failed> {
        value.serialize(self)
    }
    /// In JSON, `{"Variant": value}`: a member never named `$ref` by the model.
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Failed> {
        let mut members = Members {
            out: self.out,
            next_is_ref: variant == "$ref",
        };
        members.value(value)
    }
}

/// The value of a `$ref` member: kept when it is a string, not entered otherwise.
struct RefValue<'a> {
    out: &'a mut BTreeSet<String>,
}

impl ser::Serializer for RefValue<'_> {
    type Ok = ();
    type Error = Failed;

    containers!(Skip, |_| Skip);

    scalars!(
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_f32: f32, serialize_f64: f64, serialize_bytes: &[u8],
        serialize_unit_struct: &'static str,
    );

    fn serialize_char(self, c: char) -> Result<(), Failed> {
        self.out.insert(c.to_string());
        Ok(())
    }
    fn serialize_str(self, s: &str) -> Result<(), Failed> {
        self.out.insert(s.to_owned());
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Failed> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Failed> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Failed> {
        Ok(())
    }
    /// In JSON, the variant's name as a string.
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Failed> {
        self.out.insert(variant.to_owned());
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Failed> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Failed> {
        Ok(())
    }
}

/// Whether a member's key is `$ref` (keys that are not strings never are).
struct KeyIsRef;

impl ser::Serializer for KeyIsRef {
    type Ok = bool;
    type Error = Failed;
    type SerializeSeq = ser::Impossible<bool, Failed>;
    type SerializeTuple = ser::Impossible<bool, Failed>;
    type SerializeTupleStruct = ser::Impossible<bool, Failed>;
    type SerializeTupleVariant = ser::Impossible<bool, Failed>;
    type SerializeMap = ser::Impossible<bool, Failed>;
    type SerializeStruct = ser::Impossible<bool, Failed>;
    type SerializeStructVariant = ser::Impossible<bool, Failed>;

    fn serialize_str(self, s: &str) -> Result<bool, Failed> {
        Ok(s == "$ref")
    }
    fn serialize_char(self, _: char) -> Result<bool, Failed> {
        Ok(false)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<bool, Failed> {
        Ok(variant == "$ref")
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<bool, Failed> {
        value.serialize(self)
    }
    not_ref!(
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_f32: f32, serialize_f64: f64, serialize_bytes: &[u8],
        serialize_unit_struct: &'static str,
    );
    fn serialize_none(self) -> Result<bool, Failed> {
        Ok(false)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<bool, Failed> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<bool, Failed> {
        Ok(false)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<bool, Failed> {
        Ok(false)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Failed> {
        Err(Failed)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Failed> {
        Err(Failed)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Failed> {
        Err(Failed)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Failed> {
        Err(Failed)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Failed> {
        Err(Failed)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Failed> {
        Err(Failed)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Failed> {
        Err(Failed)
    }
}

/// The traits whose elements are values (sequences, tuples), on a type with `$on`.
macro_rules! elements {
    ($ty:ty, $on:expr, $($tr:ident :: $method:ident),*) => {
        $(impl ser::$tr for $ty {
            type Ok = ();
            type Error = Failed;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Failed> {
                $on(self, value)
            }
            fn end(self) -> Result<(), Failed> {
                Ok(())
            }
        })*
    };
}

/// The traits whose fields are named (structs, struct variants), on a type with `$on`.
macro_rules! fields {
    ($ty:ty, $on:expr, $($tr:ident),*) => {
        $(impl ser::$tr for $ty {
            type Ok = ();
            type Error = Failed;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Failed> {
                $on(self, key, value)
            }
            fn end(self) -> Result<(), Failed> {
                Ok(())
            }
        })*
    };
}

elements!(
    Members<'_>,
    |m: &mut Members<'_>, v| m.value(v),
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

fields!(
    Members<'_>,
    |m: &mut Members<'_>, key: &str, v| {
        m.next_is_ref = key == "$ref";
        m.value(v)
    },
    SerializeStruct,
    SerializeStructVariant
);

impl ser::SerializeMap for Members<'_> {
    type Ok = ();
    type Error = Failed;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Failed> {
        self.next_is_ref = key.serialize(KeyIsRef).unwrap_or(false);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Failed> {
        self.value(value)
    }
    fn end(self) -> Result<(), Failed> {
        Ok(())
    }
}

elements!(
    Skip,
    |_: &mut Skip, _| Ok(()),
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

fields!(
    Skip,
    |_: &mut Skip, _, _| Ok(()),
    SerializeStruct,
    SerializeStructVariant
);

impl ser::SerializeMap for Skip {
    type Ok = ();
    type Error = Failed;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, _: &T) -> Result<(), Failed> {
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, _: &T) -> Result<(), Failed> {
        Ok(())
    }
    fn end(self) -> Result<(), Failed> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use connector_swagger2 as sw;
    use serde_json::{Value, json};

    /// The references a walk of the object's JSON form finds (the scan's specification).
    fn by_value(v: &Value, out: &mut BTreeSet<String>) {
        crate::select::collect_refs(v, out);
    }

    fn document() -> Value {
        json!({
            "swagger": "2.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {
                "parameters": [{"$ref": "#/parameters/P"}],
                "get": {
                    "parameters": [{"name": "b", "in": "body", "schema": {"$ref": "#/definitions/B"}}],
                    "responses": {
                        "200": {"description": "ok", "schema": {"type": "array", "items": {"$ref": "#/definitions/C%20D"}},
                                "examples": {"application/json": {"$ref": "#/definitions/InExample", "x": [{"$ref": 7}]}}},
                        "404": {"$ref": "#/responses/NotFound"}
                    },
                    "x-ms-dynamic-schema": {"parameters": {"$ref": {"$ref": "#/not/entered"}}}
                }
            }, "x-paths-note": {"$ref": "#/definitions/FromExtension"}},
            "definitions": {
                "B": {"allOf": [{"$ref": "#/definitions/E"}], "properties": {"f": {"$ref": "#/definitions/F"}},
                      "additionalProperties": {"$ref": "#/definitions/G"}, "example": {"$ref": "#/definitions/H"}},
                "E": {"type": "object", "x-thing": ["a", {"$ref": "#/definitions/I"}]}
            },
            "parameters": {"P": {"name": "p", "in": "query", "type": "string"}},
            "responses": {"NotFound": {"description": "gone", "schema": {"$ref": "#/definitions/J"}}}
        })
    }

    #[test]
    fn the_scan_finds_what_a_walk_of_the_json_finds() {
        let v = document();
        let mut expected = BTreeSet::new();
        by_value(&v, &mut expected);
        assert!(expected.contains("#/definitions/C%20D") && !expected.contains("#/not/entered"));
        assert_eq!(expected.len(), 12);
        // On the JSON value itself, and on the typed document it reads as.
        let mut found = BTreeSet::new();
        refs_of(&v, &mut found);
        assert_eq!(found, expected);
        let doc: sw::Document = serde_json::from_value(v).unwrap();
        let mut typed = BTreeSet::new();
        by_value(&serde_json::to_value(&doc).unwrap(), &mut typed);
        let mut scanned = BTreeSet::new();
        refs_of(&doc, &mut scanned);
        assert_eq!(scanned, typed);
        assert!(scanned.contains("#/responses/NotFound") && scanned.contains("#/definitions/H"));
    }
}
