//! Points of P-256 (y^2 = x^3 - 3x + b): affine points for the tables and
//! Jacobian points (X/Z^2, Y/Z^3) for sums, with the variable-time formulas
//! a verifier may use (every input of a verification is public).

use super::field::Fe;
use super::limbs::{self, Limbs};
use super::scalar::N;

/// b, least significant limb first.
const B: Limbs = [
    0x3bce_3c3e_27d2_604b,
    0x651d_06b0_cc53_b0f6,
    0xb3eb_bd55_7698_86bc,
    0x5ac6_35d8_aa3a_93e7,
];

/// The generator's coordinates, least significant limb first.
const GX: Limbs = [
    0xf4a1_3945_d898_c296,
    0x7703_7d81_2deb_33a0,
    0xf8bc_e6e5_63a4_40f2,
    0x6b17_d1f2_e12c_4247,
];
const GY: Limbs = [
    0xcbb6_4068_37bf_51f5,
    0x2bce_3357_6b31_5ece,
    0x8ee7_eb4a_7c0f_9e16,
    0x4fe3_42e2_fe1a_7f9b,
];

/// A point other than the point at infinity.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) struct Affine {
    pub(super) x: Fe,
    pub(super) y: Fe,
}

impl Affine {
    /// The generator G.
    pub(super) fn generator() -> Self {
        Self {
            x: Fe::from_canonical(GX),
            y: Fe::from_canonical(GY),
        }
    }

    /// The point an uncompressed SEC1 encoding (`04 || x || y`) names, when
    /// both coordinates are below p and the point is on the curve (SEC 1
    /// §3.2.2.1's public-key validation; P-256 has cofactor 1, so every
    /// curve point other than infinity has order n).
    pub(super) fn from_uncompressed(encoding: &[u8]) -> Option<Self> {
        let (tag, coordinates) = encoding.split_first()?;
        if *tag != 0x04 || coordinates.len() != 64 {
            return None;
        }
        let (x, y) = coordinates.split_at(32);
        let point = Self {
            x: Fe::from_be_bytes(x.try_into().ok()?)?,
            y: Fe::from_be_bytes(y.try_into().ok()?)?,
        };
        point.is_on_curve().then_some(point)
    }

    fn is_on_curve(&self) -> bool {
        let x_cubed_minus_3x = self
            .x
            .square()
            .mul(&self.x)
            .sub(&self.x.double().add(&self.x));
        self.y.square() == x_cubed_minus_3x.add(&Fe::from_canonical(B))
    }

    pub(super) fn neg(&self) -> Self {
        Self {
            x: self.x,
            y: self.y.neg(),
        }
    }
}

/// A point in Jacobian coordinates; Z = 0 is the point at infinity.
#[derive(Clone, Copy, Debug)]
pub(super) struct Jacobian {
    x: Fe,
    y: Fe,
    z: Fe,
}

impl Jacobian {
    pub(super) const INFINITY: Self = Self {
        x: Fe::ONE,
        y: Fe::ONE,
        z: Fe::ZERO,
    };

    pub(super) fn is_infinity(&self) -> bool {
        self.z.is_zero()
    }

    pub(super) fn from_affine(p: &Affine) -> Self {
        Self {
            x: p.x,
            y: p.y,
            z: Fe::ONE,
        }
    }

    /// 2·self (dbl-2001-b, a = -3: 3M + 5S).
    pub(super) fn double(&self) -> Self {
        if self.is_infinity() || self.y.is_zero() {
            return Self::INFINITY;
        }
        let delta = self.z.square();
        let gamma = self.y.square();
        let beta = self.x.mul(&gamma);
        let t = self.x.sub(&delta).mul(&self.x.add(&delta));
        let alpha = t.double().add(&t);
        let beta4 = beta.double().double();
        let x3 = alpha.square().sub(&beta4.double());
        let z3 = self.y.add(&self.z).square().sub(&gamma).sub(&delta);
        let gamma_sq8 = gamma.square().double().double().double();
        let y3 = alpha.mul(&beta4.sub(&x3)).sub(&gamma_sq8);
        Self {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// self + q (madd-2007-bl: 7M + 4S), with the cases the formula does
    /// not cover: self at infinity, self = q (a doubling) and self = -q.
    #[inline]
    pub(super) fn add_affine(&self, q: &Affine) -> Self {
        if self.is_infinity() {
            return Self::from_affine(q);
        }
        let z1z1 = self.z.square();
        let u2 = q.x.mul(&z1z1);
        let s2 = q.y.mul(&self.z).mul(&z1z1);
        let h = u2.sub(&self.x);
        let r = s2.sub(&self.y).double();
        if h.is_zero() {
            return if r.is_zero() {
                Self::from_affine(q).double()
            } else {
                Self::INFINITY
            };
        }
        let hh = h.square();
        let i = hh.double().double();
        let j = h.mul(&i);
        let v = self.x.mul(&i);
        let x3 = r.square().sub(&j).sub(&v.double());
        let y3 = r.mul(&v.sub(&x3)).sub(&self.y.mul(&j).double());
        let z3 = self.z.add(&h).square().sub(&z1z1).sub(&hh);
        Self {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// Whether this point's affine x-coordinate, reduced modulo n, equals
    /// `r` (in [1, n-1]): the last step of ECDSA verification, made without
    /// an inversion by comparing X with r·Z^2, and with (r + n)·Z^2 when
    /// r + n is still below p (x may lie in [n, p)).
    pub(super) fn x_reduced_equals(&self, r: &Limbs) -> bool {
        if self.is_infinity() {
            return false;
        }
        let zz = self.z.square();
        if Fe::from_canonical(*r).mul(&zz) == self.x {
            return true;
        }
        let (r_plus_n, carried) = limbs::add(r, &N);
        !carried && Fe::from_limbs(r_plus_n).is_some_and(|candidate| candidate.mul(&zz) == self.x)
    }

    /// The affine forms of `points`, none of them at infinity, with one
    /// field inversion for all (Montgomery's trick); `None` if one is at
    /// infinity.
    pub(super) fn to_affine_batch(points: &[Self], out: &mut [Affine]) -> Option<()> {
        // prefix[i] = z_0 · ... · z_i, kept in `out`'s x slots meanwhile.
        let mut running = Fe::ONE;
        for (point, slot) in points.iter().zip(out.iter_mut()) {
            if point.is_infinity() {
                return None;
            }
            running = running.mul(&point.z);
            slot.x = running;
        }
        let mut inverse = running.invert();
        for i in (0..points.len().min(out.len())).rev() {
            let before = match i.checked_sub(1).and_then(|j| out.get(j)) {
                Some(previous) => previous.x,
                None => Fe::ONE,
            };
            let (point, slot) = (points.get(i)?, out.get_mut(i)?);
            let z_inv = inverse.mul(&before);
            inverse = inverse.mul(&point.z);
            let z_inv2 = z_inv.square();
            slot.x = point.x.mul(&z_inv2);
            slot.y = point.y.mul(&z_inv2.mul(&z_inv));
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]

    use super::*;

    #[test]
    fn generator_is_on_the_curve_and_its_negation_too() {
        let g = Affine::generator();
        assert!(g.is_on_curve());
        assert!(g.neg().is_on_curve());
    }

    #[test]
    fn doubling_matches_adding_a_point_to_itself() {
        let g = Affine::generator();
        let twice = Jacobian::from_affine(&g).double();
        let sum = Jacobian::from_affine(&g).add_affine(&g);
        let mut out = [g; 2];
        Jacobian::to_affine_batch(&[twice, sum], &mut out).unwrap();
        assert_eq!(out[0], out[1]);
        assert!(out[0].is_on_curve());
        assert_ne!(out[0], g);
    }

    #[test]
    fn a_point_plus_its_negation_is_infinity() {
        let g = Affine::generator();
        assert!(Jacobian::from_affine(&g).add_affine(&g.neg()).is_infinity());
    }
}
