//! IEEE 754 half precision, and the shortest exact float width
//! (RFC 8949 §4.1 preferred serialization) without `std` or `libm`.

/// `2^exp` for exponents in the normal f64 range.
fn pow2(exp: i32) -> f64 {
    // Both casts are exact: exp + 1023 is in 1..=2046 for every caller.
    let biased = u64::try_from(exp + 1023).unwrap_or(0);
    f64::from_bits(biased << 52)
}

/// The value of IEEE 754 binary16 `bits` (RFC 8949 Appendix D).
pub(crate) fn f16_to_f64(bits: u16) -> f64 {
    let exp = i32::from((bits >> 10) & 0x1f);
    let mant = f64::from(bits & 0x3ff);
    let magnitude = match exp {
        0 => mant * pow2(-24),
        31 if mant == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (1024.0 + mant) * pow2(exp - 25),
    };
    if bits & 0x8000 == 0 {
        magnitude
    } else {
        -magnitude
    }
}

/// The binary16 encoding of `value`, if it is exact. NaN is not handled here.
pub(crate) fn f64_to_f16_exact(value: f64) -> Option<u16> {
    let bits = value.to_bits();
    let sign = if bits >> 63 == 1 { 0x8000u16 } else { 0 };
    let biased = (bits >> 52) & 0x7ff;
    let mant = bits & ((1u64 << 52) - 1);
    if biased == 0 {
        // Zero, or an f64 subnormal: far below the smallest half subnormal.
        return (mant == 0).then_some(sign);
    }
    if biased == 0x7ff {
        return (mant == 0).then_some(sign | 0x7c00);
    }
    let exp = i64::try_from(biased).unwrap_or(0) - 1023;
    if (-14..=15).contains(&exp) {
        if mant & ((1u64 << 42) - 1) != 0 {
            return None;
        }
        let half_exp = u16::try_from(exp + 15).ok()?;
        let half_mant = u16::try_from(mant >> 42).ok()?;
        return Some(sign | (half_exp << 10) | half_mant);
    }
    if (-24..-14).contains(&exp) {
        let significand = (1u64 << 52) | mant;
        let shift = u32::try_from(28 - exp).ok()?;
        if significand & ((1u64 << shift) - 1) != 0 {
            return None;
        }
        return Some(sign | u16::try_from(significand >> shift).ok()?);
    }
    None
}

/// The binary32 value of `value`, if it is exact. NaN is not handled here.
pub(crate) fn f64_to_f32_exact(value: f64) -> Option<f32> {
    #[allow(
        clippy::cast_possible_truncation,
        reason = "exactness is checked right after"
    )]
    let narrow = value as f32;
    (f64::from(narrow) == value).then_some(narrow)
}

/// The shortest exact encoding of a float (RFC 8949 §4.1): which width and bits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Shortest {
    Half(u16),
    Single(f32),
    Double(f64),
}

pub(crate) fn shortest(value: f64) -> Shortest {
    if value.is_nan() {
        // The canonical quiet NaN, as deterministic encoding asks (§4.2.2).
        return Shortest::Half(0x7e00);
    }
    if let Some(half) = f64_to_f16_exact(value) {
        Shortest::Half(half)
    } else if let Some(single) = f64_to_f32_exact(value) {
        Shortest::Single(single)
    } else {
        Shortest::Double(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_round_trips_every_non_nan_bit_pattern() {
        for bits in 0..=u16::MAX {
            let v = f16_to_f64(bits);
            if v.is_nan() {
                continue;
            }
            assert_eq!(
                f64_to_f16_exact(v),
                Some(bits),
                "bits {bits:#06x} value {v}"
            );
        }
    }

    #[test]
    fn rfc8949_appendix_a_half_values() {
        assert_eq!(f16_to_f64(0x0001), 5.960464477539063e-8);
        assert_eq!(f16_to_f64(0x0400), 0.00006103515625);
        assert_eq!(f16_to_f64(0x7bff), 65504.0);
        assert_eq!(f16_to_f64(0xc400), -4.0);
        assert!(f16_to_f64(0x7e00).is_nan());
    }

    #[test]
    fn shortest_picks_the_narrowest_exact_width() {
        assert_eq!(shortest(1.5), Shortest::Half(0x3e00));
        assert_eq!(shortest(100000.0), Shortest::Single(100000.0));
        assert_eq!(shortest(1.1), Shortest::Double(1.1));
        assert_eq!(shortest(f64::NAN), Shortest::Half(0x7e00));
        assert_eq!(shortest(65505.0), Shortest::Single(65505.0));
        assert_eq!(f64_to_f16_exact(1.0e-8), None);
        assert_eq!(f64_to_f16_exact(f64::from_bits(1)), None);
    }
}
