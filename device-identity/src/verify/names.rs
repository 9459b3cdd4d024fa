//! Names on a certificate: DNS syntax (RFC 1034 §3.5 as modified by RFC
//! 1123 §2.1), the reference identities a client expects (RFC 6125), and
//! IP address text.

use crate::certificate::Certificate;
use crate::extension::GeneralName;

/// A name the end entity must be valid for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpectedName<'p> {
    /// A DNS name, matched against dNSName entries (wildcards allowed in
    /// the leftmost label of the certificate's name).
    Dns(&'p str),
    /// An IP address (4 or 16 bytes), matched against iPAddress entries.
    Ip(IpAddress),
}

/// An IPv4 or IPv6 address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct IpAddress {
    bytes: [u8; 16],
    len: u8,
}

impl IpAddress {
    /// The address bytes (4 or 16).
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..usize::from(self.len)).unwrap_or_default()
    }

    /// An address from 4 or 16 bytes.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let len = u8::try_from(bytes.len()).ok()?;
        if len != 4 && len != 16 {
            return None;
        }
        let mut out = [0u8; 16];
        out.get_mut(..bytes.len())?.copy_from_slice(bytes);
        Some(Self { bytes: out, len })
    }

    /// Whether `text` is exactly this address's canonical text: dotted
    /// quad without leading zeros, or RFC 5952 IPv6 (lowercase, no
    /// leading zeros, the longest run of two or more zero groups as `::`).
    pub fn canonical_text_eq(&self, text: &str) -> bool {
        let mut buf = [0u8; 39];
        let mut writer = TextBuf {
            buf: &mut buf,
            len: 0,
        };
        if core::fmt::write(&mut writer, format_args!("{self}")).is_err() {
            return false;
        }
        let len = writer.len;
        buf.get(..len).is_some_and(|b| b == text.as_bytes())
    }

    /// Parses dotted-quad IPv4 (no leading zeros) or RFC 4291 IPv6 text.
    pub fn parse(text: &str) -> Option<Self> {
        if text.contains(':') {
            parse_ipv6(text)
        } else {
            parse_ipv4(text)
        }
    }
}

impl core::fmt::Display for IpAddress {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let bytes = self.as_bytes();
        if let [a, b, c, d] = bytes {
            return write!(f, "{a}.{b}.{c}.{d}");
        }
        let mut groups = [0u16; 8];
        for (g, pair) in groups.iter_mut().zip(bytes.chunks_exact(2)) {
            if let [hi, lo] = pair {
                *g = u16::from_be_bytes([*hi, *lo]);
            }
        }
        // RFC 5952 §4.2: the longest run (first if tied) of two or more
        // zero groups becomes "::".
        let (mut best_start, mut best_len) = (8, 0);
        let mut i = 0;
        while i < 8 {
            let run = groups.iter().skip(i).take_while(|g| **g == 0).count();
            if run > best_len {
                (best_start, best_len) = (i, run);
            }
            i += run.max(1);
        }
        if best_len < 2 {
            best_start = 8;
        }
        let mut i = 0;
        while i < 8 {
            if i == best_start {
                f.write_str("::")?;
                i += best_len;
                continue;
            }
            if i > 0 && i != best_start + best_len {
                f.write_str(":")?;
            }
            write!(f, "{:x}", groups.get(i).copied().unwrap_or(0))?;
            i += 1;
        }
        Ok(())
    }
}

struct TextBuf<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl core::fmt::Write for TextBuf<'_> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let end = self.len + s.len();
        self.buf
            .get_mut(self.len..end)
            .ok_or(core::fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

fn parse_ipv4(text: &str) -> Option<IpAddress> {
    let mut bytes = [0u8; 4];
    let mut parts = text.split('.');
    for b in &mut bytes {
        let part = parts.next()?;
        if part.is_empty()
            || part.len() > 3
            || !part.bytes().all(|c| c.is_ascii_digit())
            || (part.len() > 1 && part.starts_with('0'))
        {
            return None;
        }
        *b = part.parse().ok()?;
    }
    if parts.next().is_some() {
        return None;
    }
    IpAddress::from_bytes(&bytes)
}

fn parse_ipv6(text: &str) -> Option<IpAddress> {
    let mut groups = [0u16; 8];
    let (head, tail) = match text.split_once("::") {
        Some((h, t)) => (h, Some(t)),
        None => (text, None),
    };
    let parse_groups = |s: &str, out: &mut [u16; 8]| -> Option<usize> {
        if s.is_empty() {
            return Some(0);
        }
        let mut n = 0;
        for g in s.split(':') {
            if g.is_empty() || g.len() > 4 || !g.bytes().all(|c| c.is_ascii_hexdigit()) {
                return None;
            }
            *out.get_mut(n)? = u16::from_str_radix(g, 16).ok()?;
            n += 1;
        }
        Some(n)
    };
    let mut head_groups = [0u16; 8];
    let head_n = parse_groups(head, &mut head_groups)?;
    match tail {
        None => {
            if head_n != 8 {
                return None;
            }
            groups = head_groups;
        }
        Some(tail) => {
            let mut tail_groups = [0u16; 8];
            let tail_n = parse_groups(tail, &mut tail_groups)?;
            if head_n + tail_n > 7 {
                return None;
            }
            groups
                .get_mut(..head_n)?
                .copy_from_slice(head_groups.get(..head_n)?);
            groups
                .get_mut(8 - tail_n..)?
                .copy_from_slice(tail_groups.get(..tail_n)?);
        }
    }
    let mut bytes = [0u8; 16];
    for (chunk, g) in bytes.chunks_exact_mut(2).zip(groups) {
        chunk.copy_from_slice(&g.to_be_bytes());
    }
    IpAddress::from_bytes(&bytes)
}

/// Whether `name` is a DNS name in the preferred name syntax: labels of
/// letters, digits and inner hyphens, 1–63 characters, 253 in all, and a
/// last label that is not all digits. With `wildcard`, the leftmost
/// label may be exactly `*` (and two more labels must follow).
pub fn is_valid_dns_name(name: &str, wildcard: bool) -> bool {
    is_valid_dns_name_bytes(name.as_bytes(), wildcard)
}

/// What a byte may be in a DNS name: 0 (not allowed), or one of these.
const LETTER: u8 = 1;
const DIGIT: u8 = 2;
const HYPHEN: u8 = 3;
const DOT: u8 = 4;

/// The class of a byte (LLVM makes the match a table).
const fn dns_class(c: u8) -> u8 {
    match c {
        b'a'..=b'z' | b'A'..=b'Z' => LETTER,
        b'0'..=b'9' => DIGIT,
        b'-' => HYPHEN,
        b'.' => DOT,
        _ => 0,
    }
}

/// [`is_valid_dns_name`] on the bytes of an IA5String.
pub(crate) fn is_valid_dns_name_bytes(name: &[u8], wildcard: bool) -> bool {
    let name = name.strip_suffix(b".").unwrap_or(name);
    if name.is_empty() || name.len() > 253 {
        return false;
    }
    let (body, wildcard) = match name {
        [b'*', b'.', rest @ ..] if wildcard => (rest, true),
        bytes => (bytes, false),
    };
    // One pass over the labels: letters, digits and inner hyphens, 1 to
    // 63 of them each; the last label not all digits.
    let mut labels = 1usize;
    let mut label_len = 0usize;
    let mut previous = b'.';
    let mut last_all_digits = true;
    for &c in body {
        match dns_class(c) {
            DOT => {
                if label_len == 0 || label_len > 63 || previous == b'-' {
                    return false;
                }
                labels += 1;
                label_len = 0;
                last_all_digits = true;
            }
            0 => return false,
            class => {
                if class == HYPHEN && label_len == 0 {
                    return false;
                }
                label_len += 1;
                last_all_digits &= class == DIGIT;
            }
        }
        previous = c;
    }
    if label_len > 63 {
        return false;
    }
    // `*.` needs two labels after it.
    label_len > 0 && previous != b'-' && !last_all_digits && (!wildcard || labels >= 2)
}

/// Whether the certificate's `presented` dNSName matches `reference`
/// (both valid): equal ignoring ASCII case, or `*.rest` against one label
/// followed by `rest` (RFC 6125 §6.4.3, leftmost label only).
pub fn dns_matches(presented: &str, reference: &str) -> bool {
    let presented = presented.strip_suffix('.').unwrap_or(presented);
    let reference = reference.strip_suffix('.').unwrap_or(reference);
    if let Some(rest) = presented.strip_prefix("*.") {
        match reference.split_once('.') {
            Some((label, ref_rest)) => !label.is_empty() && ref_rest.eq_ignore_ascii_case(rest),
            None => false,
        }
    } else {
        presented.eq_ignore_ascii_case(reference)
    }
}

/// Whether `cert` is valid for `expected`: only subjectAltName counts
/// (RFC 6125 §6.4.4 lets clients ignore the CN; the Web PKI does).
pub fn matches_expected(cert: &Certificate<'_>, expected: &ExpectedName<'_>) -> bool {
    let Some(san) = cert.subject_alt_name else {
        return false;
    };
    san.iter().any(|name| match (name, expected) {
        (GeneralName::Dns(presented), ExpectedName::Dns(reference)) => {
            dns_matches(presented, reference)
        }
        (GeneralName::Ip(presented), ExpectedName::Ip(reference)) => {
            presented == reference.as_bytes()
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]

    use super::*;

    #[test]
    fn rfc1123_preferred_name_syntax() {
        assert!(is_valid_dns_name("example.com", false));
        assert!(is_valid_dns_name("1-2.example.com", false));
        assert!(is_valid_dns_name("*.example.com", true));
        assert!(!is_valid_dns_name("*.example.com", false));
        assert!(!is_valid_dns_name("*.com", true));
        assert!(!is_valid_dns_name("f*o.example.com", true));
        assert!(!is_valid_dns_name("foo.*.example.com", true));
        assert!(!is_valid_dns_name("foo_bar.example.com", false));
        assert!(!is_valid_dns_name("-a.example.com", false));
        assert!(!is_valid_dns_name("127.0.0.1", false));
        assert!(!is_valid_dns_name(".example.com", false));
        assert!(!is_valid_dns_name("", false));
        assert!(is_valid_dns_name("example.com.", false));
        assert!(!is_valid_dns_name("a-.example.com", false));
        assert!(!is_valid_dns_name("example.com-", false));
        assert!(!is_valid_dns_name("a..example.com", false));
        assert!(!is_valid_dns_name("*", true));
        assert!(!is_valid_dns_name("*.", true));
        assert!(!is_valid_dns_name("*..com", true));
        assert!(is_valid_dns_name("*.a.b", true));
        // Labels of 63 and 64 letters; a name of 256 octets.
        let mut long = [b'a'; 260];
        long[63] = b'.';
        fn text(bytes: &[u8]) -> &str {
            core::str::from_utf8(bytes).unwrap()
        }
        assert!(is_valid_dns_name(text(&long[..66]), false));
        long[63] = b'a';
        long[64] = b'.';
        assert!(!is_valid_dns_name(text(&long[..67]), false));
        for dot in [63, 127, 191, 255] {
            long[dot] = b'.';
        }
        long[64] = b'a';
        assert!(is_valid_dns_name(text(&long[..253]), false));
        assert!(!is_valid_dns_name(text(&long[..256]), false));
    }

    #[test]
    fn rfc6125_6_4_3_wildcards_match_one_leftmost_label() {
        assert!(dns_matches("*.example.com", "foo.example.com"));
        assert!(dns_matches("EXAMPLE.com", "example.COM"));
        assert!(!dns_matches("*.example.com", "example.com"));
        assert!(!dns_matches("*.example.com", "a.b.example.com"));
    }

    #[test]
    fn ip_text_forms() {
        assert_eq!(
            IpAddress::parse("127.0.0.1").unwrap().as_bytes(),
            [127, 0, 0, 1]
        );
        assert!(IpAddress::parse("127.0.0.01").is_none());
        assert!(IpAddress::parse("256.0.0.1").is_none());
        assert!(IpAddress::parse("1.2.3").is_none());
        let v6 = IpAddress::parse("2001:db8::1").unwrap();
        assert_eq!(v6.as_bytes().len(), 16);
        assert_eq!(v6.as_bytes()[15], 1);
        assert_eq!(IpAddress::parse("::").unwrap().as_bytes(), [0; 16]);
        assert!(IpAddress::parse("1::2::3").is_none());
        assert!(IpAddress::parse("1:2:3:4:5:6:7:8:9").is_none());
        for text in [
            "2001:db8::1",
            "::",
            "::1",
            "1::",
            "2001:db8:0:1:1:1:1:1",
            "1:0:0:2::3",
            "10.0.0.1",
        ] {
            let ip = IpAddress::parse(text).unwrap();
            assert!(ip.canonical_text_eq(text), "{text}");
        }
        let ip = IpAddress::parse("2001:db8::1").unwrap();
        assert!(!ip.canonical_text_eq("2001:DB8::1"));
        assert!(!ip.canonical_text_eq("2001:0db8::1"));
        assert!(!ip.canonical_text_eq("2001:db8:0:0:0:0:0:1"));
    }
}
