//! Certificate revocation lists (RFC 5280 §5) as borrowed views.

use crate::algorithm::AlgorithmIdentifier;
use crate::der::{Der, Integer, tag};
use crate::extension::Extensions;
use crate::name::Name;
use crate::oid::ext;
use crate::rule::{Error, Rule};
use crate::time::UnixTime;

/// A decoded CRL, borrowing its DER.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Crl<'a> {
    /// The whole CRL encoding.
    pub encoded: &'a [u8],
    /// The `tbsCertList` encoding: the signed bytes.
    pub tbs: &'a [u8],
    /// 1 or 2 (RFC 5280 §5.1.2.1).
    pub version: u8,
    /// `signatureAlgorithm` (equal to the TBS `signature` field).
    pub signature_algorithm: AlgorithmIdentifier<'a>,
    /// The issuer.
    pub issuer: Name<'a>,
    /// `thisUpdate`.
    pub this_update: UnixTime,
    /// `nextUpdate`.
    pub next_update: Option<UnixTime>,
    /// The revoked certificates.
    pub revoked: RevokedCertificates<'a>,
    /// `crlExtensions` (v2).
    pub extensions: Option<Extensions<'a>>,
    /// The signature value.
    pub signature: &'a [u8],
}

impl<'a> Crl<'a> {
    /// Decodes a DER CRL: the whole input must be one CRL.
    ///
    /// # Errors
    /// Incomplete when the input stops inside the CRL; otherwise the DER
    /// or RFC 5280 rule broken and its offset.
    pub fn from_der(input: &'a [u8]) -> Result<Self, Error> {
        let mut der = Der::new(input);
        let outer = der.element(tag::SEQUENCE)?;
        der.finish()?;
        let mut list = outer.reader();
        let tbs_tlv = list.element(tag::SEQUENCE)?;
        let signature_algorithm = AlgorithmIdentifier::read(&mut list)?;
        let signature = list.bit_string()?.octets()?;
        list.finish()?;

        let mut tbs = tbs_tlv.reader();
        let version = match tbs.peek_tag() {
            Some(tag::INTEGER) => {
                let at = tbs.offset();
                match tbs.u64()? {
                    1 => 2,
                    _ => return Err(Error::malformed(Rule::UnsupportedCrlVersion, at)),
                }
            }
            _ => 1,
        };
        let inner_at = tbs.offset();
        let inner = AlgorithmIdentifier::read(&mut tbs)?;
        if inner.encoded != signature_algorithm.encoded {
            return Err(Error::malformed(Rule::SignatureAlgorithmMismatch, inner_at));
        }
        let issuer = Name::read(&mut tbs)?;
        let this_update = UnixTime::from_tlv_rfc5280(&tbs.any()?)?;
        let next_update = match tbs.peek_tag() {
            Some(tag::UTC_TIME | tag::GENERALIZED_TIME) => {
                Some(UnixTime::from_tlv_rfc5280(&tbs.any()?)?)
            }
            _ => None,
        };
        let revoked = match tbs.optional(tag::SEQUENCE)? {
            Some(list) => RevokedCertificates::from_tlv(&list, version)?,
            None => RevokedCertificates {
                content: &[],
                offset: tbs.offset(),
            },
        };
        let extensions = match tbs.explicit(0)? {
            Some(mut wrapper) => {
                let at = wrapper.offset();
                if version != 2 {
                    return Err(Error::malformed(Rule::ExtensionsBeforeV3, at));
                }
                let extensions = Extensions::from_tlv(&wrapper.any()?)?;
                wrapper.finish()?;
                Some(extensions)
            }
            None => None,
        };
        tbs.finish()?;
        Ok(Self {
            encoded: outer.encoded,
            tbs: tbs_tlv.encoded,
            version,
            signature_algorithm,
            issuer,
            this_update,
            next_update,
            revoked,
            extensions,
            signature,
        })
    }

    /// `cRLNumber` and whether it is marked critical.
    pub fn crl_number(&self) -> Option<(Integer<'a>, bool)> {
        let e = self.extensions?.get(ext::CRL_NUMBER)?;
        let mut der = e.reader();
        let tlv = der.element(tag::INTEGER).ok()?;
        der.finish().ok()?;
        Some((Integer::from_tlv(&tlv).ok()?, e.critical))
    }

    /// Whether the serial number `serial` (INTEGER content octets) is on
    /// the list.
    pub fn is_revoked(&self, serial: &[u8]) -> bool {
        self.revoked.iter().any(|r| r.serial.bytes == serial)
    }
}

/// The `revokedCertificates` list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RevokedCertificates<'a> {
    content: &'a [u8],
    offset: usize,
}

/// One revoked certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RevokedCertificate<'a> {
    /// Its serial number.
    pub serial: Integer<'a>,
    /// When it was revoked.
    pub revocation_date: UnixTime,
    /// Its entry extensions (reason code, invalidity date, ...).
    pub extensions: Option<Extensions<'a>>,
}

impl<'a> RevokedCertificates<'a> {
    fn from_tlv(tlv: &crate::der::Tlv<'a>, version: u8) -> Result<Self, Error> {
        // RFC 5280 §5.1.2.6: absent rather than empty.
        if tlv.content.is_empty() {
            return Err(tlv.error(Rule::EmptySequence));
        }
        let mut entries = tlv.reader();
        while !entries.is_empty() {
            let at = entries.offset();
            let entry = read_entry(&mut entries)?;
            if entry.extensions.is_some() && version != 2 {
                return Err(Error::malformed(Rule::ExtensionsBeforeV3, at));
            }
        }
        Ok(Self {
            content: tlv.content,
            offset: tlv.content_offset,
        })
    }

    /// The entries.
    pub fn iter(&self) -> impl Iterator<Item = RevokedCertificate<'a>> + 'a {
        let mut der = Der::nested(self.content, self.offset);
        core::iter::from_fn(move || {
            if der.is_empty() {
                None
            } else {
                read_entry(&mut der).ok()
            }
        })
    }

    /// True when no certificate is listed.
    pub const fn is_empty(&self) -> bool {
        self.content.is_empty()
    }
}

fn read_entry<'a>(der: &mut Der<'a>) -> Result<RevokedCertificate<'a>, Error> {
    let mut entry = der.sequence()?;
    let serial = entry.integer()?;
    let revocation_date = UnixTime::from_tlv_rfc5280(&entry.any()?)?;
    let extensions = match entry.peek_tag() {
        Some(tag::SEQUENCE) => Some(Extensions::from_tlv(&entry.any()?)?),
        _ => None,
    };
    entry.finish()?;
    Ok(RevokedCertificate {
        serial,
        revocation_date,
        extensions,
    })
}
