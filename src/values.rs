//! The fixed vocabularies of the domain as types: a source's stance, a vote's verdict, a flag's
//! reason, what moderators do and where things stand. Each is one word on the wire (serde, JSON
//! and forms alike: the same words the API always used), read once at the edge: a word that is
//! none of them is refused with "NOUN must be one of: …", naming the field, before any service
//! code runs. `ALL` lists them in order for the UI's choices, and the OpenAPI document lists them
//! as enums.

use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

macro_rules! word_enum {
    (
        $(#[$doc:meta])*
        $name:ident, $noun:literal {
            $( $(#[$vdoc:meta])* $variant:ident = $word:literal ),+ $(,)?
        }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        #[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $( $(#[$vdoc])* $variant ),+
        }

        impl $name {
            /// Every value, in the order the UI offers them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The field these values fill, as error messages name it.
            pub const NOUN: &'static str = $noun;

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word),+
                }
            }

            /// The value a word names (surrounding spaces ignored).
            pub fn parse(word: &str) -> Option<Self> {
                match word.trim() {
                    $($word => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// [`Self::parse`] for a form field (a server function's argument): any other word is
            /// the same field error the JSON API gives.
            pub fn from_field(word: &str) -> Result<Self, crate::error::AppError> {
                $name::parse(word).ok_or_else(|| crate::error::AppError::validation($noun, $name::expected()))
            }

            /// "NOUN must be one of: a, b, c": what a client is told for any other word.
            pub fn expected() -> String {
                format!("{} must be one of: {}", $noun, [$($word),+].join(", "))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        // Stored as the same word: rows read straight into the type, and a word that is none of
        // them is a decoding error (logged, a 500), never a silent default.
        #[cfg(feature = "ssr")]
        impl sqlx::Type<sqlx::Any> for $name {
            fn type_info() -> sqlx::any::AnyTypeInfo {
                <String as sqlx::Type<sqlx::Any>>::type_info()
            }
        }

        #[cfg(feature = "ssr")]
        impl<'r> sqlx::Decode<'r, sqlx::Any> for $name {
            fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                let word = <String as sqlx::Decode<'r, sqlx::Any>>::decode(value)?;
                $name::parse(&word).ok_or_else(|| format!("{word:?} is not a {}", $noun).into())
            }
        }

        #[cfg(feature = "ssr")]
        impl<'q> sqlx::Encode<'q, sqlx::Any> for $name {
            fn encode_by_ref(
                &self,
                buf: &mut <sqlx::Any as sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&str as sqlx::Encode<'q, sqlx::Any>>::encode(self.as_str(), buf)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let word = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                $name::parse(&word).ok_or_else(|| serde::de::Error::custom($name::expected()))
            }
        }
    };
}

word_enum! {
    /// What a source says about the claim it is attached to.
    Stance, "stance" {
        Supports = "supports",
        Refutes = "refutes",
        Context = "context",
    }
}

impl Stance {
    /// How the source form offers it.
    pub fn label(self) -> &'static str {
        match self {
            Stance::Supports => "supports the claim",
            Stance::Refutes => "refutes the claim",
            Stance::Context => "gives context",
        }
    }
}

word_enum! {
    /// A reviewer's vote on a claim.
    Verdict, "verdict" {
        Verified = "verified",
        Disputed = "disputed",
        NotAClaim = "not_a_claim",
    }
}

impl Verdict {
    /// Verified and disputed must cite a source; "not a claim" cites none.
    pub fn cites_sources(self) -> bool {
        !matches!(self, Verdict::NotAClaim)
    }

    pub fn label(self) -> &'static str {
        match self {
            Verdict::Verified => "verified",
            Verdict::Disputed => "disputed",
            Verdict::NotAClaim => "not a claim",
        }
    }
}

word_enum! {
    /// An editorial verdict, set by an admin's lock.
    LockVerdict, "verdict" {
        Verified = "verified",
        Disputed = "disputed",
    }
}

word_enum! {
    /// Why a reviewer flags a claim or a source for moderation.
    FlagReason, "reason" {
        Duplicate = "duplicate",
        NotAClaim = "not_a_claim",
        WrongSpan = "wrong_span",
        Abusive = "abusive",
        Spam = "spam",
        Other = "other",
    }
}

impl FlagReason {
    pub fn label(self) -> &'static str {
        match self {
            FlagReason::Duplicate => "duplicate",
            FlagReason::NotAClaim => "not a claim",
            FlagReason::WrongSpan => "wrong span",
            FlagReason::Abusive => "abusive",
            FlagReason::Spam => "spam",
            FlagReason::Other => "other",
        }
    }
}

word_enum! {
    /// What an admin does to a claim.
    ClaimAction, "action" {
        Hide = "hide",
        Restore = "restore",
        Remove = "remove",
        Lock = "lock",
        Unlock = "unlock",
        Edit = "edit",
        Approve = "approve",
    }
}

word_enum! {
    /// What an admin does to a source.
    SourceAction, "action" {
        Hide = "hide",
        Restore = "restore",
        Remove = "remove",
    }
}

word_enum! {
    /// What an admin does to an article.
    ArticleAction, "action" {
        Lock = "lock",
        Unlock = "unlock",
        Archive = "archive",
        Unarchive = "unarchive",
    }
}

word_enum! {
    /// What an admin does with an open flag: acted on it, or no action needed.
    FlagAction, "action" {
        Resolve = "resolve",
        Dismiss = "dismiss",
    }
}

word_enum! {
    /// Who sees a claim or a source: everyone, or (hidden, removed) only admins.
    Visibility, "visibility" {
        Visible = "visible",
        Hidden = "hidden",
        Removed = "removed",
    }
}

word_enum! {
    /// A reviewer's standing: a new reviewer's votes are shown but not counted yet.
    Standing, "standing" {
        New = "new",
        Trusted = "trusted",
    }
}

impl ClaimAction {
    /// How the admin's claim form offers it.
    pub fn label(self) -> &'static str {
        match self {
            ClaimAction::Hide => "Hide (out of public view and exports; votes kept)",
            ClaimAction::Restore => "Restore",
            ClaimAction::Remove => "Remove",
            ClaimAction::Lock => "Lock with an editorial verdict",
            ClaimAction::Unlock => "Unlock (back to the crowd's status)",
            ClaimAction::Edit => "Edit the statement",
            ClaimAction::Approve => "Approve (take off the queue)",
        }
    }
}

impl ArticleAction {
    /// How the admin's article form offers it.
    pub fn label(self) -> &'static str {
        match self {
            ArticleAction::Lock => "lock (no more votes)",
            ArticleAction::Unlock => "unlock",
            ArticleAction::Archive => "archive (read-only, out of the list)",
            ArticleAction::Unarchive => "unarchive",
        }
    }
}

impl FlagAction {
    /// How the moderation queue offers it.
    pub fn label(self) -> &'static str {
        match self {
            FlagAction::Resolve => "mark the flags resolved",
            FlagAction::Dismiss => "dismiss the flags (nothing to do)",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trips<T: Serialize + for<'de> Deserialize<'de> + PartialEq + fmt::Debug + Copy>(
        all: &[T],
        word: impl Fn(T) -> &'static str,
    ) {
        for v in all {
            let json = serde_json::to_string(v).unwrap();
            assert_eq!(json, format!("\"{}\"", word(*v)), "the wire word is as_str");
            assert_eq!(serde_json::from_str::<T>(&json).unwrap(), *v);
        }
    }

    #[test]
    fn every_value_is_its_word_on_the_wire() {
        round_trips(Stance::ALL, Stance::as_str);
        round_trips(Verdict::ALL, Verdict::as_str);
        round_trips(LockVerdict::ALL, LockVerdict::as_str);
        round_trips(FlagReason::ALL, FlagReason::as_str);
        round_trips(ClaimAction::ALL, ClaimAction::as_str);
        round_trips(SourceAction::ALL, SourceAction::as_str);
        round_trips(ArticleAction::ALL, ArticleAction::as_str);
        round_trips(FlagAction::ALL, FlagAction::as_str);
        round_trips(Visibility::ALL, Visibility::as_str);
        round_trips(Standing::ALL, Standing::as_str);
    }

    #[test]
    fn another_word_is_refused_with_the_choices() {
        let e = serde_json::from_str::<Stance>("\"agrees\"").unwrap_err().to_string();
        assert!(e.starts_with("stance must be one of: supports, refutes, context"), "{e}");
        assert_eq!(Verdict::parse(" verified "), Some(Verdict::Verified));
        assert_eq!(Verdict::parse("Verified"), None);
        assert_eq!(
            FlagReason::expected(),
            "reason must be one of: duplicate, not_a_claim, wrong_span, abusive, spam, other"
        );
    }
}
