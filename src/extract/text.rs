//! `Text`: a string in the extraction output. `extract` hands out slices of the body; when
//! the result is detached from the body (`Extraction::into_owned`) the body is copied once
//! into a shared buffer and every text becomes a range of it, instead of one `String` per
//! quote, statement, fact and reason. Reads as `&str` (`Deref`), compares and serialises
//! as the string it holds.

use serde::{Serialize, Serializer};
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

#[derive(Clone)]
pub struct Text<'a>(Repr<'a>);

#[derive(Clone)]
enum Repr<'a> {
    Borrowed(&'a str),
    Owned(Box<str>),
    /// `buf[start..end]`, both on char boundaries (checked when made).
    Shared {
        buf: Arc<str>,
        start: u32,
        end: u32,
    },
}

impl<'a> Text<'a> {
    pub const fn borrowed(s: &'a str) -> Self {
        Text(Repr::Borrowed(s))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Borrowed(s) => s,
            Repr::Owned(s) => s,
            Repr::Shared { buf, start, end } => buf.get(*start as usize..*end as usize).unwrap_or(""),
        }
    }

    /// The same text, no longer borrowing (copies it unless it is owned or shared already).
    pub fn into_owned(self) -> Text<'static> {
        match self.0 {
            Repr::Borrowed(s) => Text::from(s.to_owned()),
            Repr::Owned(s) => Text(Repr::Owned(s)),
            Repr::Shared { buf, start, end } => Text(Repr::Shared { buf, start, end }),
        }
    }
}

impl Default for Text<'_> {
    fn default() -> Self {
        Text::borrowed("")
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

/// Turns texts borrowed from one body into ranges of a single shared copy of it.
pub(crate) struct Sharer<'b> {
    body: &'b str,
    buf: Option<Arc<str>>,
}

impl<'b> Sharer<'b> {
    pub(crate) fn new(body: &'b str) -> Self {
        // Ranges are kept as u32; a larger body (never seen in practice) copies texts instead.
        let buf = (!body.is_empty() && u32::try_from(body.len()).is_ok()).then(|| Arc::from(body));
        Sharer { body, buf }
    }

    /// `t` detached from the body: a range of the shared copy when it is a slice of the body.
    pub(crate) fn share(&self, t: Text<'_>) -> Text<'static> {
        let Repr::Borrowed(s) = t.0 else {
            return t.into_owned();
        };
        if s.is_empty() {
            return Text::borrowed("");
        }
        if let Some(buf) = &self.buf {
            // Where `s` lies in memory relative to the body: a slice of the body lies inside it.
            let base = self.body.as_ptr() as usize;
            let at = (s.as_ptr() as usize).wrapping_sub(base);
            if at < self.body.len()
                && s.len() <= self.body.len() - at
                && self.body.get(at..at + s.len()).is_some()
            {
                return Text(Repr::Shared {
                    buf: Arc::clone(buf),
                    start: at as u32,
                    end: (at + s.len()) as u32,
                });
            }
        }
        Text::from(s.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_texts_read_and_compare_like_the_slices_they_replace() {
        let body = String::from("Łódź said 12 kg.");
        let sharer = Sharer::new(&body);
        let a = sharer.share(Text::borrowed(&body[0..7]));
        let b = sharer.share(Text::borrowed(&body[13..]));
        let other = String::from("elsewhere");
        let c = sharer.share(Text::borrowed(&other));
        drop(sharer);
        drop(body);
        assert_eq!(a, "Łódź");
        assert_eq!(b.as_str(), "kg.");
        assert_eq!(c, "elsewhere");
        assert!(matches!(a.0, Repr::Shared { .. }) && matches!(c.0, Repr::Owned(_)));
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"Łódź\"");
        assert_eq!(format!("{a:?}"), "\"Łódź\"");
    }
}
