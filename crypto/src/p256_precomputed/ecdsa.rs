//! ECDSA P-256 verification (FIPS 186-5 §6.4.2) over two tables: the
//! generator's and the public key's, so R = u1·G + u2·Q is at most 74
//! mixed additions.

use super::limbs;
use super::point::Jacobian;
use super::scalar::Scalar;
use super::table::{self, Table};

/// Whether `signature` (r || s, 32 bytes each, big-endian) is valid for
/// the SHA-256 `digest` under the key whose table is `key`.
pub(super) fn verify_digest(
    generator: &Table,
    key: &Table,
    digest: &[u8; 32],
    signature: &[u8; 64],
) -> bool {
    let (r_bytes, s_bytes) = signature.split_at(32);
    let (Ok(r_bytes), Ok(s_bytes)) = (
        <&[u8; 32]>::try_from(r_bytes),
        <&[u8; 32]>::try_from(s_bytes),
    ) else {
        return false;
    };
    // Step 1: r and s in [1, n-1].
    let (Some(r), Some(s)) = (
        Scalar::from_be_bytes_nonzero(r_bytes),
        Scalar::from_be_bytes_nonzero(s_bytes),
    ) else {
        return false;
    };
    // Steps 2-5: e, w = s^-1, u1 = e·w, u2 = r·w.
    let w = s.invert();
    let u1 = table::signed_digits(&Scalar::from_digest(digest).mul(&w).to_limbs());
    let u2 = table::signed_digits(&r.mul(&w).to_limbs());
    // Step 6: R = u1·G + u2·Q, a window at a time.
    let mut sum = Jacobian::INFINITY;
    for (window, (d1, d2)) in u1.iter().zip(&u2).enumerate() {
        sum = generator.add_digit(&sum, window, *d1);
        sum = key.add_digit(&sum, window, *d2);
    }
    // Steps 7-8: R is not infinity and x(R) mod n = r.
    sum.x_reduced_equals(&limbs::from_be_bytes(r_bytes))
}
