//! Name constraints (RFC 5280 §4.2.1.10, §6.1.3 (b) and (c)): each name
//! below a constrained CA must lie in a permitted subtree of its type (if
//! the CA permits any of that type) and in no excluded subtree.

use crate::certificate::Certificate;
use crate::extension::{GeneralName, GeneralSubtrees, NameConstraints};
use crate::name::Name;
use crate::oid::at;
use crate::verify::names::is_valid_dns_name;

/// The outcome of checking one name against one CA's constraints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Inside the constraints.
    Allowed,
    /// Outside them.
    Violation,
    /// A constraint that applies cannot be evaluated, or is malformed.
    Unsupported,
    /// The comparison budget ran out.
    Budget,
}

/// Checks every name of `cert` against `constraints`, counting
/// comparisons against `budget`.
pub(crate) fn check(
    constraints: &NameConstraints<'_>,
    cert: &Certificate<'_>,
    budget: &mut usize,
) -> Outcome {
    let mut names_checked = |name: &GeneralName<'_>| check_name(constraints, name, budget);
    if !cert.subject.is_empty() {
        let outcome = names_checked(&GeneralName::Directory(cert.subject));
        if outcome != Outcome::Allowed {
            return outcome;
        }
        // RFC 5280 §4.2.1.10: e-mail addresses in the subject's
        // emailAddress attributes are checked as rfc822Names.
        for attribute in cert.subject.attributes() {
            if attribute.oid == at::EMAIL_ADDRESS {
                let Some(email) = attribute.as_str() else {
                    return Outcome::Unsupported;
                };
                let outcome = names_checked(&GeneralName::Rfc822(email));
                if outcome != Outcome::Allowed {
                    return outcome;
                }
            }
        }
    }
    if let Some(san) = cert.subject_alt_name {
        for name in san.iter() {
            let outcome = names_checked(&name);
            if outcome != Outcome::Allowed {
                return outcome;
            }
        }
    }
    Outcome::Allowed
}

fn check_name(
    constraints: &NameConstraints<'_>,
    name: &GeneralName<'_>,
    budget: &mut usize,
) -> Outcome {
    if let Some(excluded) = constraints.excluded {
        match any_match(&excluded, name, true, budget) {
            Match::Yes => return Outcome::Violation,
            Match::Unsupported => return Outcome::Unsupported,
            Match::Budget => return Outcome::Budget,
            Match::No | Match::NoneOfType => {}
        }
    }
    if let Some(permitted) = constraints.permitted {
        match any_match(&permitted, name, false, budget) {
            Match::Yes | Match::NoneOfType => {}
            Match::No => return Outcome::Violation,
            Match::Unsupported => return Outcome::Unsupported,
            Match::Budget => return Outcome::Budget,
        }
    }
    Outcome::Allowed
}

enum Match {
    Yes,
    No,
    /// No subtree of the name's type.
    NoneOfType,
    Unsupported,
    Budget,
}

/// Whether `name` is in one of `subtrees`. For excluded subtrees a
/// wildcard dNSName matches when any name it stands for would.
fn any_match(
    subtrees: &GeneralSubtrees<'_>,
    name: &GeneralName<'_>,
    excluded: bool,
    budget: &mut usize,
) -> Match {
    let mut of_type = false;
    for base in subtrees.iter() {
        let Some(remaining) = budget.checked_sub(1) else {
            return Match::Budget;
        };
        *budget = remaining;
        let result = match (&base, name) {
            (GeneralName::Dns(base), GeneralName::Dns(name)) => dns_in_subtree(name, base)
                .map(|inside| inside || (excluded && wildcard_reaches(name, base))),
            (GeneralName::Ip(base), GeneralName::Ip(name)) => {
                match ip_in_subtree(name, base) {
                    // Different address families: not the same type.
                    None => continue,
                    Some(result) => result,
                }
            }
            (GeneralName::Rfc822(base), GeneralName::Rfc822(name)) => email_in_subtree(name, base),
            (GeneralName::Directory(base), GeneralName::Directory(name)) => {
                Some(directory_in_subtree(name, base))
            }
            (GeneralName::Uri(base), GeneralName::Uri(name)) => uri_in_subtree(name, base),
            (GeneralName::OtherName { .. }, GeneralName::OtherName { .. })
            | (GeneralName::X400(_), GeneralName::X400(_))
            | (GeneralName::EdiParty(_), GeneralName::EdiParty(_))
            | (GeneralName::RegisteredId(_), GeneralName::RegisteredId(_)) => None,
            _ => continue,
        };
        of_type = true;
        match result {
            Some(true) => return Match::Yes,
            Some(false) => {}
            None => return Match::Unsupported,
        }
    }
    if of_type {
        Match::No
    } else {
        Match::NoneOfType
    }
}

/// A dNSName constraint: the name itself or any name with labels added on
/// the left. `None` for a malformed constraint (a wildcard, a leading
/// period) or name.
fn dns_in_subtree(name: &str, base: &str) -> Option<bool> {
    if base.is_empty() {
        return Some(true);
    }
    if !is_valid_dns_name(base, false) || !is_valid_dns_name(name, true) {
        return None;
    }
    let name = name.strip_suffix('.').unwrap_or(name);
    let base = base.strip_suffix('.').unwrap_or(base);
    if name.len() < base.len() {
        return Some(false);
    }
    let split = name.len() - base.len();
    let (prefix, suffix) = (name.get(..split)?, name.get(split..)?);
    Some(suffix.eq_ignore_ascii_case(base) && (prefix.is_empty() || prefix.ends_with('.')))
}

/// Whether wildcard `*.rest` stands for a name in the subtree `base`: one
/// label followed by `rest` (CVE-2025-61727: `*.example.com` would accept
/// `bar.example.com`).
fn wildcard_reaches(name: &str, base: &str) -> bool {
    let Some(rest) = name.strip_prefix("*.") else {
        return false;
    };
    let base = base.strip_suffix('.').unwrap_or(base);
    base.split_once('.')
        .is_some_and(|(label, base_rest)| !label.is_empty() && base_rest.eq_ignore_ascii_case(rest))
}

/// An iPAddress constraint: address and contiguous mask of the same
/// family. `None` for another family; `Some(false)` never hides a
/// malformed mask: that is unsupported (the caller sees `Unsupported`
/// through the mask check below).
fn ip_in_subtree(name: &[u8], base: &[u8]) -> Option<Option<bool>> {
    let half = base.len() / 2;
    if name.len() != half {
        return None;
    }
    let (address, mask) = base.split_at(half);
    // The mask must be a run of ones then zeros.
    let mut seen_zero = false;
    for bit in mask
        .iter()
        .flat_map(|b| (0..8).rev().map(move |i| b >> i & 1))
    {
        if bit == 0 {
            seen_zero = true;
        } else if seen_zero {
            return Some(None);
        }
    }
    Some(Some(
        name.iter()
            .zip(address)
            .zip(mask)
            .all(|((n, a), m)| n & m == a & m),
    ))
}

/// An rfc822Name constraint: a mailbox (`local@host`, exact), a host (all
/// mailboxes there), or `.domain` (hosts below it). Local parts compare
/// exactly, hosts ignoring ASCII case.
fn email_in_subtree(name: &str, base: &str) -> Option<bool> {
    let (local, host) = name.rsplit_once('@')?;
    if !is_valid_local_part(local) || !is_valid_dns_name(host, false) {
        return None;
    }
    if let Some((base_local, base_host)) = base.rsplit_once('@') {
        if base_local.is_empty() || !is_valid_dns_name(base_host, false) {
            return None;
        }
        return Some(local == base_local && host.eq_ignore_ascii_case(base_host));
    }
    if let Some(domain) = base.strip_prefix('.') {
        if !is_valid_dns_name(domain, false) {
            return None;
        }
        let Some(split) = host.len().checked_sub(domain.len()) else {
            return Some(false);
        };
        return Some(
            split > 1
                && host.get(split..)?.eq_ignore_ascii_case(domain)
                && host.get(..split)?.ends_with('.'),
        );
    }
    if !is_valid_dns_name(base, false) {
        return None;
    }
    Some(host.eq_ignore_ascii_case(base))
}

/// RFC 5321 §4.1.2 dot-atom local parts (quoted strings are not accepted).
fn is_valid_local_part(local: &str) -> bool {
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&c))
}

/// A directoryName constraint: its RDNs are the first RDNs of the name.
fn directory_in_subtree(name: &Name<'_>, base: &Name<'_>) -> bool {
    name.rdn_sequence().starts_with(base.rdn_sequence())
}

/// A URI constraint: on the URI's host, a host name (exact) or `.domain`
/// (hosts below it). A URI without a host cannot be evaluated.
fn uri_in_subtree(name: &str, base: &str) -> Option<bool> {
    let (_, rest) = name.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host_port.split(':').next()?;
    if host.is_empty() {
        return None;
    }
    if let Some(domain) = base.strip_prefix('.') {
        let split = host.len().checked_sub(domain.len())?;
        return Some(
            split > 1
                && host.get(split..)?.eq_ignore_ascii_case(domain)
                && host.get(..split)?.ends_with('.'),
        );
    }
    Some(host.eq_ignore_ascii_case(base))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc5280_4_2_1_10_dns_subtrees_add_labels_on_the_left() {
        assert_eq!(dns_in_subtree("example.com", "example.com"), Some(true));
        assert_eq!(dns_in_subtree("a.example.com", "example.com"), Some(true));
        assert_eq!(dns_in_subtree("*.example.com", "example.com"), Some(true));
        assert_eq!(dns_in_subtree("badexample.com", "example.com"), Some(false));
        assert_eq!(dns_in_subtree("a.example.com", ".example.com"), None);
        assert_eq!(dns_in_subtree("a.example.com", "*.example.com"), None);
    }

    #[test]
    fn rfc5280_4_2_1_10_ip_subtrees_are_address_and_mask() {
        let base = [192, 168, 0, 0, 255, 255, 0, 0];
        assert_eq!(ip_in_subtree(&[192, 168, 1, 2], &base), Some(Some(true)));
        assert_eq!(ip_in_subtree(&[192, 169, 1, 2], &base), Some(Some(false)));
        assert_eq!(ip_in_subtree(&[0; 16], &base), None);
        assert_eq!(
            ip_in_subtree(&[192, 168, 1, 2], &[192, 168, 0, 0, 255, 0, 255, 0]),
            Some(None)
        );
    }

    #[test]
    fn rfc5280_4_2_1_10_email_subtrees() {
        assert_eq!(
            email_in_subtree("a@example.com", "a@example.com"),
            Some(true)
        );
        assert_eq!(
            email_in_subtree("b@example.com", "a@example.com"),
            Some(false)
        );
        assert_eq!(email_in_subtree("b@EXAMPLE.com", "example.com"), Some(true));
        assert_eq!(
            email_in_subtree("b@x.example.com", "example.com"),
            Some(false)
        );
        assert_eq!(
            email_in_subtree("b@x.example.com", ".example.com"),
            Some(true)
        );
        assert_eq!(
            email_in_subtree("b@example.com", ".example.com"),
            Some(false)
        );
        assert_eq!(
            email_in_subtree("*@example.com", "*@example.com"),
            Some(true)
        );
        assert_eq!(email_in_subtree("a@b@example.com", "example.com"), None);
        assert!(wildcard_reaches("*.example.com", "bar.example.com"));
        assert!(!wildcard_reaches("*.example.com", "a.bar.example.com"));
    }
}
