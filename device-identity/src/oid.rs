//! Object identifiers: a borrowed, checked encoding, its dotted form, and
//! the identifiers the profiles name (as DER content octets).

use core::fmt;

/// An OBJECT IDENTIFIER's content octets, checked well formed (X.690
/// §8.19: at least one arc, each arc minimal base-128).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Oid<'a>(&'a [u8]);

impl<'a> Oid<'a> {
    /// Checks `content` as the content octets of an OID.
    #[inline]
    pub fn from_content(content: &'a [u8]) -> Option<Self> {
        // No arc starts with 0x80 (a leading zero group), and the last
        // byte ends an arc. One pass: `arc_start` is whether the byte
        // before ended an arc.
        // Every arc in one byte (2.5.29.x, 2.5.4.x, the key purposes):
        // nothing more to check.
        // The commonest shape (2.5.29.x, 2.5.4.x) without the loop below.
        if let [a, b, c] = *content {
            if (a | b | c) < 0x80 {
                return Some(Self(content));
            }
        }
        if !content.is_empty() && content.iter().fold(0, |all, b| all | b) < 0x80 {
            return Some(Self(content));
        }
        let mut arc_start = true;
        for &b in content {
            if arc_start && b == 0x80 {
                return None;
            }
            arc_start = b < 0x80;
        }
        (arc_start && !content.is_empty()).then_some(Self(content))
    }

    /// An OID from content octets that [`Oid::from_content`] accepted when
    /// the structure holding them was parsed (re-reading a checked name).
    pub(crate) const fn checked_when_parsed(content: &'a [u8]) -> Self {
        Self(content)
    }

    /// The content octets.
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.0
    }

    /// The arcs: the first two from the first subidentifier (X.690
    /// §8.19.4), then one per subidentifier. Arcs beyond `u64` saturate.
    pub fn arcs(&self) -> impl Iterator<Item = u64> + 'a {
        let mut subids = Subids(self.0);
        let mut first = subids.next();
        let mut second = None;
        if let Some(v) = first {
            let (a, b) = match v {
                0..40 => (0, v),
                40..80 => (1, v - 40),
                _ => (2, v - 80),
            };
            first = Some(a);
            second = Some(b);
        }
        first.into_iter().chain(second).chain(subids)
    }
}

impl PartialEq<[u8]> for Oid<'_> {
    fn eq(&self, other: &[u8]) -> bool {
        self.0 == other
    }
}

impl PartialEq<&[u8]> for Oid<'_> {
    fn eq(&self, other: &&[u8]) -> bool {
        self.0 == *other
    }
}

struct Subids<'a>(&'a [u8]);

impl Iterator for Subids<'_> {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        let mut value: u64 = 0;
        let mut rest = self.0;
        while let Some((&b, tail)) = rest.split_first() {
            rest = tail;
            value = value
                .saturating_mul(128)
                .saturating_add(u64::from(b & 0x7f));
            if b & 0x80 == 0 {
                self.0 = rest;
                return Some(value);
            }
        }
        self.0 = rest;
        None
    }
}

impl fmt::Display for Oid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, arc) in self.arcs().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{arc}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Oid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Oid({self})")
    }
}

/// Signature and key algorithms.
pub mod alg {
    /// ecdsa-with-SHA256 (1.2.840.10045.4.3.2).
    pub const ECDSA_SHA256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
    /// ecdsa-with-SHA384 (1.2.840.10045.4.3.3).
    pub const ECDSA_SHA384: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03];
    /// ecdsa-with-SHA512 (1.2.840.10045.4.3.4).
    pub const ECDSA_SHA512: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04];
    /// id-Ed25519 (1.3.101.112).
    pub const ED25519: &[u8] = &[0x2b, 0x65, 0x70];
    /// sha256WithRSAEncryption (1.2.840.113549.1.1.11).
    pub const RSA_SHA256: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b];
    /// sha384WithRSAEncryption (1.2.840.113549.1.1.12).
    pub const RSA_SHA384: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c];
    /// sha512WithRSAEncryption (1.2.840.113549.1.1.13).
    pub const RSA_SHA512: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d];
    /// id-ecPublicKey (1.2.840.10045.2.1).
    pub const EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
    /// rsaEncryption (1.2.840.113549.1.1.1).
    pub const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
    /// secp256r1 (1.2.840.10045.3.1.7).
    pub const P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
    /// secp384r1 (1.3.132.0.34).
    pub const P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];
    /// secp521r1 (1.3.132.0.35).
    pub const P521: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x23];
}

/// Certificate extensions (id-ce, 2.5.29.*, and id-pe, 1.3.6.1.5.5.7.1.*).
pub mod ext {
    /// subjectKeyIdentifier (2.5.29.14).
    pub const SUBJECT_KEY_IDENTIFIER: &[u8] = &[0x55, 0x1d, 0x0e];
    /// keyUsage (2.5.29.15).
    pub const KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x0f];
    /// subjectAltName (2.5.29.17).
    pub const SUBJECT_ALT_NAME: &[u8] = &[0x55, 0x1d, 0x11];
    /// issuerAltName (2.5.29.18).
    pub const ISSUER_ALT_NAME: &[u8] = &[0x55, 0x1d, 0x12];
    /// basicConstraints (2.5.29.19).
    pub const BASIC_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x13];
    /// cRLNumber (2.5.29.20).
    pub const CRL_NUMBER: &[u8] = &[0x55, 0x1d, 0x14];
    /// reasonCode (2.5.29.21), a CRL entry extension.
    pub const REASON_CODE: &[u8] = &[0x55, 0x1d, 0x15];
    /// deltaCRLIndicator (2.5.29.27).
    pub const DELTA_CRL_INDICATOR: &[u8] = &[0x55, 0x1d, 0x1b];
    /// issuingDistributionPoint (2.5.29.28).
    pub const ISSUING_DISTRIBUTION_POINT: &[u8] = &[0x55, 0x1d, 0x1c];
    /// nameConstraints (2.5.29.30).
    pub const NAME_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x1e];
    /// cRLDistributionPoints (2.5.29.31).
    pub const CRL_DISTRIBUTION_POINTS: &[u8] = &[0x55, 0x1d, 0x1f];
    /// certificatePolicies (2.5.29.32).
    pub const CERTIFICATE_POLICIES: &[u8] = &[0x55, 0x1d, 0x20];
    /// policyMappings (2.5.29.33).
    pub const POLICY_MAPPINGS: &[u8] = &[0x55, 0x1d, 0x21];
    /// authorityKeyIdentifier (2.5.29.35).
    pub const AUTHORITY_KEY_IDENTIFIER: &[u8] = &[0x55, 0x1d, 0x23];
    /// policyConstraints (2.5.29.36).
    pub const POLICY_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x24];
    /// extKeyUsage (2.5.29.37).
    pub const EXT_KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x25];
    /// inhibitAnyPolicy (2.5.29.54).
    pub const INHIBIT_ANY_POLICY: &[u8] = &[0x55, 0x1d, 0x36];
    /// authorityInfoAccess (1.3.6.1.5.5.7.1.1).
    pub const AUTHORITY_INFO_ACCESS: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01];
}

/// Extended key usage purposes (id-kp, 1.3.6.1.5.5.7.3.*, and anyExtendedKeyUsage).
pub mod kp {
    /// anyExtendedKeyUsage (2.5.29.37.0).
    pub const ANY: &[u8] = &[0x55, 0x1d, 0x25, 0x00];
    /// id-kp-serverAuth (1.3.6.1.5.5.7.3.1).
    pub const SERVER_AUTH: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01];
    /// id-kp-clientAuth (1.3.6.1.5.5.7.3.2).
    pub const CLIENT_AUTH: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02];
    /// id-kp-codeSigning (1.3.6.1.5.5.7.3.3).
    pub const CODE_SIGNING: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x03];
    /// id-kp-OCSPSigning (1.3.6.1.5.5.7.3.9).
    pub const OCSP_SIGNING: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x09];
}

/// Name attributes (id-at, 2.5.4.*, and others).
pub mod at {
    /// commonName (2.5.4.3).
    pub const COMMON_NAME: &[u8] = &[0x55, 0x04, 0x03];
    /// serialNumber (2.5.4.5).
    pub const SERIAL_NUMBER: &[u8] = &[0x55, 0x04, 0x05];
    /// countryName (2.5.4.6).
    pub const COUNTRY_NAME: &[u8] = &[0x55, 0x04, 0x06];
    /// organizationName (2.5.4.10).
    pub const ORGANIZATION_NAME: &[u8] = &[0x55, 0x04, 0x0a];
    /// emailAddress (1.2.840.113549.1.9.1), deprecated in subject names.
    pub const EMAIL_ADDRESS: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01];
}

/// Certificate policies.
pub mod policy {
    /// anyPolicy (2.5.29.32.0).
    pub const ANY: &[u8] = &[0x55, 0x1d, 0x20, 0x00];
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]

    use super::*;
    extern crate alloc;
    use alloc::string::ToString as _;

    #[test]
    fn x690_8_19_dotted_form_and_checks() {
        let oid = Oid::from_content(alg::ECDSA_SHA256).unwrap();
        assert_eq!(oid.to_string(), "1.2.840.10045.4.3.2");
        assert_eq!(
            Oid::from_content(kp::ANY).unwrap().to_string(),
            "2.5.29.37.0"
        );
        assert!(Oid::from_content(&[]).is_none());
        assert!(Oid::from_content(&[0x2a, 0x86]).is_none());
        assert!(Oid::from_content(&[0x2a, 0x80, 0x01]).is_none());
    }
}
