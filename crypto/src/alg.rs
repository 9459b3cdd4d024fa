//! The algorithms a [`CryptoProvider`](crate::CryptoProvider) offers, with
//! their COSE algorithm identifiers (IANA "COSE Algorithms" registry) and the
//! fixed sizes of their keys, nonces, tags and outputs.
//!
//! The enums are closed over what the providers implement and
//! `#[non_exhaustive]` so that adding an algorithm is not a breaking change.
//! A COSE decoder keeps unknown identifiers in its own open type and maps the
//! known ones here with `from_cose`, which returns `None` for the rest.

/// COSE `SHA-256` (RFC 9054).
const COSE_SHA256: i64 = -16;
/// COSE `SHA-384` (RFC 9054).
const COSE_SHA384: i64 = -43;
/// COSE `SHA-512` (RFC 9054).
const COSE_SHA512: i64 = -44;
/// COSE `HMAC 256/256` (RFC 9053 §3.1).
const COSE_HMAC256: i64 = 5;
/// COSE `HMAC 384/384` (RFC 9053 §3.1).
const COSE_HMAC384: i64 = 6;
/// COSE `HMAC 512/512` (RFC 9053 §3.1).
const COSE_HMAC512: i64 = 7;
/// COSE `ES256` (RFC 9053 §2.1).
const COSE_ES256: i64 = -7;
/// COSE `ES384` (RFC 9053 §2.1).
const COSE_ES384: i64 = -35;
/// COSE `EdDSA` (RFC 9053 §2.2).
const COSE_EDDSA: i64 = -8;
/// COSE `ESP256`: ECDSA P-256 with SHA-256, fully specified (RFC 9864).
const COSE_ESP256: i64 = -9;
/// COSE `ESP384`: ECDSA P-384 with SHA-384, fully specified (RFC 9864).
const COSE_ESP384: i64 = -51;
/// COSE `Ed25519`: EdDSA on Ed25519, fully specified (RFC 9864).
const COSE_ED25519: i64 = -19;
/// COSE `HSS-LMS` (RFC 8778 §2).
const COSE_HSS_LMS: i64 = -46;
const COSE_RS256: i64 = -257;
const COSE_RS384: i64 = -258;
const COSE_RS512: i64 = -259;
/// The largest RSA modulus verified: 8192 bits.
const RSA_MAX_MODULUS_LEN: usize = 1024;
/// COSE `A128GCM` (RFC 9053 §4.1).
const COSE_A128GCM: i64 = 1;
/// COSE `A192GCM` (RFC 9053 §4.1).
const COSE_A192GCM: i64 = 2;
/// COSE `A256GCM` (RFC 9053 §4.1).
const COSE_A256GCM: i64 = 3;
/// COSE `A128KW` (RFC 9053 §6.2.1).
const COSE_A128KW: i64 = -3;
/// COSE `A192KW` (RFC 9053 §6.2.1).
const COSE_A192KW: i64 = -4;
/// COSE `A256KW` (RFC 9053 §6.2.1).
const COSE_A256KW: i64 = -5;
/// COSE `A128CTR` (RFC 9459 §4).
const COSE_A128CTR: i64 = -65534;
/// COSE `A192CTR` (RFC 9459 §4).
const COSE_A192CTR: i64 = -65533;
/// COSE `A256CTR` (RFC 9459 §4).
const COSE_A256CTR: i64 = -65532;

/// Length of an HSS public key with 32-byte hashes: `L`, the LMS and LM-OTS
/// types, the identifier `I` and the root `T[1]` (RFC 8554 §6.1, §5.3).
const HSS_LMS_PUBLIC_KEY_LEN: usize = 4 + 4 + 4 + 16 + 32;
/// The longest HSS signature the verifier accepts: eight levels of
/// `LMS_SHA256_M32_H25` with `LMOTS_SHA256_N32_W1` (`hss_lms.rs` checks the
/// sum).
const HSS_LMS_MAX_SIGNATURE_LEN: usize = 74_988;

/// AES block size in bytes: the IV of AES-CTR and the unit of GCM counters.
const AES_BLOCK_LEN: usize = 16;
/// AES-GCM nonce length in bytes (the 96-bit IV of NIST SP 800-38D §8.2).
const GCM_NONCE_LEN: usize = 12;
/// AES-GCM tag length in bytes (full 128-bit tags only).
const GCM_TAG_LEN: usize = 16;

/// A hash function (FIPS 180-4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HashAlg {
    /// SHA-256, 32-byte digest. COSE `-16`.
    Sha256,
    /// SHA-384, 48-byte digest. COSE `-43`.
    Sha384,
    /// SHA-512, 64-byte digest. COSE `-44`.
    Sha512,
}

impl HashAlg {
    /// The algorithm for a COSE algorithm identifier, if it is one of these.
    pub const fn from_cose(id: i64) -> Option<Self> {
        match id {
            COSE_SHA256 => Some(Self::Sha256),
            COSE_SHA384 => Some(Self::Sha384),
            COSE_SHA512 => Some(Self::Sha512),
            _ => None,
        }
    }

    /// The COSE algorithm identifier.
    pub const fn cose_id(self) -> i64 {
        match self {
            Self::Sha256 => COSE_SHA256,
            Self::Sha384 => COSE_SHA384,
            Self::Sha512 => COSE_SHA512,
        }
    }

    /// The digest length in bytes.
    pub const fn output_len(self) -> usize {
        match self {
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
        }
    }
}

/// A message authentication code: HMAC (RFC 2104) with full-length tags.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MacAlg {
    /// HMAC-SHA-256, 32-byte tag. COSE `5` ("HMAC 256/256").
    HmacSha256,
    /// HMAC-SHA-384, 48-byte tag. COSE `6` ("HMAC 384/384").
    HmacSha384,
    /// HMAC-SHA-512, 64-byte tag. COSE `7` ("HMAC 512/512").
    HmacSha512,
}

impl MacAlg {
    /// The algorithm for a COSE algorithm identifier, if it is one of these.
    pub const fn from_cose(id: i64) -> Option<Self> {
        match id {
            COSE_HMAC256 => Some(Self::HmacSha256),
            COSE_HMAC384 => Some(Self::HmacSha384),
            COSE_HMAC512 => Some(Self::HmacSha512),
            _ => None,
        }
    }

    /// The COSE algorithm identifier.
    pub const fn cose_id(self) -> i64 {
        match self {
            Self::HmacSha256 => COSE_HMAC256,
            Self::HmacSha384 => COSE_HMAC384,
            Self::HmacSha512 => COSE_HMAC512,
        }
    }

    /// The underlying hash function.
    pub const fn hash(self) -> HashAlg {
        match self {
            Self::HmacSha256 => HashAlg::Sha256,
            Self::HmacSha384 => HashAlg::Sha384,
            Self::HmacSha512 => HashAlg::Sha512,
        }
    }

    /// The tag length in bytes (the hash output length: tags are not truncated).
    pub const fn tag_len(self) -> usize {
        self.hash().output_len()
    }
}

/// A signature algorithm.
///
/// Key and signature encodings (the COSE forms):
///
/// | algorithm | private key | public key | signature |
/// |---|---|---|---|
/// | ES256 | 32-byte scalar | SEC1 point, 65 bytes uncompressed | `r ‖ s`, 64 bytes |
/// | ES384 | 48-byte scalar | SEC1 point, 97 bytes uncompressed | `r ‖ s`, 96 bytes |
/// | EdDSA | 32-byte seed | 32 bytes (RFC 8032 §5.1.5) | 64 bytes |
/// | HSS-LMS | — (verification only) | `u32 L ‖` LMS public key, 60 bytes with SHA-256 (RFC 8554 §6.1) | RFC 8554 §6.2, length set by its parameter sets |
/// | RS256/384/512 | — (verification only) | `RSAPublicKey` DER (RFC 8017 §A.1.1), 2048–8192 bits | the modulus length |
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureAlg {
    /// ECDSA on P-256 with SHA-256. COSE `-7` ("ES256").
    EcdsaP256Sha256,
    /// ECDSA on P-384 with SHA-384. COSE `-35` ("ES384").
    EcdsaP384Sha384,
    /// Ed25519 (pure EdDSA, RFC 8032). COSE `-8` ("EdDSA").
    Ed25519,
    /// HSS/LMS hash-based signatures (RFC 8554) with the SHA-256 parameter
    /// sets, verification only. COSE `-46` ("HSS-LMS", RFC 8778).
    HssLms,
    /// RSASSA-PKCS1-v1_5 with SHA-256, verification only, on hosts (the
    /// ring backend). COSE `-257` ("RS256", RFC 8812).
    RsaPkcs1Sha256,
    /// RSASSA-PKCS1-v1_5 with SHA-384. COSE `-258` ("RS384").
    RsaPkcs1Sha384,
    /// RSASSA-PKCS1-v1_5 with SHA-512. COSE `-259` ("RS512").
    RsaPkcs1Sha512,
}

impl SignatureAlg {
    /// The algorithm for a COSE algorithm identifier, if it is one of these.
    /// The fully-specified identifiers of RFC 9864 (`ESP256` -9, `ESP384`
    /// -51, `Ed25519` -19) map to the same algorithms as the polymorphic
    /// ones (`ES256` -7, `ES384` -35, `EdDSA` -8); the curve is implied.
    pub const fn from_cose(id: i64) -> Option<Self> {
        match id {
            COSE_ES256 | COSE_ESP256 => Some(Self::EcdsaP256Sha256),
            COSE_ES384 | COSE_ESP384 => Some(Self::EcdsaP384Sha384),
            COSE_EDDSA | COSE_ED25519 => Some(Self::Ed25519),
            COSE_HSS_LMS => Some(Self::HssLms),
            COSE_RS256 => Some(Self::RsaPkcs1Sha256),
            COSE_RS384 => Some(Self::RsaPkcs1Sha384),
            COSE_RS512 => Some(Self::RsaPkcs1Sha512),
            _ => None,
        }
    }

    /// The COSE algorithm identifier.
    pub const fn cose_id(self) -> i64 {
        match self {
            Self::EcdsaP256Sha256 => COSE_ES256,
            Self::EcdsaP384Sha384 => COSE_ES384,
            Self::Ed25519 => COSE_EDDSA,
            Self::HssLms => COSE_HSS_LMS,
            Self::RsaPkcs1Sha256 => COSE_RS256,
            Self::RsaPkcs1Sha384 => COSE_RS384,
            Self::RsaPkcs1Sha512 => COSE_RS512,
        }
    }

    /// The signature length in bytes (fixed-width `r ‖ s` for ECDSA).
    ///
    /// HSS-LMS signatures vary in length with the parameter sets they name;
    /// for it this is the longest the verifier accepts (74 988 bytes: eight
    /// levels of `LMS_SHA256_M32_H25` with `LMOTS_SHA256_N32_W1`), an upper
    /// bound for a buffer, not a length to check against.
    pub const fn signature_len(self) -> usize {
        match self {
            Self::EcdsaP256Sha256 => 64,
            Self::EcdsaP384Sha384 => 96,
            Self::Ed25519 => 64,
            Self::HssLms => HSS_LMS_MAX_SIGNATURE_LEN,
            Self::RsaPkcs1Sha256 | Self::RsaPkcs1Sha384 | Self::RsaPkcs1Sha512 => {
                RSA_MAX_MODULUS_LEN
            }
        }
    }

    /// Whether the algorithm is RSASSA-PKCS1-v1_5.
    pub const fn is_rsa(self) -> bool {
        matches!(
            self,
            Self::RsaPkcs1Sha256 | Self::RsaPkcs1Sha384 | Self::RsaPkcs1Sha512
        )
    }

    /// Whether every signature of the algorithm has the length
    /// [`signature_len`](Self::signature_len): true except for HSS-LMS and
    /// RSA (whose signatures are as long as the modulus).
    pub const fn has_fixed_signature_len(self) -> bool {
        !matches!(self, Self::HssLms) && !self.is_rsa()
    }

    /// The private key length in bytes (scalar or Ed25519 seed); 0 for
    /// HSS-LMS, which no provider signs with (its private keys are stateful).
    pub const fn private_key_len(self) -> usize {
        match self {
            Self::EcdsaP256Sha256 => Curve::P256.scalar_len(),
            Self::EcdsaP384Sha384 => Curve::P384.scalar_len(),
            Self::Ed25519 => 32,
            Self::HssLms | Self::RsaPkcs1Sha256 | Self::RsaPkcs1Sha384 | Self::RsaPkcs1Sha512 => 0,
        }
    }

    /// The public key length in bytes: the uncompressed SEC1 point for ECDSA,
    /// the 32-byte encoded point for Ed25519, the 60-byte HSS public key with
    /// 32-byte hashes for HSS-LMS (52 bytes with the SHA-256/192 sets of
    /// RFC 9858, which the verifier also takes).
    pub const fn public_key_len(self) -> usize {
        match self {
            Self::EcdsaP256Sha256 => Curve::P256.uncompressed_point_len(),
            Self::EcdsaP384Sha384 => Curve::P384.uncompressed_point_len(),
            Self::Ed25519 => 32,
            Self::HssLms => HSS_LMS_PUBLIC_KEY_LEN,
            // Variable: the RSAPublicKey DER.
            Self::RsaPkcs1Sha256 | Self::RsaPkcs1Sha384 | Self::RsaPkcs1Sha512 => 0,
        }
    }

    /// The curve of an ECDSA algorithm; `None` for Ed25519 and HSS-LMS.
    pub const fn curve(self) -> Option<Curve> {
        match self {
            Self::EcdsaP256Sha256 => Some(Curve::P256),
            Self::EcdsaP384Sha384 => Some(Curve::P384),
            Self::Ed25519
            | Self::HssLms
            | Self::RsaPkcs1Sha256
            | Self::RsaPkcs1Sha384
            | Self::RsaPkcs1Sha512 => None,
        }
    }
}

/// An AEAD: AES-GCM (NIST SP 800-38D) with a 12-byte nonce and a 16-byte tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AeadAlg {
    /// AES-128-GCM. COSE `1` ("A128GCM").
    Aes128Gcm,
    /// AES-192-GCM. COSE `2` ("A192GCM").
    Aes192Gcm,
    /// AES-256-GCM. COSE `3` ("A256GCM").
    Aes256Gcm,
}

impl AeadAlg {
    /// The algorithm for a COSE algorithm identifier, if it is one of these.
    pub const fn from_cose(id: i64) -> Option<Self> {
        match id {
            COSE_A128GCM => Some(Self::Aes128Gcm),
            COSE_A192GCM => Some(Self::Aes192Gcm),
            COSE_A256GCM => Some(Self::Aes256Gcm),
            _ => None,
        }
    }

    /// The COSE algorithm identifier.
    pub const fn cose_id(self) -> i64 {
        match self {
            Self::Aes128Gcm => COSE_A128GCM,
            Self::Aes192Gcm => COSE_A192GCM,
            Self::Aes256Gcm => COSE_A256GCM,
        }
    }

    /// The key length in bytes.
    pub const fn key_len(self) -> usize {
        match self {
            Self::Aes128Gcm => 16,
            Self::Aes192Gcm => 24,
            Self::Aes256Gcm => 32,
        }
    }

    /// The nonce length in bytes: 12 for every variant.
    pub const fn nonce_len(self) -> usize {
        GCM_NONCE_LEN
    }

    /// The tag length in bytes: 16 for every variant.
    pub const fn tag_len(self) -> usize {
        GCM_TAG_LEN
    }
}

/// A key wrap: AES Key Wrap (RFC 3394, NIST SP 800-38F KW).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyWrapAlg {
    /// AES-128 key wrap. COSE `-3` ("A128KW").
    A128Kw,
    /// AES-192 key wrap. COSE `-4` ("A192KW").
    A192Kw,
    /// AES-256 key wrap. COSE `-5` ("A256KW").
    A256Kw,
}

impl KeyWrapAlg {
    /// The algorithm for a COSE algorithm identifier, if it is one of these.
    pub const fn from_cose(id: i64) -> Option<Self> {
        match id {
            COSE_A128KW => Some(Self::A128Kw),
            COSE_A192KW => Some(Self::A192Kw),
            COSE_A256KW => Some(Self::A256Kw),
            _ => None,
        }
    }

    /// The COSE algorithm identifier.
    pub const fn cose_id(self) -> i64 {
        match self {
            Self::A128Kw => COSE_A128KW,
            Self::A192Kw => COSE_A192KW,
            Self::A256Kw => COSE_A256KW,
        }
    }

    /// The key-encryption key length in bytes.
    pub const fn kek_len(self) -> usize {
        match self {
            Self::A128Kw => 16,
            Self::A192Kw => 24,
            Self::A256Kw => 32,
        }
    }
}

/// An unauthenticated stream cipher: AES in counter mode (NIST SP 800-38A
/// §6.5) with a 16-byte initial counter block incremented as one 128-bit
/// big-endian integer, as RFC 9459 uses it for firmware encryption.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CipherAlg {
    /// AES-128-CTR. COSE `-65534` ("A128CTR").
    Aes128Ctr,
    /// AES-192-CTR. COSE `-65533` ("A192CTR").
    Aes192Ctr,
    /// AES-256-CTR. COSE `-65532` ("A256CTR").
    Aes256Ctr,
}

impl CipherAlg {
    /// The algorithm for a COSE algorithm identifier, if it is one of these.
    pub const fn from_cose(id: i64) -> Option<Self> {
        match id {
            COSE_A128CTR => Some(Self::Aes128Ctr),
            COSE_A192CTR => Some(Self::Aes192Ctr),
            COSE_A256CTR => Some(Self::Aes256Ctr),
            _ => None,
        }
    }

    /// The COSE algorithm identifier.
    pub const fn cose_id(self) -> i64 {
        match self {
            Self::Aes128Ctr => COSE_A128CTR,
            Self::Aes192Ctr => COSE_A192CTR,
            Self::Aes256Ctr => COSE_A256CTR,
        }
    }

    /// The key length in bytes.
    pub const fn key_len(self) -> usize {
        match self {
            Self::Aes128Ctr => 16,
            Self::Aes192Ctr => 24,
            Self::Aes256Ctr => 32,
        }
    }

    /// The IV (initial counter block) length in bytes: 16 for every variant.
    pub const fn iv_len(self) -> usize {
        AES_BLOCK_LEN
    }
}

/// An elliptic curve for ECDH (NIST SP 800-56A, SEC1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Curve {
    /// NIST P-256 (secp256r1).
    P256,
    /// NIST P-384 (secp384r1).
    P384,
}

impl Curve {
    /// The length in bytes of a private scalar and of one coordinate.
    pub const fn scalar_len(self) -> usize {
        match self {
            Self::P256 => 32,
            Self::P384 => 48,
        }
    }

    /// The length in bytes of an uncompressed SEC1 point (`0x04 ‖ x ‖ y`).
    pub const fn uncompressed_point_len(self) -> usize {
        1 + 2 * self.scalar_len()
    }

    /// The length in bytes of the ECDH shared secret (the x-coordinate).
    pub const fn shared_secret_len(self) -> usize {
        self.scalar_len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cose_ids_round_trip() {
        for alg in [HashAlg::Sha256, HashAlg::Sha384, HashAlg::Sha512] {
            assert_eq!(HashAlg::from_cose(alg.cose_id()), Some(alg));
        }
        for alg in [MacAlg::HmacSha256, MacAlg::HmacSha384, MacAlg::HmacSha512] {
            assert_eq!(MacAlg::from_cose(alg.cose_id()), Some(alg));
        }
        for alg in [
            SignatureAlg::EcdsaP256Sha256,
            SignatureAlg::EcdsaP384Sha384,
            SignatureAlg::Ed25519,
            SignatureAlg::HssLms,
            SignatureAlg::RsaPkcs1Sha256,
            SignatureAlg::RsaPkcs1Sha384,
            SignatureAlg::RsaPkcs1Sha512,
        ] {
            assert_eq!(SignatureAlg::from_cose(alg.cose_id()), Some(alg));
        }
        for alg in [AeadAlg::Aes128Gcm, AeadAlg::Aes192Gcm, AeadAlg::Aes256Gcm] {
            assert_eq!(AeadAlg::from_cose(alg.cose_id()), Some(alg));
        }
        for alg in [KeyWrapAlg::A128Kw, KeyWrapAlg::A192Kw, KeyWrapAlg::A256Kw] {
            assert_eq!(KeyWrapAlg::from_cose(alg.cose_id()), Some(alg));
        }
        for alg in [
            CipherAlg::Aes128Ctr,
            CipherAlg::Aes192Ctr,
            CipherAlg::Aes256Ctr,
        ] {
            assert_eq!(CipherAlg::from_cose(alg.cose_id()), Some(alg));
        }
    }

    #[test]
    fn rfc9864_fully_specified_signature_ids_map_to_their_algorithms() {
        assert_eq!(
            SignatureAlg::from_cose(-9),
            Some(SignatureAlg::EcdsaP256Sha256)
        );
        assert_eq!(
            SignatureAlg::from_cose(-51),
            Some(SignatureAlg::EcdsaP384Sha384)
        );
        assert_eq!(SignatureAlg::from_cose(-19), Some(SignatureAlg::Ed25519));
    }

    #[test]
    fn cose_ids_match_the_iana_registry() {
        assert_eq!(HashAlg::from_cose(-16), Some(HashAlg::Sha256));
        assert_eq!(HashAlg::from_cose(-43), Some(HashAlg::Sha384));
        assert_eq!(HashAlg::from_cose(-44), Some(HashAlg::Sha512));
        assert_eq!(
            SignatureAlg::from_cose(-7),
            Some(SignatureAlg::EcdsaP256Sha256)
        );
        assert_eq!(
            SignatureAlg::from_cose(-35),
            Some(SignatureAlg::EcdsaP384Sha384)
        );
        assert_eq!(SignatureAlg::from_cose(-8), Some(SignatureAlg::Ed25519));
        assert_eq!(SignatureAlg::from_cose(-46), Some(SignatureAlg::HssLms));
        assert_eq!(AeadAlg::from_cose(1), Some(AeadAlg::Aes128Gcm));
        assert_eq!(AeadAlg::from_cose(3), Some(AeadAlg::Aes256Gcm));
        assert_eq!(KeyWrapAlg::from_cose(-3), Some(KeyWrapAlg::A128Kw));
        assert_eq!(KeyWrapAlg::from_cose(-5), Some(KeyWrapAlg::A256Kw));
        assert_eq!(MacAlg::from_cose(5), Some(MacAlg::HmacSha256));
        assert_eq!(CipherAlg::from_cose(-65534), Some(CipherAlg::Aes128Ctr));
        assert_eq!(CipherAlg::from_cose(-65532), Some(CipherAlg::Aes256Ctr));
    }

    #[test]
    fn unknown_cose_ids_are_none() {
        // -47 is ES256K, 4 is "HMAC 256/64" (truncated tags): neither is offered.
        assert_eq!(SignatureAlg::from_cose(-47), None);
        assert_eq!(MacAlg::from_cose(4), None);
        assert_eq!(HashAlg::from_cose(0), None);
        assert_eq!(AeadAlg::from_cose(-1), None);
        assert_eq!(KeyWrapAlg::from_cose(i64::MIN), None);
        assert_eq!(CipherAlg::from_cose(i64::MAX), None);
    }

    #[test]
    fn sizes() {
        assert_eq!(Curve::P256.uncompressed_point_len(), 65);
        assert_eq!(Curve::P384.uncompressed_point_len(), 97);
        assert_eq!(SignatureAlg::EcdsaP384Sha384.public_key_len(), 97);
        assert_eq!(MacAlg::HmacSha384.tag_len(), 48);
        assert_eq!(AeadAlg::Aes192Gcm.key_len(), 24);
        assert_eq!(CipherAlg::Aes256Ctr.iv_len(), 16);
    }
}
