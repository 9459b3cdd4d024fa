//! Enrollment over Secure Transport (RFC 7030) and over CoAPs (RFC 9148):
//! the operations and their paths, request bodies for simpleenroll and
//! simplereenroll, and the certs-only CMS responses (RFC 5751 §3.2.2 /
//! RFC 5652 §5) parsed without an allocator.

use crate::certificate::Certificate;
use crate::der::{Der, Tlv, tag};
use crate::rule::{Error, Rule};

/// CoAP content formats of RFC 9148 §8.3.
pub mod content_format {
    /// application/pkcs7-mime; smime-type=certs-only.
    pub const PKCS7_CERTS_ONLY: u16 = 281;
    /// application/pkcs8.
    pub const PKCS8: u16 = 284;
    /// application/csrattrs.
    pub const CSRATTRS: u16 = 285;
    /// application/pkcs10.
    pub const PKCS10: u16 = 286;
    /// application/pkix-cert.
    pub const PKIX_CERT: u16 = 287;
}

/// HTTP media types of RFC 7030 §4.
pub mod media_type {
    /// A certification request.
    pub const PKCS10: &str = "application/pkcs10";
    /// A certs-only CMS message.
    pub const PKCS7_CERTS_ONLY: &str = "application/pkcs7-mime; smime-type=certs-only";
    /// CSR attributes.
    pub const CSRATTRS: &str = "application/csrattrs";
}

/// An EST operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operation {
    /// Distribution of CA certificates (§4.1).
    CaCerts,
    /// Enrollment (§4.2.1).
    SimpleEnroll,
    /// Re-enrollment with the current certificate (§4.2.2).
    SimpleReEnroll,
    /// CSR attributes the server wants (§4.5).
    CsrAttrs,
    /// Server-side key generation (§4.4).
    ServerKeyGen,
}

impl Operation {
    /// The HTTPS path (RFC 7030 §3.2.2).
    pub const fn https_path(self) -> &'static str {
        match self {
            Self::CaCerts => "/.well-known/est/cacerts",
            Self::SimpleEnroll => "/.well-known/est/simpleenroll",
            Self::SimpleReEnroll => "/.well-known/est/simplereenroll",
            Self::CsrAttrs => "/.well-known/est/csrattrs",
            Self::ServerKeyGen => "/.well-known/est/serverkeygen",
        }
    }

    /// The short CoAP path (RFC 9148 §5.1).
    pub const fn coap_path(self) -> &'static str {
        match self {
            Self::CaCerts => "/.well-known/est/crts",
            Self::SimpleEnroll => "/.well-known/est/sen",
            Self::SimpleReEnroll => "/.well-known/est/sren",
            Self::CsrAttrs => "/.well-known/est/att",
            Self::ServerKeyGen => "/.well-known/est/skg",
        }
    }

    /// The request's HTTP method: GET for the distributions, POST for the
    /// enrollments.
    pub const fn method(self) -> &'static str {
        match self {
            Self::CaCerts | Self::CsrAttrs => "GET",
            _ => "POST",
        }
    }
}

/// id-signedData (1.2.840.113549.1.7.2).
const SIGNED_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
/// id-data (1.2.840.113549.1.7.1).
const DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];

/// A certs-only CMS SignedData (no content, no signers): the EST response
/// to cacerts, simpleenroll and simplereenroll.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CertsOnly<'a> {
    certificates: Option<Tlv<'a>>,
}

impl<'a> CertsOnly<'a> {
    /// Decodes a DER certs-only message (every certificate is decoded and
    /// checked too).
    ///
    /// # Errors
    /// Not a `ContentInfo` of SignedData with no encapsulated content and
    /// no signers, or a certificate that does not decode.
    pub fn from_der(input: &'a [u8]) -> Result<Self, Error> {
        let mut der = Der::new(input);
        let mut info = der.sequence()?;
        der.finish()?;
        let at = info.offset();
        if info.oid()? != SIGNED_DATA {
            return Err(Error::malformed(Rule::NotCertsOnly, at));
        }
        let mut explicit = info
            .explicit(0)?
            .ok_or_else(|| Error::malformed(Rule::NotCertsOnly, info.offset()))?;
        info.finish()?;
        let mut signed = explicit.sequence()?;
        explicit.finish()?;
        signed.u64()?;
        // digestAlgorithms: empty in certs-only, not used either way.
        signed.element(tag::SET)?;
        let mut encap = signed.sequence()?;
        let at = encap.offset();
        if encap.oid()? != DATA || !encap.is_empty() {
            return Err(Error::malformed(Rule::NotCertsOnly, at));
        }
        let certificates = signed.optional(tag::context_constructed(0))?;
        // CRLs [1] may be present; they are not read.
        signed.optional(tag::context_constructed(1))?;
        let signers = signed.element(tag::SET)?;
        signed.finish()?;
        if !signers.content.is_empty() {
            return Err(signers.error(Rule::NotCertsOnly));
        }
        let message = Self { certificates };
        if let Some(list) = certificates {
            let mut certs = list.reader();
            while !certs.is_empty() {
                let cert = certs.element(tag::SEQUENCE)?;
                Certificate::from_der(cert.encoded).map_err(|e| e.shifted(cert.offset))?;
            }
        }
        Ok(message)
    }

    /// The certificates in order.
    pub fn certificates(&self) -> impl Iterator<Item = Certificate<'a>> + 'a {
        let mut der = self
            .certificates
            .map_or(Der::nested(&[], 0), |list| list.reader());
        core::iter::from_fn(move || {
            let tlv = der.element(tag::SEQUENCE).ok()?;
            Certificate::from_der(tlv.encoded).ok()
        })
    }
}

/// A certs-only message holding `certificates` (each a certificate's
/// DER), as an EST server answers.
#[cfg(feature = "alloc")]
pub fn certs_only(certificates: &[&[u8]]) -> alloc::vec::Vec<u8> {
    use crate::encode;
    let mut out = alloc::vec::Vec::new();
    encode::sequence(&mut out, |out| {
        encode::oid(out, SIGNED_DATA);
        encode::nested(out, tag::context_constructed(0), |out| {
            encode::sequence(out, |out| {
                encode::small_integer(out, 1);
                encode::tlv(out, tag::SET, &[]);
                encode::sequence(out, |out| encode::oid(out, DATA));
                encode::nested(out, tag::context_constructed(0), |out| {
                    for cert in certificates {
                        out.extend_from_slice(cert);
                    }
                });
                encode::tlv(out, tag::SET, &[]);
            });
        });
    });
    out
}

/// The body of a simpleenroll or simplereenroll request over HTTPS: the
/// CSR's DER in base64 (RFC 7030 §4.2.1, Content-Transfer-Encoding:
/// base64). Over CoAPs (RFC 9148) the body is the DER itself.
#[cfg(feature = "alloc")]
pub fn https_body(der: &[u8]) -> alloc::string::String {
    let pem = crate::pem::encode("X", der);
    pem.lines().filter(|l| !l.starts_with("-----")).fold(
        alloc::string::String::new(),
        |mut s, l| {
            s.push_str(l);
            s.push_str("\r\n");
            s
        },
    )
}

/// Decodes a base64 HTTPS body (an EST response or request) to DER.
///
/// # Errors
/// [`Rule::InvalidPem`] for bad base64.
#[cfg(feature = "alloc")]
pub fn decode_https_body(body: &str) -> Result<alloc::vec::Vec<u8>, Error> {
    crate::pem::Block {
        label: "",
        body,
        offset: 0,
    }
    .decode()
}
