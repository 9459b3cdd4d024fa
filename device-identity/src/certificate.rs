//! X.509 certificates (RFC 5280 §4.1) as borrowed views: decoded once,
//! strictly, with the extensions path validation and the profiles read
//! already decoded.

use crate::algorithm::{AlgorithmIdentifier, PublicKeyInfo};
use crate::der::{Der, Integer, tag};
use crate::extension::{
    AuthorityKeyIdentifier, BasicConstraints, ExtKeyUsage, Extension, Extensions, GeneralNames,
    KeyUsage, NameConstraints, check_authority_info_access, decode_subject_key_id,
};
use crate::name::Name;
use crate::oid::{Oid, ext};
use crate::rule::{Error, Rule};
use crate::time::UnixTime;

/// A certificate's version (RFC 5280 §4.1.2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Version {
    /// v1 (0): no unique identifiers, no extensions.
    V1,
    /// v2 (1): unique identifiers, no extensions.
    V2,
    /// v3 (2).
    V3,
}

/// A decoded certificate, borrowing its DER.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Certificate<'a> {
    /// The whole certificate encoding.
    pub encoded: &'a [u8],
    /// The `tbsCertificate` encoding: the signed bytes.
    pub tbs: &'a [u8],
    /// The version.
    pub version: Version,
    /// The serial number (content octets, minimal two's complement).
    pub serial: Integer<'a>,
    /// `signatureAlgorithm` (equal to the TBS `signature` field).
    pub signature_algorithm: AlgorithmIdentifier<'a>,
    /// The issuer.
    pub issuer: Name<'a>,
    /// Start of validity.
    pub not_before: UnixTime,
    /// End of validity.
    pub not_after: UnixTime,
    /// The subject.
    pub subject: Name<'a>,
    /// The subject public key.
    pub public_key: PublicKeyInfo<'a>,
    /// The signature value (the BIT STRING's octets).
    pub signature: &'a [u8],
    /// The extensions (v3).
    pub extensions: Option<Extensions<'a>>,
    /// basicConstraints.
    pub basic_constraints: Option<BasicConstraints>,
    /// keyUsage.
    pub key_usage: Option<KeyUsage>,
    /// extKeyUsage.
    pub ext_key_usage: Option<ExtKeyUsage<'a>>,
    /// subjectAltName.
    pub subject_alt_name: Option<GeneralNames<'a>>,
    /// nameConstraints.
    pub name_constraints: Option<NameConstraints<'a>>,
    /// subjectKeyIdentifier.
    pub subject_key_id: Option<&'a [u8]>,
    /// authorityKeyIdentifier.
    pub authority_key_id: Option<AuthorityKeyIdentifier<'a>>,
    /// The first critical extension this crate does not process (a
    /// validator must reject the certificate, RFC 5280 §4.2).
    pub unhandled_critical: Option<Oid<'a>>,
    /// Which standard extensions (`2.5.29.n`, bit `n`) are present, and
    /// which of them are critical: noted while reading, so validators ask
    /// without reading the extensions again.
    standard_present: u64,
    standard_critical: u64,
}

impl<'a> Certificate<'a> {
    /// Decodes a DER certificate: the whole input must be one certificate.
    ///
    /// # Errors
    /// Incomplete when the input stops inside the certificate; otherwise
    /// the DER or RFC 5280 rule broken and its offset.
    pub fn from_der(input: &'a [u8]) -> Result<Self, Error> {
        let mut der = Der::new(input);
        let outer = der.element(tag::SEQUENCE)?;
        der.finish()?;
        let mut cert = outer.reader();
        let tbs_tlv = cert.element(tag::SEQUENCE)?;
        let signature_algorithm = AlgorithmIdentifier::read(&mut cert)?;
        let signature = cert.bit_string()?.octets()?;
        cert.finish()?;

        let mut tbs = tbs_tlv.reader();
        // `[0] { INTEGER 2 }`, as nearly every certificate has it, whole.
        const V3: [u8; 5] = [0xa0, 0x03, 0x02, 0x01, 0x02];
        let version = if tbs.remaining().first_chunk() == Some(&V3) {
            tbs.advance(V3.len());
            Version::V3
        } else {
            Self::read_version(&mut tbs)?
        };
        let serial_at = tbs.offset();
        let serial = tbs.integer()?;
        if serial.bytes.len() > 20 {
            return Err(Error::malformed(Rule::SerialNumberTooLong, serial_at));
        }
        let inner_alg_at = tbs.offset();
        // Byte-equal to the outer one, which was checked: no second parse.
        let inner_alg = tbs.element(tag::SEQUENCE)?;
        if inner_alg.encoded != signature_algorithm.encoded {
            return Err(Error::malformed(
                Rule::SignatureAlgorithmMismatch,
                inner_alg_at,
            ));
        }
        let issuer = Name::read(&mut tbs)?;
        let mut validity = tbs.sequence()?;
        let not_before = UnixTime::from_tlv_rfc5280(&validity.any()?)?;
        let not_after = UnixTime::from_tlv_rfc5280(&validity.any()?)?;
        validity.finish()?;
        let subject = Name::read(&mut tbs)?;
        let public_key = PublicKeyInfo::read(&mut tbs)?;
        for n in [1, 2] {
            if let Some(unique_id) = tbs.optional(tag::context_primitive(n))? {
                if version == Version::V1 {
                    return Err(unique_id.error(Rule::UniqueIdBeforeV2));
                }
            }
        }
        let mut fields = ExtensionFields::default();
        let mut extensions = None;
        if let Some(wrapper) = tbs.optional(tag::context_constructed(3))? {
            if version != Version::V3 {
                return Err(wrapper.error(Rule::ExtensionsBeforeV3));
            }
            let mut inner = wrapper.reader();
            let list = inner.any()?;
            inner.finish()?;
            extensions = Some(Extensions::read_each(&list, |e| fields.read_extension(e))?);
        }
        tbs.finish()?;
        // Built in the return value, not moved into it.
        Ok(Self {
            encoded: outer.encoded,
            tbs: tbs_tlv.encoded,
            version,
            serial,
            signature_algorithm,
            issuer,
            not_before,
            not_after,
            subject,
            public_key,
            signature,
            extensions,
            basic_constraints: fields.basic_constraints,
            key_usage: fields.key_usage,
            ext_key_usage: fields.ext_key_usage,
            subject_alt_name: fields.subject_alt_name,
            name_constraints: fields.name_constraints,
            subject_key_id: fields.subject_key_id,
            authority_key_id: fields.authority_key_id,
            unhandled_critical: fields.unhandled_critical,
            standard_present: fields.standard_present,
            standard_critical: fields.standard_critical,
        })
    }

    /// Reads the optional `[0] EXPLICIT Version` element by element.
    fn read_version(tbs: &mut Der<'a>) -> Result<Version, Error> {
        Ok(match tbs.explicit(0)? {
            None => Version::V1,
            Some(mut v) => {
                let at = v.offset();
                let n = v.u64()?;
                v.finish()?;
                match n {
                    0 => return Err(Error::malformed(Rule::ExplicitDefaultVersion, at)),
                    1 => Version::V2,
                    2 => Version::V3,
                    _ => return Err(Error::malformed(Rule::UnsupportedVersion, at)),
                }
            }
        })
    }

    /// Whether the extension `oid` is marked critical; `None` when absent.
    #[inline]
    pub fn is_critical(&self, oid: &[u8]) -> Option<bool> {
        // Arcs past 63 have no bit: read the extensions then.
        if let [0x55, 0x1d, n] = oid {
            if let Some(bit) = 1u64.checked_shl(u32::from(*n)) {
                return (self.standard_present & bit != 0)
                    .then_some(self.standard_critical & bit != 0);
            }
        }
        self.extension(oid).map(|e| e.critical)
    }

    /// The extension with identifier `oid`.
    pub fn extension(&self, oid: &[u8]) -> Option<Extension<'a>> {
        self.extensions.and_then(|e| e.get(oid))
    }

    /// Whether the certificate is a CA certificate (basicConstraints cA).
    pub fn is_ca(&self) -> bool {
        self.basic_constraints.is_some_and(|bc| bc.ca)
    }

    /// Whether issuer and subject are the same name (RFC 5280 §6.1:
    /// self-issued).
    pub fn is_self_issued(&self) -> bool {
        self.issuer.encoded == self.subject.encoded
    }

    /// Whether the certificate is valid at `time` (both bounds inclusive,
    /// RFC 5280 §4.1.2.5).
    pub fn is_valid_at(&self, time: UnixTime) -> bool {
        self.not_before <= time && time <= self.not_after
    }
}

/// What the extensions give a [`Certificate`], gathered while they are
/// read.
#[derive(Default)]
struct ExtensionFields<'a> {
    basic_constraints: Option<BasicConstraints>,
    key_usage: Option<KeyUsage>,
    ext_key_usage: Option<ExtKeyUsage<'a>>,
    subject_alt_name: Option<GeneralNames<'a>>,
    name_constraints: Option<NameConstraints<'a>>,
    subject_key_id: Option<&'a [u8]>,
    authority_key_id: Option<AuthorityKeyIdentifier<'a>>,
    unhandled_critical: Option<Oid<'a>>,
    standard_present: u64,
    standard_critical: u64,
}

impl<'a> ExtensionFields<'a> {
    /// Decodes one extension the validator or the profiles read. The
    /// standard extensions are `2.5.29.n` (`55 1d n`): matched on `n`.
    #[cfg_attr(target_os = "none", inline)]
    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn read_extension(&mut self, e: &Extension<'a>) -> Result<(), Error> {
        match e.oid.as_bytes() {
            [0x55, 0x1d, n] => {
                if let Some(bit) = 1u64.checked_shl(u32::from(*n)) {
                    self.standard_present |= bit;
                    if e.critical {
                        self.standard_critical |= bit;
                    }
                }
                self.read_standard_extension(*n, e)?;
            }
            ext::AUTHORITY_INFO_ACCESS => {
                check_authority_info_access(e)?;
                // §4.2.2.1: MUST be non-critical.
                self.note_unhandled(e);
            }
            _ => self.note_unhandled(e),
        }
        Ok(())
    }

    /// Decodes a standard extension `2.5.29.n`.
    fn read_standard_extension(&mut self, n: u8, e: &Extension<'a>) -> Result<(), Error> {
        match n {
            0x13 => self.basic_constraints = Some(BasicConstraints::decode(e)?),
            0x0f => self.key_usage = Some(KeyUsage::decode(e)?),
            0x25 => self.ext_key_usage = Some(ExtKeyUsage::decode(e)?),
            0x11 => self.subject_alt_name = Some(GeneralNames::decode(e)?),
            0x1e => self.name_constraints = Some(NameConstraints::decode(e)?),
            0x0e => self.subject_key_id = Some(decode_subject_key_id(e)?),
            0x23 => self.authority_key_id = Some(AuthorityKeyIdentifier::decode(e)?),
            // certificatePolicies, policyMappings, policyConstraints,
            // inhibitAnyPolicy: understood but not decoded. The
            // validator runs with any-policy and no explicit-policy
            // requirement, under which they change no outcome but for
            // policyConstraints. cRLDistributionPoints: the caller
            // brings the CRLs.
            0x20 | 0x21 | 0x24 | 0x36 | 0x1f => {}
            _ => self.note_unhandled(e),
        }
        Ok(())
    }

    /// Remembers the first critical extension that is not processed.
    fn note_unhandled(&mut self, e: &Extension<'a>) {
        if e.critical && self.unhandled_critical.is_none() {
            self.unhandled_critical = Some(e.oid);
        }
    }
}
