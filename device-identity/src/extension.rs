//! Certificate extensions (RFC 5280 §4.2): the framing every extension
//! shares and the value types of those path validation and the IoT
//! profiles read.

use crate::der::{BitString, Der, Tlv, tag};
use crate::name::Name;
use crate::oid::Oid;
use crate::rule::{Error, Rule};

/// One extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Extension<'a> {
    /// The extension's identifier.
    pub oid: Oid<'a>,
    /// Whether it is marked critical.
    pub critical: bool,
    /// The content of `extnValue` (the DER of the extension's type).
    pub value: &'a [u8],
    /// Absolute offset of `extnValue`'s content.
    pub value_offset: usize,
    /// Absolute offset of the extension.
    pub offset: usize,
}

impl<'a> Extension<'a> {
    /// A reader over the value.
    pub const fn reader(&self) -> Der<'a> {
        Der::nested(self.value, self.value_offset)
    }

    #[cfg_attr(target_os = "none", inline)]
    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn read(der: &mut Der<'a>) -> Result<Self, Error> {
        match Self::read_simple(der) {
            Some(extension) => Ok(extension),
            None => Self::read_general(der),
        }
    }

    /// Reads an extension whose lengths are all short-form and that
    /// breaks no rule [`Extension::read_general`] checks; `None` (nothing
    /// read) otherwise.
    #[cfg_attr(target_os = "none", inline)]
    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn read_simple(der: &mut Der<'a>) -> Option<Self> {
        let bytes = der.remaining();
        let [tag::SEQUENCE, seq_len, tag::OID, oid_len, ref rest @ ..] = *bytes else {
            return None;
        };
        let (oid, rest) = rest.split_at_checked(usize::from(oid_len))?;
        let (critical, rest) = match *rest {
            [tag::BOOLEAN, 0x01, 0xff, ref rest @ ..] => (true, rest),
            [tag::BOOLEAN, ..] => return None,
            _ => (false, rest),
        };
        let [tag::OCTET_STRING, value_len, ref rest @ ..] = *rest else {
            return None;
        };
        let value = rest.get(..usize::from(value_len))?;
        let value_at = bytes.len() - rest.len();
        let total = value_at + value.len();
        let short_and_nested = seq_len < 0x80
            && oid_len < 0x80
            && value_len < 0x80
            && usize::from(seq_len) + 2 == total;
        if !short_and_nested {
            return None;
        }
        let oid = Oid::from_content(oid)?;
        let offset = der.offset();
        der.advance(total);
        Some(Self {
            oid,
            critical,
            value,
            value_offset: offset + value_at,
            offset,
        })
    }

    /// Reads an extension element by element.
    fn read_general(der: &mut Der<'a>) -> Result<Self, Error> {
        let tlv = der.element(tag::SEQUENCE)?;
        let mut seq = tlv.reader();
        let oid = seq.oid()?;
        let critical = match seq.peek_tag() {
            Some(tag::BOOLEAN) => {
                let at = seq.offset();
                if !seq.boolean()? {
                    return Err(Error::malformed(Rule::ExplicitDefaultCritical, at));
                }
                true
            }
            _ => false,
        };
        let value = seq.octet_string()?;
        seq.finish()?;
        Ok(Self {
            oid,
            critical,
            value: value.content,
            value_offset: value.content_offset,
            offset: tlv.offset,
        })
    }
}

/// The `extensions` of a certificate, CSR or CRL: checked framing, no
/// duplicates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Extensions<'a> {
    content: &'a [u8],
    offset: usize,
}

impl<'a> Extensions<'a> {
    /// Checks a `SEQUENCE SIZE (1..MAX) OF Extension` element.
    ///
    /// # Errors
    /// Empty, a malformed extension, or one OID twice.
    pub fn from_tlv(tlv: &Tlv<'a>) -> Result<Self, Error> {
        Self::read_each(tlv, |_| Ok(()))
    }

    /// Checks a `SEQUENCE SIZE (1..MAX) OF Extension` element and hands
    /// each extension to `visit` as it is read (one pass for framing,
    /// duplicates and the values the caller decodes).
    ///
    /// # Errors
    /// Empty, a malformed extension, one OID twice, or what `visit`
    /// returns.
    pub fn read_each(
        tlv: &Tlv<'a>,
        mut visit: impl FnMut(&Extension<'a>) -> Result<(), Error>,
    ) -> Result<Self, Error> {
        if tlv.tag != tag::SEQUENCE {
            return Err(tlv.error(Rule::UnexpectedTag {
                expected: tag::SEQUENCE,
                found: tlv.tag,
            }));
        }
        if tlv.content.is_empty() {
            return Err(tlv.error(Rule::EmptyExtensions));
        }
        let extensions = Self {
            content: tlv.content,
            offset: tlv.content_offset,
        };
        // The standard extensions (`2.5.29.n`, n < 64) seen so far, one
        // bit each; the other OIDs seen so far in a fixed window that
        // covers every real certificate; past it, earlier extensions are
        // read again.
        const SEEN: usize = 16;
        let mut standard_seen = 0u64;
        let mut seen: [&[u8]; SEEN] = [&[]; SEEN];
        let mut der = tlv.reader();
        let mut count = 0usize;
        while !der.is_empty() {
            let ext = Extension::read(&mut der)?;
            let oid = ext.oid.as_bytes();
            let standard_bit = match oid {
                [0x55, 0x1d, n] => 1u64.checked_shl(u32::from(*n)),
                _ => None,
            };
            let duplicate = match standard_bit {
                Some(bit) => {
                    let again = standard_seen & bit != 0;
                    standard_seen |= bit;
                    again
                }
                None if count <= SEEN => seen.iter().take(count).any(|s| *s == oid),
                None => extensions
                    .iter()
                    .any(|e| e.offset < ext.offset && e.oid == ext.oid),
            };
            if duplicate {
                return Err(Error::malformed(Rule::DuplicateExtension, ext.offset));
            }
            if standard_bit.is_none() {
                if let Some(slot) = seen.get_mut(count) {
                    *slot = oid;
                }
                count += 1;
            }
            visit(&ext)?;
        }
        Ok(extensions)
    }

    /// The extensions in order.
    pub fn iter(&self) -> impl Iterator<Item = Extension<'a>> + 'a {
        let mut der = Der::nested(self.content, self.offset);
        core::iter::from_fn(move || {
            if der.is_empty() {
                None
            } else {
                Extension::read(&mut der).ok()
            }
        })
    }

    /// The extension with identifier `oid`.
    pub fn get(&self, oid: &[u8]) -> Option<Extension<'a>> {
        self.iter().find(|e| e.oid == oid)
    }
}

/// The content of `value` when it is exactly one element with tag
/// `expected` and a short-form length; `None` sends the caller to its
/// general reader.
#[inline]
fn sole_short_element(value: &[u8], expected: u8) -> Option<&[u8]> {
    match *value {
        [found, len @ 0..0x80, ref content @ ..]
            if found == expected && usize::from(len) == content.len() =>
        {
            Some(content)
        }
        _ => None,
    }
}

/// An extension value that is one non-empty SEQUENCE (`SIZE (1..MAX)`).
fn non_empty_sequence<'a>(ext: &Extension<'a>) -> Result<Tlv<'a>, Error> {
    if let Some(content) = sole_short_element(ext.value, tag::SEQUENCE) {
        if !content.is_empty() {
            return Ok(Tlv {
                tag: tag::SEQUENCE,
                content,
                encoded: ext.value,
                offset: ext.value_offset,
                content_offset: ext.value_offset + 2,
            });
        }
    }
    let mut der = ext.reader();
    let tlv = der.element(tag::SEQUENCE)?;
    der.finish()?;
    if tlv.content.is_empty() {
        return Err(tlv.error(Rule::EmptySequence));
    }
    Ok(tlv)
}

/// basicConstraints (RFC 5280 §4.2.1.9).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BasicConstraints {
    /// `cA`.
    pub ca: bool,
    /// `pathLenConstraint` (saturating at `u32::MAX`).
    pub path_len: Option<u32>,
}

impl BasicConstraints {
    /// Decodes the extension value.
    ///
    /// # Errors
    /// Not `SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLen INTEGER (0..MAX) OPTIONAL }`
    /// in DER.
    pub fn decode(ext: &Extension<'_>) -> Result<Self, Error> {
        // The three encodings nearly every certificate uses, whole.
        let (ca, path_len) = match *ext.value {
            [0x30, 0x00] => (false, None),
            [0x30, 0x03, 0x01, 0x01, 0xff] => (true, None),
            [0x30, 0x06, 0x01, 0x01, 0xff, 0x02, 0x01, n @ 0..0x80] => (true, Some(u32::from(n))),
            _ => return Self::decode_general(ext),
        };
        Ok(Self { ca, path_len })
    }

    /// Decodes the extension value element by element.
    fn decode_general(ext: &Extension<'_>) -> Result<Self, Error> {
        let mut der = ext.reader();
        let mut seq = der.sequence()?;
        let ca = match seq.peek_tag() {
            Some(tag::BOOLEAN) => {
                let at = seq.offset();
                if !seq.boolean()? {
                    return Err(Error::malformed(Rule::InvalidExtension, at));
                }
                true
            }
            _ => false,
        };
        let path_len = match seq.peek_tag() {
            Some(tag::INTEGER) => {
                let at = seq.offset();
                let integer = seq.integer()?;
                if integer.is_negative() {
                    return Err(Error::malformed(Rule::NegativeInteger, at));
                }
                Some(
                    integer
                        .to_u64()
                        .and_then(|v| u32::try_from(v).ok())
                        .unwrap_or(u32::MAX),
                )
            }
            _ => None,
        };
        seq.finish()?;
        der.finish()?;
        Ok(Self { ca, path_len })
    }
}

/// keyUsage (RFC 5280 §4.2.1.3): the nine bits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct KeyUsage(pub u16);

impl KeyUsage {
    /// digitalSignature (bit 0).
    pub const DIGITAL_SIGNATURE: Self = Self(1 << 0);
    /// nonRepudiation / contentCommitment (bit 1).
    pub const NON_REPUDIATION: Self = Self(1 << 1);
    /// keyEncipherment (bit 2).
    pub const KEY_ENCIPHERMENT: Self = Self(1 << 2);
    /// dataEncipherment (bit 3).
    pub const DATA_ENCIPHERMENT: Self = Self(1 << 3);
    /// keyAgreement (bit 4).
    pub const KEY_AGREEMENT: Self = Self(1 << 4);
    /// keyCertSign (bit 5).
    pub const KEY_CERT_SIGN: Self = Self(1 << 5);
    /// cRLSign (bit 6).
    pub const CRL_SIGN: Self = Self(1 << 6);
    /// encipherOnly (bit 7).
    pub const ENCIPHER_ONLY: Self = Self(1 << 7);
    /// decipherOnly (bit 8).
    pub const DECIPHER_ONLY: Self = Self(1 << 8);

    /// Whether every bit of `other` is set.
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// The bits set, as the names of RFC 5280.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        const NAMES: [&str; 9] = [
            "digitalSignature",
            "nonRepudiation",
            "keyEncipherment",
            "dataEncipherment",
            "keyAgreement",
            "keyCertSign",
            "cRLSign",
            "encipherOnly",
            "decipherOnly",
        ];
        NAMES
            .into_iter()
            .enumerate()
            .filter(move |(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, name)| name)
    }

    /// Decodes the extension value.
    ///
    /// # Errors
    /// Not a DER named-bit BIT STRING, or no bit set (RFC 5280 §4.2.1.3:
    /// at least one bit MUST be set).
    pub fn decode(ext: &Extension<'_>) -> Result<Self, Error> {
        let mut der = ext.reader();
        let bits: BitString<'_> = der.bit_string()?;
        der.finish()?;
        bits.require_minimal_named_bits()?;
        if bits.bytes.len() > 2 {
            return Err(Error::malformed(Rule::InvalidExtension, bits.offset));
        }
        // Bit n is the n-th bit from the most significant of the first
        // byte: reversed, then decipherOnly from the second byte.
        let first = bits.bytes.first().copied().unwrap_or(0);
        let second = bits.bytes.get(1).copied().unwrap_or(0);
        let value = u16::from(first.reverse_bits()) | (u16::from(second >> 7) << 8);
        if value == 0 {
            return Err(Error::malformed(Rule::InvalidExtension, bits.offset));
        }
        Ok(Self(value))
    }
}

/// extKeyUsage (RFC 5280 §4.2.1.12): a non-empty list of purposes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExtKeyUsage<'a> {
    content: &'a [u8],
    offset: usize,
}

impl<'a> ExtKeyUsage<'a> {
    /// Decodes the extension value.
    ///
    /// # Errors
    /// Not a non-empty SEQUENCE of OIDs.
    pub fn decode(ext: &Extension<'a>) -> Result<Self, Error> {
        let tlv = non_empty_sequence(ext)?;
        let mut seq = tlv.reader();
        while !seq.is_empty() {
            seq.oid()?;
        }
        Ok(Self {
            content: tlv.content,
            offset: tlv.content_offset,
        })
    }

    /// The purposes.
    pub fn iter(&self) -> impl Iterator<Item = Oid<'a>> + 'a {
        let mut der = Der::nested(self.content, self.offset);
        core::iter::from_fn(move || der.oid().ok())
    }

    /// Whether `purpose` is listed.
    pub fn contains(&self, purpose: &[u8]) -> bool {
        // The OIDs were checked when decoded: compared as elements.
        let mut der = Der::nested(self.content, self.offset);
        while let Ok(oid) = der.any() {
            if oid.content == purpose {
                return true;
            }
        }
        false
    }
}

/// The tags of the GeneralName choices (RFC 5280 §4.2.1.6, IMPLICIT).
pub(crate) mod name_tag {
    pub(crate) const OTHER: u8 = 0xa0;
    pub(crate) const RFC822: u8 = 0x81;
    pub(crate) const DNS: u8 = 0x82;
    pub(crate) const X400: u8 = 0xa3;
    pub(crate) const DIRECTORY: u8 = 0xa4;
    pub(crate) const EDI_PARTY: u8 = 0xa5;
    pub(crate) const URI: u8 = 0x86;
    pub(crate) const IP: u8 = 0x87;
    pub(crate) const REGISTERED_ID: u8 = 0x88;
}

/// A GeneralName (RFC 5280 §4.2.1.6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GeneralName<'a> {
    /// `otherName`: a type and its (EXPLICIT) value's encoding.
    OtherName {
        /// The type.
        type_id: Oid<'a>,
        /// The value element's encoding.
        value: &'a [u8],
    },
    /// `rfc822Name`.
    Rfc822(&'a str),
    /// `dNSName`.
    Dns(&'a str),
    /// `x400Address` (content octets).
    X400(&'a [u8]),
    /// `directoryName`.
    Directory(Name<'a>),
    /// `ediPartyName` (content octets).
    EdiParty(&'a [u8]),
    /// `uniformResourceIdentifier`.
    Uri(&'a str),
    /// `iPAddress`: 4 or 16 bytes in a certificate, 8 or 32 (address and
    /// mask) in name constraints.
    Ip(&'a [u8]),
    /// `registeredID`.
    RegisteredId(Oid<'a>),
}

impl<'a> GeneralName<'a> {
    /// Reads one GeneralName.
    ///
    /// # Errors
    /// An unknown choice, or a value that does not decode (IA5String
    /// must be ASCII).
    pub fn read(der: &mut Der<'a>) -> Result<Self, Error> {
        let tlv = der.any()?;
        Self::check(&tlv)?;
        Self::from_checked(&tlv).ok_or_else(|| tlv.error(Rule::InvalidGeneralName))
    }

    /// Checks a GeneralName element without building it: the rules
    /// [`GeneralName::read`] applies (an IA5String is ASCII).
    fn check(tlv: &Tlv<'a>) -> Result<(), Error> {
        match tlv.tag {
            name_tag::OTHER => {
                let mut seq = tlv.reader();
                seq.oid()?;
                seq.element(tag::context_constructed(0))?;
                seq.finish()
            }
            name_tag::RFC822 | name_tag::DNS | name_tag::URI if !tlv.content.is_ascii() => {
                Err(tlv.error(Rule::InvalidString))
            }
            name_tag::RFC822
            | name_tag::DNS
            | name_tag::URI
            | name_tag::X400
            | name_tag::EDI_PARTY
            | name_tag::IP => Ok(()),
            name_tag::DIRECTORY => {
                let mut inner = tlv.reader();
                Name::read(&mut inner)?;
                inner.finish()
            }
            name_tag::REGISTERED_ID => match Oid::from_content(tlv.content) {
                Some(_) => Ok(()),
                None => Err(tlv.error(Rule::InvalidOid)),
            },
            found => Err(tlv.error(Rule::UnexpectedTag {
                expected: name_tag::DNS,
                found,
            })),
        }
    }

    /// Builds a GeneralName from an element [`GeneralName::check`]
    /// accepted (the reads below repeat reads that succeeded).
    fn from_checked(tlv: &Tlv<'a>) -> Option<Self> {
        // ASCII, so valid UTF-8.
        let text = || core::str::from_utf8(tlv.content).ok();
        Some(match tlv.tag {
            name_tag::OTHER => {
                let mut seq = tlv.reader();
                Self::OtherName {
                    type_id: seq.oid().ok()?,
                    value: seq.element(tag::context_constructed(0)).ok()?.encoded,
                }
            }
            name_tag::RFC822 => Self::Rfc822(text()?),
            name_tag::DNS => Self::Dns(text()?),
            name_tag::X400 => Self::X400(tlv.content),
            name_tag::DIRECTORY => Self::Directory(Name::read(&mut tlv.reader()).ok()?),
            name_tag::EDI_PARTY => Self::EdiParty(tlv.content),
            name_tag::URI => Self::Uri(text()?),
            name_tag::IP => Self::Ip(tlv.content),
            name_tag::REGISTERED_ID => Self::RegisteredId(Oid::from_content(tlv.content)?),
            _ => return None,
        })
    }
}

/// A non-empty SEQUENCE OF GeneralName (subjectAltName, issuerAltName).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GeneralNames<'a> {
    content: &'a [u8],
    offset: usize,
}

impl<'a> GeneralNames<'a> {
    /// Decodes a subjectAltName or issuerAltName value.
    ///
    /// # Errors
    /// Empty, or a name that does not decode; an IP address not 4 or 16
    /// bytes.
    pub fn decode(ext: &Extension<'a>) -> Result<Self, Error> {
        let tlv = non_empty_sequence(ext)?;
        let mut seq = tlv.reader();
        while !seq.is_empty() {
            let name = seq.any()?;
            GeneralName::check(&name)?;
            if name.tag == name_tag::IP && !matches!(name.content.len(), 4 | 16) {
                return Err(name.error(Rule::InvalidGeneralName));
            }
        }
        Ok(Self {
            content: tlv.content,
            offset: tlv.content_offset,
        })
    }

    /// The names.
    pub fn iter(&self) -> impl Iterator<Item = GeneralName<'a>> + 'a {
        let mut der = Der::nested(self.content, self.offset);
        core::iter::from_fn(move || GeneralName::read(&mut der).ok())
    }

    /// The names as elements (tag and content), checked when decoded: for
    /// callers that look at one or two kinds without building the rest.
    pub(crate) fn elements(&self) -> impl Iterator<Item = Tlv<'a>> + 'a {
        let mut der = Der::nested(self.content, self.offset);
        core::iter::from_fn(move || der.any().ok())
    }
}

/// nameConstraints (RFC 5280 §4.2.1.10).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameConstraints<'a> {
    /// `permittedSubtrees`.
    pub permitted: Option<GeneralSubtrees<'a>>,
    /// `excludedSubtrees`.
    pub excluded: Option<GeneralSubtrees<'a>>,
}

impl<'a> NameConstraints<'a> {
    /// Decodes the extension value.
    ///
    /// # Errors
    /// Neither list present, an empty list, a subtree with minimum other
    /// than 0 or with a maximum (both forbidden by §4.2.1.10), or a base
    /// that does not decode (an IP base must be 8 or 32 bytes).
    pub fn decode(ext: &Extension<'a>) -> Result<Self, Error> {
        let mut der = ext.reader();
        let tlv = der.element(tag::SEQUENCE)?;
        der.finish()?;
        let mut seq = tlv.reader();
        let permitted = seq
            .optional(tag::context_constructed(0))?
            .map(|t| GeneralSubtrees::from_tlv(&t))
            .transpose()?;
        let excluded = seq
            .optional(tag::context_constructed(1))?
            .map(|t| GeneralSubtrees::from_tlv(&t))
            .transpose()?;
        seq.finish()?;
        if permitted.is_none() && excluded.is_none() {
            return Err(tlv.error(Rule::InvalidExtension));
        }
        Ok(Self {
            permitted,
            excluded,
        })
    }
}

/// A non-empty list of subtrees (their bases).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GeneralSubtrees<'a> {
    content: &'a [u8],
    offset: usize,
}

impl<'a> GeneralSubtrees<'a> {
    fn from_tlv(tlv: &Tlv<'a>) -> Result<Self, Error> {
        if tlv.content.is_empty() {
            return Err(tlv.error(Rule::EmptySequence));
        }
        let mut list = tlv.reader();
        while !list.is_empty() {
            let mut subtree = list.sequence()?;
            let at = subtree.offset();
            if matches!(GeneralName::read(&mut subtree)?, GeneralName::Ip(ip) if !matches!(ip.len(), 8 | 32))
            {
                return Err(Error::malformed(Rule::InvalidGeneralName, at));
            }
            // minimum [0] DEFAULT 0 (so never encoded in DER), maximum [1]
            // MUST be absent.
            if !subtree.is_empty() {
                return Err(Error::malformed(Rule::InvalidExtension, subtree.offset()));
            }
        }
        Ok(Self {
            content: tlv.content,
            offset: tlv.content_offset,
        })
    }

    /// The subtree bases.
    pub fn iter(&self) -> impl Iterator<Item = GeneralName<'a>> + 'a {
        let mut der = Der::nested(self.content, self.offset);
        core::iter::from_fn(move || {
            let mut subtree = der.sequence().ok()?;
            GeneralName::read(&mut subtree).ok()
        })
    }
}

/// authorityKeyIdentifier (RFC 5280 §4.2.1.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuthorityKeyIdentifier<'a> {
    /// `keyIdentifier`.
    pub key_id: Option<&'a [u8]>,
    /// `authorityCertIssuer` (content octets of the GeneralNames).
    pub issuer: Option<&'a [u8]>,
    /// `authorityCertSerialNumber`.
    pub serial: Option<&'a [u8]>,
}

impl<'a> AuthorityKeyIdentifier<'a> {
    /// Decodes the extension value.
    ///
    /// # Errors
    /// Not the SEQUENCE of optional `[0]`, `[1]`, `[2]`; issuer and serial
    /// not both present or both absent.
    pub fn decode(ext: &Extension<'a>) -> Result<Self, Error> {
        // A key identifier alone, short: the common case.
        let key_id = sole_short_element(ext.value, tag::SEQUENCE)
            .and_then(|inner| sole_short_element(inner, tag::context_primitive(0)));
        match key_id {
            Some(key_id) => Ok(Self {
                key_id: Some(key_id),
                issuer: None,
                serial: None,
            }),
            None => Self::decode_general(ext),
        }
    }

    /// Decodes the extension value element by element.
    fn decode_general(ext: &Extension<'a>) -> Result<Self, Error> {
        let mut der = ext.reader();
        let tlv = der.element(tag::SEQUENCE)?;
        der.finish()?;
        let mut seq = tlv.reader();
        let key_id = seq.optional(tag::context_primitive(0))?.map(|t| t.content);
        let issuer = seq
            .optional(tag::context_constructed(1))?
            .map(|t| t.content);
        let serial = seq.optional(tag::context_primitive(2))?.map(|t| t.content);
        seq.finish()?;
        if issuer.is_some() != serial.is_some() {
            return Err(tlv.error(Rule::InvalidExtension));
        }
        Ok(Self {
            key_id,
            issuer,
            serial,
        })
    }
}

/// subjectKeyIdentifier (RFC 5280 §4.2.1.2): the key identifier.
///
/// # Errors
/// Not an OCTET STRING.
pub fn decode_subject_key_id<'a>(ext: &Extension<'a>) -> Result<&'a [u8], Error> {
    if let Some(id) = sole_short_element(ext.value, tag::OCTET_STRING) {
        return Ok(id);
    }
    let mut der = ext.reader();
    let id = der.octet_string()?;
    der.finish()?;
    Ok(id.content)
}

/// authorityInfoAccess (RFC 5280 §4.2.2.1): checks the value is a
/// non-empty SEQUENCE of `{ accessMethod OID, accessLocation GeneralName }`.
///
/// # Errors
/// The structure does not decode.
pub fn check_authority_info_access(ext: &Extension<'_>) -> Result<(), Error> {
    let mut list = non_empty_sequence(ext)?.reader();
    while !list.is_empty() {
        let mut description = list.sequence()?;
        description.oid()?;
        GeneralName::read(&mut description)?;
        description.finish()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]

    extern crate alloc;

    use super::*;
    use alloc::vec::Vec;

    /// A critical basicConstraints `cA` followed by a subjectKeyIdentifier.
    const EXTENSIONS: &[u8] = &[
        0x30, 0x0f, 0x06, 0x03, 0x55, 0x1d, 0x13, 0x01, 0x01, 0xff, 0x04, 0x05, 0x30, 0x03, 0x01,
        0x01, 0xff, 0x30, 0x0f, 0x06, 0x03, 0x55, 0x1d, 0x0e, 0x04, 0x08, 0x04, 0x06, 0x01, 0x02,
        0x03, 0x04, 0x05, 0x06,
    ];

    /// Every extension read by `read`, then by the general reader alone:
    /// each result and where the reader stopped.
    fn both_ways(bytes: &[u8]) -> [(Result<Extension<'_>, Error>, usize); 2] {
        let mut fast = Der::nested(bytes, 100);
        let mut general = Der::nested(bytes, 100);
        let mut last = [
            (Err(Error::malformed(Rule::TrailingData, 0)), 0),
            (Err(Error::malformed(Rule::TrailingData, 0)), 0),
        ];
        while !fast.is_empty() && !general.is_empty() {
            let a = Extension::read(&mut fast);
            let b = Extension::read_general(&mut general);
            let stop = a.is_err() || b.is_err();
            last = [(a, fast.offset()), (b, general.offset())];
            if stop || last[0] != last[1] {
                break;
            }
        }
        last
    }

    /// An extension with `value`, at offset 50.
    fn extension(value: &[u8]) -> Extension<'_> {
        Extension {
            oid: Oid::from_content(&[0x55, 0x1d, 0x13]).unwrap(),
            critical: false,
            value,
            value_offset: 50,
            offset: 40,
        }
    }

    /// Each byte of `encoding` replaced by values that hit each branch.
    fn mutations(encoding: &[u8]) -> Vec<Vec<u8>> {
        let mut all = alloc::vec![encoding.to_vec()];
        for at in 0..encoding.len() {
            for value in [
                0x00, 0x01, 0x02, 0x03, 0x04, 0x06, 0x30, 0x7f, 0x80, 0x81, 0xa1, 0xff,
            ] {
                let mut bytes = encoding.to_vec();
                bytes[at] = value;
                all.push(bytes);
            }
        }
        all
    }

    #[test]
    fn rfc5280_4_2_1_common_extension_values_decode_as_the_general_reader_decodes_them() {
        let key_id = [0x04, 0x03, 0xaa, 0xbb, 0xcc];
        let aki = [0x30, 0x05, 0x80, 0x03, 0xaa, 0xbb, 0xcc];
        let mut checked = 0;
        for encoding in [
            &[0x30, 0x00][..],
            &[0x30, 0x03, 0x01, 0x01, 0xff],
            &[0x30, 0x06, 0x01, 0x01, 0xff, 0x02, 0x01, 0x05],
        ] {
            for value in mutations(encoding) {
                let ext = extension(&value);
                let general = BasicConstraints::decode_general(&ext);
                assert_eq!(BasicConstraints::decode(&ext), general, "{value:02x?}");
                checked += 1;
            }
        }
        for value in mutations(&key_id) {
            let ext = extension(&value);
            let general = {
                let mut der = ext.reader();
                der.octet_string()
                    .and_then(|id| der.finish().map(|()| id.content))
            };
            assert_eq!(decode_subject_key_id(&ext), general, "{value:02x?}");
            checked += 1;
        }
        for value in mutations(&aki) {
            let ext = extension(&value);
            let general = AuthorityKeyIdentifier::decode_general(&ext);
            assert_eq!(
                AuthorityKeyIdentifier::decode(&ext),
                general,
                "{value:02x?}"
            );
            checked += 1;
        }
        assert_eq!(checked, (2 + 5 + 8 + 5 + 7) * 12 + 5);
    }

    #[test]
    fn rfc5280_4_2_1_3_key_usage_bit_n_is_the_nth_named_bit() {
        for first in 0..=255u8 {
            for (second, unused) in [(None, 0u8), (Some(0x80u8), 7)] {
                let mut value = alloc::vec![0x03, 0x02, 0x00, first];
                if let Some(second) = second {
                    value = alloc::vec![0x03, 0x03, unused, first, second];
                } else if first != 0 {
                    value[2] = u8::try_from(first.trailing_zeros()).unwrap();
                }
                let Ok(usage) = KeyUsage::decode(&extension(&value)) else {
                    assert!(first == 0 && second.is_none());
                    continue;
                };
                let bits = BitString::from_tlv(&Der::new(&value).any().unwrap()).unwrap();
                let expected = (0..9)
                    .filter(|&i| bits.bit(i))
                    .fold(0u16, |v, i| v | (1 << i));
                assert_eq!(usage.0, expected, "{value:02x?}");
            }
        }
    }

    #[test]
    fn rfc5280_4_1_simple_extensions_read_as_the_general_reader_reads_them() {
        let [fast, general] = both_ways(EXTENSIONS);
        assert_eq!(fast, general);
        assert_eq!(fast.1, 100 + EXTENSIONS.len());
        assert!(fast.0.unwrap().oid == [0x55, 0x1d, 0x0e].as_slice());
        let mut checked = 0;
        for at in 0..EXTENSIONS.len() {
            for value in [
                0x00, 0x01, 0x03, 0x04, 0x06, 0x0e, 0x10, 0x1f, 0x30, 0x7f, 0x80, 0x81, 0xff,
            ] {
                let mut bytes = EXTENSIONS.to_vec();
                bytes[at] = value;
                let [fast, general] = both_ways(&bytes);
                assert_eq!(fast, general, "byte {at} = {value:#04x}");
                checked += 1;
            }
        }
        assert_eq!(checked, 13 * EXTENSIONS.len());
    }
}
