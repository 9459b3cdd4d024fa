//! Topic names, topic filters and shared subscriptions (§4.7, §4.8):
//! validation and matching.

use crate::{Rule, scan};

/// The prefix of a shared subscription (§4.8.2).
const SHARE_PREFIX: &str = "$share/";

/// The first `+` (0x2B) or `#` (0x23) in `bytes`, a word at a time: topics
/// are checked on every encode and decode and most hold no wildcard.
fn find_wildcard(bytes: &[u8]) -> Option<usize> {
    scan::find(bytes, scan::wildcard_mask)
}

/// Checks a topic name, as PUBLISH carries it: at least one character
/// [MQTT-4.7.3-1], no wildcards [MQTT-3.3.2-2]. (UTF-8 rules are checked
/// when the string is read.)
///
/// # Errors
/// The rule broken and the byte offset in `name`.
pub fn check_topic_name(name: &str) -> Result<(), (Rule, usize)> {
    if name.is_empty() {
        return Err((Rule::EmptyTopic, 0));
    }
    match find_wildcard(name.as_bytes()) {
        Some(at) => Err((Rule::WildcardInTopicName, at)),
        None => Ok(()),
    }
}

/// Checks a topic filter, as SUBSCRIBE and UNSUBSCRIBE carry it: at least one
/// character, `#` only as the whole last level, `+` only as a whole level
/// [MQTT-4.7.1-2], [MQTT-4.7.1-3]; in MQTT 5.0 a shared subscription is
/// `$share/{ShareName}/{filter}` [MQTT-4.8.2-1], [MQTT-4.8.2-2].
///
/// # Errors
/// The rule broken and the byte offset in `filter`.
pub fn check_topic_filter(filter: &str, shared_subscriptions: bool) -> Result<(), (Rule, usize)> {
    if filter.is_empty() {
        return Err((Rule::EmptyTopic, 0));
    }
    if shared_subscriptions && filter.starts_with(SHARE_PREFIX) {
        return check_shared_filter(filter);
    }
    check_wildcards(filter.as_bytes(), 0, find_wildcard(filter.as_bytes()))
}

/// A filter that starts as a shared subscription (§4.8.2).
fn check_shared_filter(filter: &str) -> Result<(), (Rule, usize)> {
    match SharedSubscription::parse(filter) {
        Some(Ok(shared)) => {
            // The inner filter's wildcards, found afresh: the ShareName
            // holds none.
            let base = filter.len() - shared.filter.len();
            let inner = shared.filter.as_bytes();
            check_wildcards(inner, base, find_wildcard(inner))
        }
        Some(Err(at)) => Err((Rule::InvalidSharedSubscription, at)),
        None => check_wildcards(filter.as_bytes(), 0, find_wildcard(filter.as_bytes())),
    }
}

/// One pass over the wildcards of a filter's `bytes` from `first`: each
/// must fill its level, and '#' must be the last level. Offsets in errors
/// are moved by `base`.
#[inline]
fn check_wildcards(bytes: &[u8], base: usize, first: Option<usize>) -> Result<(), (Rule, usize)> {
    let mut next = first;
    while let Some(index) = next {
        let byte = bytes.get(index).copied().unwrap_or(0);
        let starts_level = index == 0 || bytes.get(index - 1) == Some(&b'/');
        let after = bytes.get(index + 1);
        let ends_level = after.is_none() || after == Some(&b'/');
        if !starts_level || !ends_level || (byte == b'#' && after.is_some()) {
            return Err((Rule::InvalidWildcard, base + index));
        }
        if after.is_none() {
            // The last byte: no wildcard after it.
            break;
        }
        next = bytes
            .get(index + 1..)
            .and_then(find_wildcard)
            .map(|found| index + 1 + found);
    }
    Ok(())
}

/// A shared subscription's parts (§4.8.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SharedSubscription<'a> {
    /// The ShareName.
    pub group: &'a str,
    /// The topic filter after it.
    pub filter: &'a str,
}

impl<'a> SharedSubscription<'a> {
    /// `None` if `filter` is not a shared subscription; otherwise its parts,
    /// or the offset of what is wrong with it.
    pub fn parse(filter: &'a str) -> Option<Result<Self, usize>> {
        let rest = filter.strip_prefix(SHARE_PREFIX)?;
        let base = SHARE_PREFIX.len();
        let Some((group, inner)) = rest.split_once('/') else {
            return Some(Err(filter.len()));
        };
        if group.is_empty() {
            return Some(Err(base));
        }
        if let Some(at) = group.find(['+', '#']) {
            return Some(Err(base + at));
        }
        if inner.is_empty() {
            return Some(Err(filter.len()));
        }
        Some(Ok(Self {
            group,
            filter: inner,
        }))
    }
}

/// `true` if `name` matches `filter` (§4.7): `+` one level, `#` the rest
/// including the parent, and names starting with `$` are not matched by
/// filters starting with a wildcard [MQTT-4.7.2-1]. A shared subscription
/// matches as its inner filter. Both are assumed valid.
pub fn topic_matches(filter: &str, name: &str) -> bool {
    let filter = match SharedSubscription::parse(filter) {
        Some(Ok(shared)) => shared.filter,
        _ => filter,
    };
    if name.starts_with('$') && filter.starts_with(['+', '#']) {
        return false;
    }
    let mut names = name.split('/');
    for level in filter.split('/') {
        match (level, names.next()) {
            ("#", _) => return true,
            ("+", Some(_)) => {}
            (level, Some(part)) if level == part => {}
            _ => return false,
        }
    }
    names.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mqtt_3_3_2_2_topic_names_have_no_wildcards() {
        assert_eq!(check_topic_name("a/b"), Ok(()));
        assert_eq!(check_topic_name("a/+"), Err((Rule::WildcardInTopicName, 2)));
        assert_eq!(check_topic_name("#"), Err((Rule::WildcardInTopicName, 0)));
        assert_eq!(check_topic_name(""), Err((Rule::EmptyTopic, 0)));
        assert_eq!(check_topic_name("/"), Ok(()));
    }

    #[test]
    fn mqtt_4_7_1_wildcards_occupy_whole_levels() {
        for good in [
            "#",
            "+",
            "a/#",
            "a/+/b",
            "+/+",
            "/+",
            "a//b",
            "sport/tennis/+",
            "$SYS/#",
        ] {
            assert_eq!(check_topic_filter(good, true), Ok(()), "{good}");
        }
        let bad = [
            ("a#", 1),
            ("a/#/b", 2),
            ("a/b+", 3),
            ("+a", 0),
            ("sport/tennis#", 12),
            ("#/", 0),
        ];
        for (filter, at) in bad {
            assert_eq!(
                check_topic_filter(filter, true),
                Err((Rule::InvalidWildcard, at)),
                "{filter}"
            );
        }
        assert_eq!(check_topic_filter("", true), Err((Rule::EmptyTopic, 0)));
    }

    #[test]
    fn mqtt_4_8_2_shared_subscriptions() {
        assert_eq!(
            SharedSubscription::parse("$share/g/a/+"),
            Some(Ok(SharedSubscription {
                group: "g",
                filter: "a/+"
            }))
        );
        assert_eq!(check_topic_filter("$share/g/#", true), Ok(()));
        assert_eq!(
            check_topic_filter("$share//a", true),
            Err((Rule::InvalidSharedSubscription, 7))
        );
        assert_eq!(
            check_topic_filter("$share/g+/a", true),
            Err((Rule::InvalidSharedSubscription, 8))
        );
        assert_eq!(
            check_topic_filter("$share/g", true),
            Err((Rule::InvalidSharedSubscription, 8))
        );
        assert_eq!(
            check_topic_filter("$share/g/", true),
            Err((Rule::InvalidSharedSubscription, 9))
        );
        assert_eq!(
            check_topic_filter("$share/g/a#", true),
            Err((Rule::InvalidWildcard, 10))
        );
        // MQTT 3.1.1 has no shared subscriptions: the same text is an ordinary filter.
        assert_eq!(check_topic_filter("$share/g", false), Ok(()));
    }

    #[test]
    fn mqtt_4_7_matching() {
        assert!(topic_matches(
            "sport/tennis/player1/#",
            "sport/tennis/player1"
        ));
        assert!(topic_matches(
            "sport/tennis/player1/#",
            "sport/tennis/player1/ranking"
        ));
        assert!(topic_matches("sport/#", "sport"));
        assert!(topic_matches("sport/+", "sport/"));
        assert!(!topic_matches("sport/+", "sport"));
        assert!(topic_matches("+/+", "/finance"));
        assert!(topic_matches("/+", "/finance"));
        assert!(!topic_matches("+", "/finance"));
        assert!(topic_matches("$share/g/a/+", "a/b"));
        assert!(!topic_matches("a/b", "a/b/c"));
    }

    #[test]
    fn mqtt_4_7_2_1_dollar_topics_are_not_matched_by_leading_wildcards() {
        assert!(!topic_matches("#", "$SYS/uptime"));
        assert!(!topic_matches("+/uptime", "$SYS/uptime"));
        assert!(topic_matches("$SYS/#", "$SYS/uptime"));
    }
}
