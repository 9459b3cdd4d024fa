//! HSS/LMS hash-based signature verification (RFC 8554), the COSE algorithm
//! `HSS-LMS` (−46, RFC 8778) of the SUIT profile
//! `suit-sha256-hsslms-a256kw-a256ctr`.
//!
//! Verification only: signing is stateful (each one-time key may sign once)
//! and belongs on a signing server, not in this crate.
//!
//! Parameter sets: LM-OTS `LMOTS_SHA256_N32_W1/W2/W4/W8` and LMS
//! `LMS_SHA256_M32_H5/H10/H15/H20/H25` (RFC 8554 §4.1, §5.1), and their
//! SHA-256/192 counterparts `LMOTS_SHA256_N24_W*` and `LMS_SHA256_M24_H*`
//! (RFC 9858 §4: SHA-256 truncated to 24 bytes). The SHAKE sets are
//! [`HssLmsError::UnsupportedLmsType`] / [`HssLmsError::UnsupportedOtsType`].
//! One LMS tree pairs an LMS set with an LM-OTS set of the same hash length
//! (NIST SP 800-208 §4); a pairing of 24 and 32 bytes is refused.
//!
//! Everything is checked before any hash is computed: the public key's
//! length and types, then the whole signature's layout (every level's types,
//! lengths, leaf index, and no trailing bytes). Nothing is allocated and no
//! input makes it panic. The work is bounded: at most [`HSS_MAX_LEVELS`]
//! levels, each at most 265 Winternitz chains (8 670 hash calls with W8)
//! and a 25-node authentication path, plus one pass over the message.

use core::fmt;

use sha2::{Digest, Sha256};

/// The most levels an HSS public key may have (RFC 8554 §6: `L` is 1 to 8).
pub const HSS_MAX_LEVELS: u32 = 8;

/// Domain separator of the LM-OTS public key hash (RFC 8554 §4.3).
const D_PBLC: [u8; 2] = [0x80, 0x80];
/// Domain separator of the LM-OTS message hash (RFC 8554 §4.5).
const D_MESG: [u8; 2] = [0x81, 0x81];
/// Domain separator of an LMS leaf (RFC 8554 §5.3).
const D_LEAF: [u8; 2] = [0x82, 0x82];
/// Domain separator of an LMS interior node (RFC 8554 §5.3).
const D_INTR: [u8; 2] = [0x83, 0x83];

/// Length of a type code or of `L`, `q` and `Nspk` (RFC 8554 §3.1.1 `u32str`).
const U32_LEN: usize = 4;
/// Length of the LMS key pair identifier `I` (RFC 8554 §5.3).
const ID_LEN: usize = 16;
/// Length of the HSS public key's `L` before the top-level LMS public key
/// (RFC 8554 §6.1).
const HSS_L_LEN: usize = U32_LEN;
/// Bytes of an LMS public key before `T[1]`: type, LM-OTS type, `I`
/// (RFC 8554 §5.3).
const LMS_KEY_HEADER_LEN: usize = 2 * U32_LEN + ID_LEN;
/// Largest hash output of the supported sets (SHA-256).
const MAX_N: usize = 32;
/// Length of the LM-OTS checksum appended to `Q` (RFC 8554 §4.4).
const CHECKSUM_LEN: usize = 2;

/// Why an HSS/LMS signature did not verify.
///
/// Offsets are byte positions in the signature. The variants say which
/// structural rule failed; a signature that is well formed but wrong says
/// only at which level it failed, never which byte differed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HssLmsError {
    /// The HSS public key is not `4 + 24 + m` bytes for its LMS type
    /// (RFC 8554 §6.1, §5.3), or too short to hold the types.
    PublicKeyLength {
        /// The length the key's types call for (the shortest possible when
        /// the types could not be read).
        expected: usize,
        /// The length given.
        actual: usize,
    },
    /// The public key's level count `L` is outside 1 to [`HSS_MAX_LEVELS`]
    /// (RFC 8554 §6).
    LevelCount(u32),
    /// The signature's `Nspk` is not `L − 1` (RFC 8554 §6.3 step 1).
    LevelMismatch {
        /// `L` from the public key.
        levels: u32,
        /// `Nspk` from the signature.
        signed_keys: u32,
    },
    /// An LMS type this verifier does not implement (SHAKE sets, unassigned
    /// codes), in the public key or a signed public key.
    UnsupportedLmsType(u32),
    /// An LM-OTS type this verifier does not implement.
    UnsupportedOtsType(u32),
    /// An LMS public key pairs an LMS set and an LM-OTS set of different
    /// hash lengths.
    MixedParameterSets {
        /// The LMS type.
        lms: u32,
        /// The LM-OTS type.
        ots: u32,
    },
    /// The LM-OTS type in an LMS signature is not the one in the key it is
    /// verified with (RFC 8554 §5.4.2 step 2c).
    OtsTypeMismatch {
        /// The type in the key.
        key: u32,
        /// The type in the signature.
        signature: u32,
        /// Where the signature's type is.
        offset: usize,
    },
    /// The LMS type in an LMS signature is not the one in the key it is
    /// verified with (RFC 8554 §5.4.2 step 2h).
    LmsTypeMismatch {
        /// The type in the key.
        key: u32,
        /// The type in the signature.
        signature: u32,
        /// Where the signature's type is.
        offset: usize,
    },
    /// The leaf index `q` is not below `2^h` (RFC 8554 §5.4.2 step 2j).
    LeafOutOfRange {
        /// The index in the signature.
        q: u32,
        /// The number of leaves, `2^h`.
        leaves: u32,
        /// Where `q` is.
        offset: usize,
    },
    /// The signature ends inside a field that starts at `offset`.
    Truncated {
        /// Where the field that does not fit starts.
        offset: usize,
    },
    /// Bytes follow the last LMS signature (RFC 8554 §6.3: the signature is
    /// exactly its levels).
    TrailingBytes {
        /// Where the extra bytes start.
        offset: usize,
    },
    /// Well formed, but the root computed at this level (0 is the top) does
    /// not match the key.
    Mismatch {
        /// The level that failed.
        level: u32,
    },
}

impl fmt::Display for HssLmsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::PublicKeyLength { expected, actual } => write!(
                f,
                "RFC 8554 §6.1: HSS public key of {actual} bytes, {expected} required"
            ),
            Self::LevelCount(l) => {
                write!(f, "RFC 8554 §6: {l} levels, 1 to {HSS_MAX_LEVELS} allowed")
            }
            Self::LevelMismatch {
                levels,
                signed_keys,
            } => write!(
                f,
                "RFC 8554 §6.3: {signed_keys} signed public keys for {levels} levels"
            ),
            Self::UnsupportedLmsType(t) => write!(f, "unsupported LMS type {t:#010x}"),
            Self::UnsupportedOtsType(t) => write!(f, "unsupported LM-OTS type {t:#010x}"),
            Self::MixedParameterSets { lms, ots } => write!(
                f,
                "LMS type {lms:#010x} and LM-OTS type {ots:#010x} have different hash lengths"
            ),
            Self::OtsTypeMismatch {
                key,
                signature,
                offset,
            } => write!(
                f,
                "RFC 8554 §5.4.2: LM-OTS type {signature:#010x} at {offset}, key has {key:#010x}"
            ),
            Self::LmsTypeMismatch {
                key,
                signature,
                offset,
            } => write!(
                f,
                "RFC 8554 §5.4.2: LMS type {signature:#010x} at {offset}, key has {key:#010x}"
            ),
            Self::LeafOutOfRange { q, leaves, offset } => write!(
                f,
                "RFC 8554 §5.4.2: leaf {q} at {offset} is not below {leaves}"
            ),
            Self::Truncated { offset } => write!(f, "signature truncated at {offset}"),
            Self::TrailingBytes { offset } => {
                write!(f, "RFC 8554 §6.3: trailing bytes at {offset}")
            }
            Self::Mismatch { level } => write!(f, "signature does not verify at level {level}"),
        }
    }
}

impl core::error::Error for HssLmsError {}

impl From<HssLmsError> for crate::CryptoError {
    /// Key errors keep their kind (length, invalid, unsupported set); every
    /// signature error is [`CryptoError::InvalidSignature`](crate::CryptoError::InvalidSignature).
    fn from(e: HssLmsError) -> Self {
        match e {
            HssLmsError::PublicKeyLength { expected, actual } => {
                Self::InvalidLength { expected, actual }
            }
            HssLmsError::LevelCount(_) | HssLmsError::MixedParameterSets { .. } => Self::InvalidKey,
            HssLmsError::UnsupportedLmsType(_) | HssLmsError::UnsupportedOtsType(_) => {
                Self::UnsupportedAlgorithm
            }
            HssLmsError::LevelMismatch { .. }
            | HssLmsError::OtsTypeMismatch { .. }
            | HssLmsError::LmsTypeMismatch { .. }
            | HssLmsError::LeafOutOfRange { .. }
            | HssLmsError::Truncated { .. }
            | HssLmsError::TrailingBytes { .. }
            | HssLmsError::Mismatch { .. } => Self::InvalidSignature,
        }
    }
}

/// An LM-OTS parameter set (RFC 8554 §4.1 Table 1, RFC 9858 §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct OtsParams {
    /// The type code.
    code: u32,
    /// Hash output length in bytes.
    n: usize,
    /// Winternitz parameter: bits per chain, 1, 2, 4 or 8.
    w: u8,
    /// Number of chains.
    p: u16,
    /// Left shift of the checksum.
    ls: u8,
}

impl OtsParams {
    /// The set for a type code.
    const fn from_code(code: u32) -> Option<Self> {
        let (n, w, p, ls) = match code {
            1 => (32, 1, 265, 7),
            2 => (32, 2, 133, 6),
            3 => (32, 4, 67, 4),
            4 => (32, 8, 34, 0),
            5 => (24, 1, 200, 8),
            6 => (24, 2, 101, 6),
            7 => (24, 4, 51, 4),
            8 => (24, 8, 26, 0),
            _ => return None,
        };
        Some(Self { code, n, w, p, ls })
    }
}

/// An LMS parameter set (RFC 8554 §5.1 Table 2, RFC 9858 §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct LmsParams {
    /// The type code.
    code: u32,
    /// Hash output length in bytes.
    m: usize,
    /// Tree height.
    h: u8,
}

impl LmsParams {
    /// The set for a type code.
    const fn from_code(code: u32) -> Option<Self> {
        let (m, h) = match code {
            5 => (32, 5),
            6 => (32, 10),
            7 => (32, 15),
            8 => (32, 20),
            9 => (32, 25),
            0x0a => (24, 5),
            0x0b => (24, 10),
            0x0c => (24, 15),
            0x0d => (24, 20),
            0x0e => (24, 25),
            _ => return None,
        };
        Some(Self { code, m, h })
    }

    /// Length of an LMS public key: types, `I`, `T[1]` (RFC 8554 §5.3).
    const fn public_key_len(self) -> usize {
        LMS_KEY_HEADER_LEN + self.m
    }

    /// Number of leaves, `2^h` (at most `2^25`).
    const fn leaves(self) -> u32 {
        1 << self.h
    }
}

/// The longest LMS signature: `q`, the LM-OTS signature with W1 (type, `C`
/// and 265 chain values), the type and a 25-node path, all with 32-byte
/// hashes.
const MAX_LMS_SIGNATURE_LEN: usize = U32_LEN + (U32_LEN + MAX_N * (1 + 265)) + U32_LEN + 25 * MAX_N;

/// The longest HSS signature this verifier accepts (74 988 bytes): `Nspk`,
/// then for each of the [`HSS_MAX_LEVELS`] − 1 upper levels the longest LMS
/// signature and the signed public key, then the longest LMS signature.
pub const HSS_MAX_SIGNATURE_LEN: usize =
    U32_LEN + 7 * (MAX_LMS_SIGNATURE_LEN + LMS_KEY_HEADER_LEN + MAX_N) + MAX_LMS_SIGNATURE_LEN;

/// Length of an HSS public key with 32-byte hashes (RFC 8554 §6.1).
pub const HSS_PUBLIC_KEY_LEN: usize = HSS_L_LEN + LMS_KEY_HEADER_LEN + 32;

/// An LMS public key (RFC 8554 §5.3), borrowed.
#[derive(Clone, Copy, Debug)]
struct LmsPublicKey<'a> {
    /// The encoded key, the message signed by the level above.
    bytes: &'a [u8],
    lms: LmsParams,
    ots: OtsParams,
    /// The key pair identifier `I`.
    id: &'a [u8],
    /// The root `T[1]`, `m` bytes.
    root: &'a [u8],
}

/// An LMS signature (RFC 8554 §5.4), its fields borrowed, types checked
/// against the key it is verified with.
#[derive(Clone, Copy, Debug)]
struct LmsSignature<'a> {
    /// The leaf index.
    q: u32,
    /// The LM-OTS randomizer `C`, `n` bytes.
    c: &'a [u8],
    /// The `p` chain values `y[i]`, `n` bytes each.
    y: &'a [u8],
    /// The authentication path, `h` nodes of `m` bytes.
    path: &'a [u8],
}

/// A reader over the signature that knows its offset.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    /// The next `n` bytes.
    fn take(&mut self, n: usize) -> Result<&'a [u8], HssLmsError> {
        let truncated = HssLmsError::Truncated { offset: self.at };
        let end = self.at.checked_add(n).ok_or(truncated)?;
        let out = self.bytes.get(self.at..end).ok_or(truncated)?;
        self.at = end;
        Ok(out)
    }

    /// The next big-endian `u32`.
    fn u32(&mut self) -> Result<u32, HssLmsError> {
        let at = self.at;
        let b: [u8; U32_LEN] = self
            .take(U32_LEN)?
            .try_into()
            .map_err(|_| HssLmsError::Truncated { offset: at })?;
        Ok(u32::from_be_bytes(b))
    }

    /// An LMS public key: its types must be supported and agree.
    fn public_key(&mut self) -> Result<LmsPublicKey<'a>, HssLmsError> {
        let start = self.at;
        let lms_code = self.u32()?;
        let ots_code = self.u32()?;
        let lms =
            LmsParams::from_code(lms_code).ok_or(HssLmsError::UnsupportedLmsType(lms_code))?;
        let ots =
            OtsParams::from_code(ots_code).ok_or(HssLmsError::UnsupportedOtsType(ots_code))?;
        if lms.m != ots.n {
            return Err(HssLmsError::MixedParameterSets {
                lms: lms_code,
                ots: ots_code,
            });
        }
        let id = self.take(ID_LEN)?;
        let root = self.take(lms.m)?;
        let bytes = self
            .bytes
            .get(start..self.at)
            .ok_or(HssLmsError::Truncated { offset: start })?;
        Ok(LmsPublicKey {
            bytes,
            lms,
            ots,
            id,
            root,
        })
    }

    /// An LMS signature to be verified with `key` (RFC 8554 §5.4.2 step 2).
    fn signature(&mut self, key: &LmsPublicKey<'_>) -> Result<LmsSignature<'a>, HssLmsError> {
        let q_at = self.at;
        let q = self.u32()?;
        let ots_at = self.at;
        let ots_code = self.u32()?;
        if ots_code != key.ots.code {
            return Err(HssLmsError::OtsTypeMismatch {
                key: key.ots.code,
                signature: ots_code,
                offset: ots_at,
            });
        }
        let c = self.take(key.ots.n)?;
        let y = self.take(key.ots.n * usize::from(key.ots.p))?;
        let lms_at = self.at;
        let lms_code = self.u32()?;
        if lms_code != key.lms.code {
            return Err(HssLmsError::LmsTypeMismatch {
                key: key.lms.code,
                signature: lms_code,
                offset: lms_at,
            });
        }
        let path = self.take(key.lms.m * usize::from(key.lms.h))?;
        if q >= key.lms.leaves() {
            return Err(HssLmsError::LeafOutOfRange {
                q,
                leaves: key.lms.leaves(),
                offset: q_at,
            });
        }
        Ok(LmsSignature { q, c, y, path })
    }
}

/// Verifies an HSS signature (RFC 8554 §6.3, Algorithm 6) over `msg`.
///
/// `public_key` is the HSS public key of RFC 8554 §6.1, `u32str(L) ‖` the
/// top-level LMS public key; `signature` is `u32str(Nspk) ‖` the signed
/// public keys `‖` the bottom LMS signature (§6.2). This is the COSE
/// `HSS-LMS` encoding (RFC 8778 §2).
///
/// # Errors
/// A structural [`HssLmsError`] for a key or signature that breaks a rule
/// (checked before any hashing), [`HssLmsError::Mismatch`] for a well-formed
/// signature that does not verify.
pub fn verify_hss_lms(public_key: &[u8], msg: &[u8], signature: &[u8]) -> Result<(), HssLmsError> {
    let (levels, top) = parse_public_key(public_key)?;
    // Layout first: every level's types, lengths and leaf index, and the end.
    walk(levels, top, signature, |_, _, _, _| Ok(()))?;
    // Then the hashes, level by level from the top.
    walk(levels, top, signature, |level, key, signed, sig| {
        let msg = signed.map_or(msg, |k| k.bytes);
        if lms_root_matches(key, msg, &sig) {
            Ok(())
        } else {
            Err(HssLmsError::Mismatch { level })
        }
    })
}

/// The level count and the top-level LMS key of an HSS public key.
fn parse_public_key(public_key: &[u8]) -> Result<(u32, LmsPublicKey<'_>), HssLmsError> {
    let short = HssLmsError::PublicKeyLength {
        expected: HSS_L_LEN + LMS_KEY_HEADER_LEN + 24,
        actual: public_key.len(),
    };
    let mut cur = Cursor {
        bytes: public_key,
        at: 0,
    };
    let levels = cur.u32().map_err(|_| short)?;
    if levels == 0 || levels > HSS_MAX_LEVELS {
        return Err(HssLmsError::LevelCount(levels));
    }
    let lms_code = cur.u32().map_err(|_| short)?;
    let lms = LmsParams::from_code(lms_code).ok_or(HssLmsError::UnsupportedLmsType(lms_code))?;
    let expected = HSS_L_LEN + lms.public_key_len();
    if public_key.len() != expected {
        return Err(HssLmsError::PublicKeyLength {
            expected,
            actual: public_key.len(),
        });
    }
    let mut cur = Cursor {
        bytes: public_key,
        at: HSS_L_LEN,
    };
    // The length fits the LMS type; the LM-OTS type and the pairing remain.
    let top = cur.public_key()?;
    Ok((levels, top))
}

/// Walks the HSS signature level by level, calling `check(level, key,
/// signed, signature)` with the key each LMS signature is verified with and,
/// above the bottom level, the signed public key of the next level (the
/// message of that LMS signature).
fn walk<'a, F>(
    levels: u32,
    top: LmsPublicKey<'a>,
    signature: &'a [u8],
    mut check: F,
) -> Result<(), HssLmsError>
where
    F: FnMut(
        u32,
        &LmsPublicKey<'a>,
        Option<&LmsPublicKey<'a>>,
        LmsSignature<'a>,
    ) -> Result<(), HssLmsError>,
{
    let mut cur = Cursor {
        bytes: signature,
        at: 0,
    };
    let signed_keys = cur.u32()?;
    if signed_keys.checked_add(1) != Some(levels) {
        return Err(HssLmsError::LevelMismatch {
            levels,
            signed_keys,
        });
    }
    let mut key = top;
    for level in 0..signed_keys {
        let sig = cur.signature(&key)?;
        let next = cur.public_key()?;
        check(level, &key, Some(&next), sig)?;
        key = next;
    }
    let sig = cur.signature(&key)?;
    if cur.at != signature.len() {
        return Err(HssLmsError::TrailingBytes { offset: cur.at });
    }
    check(signed_keys, &key, None, sig)
}

/// SHA-256 of the concatenated `parts`.
fn hash(parts: &[&[u8]]) -> [u8; MAX_N] {
    let mut h = Sha256::new();
    for part in parts {
        h.update(part);
    }
    h.finalize().into()
}

/// The first `n` bytes of a hash (`n` is 24 or 32, both within it).
fn prefix(h: &[u8; MAX_N], n: usize) -> &[u8] {
    h.get(..n).unwrap_or(h)
}

/// `coef(S, i, w)` (RFC 8554 §3.1.3): the `i`-th `w`-bit digit of `s`.
fn coef(s: &[u8], i: u16, w: u8) -> u8 {
    let digits_per_byte = 8 / u16::from(w);
    let byte = s
        .get(usize::from(i / digits_per_byte))
        .copied()
        .unwrap_or(0);
    // w * (i % digits_per_byte) + w <= 8, so the shift is 0 to 7.
    let shift = 8 - u16::from(w) * (i % digits_per_byte + 1);
    let mask = u8::MAX >> (8 - w);
    (byte >> shift) & mask
}

/// `Cksm(S)` (RFC 8554 §4.4): the checksum over the `8n/w` digits of `q`,
/// shifted left by `ls`.
fn checksum(q: &[u8], ots: OtsParams) -> u16 {
    let max = u16::from(u8::MAX >> (8 - ots.w));
    let digits = u16::try_from(q.len() * 8 / usize::from(ots.w)).unwrap_or(0);
    let sum = (0..digits).fold(0u16, |sum, i| {
        sum.wrapping_add(max - u16::from(coef(q, i, ots.w)))
    });
    sum << ots.ls
}

/// The candidate LM-OTS public key `Kc` (RFC 8554 §4.6, Algorithm 4b) for
/// the leaf `q` of `key` over `msg`.
fn ots_candidate(key: &LmsPublicKey<'_>, sig: &LmsSignature<'_>, msg: &[u8]) -> [u8; MAX_N] {
    let ots = key.ots;
    let n = ots.n;
    let q = sig.q.to_be_bytes();
    let digest = hash(&[key.id, &q, &D_MESG, sig.c, msg]);
    let digest = prefix(&digest, n);
    // Q ‖ Cksm(Q), at most 32 + 2 bytes.
    let mut qc = [0u8; MAX_N + CHECKSUM_LEN];
    if let Some(dst) = qc.get_mut(..n) {
        dst.copy_from_slice(digest);
    }
    if let Some(dst) = qc.get_mut(n..n + CHECKSUM_LEN) {
        dst.copy_from_slice(&checksum(digest, ots).to_be_bytes());
    }
    let top = u8::MAX >> (8 - ots.w);
    let mut kc = Sha256::new();
    kc.update(key.id);
    kc.update(q);
    kc.update(D_PBLC);
    for (i, y) in (0..ots.p).zip(sig.y.chunks_exact(n)) {
        let a = coef(&qc, i, ots.w);
        let mut tmp = [0u8; MAX_N];
        if let Some(dst) = tmp.get_mut(..n) {
            dst.copy_from_slice(y);
        }
        let i = i.to_be_bytes();
        for j in a..top {
            tmp = hash(&[key.id, &q, &i, &[j], prefix(&tmp, n)]);
        }
        kc.update(prefix(&tmp, n));
    }
    kc.finalize().into()
}

/// Whether the root computed from `sig` over `msg` is `key`'s
/// (RFC 8554 §5.4.2 steps 2l–3).
fn lms_root_matches(key: &LmsPublicKey<'_>, msg: &[u8], sig: &LmsSignature<'_>) -> bool {
    let m = key.lms.m;
    let kc = ots_candidate(key, sig, msg);
    // q < 2^h <= 2^25, so the node number fits.
    let mut node = key.lms.leaves() + sig.q;
    let mut tmp = hash(&[key.id, &node.to_be_bytes(), &D_LEAF, prefix(&kc, key.ots.n)]);
    for sibling in sig.path.chunks_exact(m) {
        let parent = (node / 2).to_be_bytes();
        let current = prefix(&tmp, m);
        tmp = if node % 2 == 1 {
            hash(&[key.id, &parent, &D_INTR, sibling, current])
        } else {
            hash(&[key.id, &parent, &D_INTR, current, sibling])
        };
        node /= 2;
    }
    prefix(&tmp, m) == key.root
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_8554_table_1_parameters_follow_appendix_b() {
        // u = 8n/w; v = ceil((floor(lg((2^w − 1) · u)) + 1) / w); p = u + v;
        // ls = 16 − v·w.
        for code in 1..=8 {
            let ots = OtsParams::from_code(code).unwrap_or(OtsParams {
                code,
                n: 0,
                w: 1,
                p: 0,
                ls: 0,
            });
            let w = u32::from(ots.w);
            let u = 8 * u32::try_from(ots.n).unwrap_or(0) / w;
            let lg = ((1 << w) - 1) * u;
            let v = (lg.ilog2() + 1).div_ceil(w);
            assert_eq!(u32::from(ots.p), u + v, "p of type {code}");
            assert_eq!(u32::from(ots.ls), 16 - v * w, "ls of type {code}");
        }
    }

    #[test]
    fn coef_matches_rfc_8554_3_1_3_example() {
        // S = 0x1234: coef(S, 7, 1) = 0, coef(S, 0, 4) = 1.
        let s = [0x12, 0x34];
        assert_eq!(coef(&s, 7, 1), 0);
        assert_eq!(coef(&s, 0, 4), 1);
        assert_eq!(coef(&s, 3, 4), 4);
        assert_eq!(coef(&s, 1, 8), 0x34);
        assert_eq!(coef(&s, 6, 2), 1);
        assert_eq!(coef(&s, 7, 2), 0);
        assert_eq!(coef(&s, 5, 2), 3);
    }

    #[test]
    fn maximum_sizes() {
        assert_eq!(MAX_LMS_SIGNATURE_LEN, 9324);
        assert_eq!(HSS_MAX_SIGNATURE_LEN, 74_988);
        assert_eq!(HSS_PUBLIC_KEY_LEN, 60);
        assert_eq!(
            crate::SignatureAlg::HssLms.signature_len(),
            HSS_MAX_SIGNATURE_LEN
        );
        assert_eq!(
            crate::SignatureAlg::HssLms.public_key_len(),
            HSS_PUBLIC_KEY_LEN
        );
        assert_eq!(usize::try_from(HSS_MAX_LEVELS - 1).ok(), Some(7));
    }
}
