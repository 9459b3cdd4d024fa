//! Distinguished names (RFC 5280 §4.1.2.4): a SEQUENCE of relative
//! distinguished names, each a non-empty SET of attribute type and value.
//! Kept as borrowed bytes; compared by encoding, as path builders do.

use core::fmt;

use crate::der::{Der, Tlv, tag};
use crate::oid::{Oid, at};
use crate::rule::{Error, Rule};

/// A distinguished name, checked well formed.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Name<'a> {
    /// The whole `Name` encoding (the SEQUENCE element).
    pub encoded: &'a [u8],
    content: &'a [u8],
    content_offset: usize,
}

/// One attribute of a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attribute<'a> {
    /// The attribute type.
    pub oid: Oid<'a>,
    /// The value's tag (PrintableString, UTF8String, ...).
    pub value_tag: u8,
    /// The value's content octets.
    pub value: &'a [u8],
    /// Absolute offset of the value element.
    pub offset: usize,
    /// Whether it shares its RDN with the previous attribute (a
    /// multi-valued RDN).
    pub same_rdn: bool,
}

impl<'a> Attribute<'a> {
    /// The value as text, for the string types whose bytes are valid
    /// (PrintableString and IA5String as ASCII, UTF8String as UTF-8).
    pub fn as_str(&self) -> Option<&'a str> {
        match self.value_tag {
            tag::UTF8_STRING => core::str::from_utf8(self.value).ok(),
            tag::PRINTABLE_STRING | tag::IA5_STRING | tag::TELETEX_STRING
                if self.value.is_ascii() =>
            {
                core::str::from_utf8(self.value).ok()
            }
            _ => None,
        }
    }
}

impl<'a> Name<'a> {
    /// Reads a `Name` from `der`.
    ///
    /// # Errors
    /// Not a SEQUENCE of non-empty SETs of `{ OID, value }`.
    #[cfg_attr(target_os = "none", inline)]
    #[cfg_attr(not(target_os = "none"), inline(always))]
    pub fn read(der: &mut Der<'a>) -> Result<Self, Error> {
        let tlv = der.element(tag::SEQUENCE)?;
        Self::from_tlv(&tlv)
    }

    /// Checks a `Name` element.
    ///
    /// # Errors
    /// Not a SEQUENCE of non-empty SETs of `{ OID, value }`.
    #[cfg_attr(target_os = "none", inline)]
    #[cfg_attr(not(target_os = "none"), inline(always))]
    pub fn from_tlv(tlv: &Tlv<'a>) -> Result<Self, Error> {
        // Nearly every RDN holds one attribute with short lengths: those
        // are checked in place; the others, and any that breaks a rule, go
        // to the general reader, which names the rule.
        let mut rest = tlv.content;
        loop {
            while let Some(after) = simple_rdn(rest) {
                rest = after;
            }
            if rest.is_empty() {
                break;
            }
            let offset = tlv.content_offset + (tlv.content.len() - rest.len());
            let mut rdns = Der::nested(rest, offset);
            Self::check_rdn(&mut rdns)?;
            rest = rdns.remaining();
        }
        Ok(Self {
            encoded: tlv.encoded,
            content: tlv.content,
            content_offset: tlv.content_offset,
        })
    }

    /// Checks one RDN element by element: a non-empty SET of `{ OID,
    /// value }`.
    fn check_rdn(rdns: &mut Der<'a>) -> Result<(), Error> {
        let set = rdns.element(tag::SET)?;
        let mut attributes = set.reader();
        if attributes.is_empty() {
            return Err(set.error(Rule::EmptySequence));
        }
        while !attributes.is_empty() {
            let mut attribute = attributes.sequence()?;
            attribute.oid()?;
            let value = attribute.any()?;
            if value.tag == tag::UTF8_STRING
                && !value.content.is_ascii()
                && core::str::from_utf8(value.content).is_err()
            {
                return Err(value.error(Rule::InvalidString));
            }
            attribute.finish()?;
        }
        Ok(())
    }

    /// True for the empty name (a SEQUENCE with no RDNs).
    pub const fn is_empty(&self) -> bool {
        self.content.is_empty()
    }

    /// The RDN sequence's content octets (what name constraints compare).
    pub const fn rdn_sequence(&self) -> &'a [u8] {
        self.content
    }

    /// The attributes in order.
    pub fn attributes(&self) -> Attributes<'a> {
        Attributes {
            rdns: Der::nested(self.content, self.content_offset),
            current: None,
        }
    }

    /// The first attribute of type `oid`.
    pub fn find(&self, oid: &[u8]) -> Option<Attribute<'a>> {
        self.attributes().find(|a| a.oid == oid)
    }

    /// The common names (there may be several).
    pub fn common_names(&self) -> impl Iterator<Item = Attribute<'a>> + 'a {
        self.attributes().filter(|a| a.oid == at::COMMON_NAME)
    }
}

/// If `bytes` starts with an RDN of exactly one attribute, every length
/// short-form, that breaks no rule the general reader checks: the bytes
/// after it. `None` sends the RDN to the general reader.
#[cfg_attr(target_os = "none", inline)]
#[cfg_attr(not(target_os = "none"), inline(always))]
fn simple_rdn(bytes: &[u8]) -> Option<&[u8]> {
    let rdn = split_simple_rdn(bytes)?;
    let value_ok = rdn.value_tag & 0x1f != 0x1f
        && (rdn.value_tag != tag::UTF8_STRING
            || rdn.value.is_ascii()
            || core::str::from_utf8(rdn.value).is_ok());
    (value_ok && Oid::from_content(rdn.oid).is_some()).then_some(rdn.after)
}

/// An RDN of exactly one attribute, every length short-form.
struct SimpleRdn<'a> {
    oid: &'a [u8],
    value_tag: u8,
    value: &'a [u8],
    /// Where the value element starts, from the RDN's first byte.
    value_at: usize,
    /// The bytes after the RDN.
    after: &'a [u8],
}

/// Splits a [`SimpleRdn`] off `bytes` if it starts with one: the structure
/// only (lengths short-form and nested exactly: the SET holds the
/// SEQUENCE only, the SEQUENCE the OID and the value only).
#[cfg_attr(target_os = "none", inline)]
#[cfg_attr(not(target_os = "none"), inline(always))]
fn split_simple_rdn(bytes: &[u8]) -> Option<SimpleRdn<'_>> {
    let [
        tag::SET,
        set_len,
        tag::SEQUENCE,
        seq_len,
        tag::OID,
        oid_len,
        ref rest @ ..,
    ] = *bytes
    else {
        return None;
    };
    let (oid, rest) = rest.split_at_checked(usize::from(oid_len))?;
    let [value_tag, value_len, ref rest @ ..] = *rest else {
        return None;
    };
    let (value, after) = rest.split_at_checked(usize::from(value_len))?;
    let nested = set_len < 0x80
        && oid_len < 0x80
        && value_len < 0x80
        && usize::from(seq_len) == 4 + oid.len() + value.len()
        && usize::from(set_len) == 2 + usize::from(seq_len);
    nested.then_some(SimpleRdn {
        oid,
        value_tag,
        value,
        value_at: 6 + oid.len(),
        after,
    })
}

/// The attributes of a [`Name`].
#[derive(Clone, Debug)]
pub struct Attributes<'a> {
    rdns: Der<'a>,
    current: Option<Der<'a>>,
}

impl<'a> Iterator for Attributes<'a> {
    type Item = Attribute<'a>;

    fn next(&mut self) -> Option<Attribute<'a>> {
        // The name was checked when read, so the reads below succeed.
        let mut same_rdn = true;
        if self.current.as_ref().is_none_or(Der::is_empty) {
            let rest = self.rdns.remaining();
            if let Some(rdn) = split_simple_rdn(rest) {
                let offset = self.rdns.offset();
                self.rdns.advance(rest.len() - rdn.after.len());
                self.current = None;
                return Some(Attribute {
                    oid: Oid::checked_when_parsed(rdn.oid),
                    value_tag: rdn.value_tag,
                    value: rdn.value,
                    offset: offset + rdn.value_at,
                    same_rdn: false,
                });
            }
        }
        loop {
            if let Some(set) = self.current.as_mut().filter(|set| !set.is_empty()) {
                let mut attribute = set.sequence().ok()?;
                let oid = Oid::checked_when_parsed(attribute.any().ok()?.content);
                let value = attribute.any().ok()?;
                return Some(Attribute {
                    oid,
                    value_tag: value.tag,
                    value: value.content,
                    offset: value.offset,
                    same_rdn,
                });
            }
            self.current = Some(self.rdns.element(tag::SET).ok()?.reader());
            same_rdn = false;
        }
    }
}

impl fmt::Debug for Name<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Name({self})")
    }
}

impl fmt::Display for Name<'_> {
    /// In the order encoded, `CN=x, O=y`; unknown types by dotted OID;
    /// values that are not text in hex.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, a) in self.attributes().enumerate() {
            if i > 0 {
                f.write_str(if a.same_rdn { " + " } else { ", " })?;
            }
            match short_name(a.oid.as_bytes()) {
                Some(name) => f.write_str(name)?,
                None => write!(f, "{}", a.oid)?,
            }
            f.write_str("=")?;
            match a.as_str() {
                Some(text) => f.write_str(text)?,
                None => {
                    f.write_str("#")?;
                    for b in a.value {
                        write!(f, "{b:02x}")?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// The RFC 4514 short names of common attribute types.
fn short_name(oid: &[u8]) -> Option<&'static str> {
    Some(match oid {
        at::COMMON_NAME => "CN",
        at::COUNTRY_NAME => "C",
        at::ORGANIZATION_NAME => "O",
        at::SERIAL_NUMBER => "serialNumber",
        at::EMAIL_ADDRESS => "emailAddress",
        [0x55, 0x04, 0x07] => "L",
        [0x55, 0x04, 0x08] => "ST",
        [0x55, 0x04, 0x0b] => "OU",
        [0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19] => "DC",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]

    extern crate alloc;

    use super::*;

    /// `C=DE, O=iotm + OU=x, CN=device` with a UTF-8 common name.
    const NAME: &[u8] = &[
        0x30, 0x3a, 0x31, 0x0b, 0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x06, 0x13, 0x02, 0x44, 0x45,
        0x31, 0x17, 0x30, 0x0b, 0x06, 0x03, 0x55, 0x04, 0x0a, 0x0c, 0x04, 0x69, 0x6f, 0x74, 0x6d,
        0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x0b, 0x0c, 0x01, 0x78, 0x31, 0x12, 0x30, 0x10, 0x06,
        0x03, 0x55, 0x04, 0x03, 0x0c, 0x09, 0x64, 0xc3, 0xa9, 0x76, 0x69, 0x63, 0x65, 0x2d, 0x31,
    ];

    /// The name checked by the general reader alone.
    fn general_only(encoded: &[u8]) -> Result<(), Error> {
        let tlv = Der::new(encoded).any()?;
        let mut rdns = tlv.reader();
        while !rdns.is_empty() {
            Name::check_rdn(&mut rdns)?;
        }
        Ok(())
    }

    #[test]
    fn rfc5280_4_1_2_4_attributes_read_as_the_general_reader_reads_them() {
        let name = Name::from_tlv(&Der::new(NAME).any().unwrap()).unwrap();
        let mut expected = alloc::vec::Vec::new();
        let mut rdns = Der::new(NAME).any().unwrap().reader();
        while !rdns.is_empty() {
            let mut set = rdns.element(tag::SET).unwrap().reader();
            let mut same_rdn = false;
            while !set.is_empty() {
                let mut attribute = set.sequence().unwrap();
                let oid = attribute.oid().unwrap();
                let value = attribute.any().unwrap();
                expected.push(Attribute {
                    oid,
                    value_tag: value.tag,
                    value: value.content,
                    offset: value.offset,
                    same_rdn,
                });
                same_rdn = true;
            }
        }
        assert_eq!(expected.len(), 4);
        assert!(name.attributes().eq(expected.iter().copied()));
        assert_eq!(
            name.common_names().next().unwrap().as_str(),
            Some("d\u{e9}vice-1")
        );
    }

    #[test]
    fn rfc5280_4_1_2_4_simple_rdns_take_the_same_verdict_as_the_general_reader() {
        assert!(Name::from_tlv(&Der::new(NAME).any().unwrap()).is_ok());
        // Every byte replaced by values that hit each branch: the fast
        // path accepts exactly what the general reader accepts, and an
        // error is the general reader's, rule and offset.
        let mut checked = 0;
        for at in 2..NAME.len() {
            for value in [
                0x00, 0x01, 0x06, 0x0c, 0x1f, 0x30, 0x31, 0x7f, 0x80, 0x81, 0xc3, 0xff,
            ] {
                let mut name = NAME.to_vec();
                name[at] = value;
                let tlv = Der::new(&name).any().unwrap();
                let ours = Name::from_tlv(&tlv).map(|_| ());
                assert_eq!(ours, general_only(&name), "byte {at} = {value:#04x}");
                checked += 1;
            }
        }
        assert_eq!(checked, 12 * (NAME.len() - 2));
    }
}
