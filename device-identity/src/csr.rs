//! PKCS #10 certification requests (RFC 2986) as borrowed views, with the
//! extensionRequest attribute (RFC 2985 §5.4.2) decoded and the
//! proof-of-possession signature checked through the crypto provider.

use iotm_crypto::CryptoProvider;

use crate::algorithm::{AlgorithmIdentifier, PublicKeyInfo};
use crate::der::{Der, tag};
use crate::extension::Extensions;
use crate::name::Name;
use crate::rule::{Error, Rule};
use crate::verify::{SignatureProblem, verify_signed};

/// pkcs-9-at-extensionRequest (1.2.840.113549.1.9.14).
pub const EXTENSION_REQUEST: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x0e];

/// A decoded certification request, borrowing its DER.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Csr<'a> {
    /// The whole encoding.
    pub encoded: &'a [u8],
    /// The `certificationRequestInfo` encoding: the signed bytes.
    pub info: &'a [u8],
    /// The requested subject.
    pub subject: Name<'a>,
    /// The key to certify.
    pub public_key: PublicKeyInfo<'a>,
    /// The extensions requested (extensionRequest), if any.
    pub extensions: Option<Extensions<'a>>,
    /// The signature algorithm.
    pub signature_algorithm: AlgorithmIdentifier<'a>,
    /// The signature value.
    pub signature: &'a [u8],
}

/// Why a request's signature was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsrSignatureError {
    /// The algorithm and key are not a pair the provider verifies.
    Unsupported,
    /// The signature does not verify: the requester did not prove
    /// possession of the key.
    Invalid,
}

impl core::fmt::Display for CsrSignatureError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::Unsupported => "RFC 2986 §3: signature algorithm not supported",
            Self::Invalid => "RFC 2986 §3: signature does not verify with the requested key",
        })
    }
}

impl core::error::Error for CsrSignatureError {}

impl<'a> Csr<'a> {
    /// Decodes a DER request: the whole input must be one request.
    ///
    /// # Errors
    /// Incomplete when the input stops inside it; otherwise the DER or RFC
    /// 2986 rule broken and its offset.
    pub fn from_der(input: &'a [u8]) -> Result<Self, Error> {
        let mut der = Der::new(input);
        let outer = der.element(tag::SEQUENCE)?;
        der.finish()?;
        let mut request = outer.reader();
        let info_tlv = request.element(tag::SEQUENCE)?;
        let signature_algorithm = AlgorithmIdentifier::read(&mut request)?;
        let signature = request.bit_string()?.octets()?;
        request.finish()?;

        let mut info = info_tlv.reader();
        let version_at = info.offset();
        if info.u64()? != 0 {
            return Err(Error::malformed(Rule::UnsupportedVersion, version_at));
        }
        let subject = Name::read(&mut info)?;
        let public_key = PublicKeyInfo::read(&mut info)?;
        // attributes [0] IMPLICIT SET OF Attribute: required, maybe empty.
        let attributes = info.element(tag::context_constructed(0))?;
        info.finish()?;
        let mut extensions = None;
        let mut list = attributes.reader();
        while !list.is_empty() {
            let mut attribute = list.sequence()?;
            let oid = attribute.oid()?;
            let values = attribute.element(tag::SET)?;
            attribute.finish()?;
            if oid == EXTENSION_REQUEST {
                if extensions.is_some() {
                    return Err(values.error(Rule::DuplicateExtension));
                }
                let mut set = values.reader();
                extensions = Some(Extensions::from_tlv(&set.any()?)?);
                set.finish()?;
            }
        }
        Ok(Self {
            encoded: outer.encoded,
            info: info_tlv.encoded,
            subject,
            public_key,
            extensions,
            signature_algorithm,
            signature,
        })
    }

    /// Checks the signature with the requested key (proof of possession).
    ///
    /// # Errors
    /// [`CsrSignatureError`].
    pub fn verify_signature<C: CryptoProvider + ?Sized>(
        &self,
        crypto: &C,
    ) -> Result<(), CsrSignatureError> {
        verify_signed(
            crypto,
            self.signature_algorithm.algorithm,
            &self.public_key,
            self.info,
            self.signature,
        )
        .map_err(|p| match p {
            SignatureProblem::Unsupported => CsrSignatureError::Unsupported,
            SignatureProblem::Invalid => CsrSignatureError::Invalid,
        })
    }
}
