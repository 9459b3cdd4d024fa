//! Integers modulo the group order n of P-256, for the ECDSA verification
//! equation: r and s read and range-checked, the digest reduced, s
//! inverted, and u1 = e/s, u2 = r/s handed back as plain integers for the
//! table walk. fiat-crypto's generated Montgomery arithmetic does the work.

use fiat_crypto::p256_scalar_64::{
    fiat_p256_scalar_from_montgomery, fiat_p256_scalar_montgomery_domain_field_element as Mont,
    fiat_p256_scalar_mul, fiat_p256_scalar_non_montgomery_domain_field_element as Plain,
    fiat_p256_scalar_to_montgomery,
};

use super::limbs::{self, Limbs};

/// n, least significant limb first.
pub(super) const N: Limbs = [
    0xf3b9_cac2_fc63_2551,
    0xbce6_faad_a717_9e84,
    0xffff_ffff_ffff_ffff,
    0xffff_ffff_0000_0000,
];

/// A scalar in the Montgomery domain (a·2^256 mod n), reduced.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) struct Scalar(Limbs);

impl Scalar {
    /// The scalar with big-endian value `bytes` when it is in [1, n-1], the
    /// range ECDSA requires of r and s; `None` otherwise.
    pub(super) fn from_be_bytes_nonzero(bytes: &[u8; 32]) -> Option<Self> {
        let plain = limbs::from_be_bytes(bytes);
        (plain != [0; 4] && limbs::less_than(&plain, &N)).then(|| Self::from_reduced(plain))
    }

    /// A 256-bit digest as an integer modulo n (FIPS 186-5 §6.4.2: the
    /// leftmost 256 bits, reduced; below 2^256 < 2n, one subtraction).
    pub(super) fn from_digest(digest: &[u8; 32]) -> Self {
        let plain = limbs::from_be_bytes(digest);
        let (reduced, borrowed) = limbs::sub(&plain, &N);
        Self::from_reduced(if borrowed { plain } else { reduced })
    }

    fn from_reduced(plain: Limbs) -> Self {
        let mut out = Mont([0; 4]);
        fiat_p256_scalar_to_montgomery(&mut out, &Plain(plain));
        Self(out.0)
    }

    /// The plain integer in [0, n-1].
    pub(super) fn to_limbs(self) -> Limbs {
        let mut out = Plain([0; 4]);
        fiat_p256_scalar_from_montgomery(&mut out, &Mont(self.0));
        out.0
    }

    pub(super) fn mul(&self, rhs: &Self) -> Self {
        let mut out = Mont([0; 4]);
        fiat_p256_scalar_mul(&mut out, &Mont(self.0), &Mont(rhs.0));
        Self(out.0)
    }

    /// self^-1 for a non-zero scalar, by the binary extended Euclidean
    /// algorithm on the plain integer (variable time, about three times
    /// faster here than Fermat's 252 squarings; s is public in a
    /// verification). 0 for 0.
    pub(super) fn invert(&self) -> Self {
        Self::from_reduced(invert_vartime(&self.to_limbs()))
    }
}

/// a^-1 mod n for a in [1, n-1] (n is prime, so gcd(a, n) = 1), keeping
/// x1·a = u and x2·a = v (mod n) while u and v fall to 1; 0 for a = 0.
fn invert_vartime(a: &Limbs) -> Limbs {
    const ONE: Limbs = [1, 0, 0, 0];
    const ZERO: Limbs = [0; 4];
    let (mut u, mut v) = (*a, N);
    let (mut x1, mut x2) = (ONE, ZERO);
    while u != ONE && v != ONE {
        // Only a = 0 (or a multiple of n) reaches zero: no inverse.
        if u == ZERO || v == ZERO {
            return ZERO;
        }
        while u[0] & 1 == 0 {
            u = shift_right_1(&u, false);
            x1 = half_mod_n(&x1);
        }
        while v[0] & 1 == 0 {
            v = shift_right_1(&v, false);
            x2 = half_mod_n(&x2);
        }
        if limbs::less_than(&u, &v) {
            v = limbs::sub(&v, &u).0;
            x2 = sub_mod_n(&x2, &x1);
        } else {
            u = limbs::sub(&u, &v).0;
            x1 = sub_mod_n(&x1, &x2);
        }
    }
    if u == ONE { x1 } else { x2 }
}

/// x / 2 mod n for x < n: x >> 1 when x is even, (x + n) >> 1 when odd.
fn half_mod_n(x: &Limbs) -> Limbs {
    if x[0] & 1 == 0 {
        shift_right_1(x, false)
    } else {
        let (sum, carry) = limbs::add(x, &N);
        shift_right_1(&sum, carry)
    }
}

/// (x - y) mod n for x, y < n.
fn sub_mod_n(x: &Limbs, y: &Limbs) -> Limbs {
    let (difference, borrowed) = limbs::sub(x, y);
    if borrowed {
        limbs::add(&difference, &N).0
    } else {
        difference
    }
}

/// The 257-bit value `top_bit·2^256 + x`, shifted right by one.
fn shift_right_1(x: &Limbs, top_bit: bool) -> Limbs {
    let [x0, x1, x2, x3] = *x;
    [
        (x0 >> 1) | (x1 << 63),
        (x1 >> 1) | (x2 << 63),
        (x2 >> 1) | (x3 << 63),
        (x3 >> 1) | (u64::from(top_bit) << 63),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar(n: u64) -> Scalar {
        Scalar::from_reduced([n, 0, 0, 0])
    }

    /// Fermat's a^(n-2), the reference for the binary algorithm.
    fn fermat_inverse(a: &Scalar) -> Scalar {
        let (exponent, _) = limbs::sub(&N, &[2, 0, 0, 0]);
        let mut acc = scalar(1);
        for bit in limbs::bits_msb_first(&exponent) {
            acc = acc.mul(&acc);
            if bit {
                acc = acc.mul(a);
            }
        }
        acc
    }

    #[test]
    fn binary_inverse_equals_fermat_inverse() {
        let mut state = 0x0123_4567_89ab_cdefu64;
        for _ in 0..300 {
            let mut next = || {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state
            };
            let a = Scalar::from_digest(&{
                let mut bytes = [0u8; 32];
                for chunk in bytes.chunks_mut(8) {
                    chunk.copy_from_slice(&next().to_be_bytes());
                }
                bytes
            });
            assert_eq!(a.invert(), fermat_inverse(&a));
        }
        assert_eq!(invert_vartime(&[0; 4]), [0; 4]);
    }

    #[test]
    fn inverse_times_scalar_is_one() {
        for n in [1, 2, 7, 0xdead_beef, u64::MAX] {
            assert_eq!(scalar(n).invert().mul(&scalar(n)).to_limbs(), [1, 0, 0, 0]);
        }
        let (n_minus_1, _) = limbs::sub(&N, &[1, 0, 0, 0]);
        let minus_one = Scalar::from_reduced(n_minus_1);
        assert_eq!(minus_one.invert(), minus_one);
    }

    #[test]
    fn zero_and_n_are_out_of_range_for_r_and_s() {
        assert_eq!(Scalar::from_be_bytes_nonzero(&[0; 32]), None);
        let mut n = [0u8; 32];
        for (chunk, limb) in n.rchunks_exact_mut(8).zip(N) {
            chunk.copy_from_slice(&limb.to_be_bytes());
        }
        assert_eq!(Scalar::from_be_bytes_nonzero(&n), None);
        // A digest equal to n reduces to zero.
        assert_eq!(Scalar::from_digest(&n).to_limbs(), [0; 4]);
        if let Some(last) = n.last_mut() {
            *last -= 1;
        }
        assert!(Scalar::from_be_bytes_nonzero(&n).is_some());
    }
}
