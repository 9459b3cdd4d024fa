//! IEEE 754 half precision, and the shortest exact float width
//! (RFC 8949 §4.1 preferred serialization) without `std` or `libm`.

//! Every conversion works on the bits alone: Cortex-M4F has no double
//! precision unit, and soft-float routines would cost kilobytes of flash.

const F64_MANTISSA_BITS: u32 = 52;
const F64_EXP_BIAS: i64 = 1023;
const F64_EXP_MASK: u64 = 0x7ff;

/// Assembles an f64 from its sign, unbiased exponent and 52-bit mantissa.
fn f64_from_parts(sign: u64, exp: i64, mantissa: u64) -> f64 {
    let biased = u64::try_from(exp + F64_EXP_BIAS).unwrap_or(0) & F64_EXP_MASK;
    f64::from_bits(sign << 63 | biased << F64_MANTISSA_BITS | mantissa)
}

/// The value of IEEE 754 binary16 `bits` (RFC 8949 Appendix D), exactly;
/// NaN payloads are kept.
pub(crate) fn f16_to_f64(bits: u16) -> f64 {
    let sign = u64::from(bits >> 15);
    let exp = i64::from((bits >> 10) & 0x1f);
    let mant = u64::from(bits & 0x3ff);
    match (exp, mant) {
        (0, 0) => f64::from_bits(sign << 63),
        (0, _) => {
            // Subnormal: value = mant * 2^-24; normalise so bit 10 is the
            // implicit one.
            let shift = i64::from(mant.leading_zeros()) - 53;
            let normalised = (mant << shift) & 0x3ff;
            f64_from_parts(sign, -14 - shift, normalised << 42)
        }
        (31, _) => f64::from_bits(sign << 63 | F64_EXP_MASK << F64_MANTISSA_BITS | mant << 42),
        _ => f64_from_parts(sign, exp - 15, mant << 42),
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
    let bits = value.to_bits();
    let sign = u32::from(bits >> 63 == 1) << 31;
    let biased = (bits >> 52) & 0x7ff;
    let mant = bits & ((1u64 << 52) - 1);
    if biased == 0 {
        return (mant == 0).then_some(f32::from_bits(sign));
    }
    if biased == 0x7ff {
        return (mant == 0).then_some(f32::from_bits(sign | 0x7f80_0000));
    }
    let exp = i64::try_from(biased).unwrap_or(0) - 1023;
    if (-126..=127).contains(&exp) {
        if mant & ((1u64 << 29) - 1) != 0 {
            return None;
        }
        let single_exp = u32::try_from(exp + 127).ok()?;
        let single_mant = u32::try_from(mant >> 29).ok()?;
        return Some(f32::from_bits(sign | single_exp << 23 | single_mant));
    }
    if (-149..-126).contains(&exp) {
        // An f32 subnormal: value = m * 2^-149 with m below 2^23.
        let significand = (1u64 << 52) | mant;
        let shift = u32::try_from(-exp - 97).ok()?;
        if significand & ((1u64 << shift) - 1) != 0 {
            return None;
        }
        return Some(f32::from_bits(
            sign | u32::try_from(significand >> shift).ok()?,
        ));
    }
    None
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
    #[allow(
        clippy::cast_possible_truncation,
        reason = "the hardware conversion is the reference"
    )]
    fn single_exactness_agrees_with_the_hardware_conversion() {
        let samples = [
            0.0,
            -0.0,
            1.0,
            1.1,
            100000.0,
            3.4028234663852886e38,
            1.0e-45,
            1.401298464324817e-45,
            1.1754942106924411e-38,
            2.0f64.powi(-149),
            2.0f64.powi(-150),
            1.0e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
            16777217.0,
        ];
        for v in samples {
            let hardware = (v as f32, f64::from(v as f32) == v);
            assert_eq!(
                f64_to_f32_exact(v).map(f32::to_bits),
                hardware.1.then_some(hardware.0.to_bits()),
                "{v:e}"
            );
        }
        for bits in (0..u32::MAX).step_by(65_537) {
            let f = f32::from_bits(bits);
            if !f.is_nan() {
                assert_eq!(f64_to_f32_exact(f64::from(f)).map(f32::to_bits), Some(bits));
            }
        }
    }

    #[test]
    fn rfc8949_appendix_a_half_values() {
        assert_eq!(f16_to_f64(0x0001), 5.960464477539063e-8);
        assert_eq!(f16_to_f64(0x0400), 0.00006103515625);
        assert_eq!(f16_to_f64(0x7bff), 65504.0);
        assert_eq!(f16_to_f64(0xc400), -4.0);
        assert!(f16_to_f64(0x7e00).is_nan());
        assert_eq!(f16_to_f64(0x7c00), f64::INFINITY);
        assert_eq!(f16_to_f64(0x8000).to_bits(), (-0.0f64).to_bits());
        assert_eq!(f16_to_f64(0x03ff), 1023.0 * 5.960464477539063e-8);
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
