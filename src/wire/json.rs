//! A small JSON reader (serde `Deserializer`) for what the browser decodes: server function results,
//! their errors, and the resource data the server writes into the page. The server still writes all
//! of it with `serde_json`, so the wire format and every JSON client are unchanged; only the
//! browser build reads it with this instead of `serde_json`. See BENCHMARKS.md "Bundle".
//!
//! Why it is smaller in the WASM than `serde_json`:
//! - a struct (a JSON object) is handed to the derived `Deserialize` as the sequence of its values
//!   (serde writes a struct's fields in declaration order); the derived map visitor and field-name
//!   matcher of every type are then never called and are left out of the WASM;
//! - errors carry a fixed message, never serde's formatted one (formatting serde's messages pulls
//!   in the float formatter);
//! - in the browser, numbers with a fraction or exponent are read by JavaScript's `parseFloat`.
//!
//! Limits, fine for data the server wrote with `serde_json` from the same types: an object's keys
//! must come in the order of the struct's fields (checked in debug builds only), trailing fields
//! may be absent only if they read from `null` (`Option`, `()`), and nesting deeper than 128 is
//! refused. No type the browser reads may use `skip_serializing_if` or `flatten`.

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;
use std::borrow::Cow;
use std::fmt;

/// Why a document could not be read; the message is fixed (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(&'static str);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        // Deliberately not formatted: see the module docs.
        Error("the JSON does not match the expected type")
    }
}

type Res<T> = std::result::Result<T, Error>;

const MAX_DEPTH: u32 = 128;

/// Reads one JSON document (surrounding whitespace allowed, nothing else after it).
pub fn from_slice<'de, T: de::Deserialize<'de>>(input: &'de [u8]) -> Res<T> {
    let mut reader = Reader { input, pos: 0, depth: 0 };
    let value = T::deserialize(&mut reader)?;
    reader.end()?;
    Ok(value)
}

/// [`from_slice`] for text.
pub fn from_str<'de, T: de::Deserialize<'de>>(input: &'de str) -> Res<T> {
    from_slice(input.as_bytes())
}

struct Reader<'de> {
    input: &'de [u8],
    pos: usize,
    depth: u32,
}

impl<'de> Reader<'de> {
    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.input.get(self.pos) {
            self.pos += 1;
        }
    }

    /// The next byte after whitespace, not consumed.
    fn peek(&mut self) -> Res<u8> {
        self.ws();
        self.input.get(self.pos).copied().ok_or(Error("unexpected end of JSON"))
    }

    fn expect(&mut self, byte: u8) -> Res<()> {
        if self.peek()? == byte {
            self.pos += 1;
            Ok(())
        } else {
            Err(Error("malformed JSON"))
        }
    }

    fn end(&mut self) -> Res<()> {
        self.ws();
        if self.pos == self.input.len() {
            Ok(())
        } else {
            Err(Error("trailing characters after JSON"))
        }
    }

    fn literal(&mut self, word: &[u8]) -> Res<()> {
        if self.input[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(Error("malformed JSON"))
        }
    }

    fn enter(&mut self) -> Res<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Error("JSON nested too deeply"));
        }
        Ok(())
    }

    /// After a value inside `[..]` or `{..}`: true if another one follows (a comma), false at
    /// `close`, which is consumed.
    fn more(&mut self, close: u8) -> Res<bool> {
        match self.peek()? {
            b',' => {
                self.pos += 1;
                Ok(true)
            }
            b if b == close => {
                self.pos += 1;
                Ok(false)
            }
            _ => Err(Error("malformed JSON")),
        }
    }

    /// Just after `[` or `{`: false (and consumed) if the container is empty.
    fn first(&mut self, close: u8) -> Res<bool> {
        if self.peek()? == close {
            self.pos += 1;
            Ok(false)
        } else {
            Ok(true)
        }
    }

    /// A string; the opening quote is next (after whitespace).
    fn string(&mut self) -> Res<Cow<'de, str>> {
        self.expect(b'"')?;
        let input = self.input;
        let start = self.pos;
        // Fast path: no escapes, borrowed.
        loop {
            match input.get(self.pos) {
                None => return Err(Error("unterminated JSON string")),
                Some(b'"') => {
                    let s = text(&input[start..self.pos])?;
                    self.pos += 1;
                    return Ok(Cow::Borrowed(s));
                }
                Some(b'\\') => break,
                Some(&b) if b < 0x20 => return Err(Error("control character in JSON string")),
                Some(_) => self.pos += 1,
            }
        }
        let mut out = String::from(text(&input[start..self.pos])?);
        loop {
            let run = self.pos;
            while let Some(&b) = input.get(self.pos) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(text(&input[run..self.pos])?);
            match input.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let esc = *input.get(self.pos).ok_or(Error("unterminated JSON string"))?;
                    self.pos += 1;
                    let c = match esc {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                self.literal(b"\\u")?;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(Error("lone surrogate in JSON string"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            char::from_u32(code).ok_or(Error("lone surrogate in JSON string"))?
                        }
                        _ => return Err(Error("bad escape in JSON string")),
                    };
                    out.push(c);
                }
                Some(_) => return Err(Error("control character in JSON string")),
                None => return Err(Error("unterminated JSON string")),
            }
        }
    }

    fn hex4(&mut self) -> Res<u32> {
        let digits = self.input.get(self.pos..self.pos + 4).ok_or(Error("bad \\u escape"))?;
        let mut n = 0;
        for &d in digits {
            n = n * 16 + (d as char).to_digit(16).ok_or(Error("bad \\u escape"))?;
        }
        self.pos += 4;
        Ok(n)
    }

    /// A number: visited as u64 or i64 when it is an integer that fits, else as f64.
    fn number<V: Visitor<'de>>(&mut self, visitor: V) -> Res<V::Value> {
        let start = self.pos;
        let negative = self.input.get(self.pos) == Some(&b'-');
        if negative {
            self.pos += 1;
        }
        let mut int: u64 = 0;
        let mut fits = true;
        let digits = self.pos;
        while let Some(&d @ b'0'..=b'9') = self.input.get(self.pos) {
            match int.checked_mul(10).and_then(|n| n.checked_add(u64::from(d - b'0'))) {
                Some(n) => int = n,
                None => fits = false,
            }
            self.pos += 1;
        }
        if self.pos == digits {
            return Err(Error("malformed JSON"));
        }
        let mut integer = true;
        if self.input.get(self.pos) == Some(&b'.') {
            integer = false;
            self.pos += 1;
            self.digits()?;
        }
        if let Some(b'e' | b'E') = self.input.get(self.pos) {
            integer = false;
            self.pos += 1;
            if let Some(b'+' | b'-') = self.input.get(self.pos) {
                self.pos += 1;
            }
            self.digits()?;
        }
        if integer && fits {
            if !negative {
                return visitor.visit_u64(int);
            }
            if int <= i64::MAX as u64 + 1 {
                return visitor.visit_i64((int as i64).wrapping_neg());
            }
        }
        visitor.visit_f64(parse_float(text(&self.input[start..self.pos])?))
    }

    fn digits(&mut self) -> Res<()> {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.input.get(self.pos) {
            self.pos += 1;
        }
        if self.pos == start {
            Err(Error("malformed JSON number"))
        } else {
            Ok(())
        }
    }

    /// Steps over one value without building anything.
    fn skip(&mut self) -> Res<()> {
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'{' | b'[' => {
                let close = if self.input[self.pos] == b'{' { b'}' } else { b']' };
                self.pos += 1;
                self.enter()?;
                if self.first(close)? {
                    loop {
                        if close == b'}' {
                            self.string()?;
                            self.expect(b':')?;
                        }
                        self.skip()?;
                        if !self.more(close)? {
                            break;
                        }
                    }
                }
                self.depth -= 1;
                Ok(())
            }
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            _ => self.number(de::IgnoredAny).map(drop),
        }
    }
}

fn text(bytes: &[u8]) -> Res<&str> {
    std::str::from_utf8(bytes).map_err(|_| Error("JSON is not UTF-8"))
}

#[cfg(target_arch = "wasm32")]
fn parse_float(s: &str) -> f64 {
    // The browser's own reader: no float parser in the WASM.
    js_sys::parse_float(s)
}

#[cfg(not(target_arch = "wasm32"))]
fn parse_float(s: &str) -> f64 {
    s.parse().unwrap_or(f64::NAN)
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        match self.peek()? {
            b'"' => self.deserialize_str(visitor),
            b'{' => self.deserialize_map(visitor),
            b'[' => self.deserialize_seq(visitor),
            b't' | b'f' => self.deserialize_bool(visitor),
            b'n' => self.deserialize_unit(visitor),
            _ => self.number(visitor),
        }
    }

    // Each kind of value has its own method, so a visitor is only ever compiled with the path for
    // what it expects (`deserialize_any` with a struct's visitor would bring its map visitor back).

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        if self.peek()? == b't' {
            self.literal(b"true")?;
            visitor.visit_bool(true)
        } else {
            self.literal(b"false")?;
            visitor.visit_bool(false)
        }
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        self.ws();
        self.number(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        match self.string()? {
            Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            Cow::Owned(s) => visitor.visit_string(s),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        self.ws();
        self.literal(b"null")?;
        visitor.visit_unit()
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        self.expect(b'[')?;
        self.enter()?;
        let mut items = Items { reader: &mut *self, first: true, done: false };
        let value = visitor.visit_seq(&mut items)?;
        items.finish(b']')?;
        self.depth -= 1;
        Ok(value)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        self.expect(b'{')?;
        self.enter()?;
        let mut items = Items { reader: &mut *self, first: true, done: false };
        let value = visitor.visit_map(&mut items)?;
        items.finish(b'}')?;
        self.depth -= 1;
        Ok(value)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        if self.peek()? == b'n' {
            self.literal(b"null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Res<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    /// An object, handed over as the sequence of its values in document order (see [`Values`]);
    /// an array (what a sequence-only format would send) as it is.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Res<V::Value> {
        if self.peek()? == b'[' {
            return self.deserialize_seq(visitor);
        }
        self.expect(b'{')?;
        self.enter()?;
        let mut values = Values {
            reader: &mut *self,
            len: fields.len(),
            #[cfg(debug_assertions)]
            fields,
            index: 0,
            first: true,
            done: false,
        };
        let value = visitor.visit_seq(&mut values)?;
        // Entries past the last field the type reads (written by a newer server) are skipped.
        while values.next_key()? {
            values.reader.skip()?;
        }
        self.depth -= 1;
        Ok(value)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Res<V::Value> {
        match self.peek()? {
            // A unit variant: "name".
            b'"' => match self.string()? {
                Cow::Borrowed(s) => visitor.visit_enum(s.into_deserializer()),
                Cow::Owned(s) => visitor.visit_enum(s.into_deserializer()),
            },
            // Any other variant: {"name": content}.
            b'{' => {
                self.pos += 1;
                self.enter()?;
                let value = visitor.visit_enum(&mut *self)?;
                self.expect(b'}')?;
                self.depth -= 1;
                Ok(value)
            }
            _ => Err(Error("the JSON does not match the expected type")),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        self.skip()?;
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Res<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Res<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Res<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Res<V::Value> {
        self.deserialize_str(visitor)
    }

    forward_to_deserialize_any! {
        i128 u128 bytes byte_buf
    }
}

/// The items of an array or the entries of an object, read in place.
struct Items<'a, 'de> {
    reader: &'a mut Reader<'de>,
    first: bool,
    /// The closing bracket has been read.
    done: bool,
}

impl<'de> Items<'_, 'de> {
    fn has_next(&mut self, close: u8) -> Res<bool> {
        if self.done {
            return Ok(false);
        }
        let more = if std::mem::take(&mut self.first) {
            self.reader.first(close)?
        } else {
            self.reader.more(close)?
        };
        self.done = !more;
        Ok(more)
    }

    /// After the visitor: the container must end where it stopped reading (a tuple of two reads
    /// two items and leaves the bracket).
    fn finish(&mut self, close: u8) -> Res<()> {
        if self.has_next(close)? {
            return Err(Error("the JSON does not match the expected type"));
        }
        Ok(())
    }
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Res<Option<T::Value>> {
        if self.has_next(b']')? {
            seed.deserialize(&mut *self.reader).map(Some)
        } else {
            Ok(None)
        }
    }
}

impl<'de> de::MapAccess<'de> for Items<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Res<Option<K::Value>> {
        if !self.has_next(b'}')? {
            return Ok(None);
        }
        if self.reader.peek()? != b'"' {
            return Err(Error("malformed JSON"));
        }
        seed.deserialize(&mut *self.reader).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Res<V::Value> {
        self.reader.expect(b':')?;
        seed.deserialize(&mut *self.reader)
    }
}

/// An object's values in document order, for a struct: serde writes a struct's fields in
/// declaration order, all of them (no type read in the browser skips a field when serializing), so
/// the n-th value is the n-th field. Keys are not compared in the browser build (that would keep
/// every type's field-name table in the WASM); debug builds and the tests check them. Past the
/// object's end, values read as `null` (an adjacently tagged unit variant has no content).
struct Values<'a, 'de> {
    reader: &'a mut Reader<'de>,
    /// How many fields the struct has.
    len: usize,
    #[cfg(debug_assertions)]
    fields: &'static [&'static str],
    /// The field the next value is for.
    index: usize,
    first: bool,
    done: bool,
}

impl Values<'_, '_> {
    /// Reads the next key and its colon; false at the end of the object.
    fn next_key(&mut self) -> Res<bool> {
        if self.done {
            return Ok(false);
        }
        let more = if std::mem::take(&mut self.first) {
            self.reader.first(b'}')?
        } else {
            self.reader.more(b'}')?
        };
        if !more {
            self.done = true;
            return Ok(false);
        }
        let key = self.reader.string()?;
        #[cfg(debug_assertions)]
        if self.fields.get(self.index).is_some_and(|f| *f != key) {
            return Err(Error("object keys are not in the order of the struct's fields"));
        }
        drop(key);
        self.reader.expect(b':')?;
        Ok(true)
    }
}

impl<'de> de::SeqAccess<'de> for Values<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Res<Option<T::Value>> {
        let value = if self.next_key()? {
            seed.deserialize(&mut *self.reader)?
        } else {
            seed.deserialize(&mut Reader { input: b"null", pos: 0, depth: 0 })?
        };
        self.index += 1;
        Ok(Some(value))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.len.saturating_sub(self.index))
    }
}

/// `{"variant": content}`: the key names the variant.
impl<'de> de::EnumAccess<'de> for &mut Reader<'de> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Res<(V::Value, Self)> {
        let variant = seed.deserialize(&mut *self)?;
        self.expect(b':')?;
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for &mut Reader<'de> {
    type Error = Error;

    fn unit_variant(self) -> Res<()> {
        de::Deserialize::deserialize(self)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Res<T::Value> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Res<V::Value> {
        de::Deserializer::deserialize_seq(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(self, fields: &'static [&'static str], visitor: V) -> Res<V::Value> {
        de::Deserializer::deserialize_struct(self, "", fields, visitor)
    }
}

#[cfg(test)]
#[path = "json_tests.rs"]
mod tests;
