//! Unit tests of the browser's JSON reader (`wire::json`): every shape the browser reads, and
//! the refusals.

use super::*;
use crate::error::AppError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Written by serde_json, read back by this reader: must equal the original.
fn round_trip<T>(value: &T)
where
    T: Serialize + for<'de> Deserialize<'de> + PartialEq + fmt::Debug,
{
    let json = serde_json::to_string(value).unwrap();
    let back: T = from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(&back, value, "{json}");
    let pretty = serde_json::to_string_pretty(value).unwrap();
    let back: T = from_str(&pretty).unwrap_or_else(|e| panic!("{e}: {pretty}"));
    assert_eq!(&back, value, "{pretty}");
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Sample {
    id: i64,
    small: i32,
    count: u64,
    score: f64,
    name: String,
    maybe: Option<String>,
    nothing: Option<i64>,
    list: Vec<(i64, String)>,
    nested: Vec<Vec<bool>>,
    unit: (),
    map: BTreeMap<String, i64>,
    kind: Kind,
    data: Data,
    wrapped: Wrapped,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Kind {
    First,
    SecondOne,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
enum Data {
    Unit,
    New(String),
    Tuple(i64, bool),
    Named { a: i64, b: Option<String> },
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Wrapped(String);

fn sample(data: Data) -> Sample {
    Sample {
        id: -9_223_372_036_854_775_808,
        small: -7,
        count: u64::MAX,
        score: 0.1 + 0.2,
        name: "quote \" backslash \\ slash / tab \t newline \n nul \u{0} bell \u{7} é Łódź 😀 \u{2028}"
            .into(),
        maybe: Some(String::new()),
        nothing: None,
        list: vec![(1, "a".into()), (2, "b".into())],
        nested: vec![vec![], vec![true, false]],
        unit: (),
        map: [("x".to_string(), 1), ("y\"".to_string(), -2)].into_iter().collect(),
        kind: Kind::SecondOne,
        data,
        wrapped: Wrapped("w".into()),
    }
}

#[test]
fn what_serde_json_writes_reads_back_the_same() {
    for data in [
        Data::Unit,
        Data::New("n".into()),
        Data::Tuple(3, true),
        Data::Named { a: 1, b: None },
        Data::Named { a: -1, b: Some("b".into()) },
    ] {
        round_trip(&sample(data));
    }
}

#[test]
fn floats_read_back_exactly() {
    for f in [0.0, -0.0, 1.0, 0.5, 0.85, 1e-7, 123456.789, 1e300, -2.5e-300, f64::MAX, f64::MIN_POSITIVE] {
        round_trip(&f);
    }
}

#[test]
fn every_app_error_reads_back() {
    for e in [
        AppError::NotFound("no".into()),
        AppError::Unauthorized("who".into()),
        AppError::Forbidden("no".into()),
        AppError::validation("field", "message"),
        AppError::Conflict("c".into()),
        AppError::RateLimited { message: "slow".into(), retry_after_secs: 30 },
        AppError::Unavailable,
        AppError::Internal,
    ] {
        round_trip(&e);
        round_trip(&Result::<Option<i64>, AppError>::Err(e));
    }
    round_trip(&Result::<Option<i64>, AppError>::Ok(Some(1)));
    round_trip(&Result::<Option<i64>, AppError>::Ok(None));
}

#[test]
fn trailing_entries_are_skipped_and_missing_trailing_options_are_none() {
    let json = r#" { "kind" : "validation", "detail": {"field": "f", "message": "m", "extra": [1, {"x": "}"}]},
        "extra": {"deep": [1, {"x": null}], "s": "}"} } "#;
    assert_eq!(from_str::<AppError>(json).unwrap(), AppError::validation("f", "m"));
    assert_eq!(from_str::<AppError>(r#"{"kind":"internal"}"#).unwrap(), AppError::Internal);
    #[derive(Debug, PartialEq, Deserialize)]
    struct Two {
        a: i64,
        b: Option<String>,
    }
    assert_eq!(from_str::<Two>(r#"{"a": 1}"#).unwrap(), Two { a: 1, b: None });
    assert_eq!(from_str::<Two>("[1, \"x\"]").unwrap(), Two { a: 1, b: Some("x".into()) });
}

/// Keys are matched by position; a debug build (the tests) refuses them out of order.
#[test]
fn keys_out_of_order_are_refused_in_debug_builds() {
    let json = r#"{"detail": {"field": "f", "message": "m"}, "kind": "validation"}"#;
    assert!(from_str::<AppError>(json).is_err());
}

#[test]
fn escapes_decode() {
    let s: String = from_str(r#""a\u00e9\ud83d\ude00\/\b\f\r""#).unwrap();
    assert_eq!(s, "aé😀/\u{8}\u{c}\r");
}

#[test]
fn a_dynamic_value_reads_back() {
    round_trip(&serde_json::json!({"a": [1, -2, 2.5, "s", null, true, {"b": {}}], "c": []}));
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    for bad in [
        "",
        " ",
        "{",
        "[",
        "\"",
        "\"\\",
        "\"\\u12\"",
        "\"\\ud800\"",
        "\"\\ud800\\u0041\"",
        "tru",
        "nul",
        "-",
        "1.",
        "1e",
        "{\"kind\":}",
        "{\"kind\" \"x\"}",
        "[1,]",
        "[1 2]",
        "{,}",
        "\"a\u{1}\"",
        "1 2",
        "{\"a\":1,}",
    ] {
        assert!(from_str::<serde_json::Value>(bad).is_err(), "{bad:?}");
        assert!(from_str::<AppError>(bad).is_err(), "{bad:?}");
    }
    assert!(from_slice::<String>(b"\"\xff\"").is_err());
    assert!(from_str::<i32>("4294967296").is_err());
    assert!(from_str::<Kind>("\"third\"").is_err());
    assert!(from_str::<Sample>("{}").is_err());
}

#[test]
fn deep_nesting_is_refused() {
    let deep = "[".repeat(200) + &"]".repeat(200);
    assert!(from_str::<serde_json::Value>(&deep).is_err());
    assert!(from_str::<de::IgnoredAny>(&deep).is_err());
    let ok = "[".repeat(100) + &"]".repeat(100);
    assert!(from_str::<serde_json::Value>(&ok).is_ok());
}

#[test]
fn the_page_model_reads_back() {
    use crate::model::*;
    let claim = ClaimView {
        id: 1,
        article_id: 2,
        start: 3,
        end: 9,
        quote: Quote { exact: "exact".into(), prefix: "pre".into(), suffix: "suf".into() },
        statement: "s".into(),
        kind: ClaimKind::Statistic,
        origin: "manual".into(),
        score: 0.7321,
        facts: vec![Fact { start: 0, end: 2, text: "12%".into() }],
        status: Status::NotAClaim,
        crowd_status: Status::Pending,
        tally: Tally::default(),
        locked: true,
        editorial: Some(Editorial {
            verdict: Status::Verified,
            reason: "r".into(),
            by: None,
            at: Some("t".into()),
        }),
        visibility: crate::values::Visibility::Visible,
        merged_into: None,
        explanation: "e".into(),
        pending_votes: 0,
    };
    let article = ArticleView {
        id: 2,
        title: "t".into(),
        body: "b\n\"q\"".into(),
        url: None,
        publisher: Some("p".into()),
        published_date: None,
        created_at: "2026-01-01T00:00:00Z".into(),
        submitted_by: Some("u".into()),
        claims: vec![claim.clone(), claim],
        distribution: Distribution { verified: 1, ..Default::default() },
        locked: false,
        archived: true,
        copies: vec![crate::model::ArticleCopy { id: 1, title: "first \"copy\"".into(), open: true }],
        merged_into: Some(crate::model::ArticleLink { id: 2, title: "the one".into() }),
    };
    round_trip(&Result::<ArticleView, AppError>::Ok(article));
    round_trip(&Result::<Option<UserView>, AppError>::Ok(Some(UserView {
        id: 5,
        username: "ann".into(),
        role: Role::Admin,
        standing: crate::values::Standing::Trusted,
    })));
}
