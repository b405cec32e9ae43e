//! `Text`: a string in the extraction output. `extract` hands out ranges of the body; when
//! the result is detached from the body (`Extraction::into_owned`) the body is copied once
//! into a shared buffer and every text becomes the same range of it, instead of one `String`
//! per quote, statement, fact and reason. Reads as `&str` (`Deref`), compares and serialises
//! as the string it holds.

use serde::{Serialize, Serializer};
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

#[derive(Clone)]
pub struct Text<'a>(Repr<'a>);

#[derive(Clone)]
enum Repr<'a> {
    /// `body[start..end]`, both on char boundaries (checked when made).
    Borrowed {
        body: &'a str,
        start: u32,
        end: u32,
    },
    Owned(Box<str>),
    /// `buf[start..end]`, both on char boundaries (checked when made).
    Shared {
        buf: Arc<str>,
        start: u32,
        end: u32,
    },
}

impl<'a> Text<'a> {
    pub fn borrowed(s: &'a str) -> Self {
        Text::slice(s, 0, s.len())
    }

    /// `body[start..end]`, remembering the whole body so that `Extraction::into_owned` can
    /// share one copy of it. Panics like slicing when the range is not on char boundaries.
    #[inline]
    pub fn slice(body: &'a str, start: usize, end: usize) -> Self {
        let ok = start <= end && body.is_char_boundary(start) && body.is_char_boundary(end);
        assert!(ok, "text range {start}..{end} is not a slice of the body");
        if end <= u32::MAX as usize {
            Text(Repr::Borrowed { body, start: start as u32, end: end as u32 })
        } else {
            Text::far_slice(&body[start..end])
        }
    }

    /// `slice` for ranges `extract` worked out itself, on char boundaries by construction:
    /// checked only in debug builds. A wrong range could not read outside the body, since
    /// `as_str` slices with `get`; it would read as empty.
    #[inline]
    pub(crate) fn part(body: &'a str, start: usize, end: usize) -> Self {
        debug_assert!(start <= end && body.is_char_boundary(start) && body.is_char_boundary(end));
        if end <= u32::MAX as usize {
            Text(Repr::Borrowed { body, start: start as u32, end: end as u32 })
        } else {
            Text::slice(body, start, end)
        }
    }

    /// A slice ending past 4 GiB, where offsets do not fit: remember only the part.
    #[cold]
    fn far_slice(part: &'a str) -> Self {
        match u32::try_from(part.len()) {
            Ok(end) => Text(Repr::Borrowed { body: part, start: 0, end }),
            Err(_) => Text(Repr::Owned(part.into())),
        }
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Borrowed { body, start, end } => body.get(*start as usize..*end as usize).unwrap_or(""),
            Repr::Owned(s) => s,
            Repr::Shared { buf, start, end } => buf.get(*start as usize..*end as usize).unwrap_or(""),
        }
    }

    /// The string this text is a range of, and the range (bytes): the body it was sliced
    /// from, or, once copied on its own, just itself.
    pub(crate) fn parts(&self) -> (&str, usize, usize) {
        match &self.0 {
            Repr::Borrowed { body, start, end } => (body, *start as usize, *end as usize),
            Repr::Owned(s) => (s, 0, s.len()),
            Repr::Shared { buf, start, end } => (buf, *start as usize, *end as usize),
        }
    }

    /// The same text, no longer borrowing (copies it unless it is owned or shared already).
    pub fn into_owned(self) -> Text<'static> {
        match self.0 {
            Repr::Borrowed { .. } => Text::from(self.as_str().to_owned()),
            Repr::Owned(s) => Text(Repr::Owned(s)),
            Repr::Shared { buf, start, end } => Text(Repr::Shared { buf, start, end }),
        }
    }
}

impl Default for Text<'_> {
    fn default() -> Self {
        Text(Repr::Borrowed { body: "", start: 0, end: 0 })
    }
}

impl From<String> for Text<'_> {
    fn from(s: String) -> Self {
        Text(Repr::Owned(s.into_boxed_str()))
    }
}

impl<'a> From<std::borrow::Cow<'a, str>> for Text<'a> {
    fn from(s: std::borrow::Cow<'a, str>) -> Self {
        match s {
            std::borrow::Cow::Borrowed(s) => Text::borrowed(s),
            std::borrow::Cow::Owned(s) => Text::from(s),
        }
    }
}

impl<'a> From<&'a str> for Text<'a> {
    fn from(s: &'a str) -> Self {
        Text::borrowed(s)
    }
}

impl Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text<'_> {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Text<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq for Text<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text<'_> {}

impl std::hash::Hash for Text<'_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.as_str().hash(h);
    }
}

impl PartialEq<str> for Text<'_> {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text<'_> {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Text<'_>> for str {
    fn eq(&self, other: &Text<'_>) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Text<'_>> for &str {
    fn eq(&self, other: &Text<'_>) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Text<'_>> for String {
    fn eq(&self, other: &Text<'_>) -> bool {
        self == other.as_str()
    }
}

/// Turns texts borrowed from a body into ranges of one shared copy of it: the copy is made
/// for the first body met, and texts of any other body are copied on their own.
#[derive(Default)]
pub(crate) struct Sharer {
    shared: Option<(usize, usize, Arc<str>)>,
}

impl Sharer {
    #[inline]
    pub(crate) fn share(&mut self, t: Text<'_>) -> Text<'static> {
        // The usual case first: a non-empty range of the body already copied.
        if let (Repr::Borrowed { body, start, end }, Some((p, n, buf))) = (&t.0, &self.shared) {
            if start < end && (*p, *n) == (body.as_ptr() as usize, body.len()) {
                return Text(Repr::Shared { buf: Arc::clone(buf), start: *start, end: *end });
            }
        }
        self.share_other(t)
    }

    #[inline(never)]
    fn share_other(&mut self, t: Text<'_>) -> Text<'static> {
        let Repr::Borrowed { body, start, end } = t.0 else {
            return t.into_owned();
        };
        if start == end {
            return Text::default();
        }
        let id = (body.as_ptr() as usize, body.len());
        let (p, n, buf) = self.shared.get_or_insert_with(|| (id.0, id.1, Arc::from(body)));
        if (*p, *n) == id {
            Text(Repr::Shared { buf: Arc::clone(buf), start, end })
        } else {
            t.into_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_texts_read_and_compare_like_the_slices_they_replace() {
        let body = String::from("Łódź said 12 kg.");
        let other = String::from("elsewhere");
        let mut sharer = Sharer::default();
        let a = sharer.share(Text::slice(&body, 0, 7));
        let b = sharer.share(Text::slice(&body, 13, body.len()));
        let c = sharer.share(Text::borrowed(&other));
        let d = sharer.share(Text::slice(&body, 2, 2));
        drop(sharer);
        drop(body);
        assert_eq!(a, "Łódź");
        assert_eq!(b.as_str(), "12 kg.");
        assert_eq!(c, "elsewhere");
        assert_eq!(d, "");
        assert!(matches!(a.0, Repr::Shared { .. }) && matches!(c.0, Repr::Owned(_)));
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"Łódź\"");
        assert_eq!(format!("{a:?}"), "\"Łódź\"");
    }
}
