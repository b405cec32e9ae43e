//! Wall-clock helpers. Times are stored as Unix milliseconds (portable across SQLite and PostgreSQL)
//! and shown as RFC 3339.

pub fn now_millis() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

pub fn rfc3339(millis: i64) -> String {
    chrono::DateTime::from_timestamp_millis(millis)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    #[test]
    fn millis_render_as_utc_rfc3339() {
        assert_eq!(super::rfc3339(1_700_000_000_000), "2023-11-14T22:13:20Z");
    }
}
