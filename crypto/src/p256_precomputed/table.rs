//! Fixed-base tables: for a point P, every j·2^(7i)·P with j in 1..=64 and
//! i in 0..37, affine. A 256-bit scalar recoded into 37 signed 7-bit digits
//! then costs at most 37 mixed additions and no doublings, against the 256
//! doublings and about 50 additions of a scalar multiplication without a
//! table. One table is 37 × 64 × 64 bytes = 151.5 KB.

extern crate alloc;

use alloc::vec;
use alloc::vec::Vec;

use super::limbs::{self, Limbs};
use super::point::{Affine, Jacobian};

/// Bits per digit.
const WIDTH: usize = 7;
/// Digits per scalar: a 256-bit scalar plus the carry of the signed
/// recoding fits in 37 × 7 = 259 bits.
pub(super) const DIGITS: usize = 37;
/// Points per window: the multiples 1..=2^(WIDTH-1); negative digits use
/// the negated point.
const PER_WINDOW: usize = 1 << (WIDTH - 1);

/// The table of one point.
pub(super) struct Table {
    /// Window i's multiples at `[i * PER_WINDOW ..][.. PER_WINDOW]`.
    points: Vec<Affine>,
}

impl Table {
    /// Builds the table of `base`: 37 windows of 64 mixed additions, each
    /// window normalised with one inversion; about 2,400 additions in all.
    pub(super) fn new(base: &Affine) -> Option<Self> {
        let mut points = vec![*base; DIGITS * PER_WINDOW];
        let mut sums = [Jacobian::INFINITY; PER_WINDOW];
        let mut window_base = *base;
        for window in points.chunks_exact_mut(PER_WINDOW) {
            let mut sum = Jacobian::INFINITY;
            for slot in &mut sums {
                sum = sum.add_affine(&window_base);
                *slot = sum;
            }
            Jacobian::to_affine_batch(&sums, window)?;
            // The next window's base: 2 · (64 · base) = 2^7 · base.
            let highest = window.last()?;
            let mut next = [*highest];
            Jacobian::to_affine_batch(&[Jacobian::from_affine(highest).double()], &mut next)?;
            window_base = next.first().copied()?;
        }
        Some(Self { points })
    }

    /// `acc + digit · 2^(7·window) · P`.
    #[inline]
    pub(super) fn add_digit(&self, acc: &Jacobian, window: usize, digit: i8) -> Jacobian {
        let magnitude = usize::from(digit.unsigned_abs());
        let entry = magnitude
            .checked_sub(1)
            .and_then(|j| self.points.get(window * PER_WINDOW + j));
        match entry {
            Some(point) if digit < 0 => acc.add_affine(&point.neg()),
            Some(point) => acc.add_affine(point),
            None => *acc,
        }
    }
}

/// `k` as 37 signed digits d_i in [-64, 64] with k = Σ d_i · 2^(7i) (Booth
/// recoding: a window above 64 becomes window - 128 and carries one into
/// the next).
pub(super) fn signed_digits(k: &Limbs) -> [i8; DIGITS] {
    let mut digits = [0i8; DIGITS];
    let mut carry = 0i16;
    for (i, digit) in digits.iter_mut().enumerate() {
        let value = i16::from(limbs::window(k, i * WIDTH, WIDTH)) + carry;
        let (d, c) = if value > 64 {
            (value - 128, 1)
        } else {
            (value, 0)
        };
        // d is in [-63, 64].
        *digit = i8::try_from(d).unwrap_or_default();
        carry = c;
    }
    digits
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        clippy::cast_possible_truncation,
        clippy::cast_possible_wrap,
        reason = "test code"
    )]

    use super::*;

    /// Σ d_i · 2^(7i) as a big integer in i128 pieces is awkward; check the
    /// recoding on scalars small enough for i128 and on the top digit.
    #[test]
    fn signed_digits_sum_back_to_the_scalar() {
        for k in [0u128, 1, 64, 65, 127, 128, 0x7f7f_7f7f, u128::MAX >> 8] {
            let limbs = [k as u64, (k >> 64) as u64, 0, 0];
            let digits = signed_digits(&limbs);
            let sum: i128 = digits
                .iter()
                .take(18)
                .enumerate()
                .map(|(i, d)| i128::from(*d) << (7 * i))
                .sum();
            assert_eq!(sum, k as i128, "{k:#x}");
            assert!(digits.iter().all(|d| (-64..=64).contains(d)));
        }
        // The largest scalars end with a small top digit and no lost carry.
        let digits = signed_digits(&[u64::MAX; 4]);
        assert_eq!(digits[36], 16);
    }

    #[test]
    fn table_entries_are_the_multiples_of_the_base() {
        let g = Affine::generator();
        let table = Table::new(&g).unwrap();
        // Window 0: j·G built by repeated addition.
        let mut sum = Jacobian::INFINITY;
        for j in 1..=64i8 {
            sum = sum.add_affine(&g);
            let mut expected = [g];
            Jacobian::to_affine_batch(&[sum], &mut expected).unwrap();
            let got = table.add_digit(&Jacobian::INFINITY, 0, j);
            let mut got_affine = [g];
            Jacobian::to_affine_batch(&[got], &mut got_affine).unwrap();
            assert_eq!(got_affine, expected, "{j}·G");
        }
        // Window 1's first entry is 128·G = 2·(64·G).
        let doubled = table.add_digit(&Jacobian::INFINITY, 0, 64).double();
        let mut expected = [g];
        Jacobian::to_affine_batch(&[doubled], &mut expected).unwrap();
        assert_eq!(table.points[PER_WINDOW], expected[0]);
    }
}
