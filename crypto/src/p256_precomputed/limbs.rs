//! 256-bit unsigned integers as four 64-bit limbs, least significant first:
//! the byte conversions and comparisons the field and scalar code share.

/// A 256-bit integer, least significant limb first.
pub(super) type Limbs = [u64; 4];

/// The integer with the 32-byte big-endian encoding `bytes`.
pub(super) fn from_be_bytes(bytes: &[u8; 32]) -> Limbs {
    let mut out = [0u64; 4];
    // The last 8 bytes are the least significant limb.
    for (limb, chunk) in out.iter_mut().zip(bytes.rchunks_exact(8)) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        *limb = u64::from_be_bytes(word);
    }
    out
}

/// `a < b`.
pub(super) fn less_than(a: &Limbs, b: &Limbs) -> bool {
    a.iter().rev().cmp(b.iter().rev()).is_lt()
}

/// `a - b` and whether it borrowed (`a < b`).
pub(super) fn sub(a: &Limbs, b: &Limbs) -> (Limbs, bool) {
    let mut out = [0u64; 4];
    let mut borrow = false;
    for ((o, x), y) in out.iter_mut().zip(a).zip(b) {
        let (d, b1) = x.overflowing_sub(*y);
        let (d, b2) = d.overflowing_sub(u64::from(borrow));
        *o = d;
        borrow = b1 | b2;
    }
    (out, borrow)
}

/// `a + b` and whether it carried out of 256 bits.
pub(super) fn add(a: &Limbs, b: &Limbs) -> (Limbs, bool) {
    let mut out = [0u64; 4];
    let mut carry = false;
    for ((o, x), y) in out.iter_mut().zip(a).zip(b) {
        let (s, c1) = x.overflowing_add(*y);
        let (s, c2) = s.overflowing_add(u64::from(carry));
        *o = s;
        carry = c1 | c2;
    }
    (out, carry)
}

/// The 256 bits of `a`, most significant first.
pub(super) fn bits_msb_first(a: &Limbs) -> impl Iterator<Item = bool> + '_ {
    a.iter()
        .rev()
        .flat_map(|limb| (0..64).rev().map(move |i| (limb >> i) & 1 == 1))
}

/// The `width` bits of `a` starting at bit `start` (bits past 255 read as
/// zero); `width` at most 8.
pub(super) fn window(a: &Limbs, start: usize, width: usize) -> u8 {
    let limb_index = start / 64;
    let shift = start % 64;
    let low = a.get(limb_index).map_or(0, |limb| limb >> shift);
    // Bits that continue into the next limb.
    let high = match (shift + width > 64, a.get(limb_index + 1)) {
        (true, Some(next)) => next << (64 - shift),
        _ => 0,
    };
    let mask = (1u64 << width) - 1;
    // The mask leaves at most 8 bits, so the conversion cannot fail.
    u8::try_from((low | high) & mask).unwrap_or(u8::MAX)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing, reason = "test code")]

    use super::*;

    #[test]
    fn big_endian_bytes_put_the_last_byte_in_the_lowest_limb() {
        let mut bytes = [0u8; 32];
        bytes[31] = 1;
        bytes[0] = 0x80;
        assert_eq!(from_be_bytes(&bytes), [1, 0, 0, 0x8000_0000_0000_0000]);
    }

    #[test]
    fn windows_read_across_limb_boundaries() {
        let a = [0xf000_0000_0000_0000, 0x5, 0, 0x8000_0000_0000_0000];
        assert_eq!(window(&a, 60, 7), 0x5f);
        assert_eq!(window(&a, 0, 7), 0);
        assert_eq!(window(&a, 252, 7), 0x8);
        assert_eq!(window(&a, 259, 7), 0);
    }

    #[test]
    fn add_and_sub_carry_and_borrow() {
        assert_eq!(sub(&[0, 0, 0, 0], &[1, 0, 0, 0]), ([u64::MAX; 4], true));
        assert_eq!(add(&[u64::MAX; 4], &[1, 0, 0, 0]), ([0; 4], true));
        assert_eq!(
            add(&[u64::MAX, 0, 0, 0], &[1, 0, 0, 0]),
            ([0, 1, 0, 0], false)
        );
    }
}
