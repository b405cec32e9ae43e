//! The list of passwords refused as new passwords: the 10,000 most common (see the header of
//! `common_passwords.txt` for where it comes from and its licence). Shipped in the binary; nothing
//! is downloaded at run time.

use std::collections::HashSet;
use std::sync::LazyLock;

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("common_passwords.txt").lines().filter(|l| !l.is_empty() && !l.starts_with('#')).collect()
});

/// The list holds lower-case entries; a password is common when its lower-cased form is listed.
pub fn is_common(password: &str) -> bool {
    COMMON.contains(password.to_lowercase().as_str())
}

/// The password is made of three different characters or fewer ("aaaaaaaaaa", "1212121212",
/// "abcabcabcabc"): the repetitive passwords NIST SP 800-63B asks verifiers to refuse along with
/// common ones. Four or more different characters pass: length does the rest.
pub fn too_repetitive(password: &str) -> bool {
    let mut seen: Vec<char> = Vec::with_capacity(4);
    for c in password.chars() {
        if !seen.contains(&c) {
            seen.push(c);
            if seen.len() > 3 {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_has_ten_thousand_passwords() {
        assert_eq!(COMMON.len(), 10_000);
    }

    #[test]
    fn common_passwords_are_known_in_any_case_and_good_ones_are_not() {
        assert!(is_common("1234567890"));
        assert!(is_common("QwertyUIOP"));
        assert!(!is_common("correct horse battery"));
    }
}
