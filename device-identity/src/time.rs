//! Certificate times (RFC 5280 §4.1.2.5) as seconds since the Unix epoch.

use core::fmt;

use crate::der::{Tlv, tag};
use crate::rule::{Error, Rule};

/// A time in whole seconds since 1970-01-01T00:00:00Z (negative before).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixTime(i64);

/// 9999-12-31T23:59:59Z, the "no well-defined expiration date" of RFC 5280
/// §4.1.2.5 that IEEE 802.1AR IDevIDs use.
pub const NO_EXPIRATION: UnixTime = UnixTime(253_402_300_799);

impl UnixTime {
    /// The time `secs` seconds after the epoch.
    pub const fn from_secs(secs: i64) -> Self {
        Self(secs)
    }

    /// Seconds since the epoch.
    pub const fn as_secs(self) -> i64 {
        self.0
    }

    /// The time of a calendar date and time of day (proleptic Gregorian,
    /// UTC), if the fields are in range.
    pub fn from_civil(
        year: i64,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        second: u32,
    ) -> Option<Self> {
        if !(-100_000..=100_000).contains(&year)
            || !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 59
        {
            return None;
        }
        let days = days_from_civil(year, month, day);
        Some(Self(
            days * 86_400 + i64::from(hour * 3600 + minute * 60 + second),
        ))
    }

    /// Decodes a UTCTime or GeneralizedTime element with RFC 5280's
    /// restrictions: `YYMMDDHHMMSSZ` (years 1950–2049) or
    /// `YYYYMMDDHHMMSSZ`, no fractions, no offsets.
    ///
    /// # Errors
    /// [`Rule::InvalidTime`] for another form or an impossible date;
    /// [`Rule::UnexpectedTag`] for another type.
    #[cfg_attr(target_os = "none", inline)]
    #[cfg_attr(not(target_os = "none"), inline(always))]
    pub fn from_tlv(tlv: &Tlv<'_>) -> Result<Self, Error> {
        let invalid = || tlv.error(Rule::InvalidTime);
        let (year, rest) = match (tlv.tag, tlv.content) {
            (tag::UTC_TIME, [y1, y2, rest @ ..]) if rest.len() == 11 => {
                let yy = i64::from(two_digits(*y1, *y2).ok_or_else(invalid)?);
                (if yy >= 50 { 1900 + yy } else { 2000 + yy }, rest)
            }
            (tag::GENERALIZED_TIME, [y1, y2, y3, y4, rest @ ..]) if rest.len() == 11 => {
                let hi = two_digits(*y1, *y2).ok_or_else(invalid)?;
                let lo = two_digits(*y3, *y4).ok_or_else(invalid)?;
                (i64::from(hi * 100 + lo), rest)
            }
            (tag::UTC_TIME | tag::GENERALIZED_TIME, _) => return Err(invalid()),
            (found, _) => {
                return Err(tlv.error(Rule::UnexpectedTag {
                    expected: tag::UTC_TIME,
                    found,
                }));
            }
        };
        let [m1, m2, d1, d2, h1, h2, n1, n2, s1, s2, b'Z'] = *rest else {
            return Err(invalid());
        };
        // All ten digits checked at once, then read without checks.
        let digits = [m1, m2, d1, d2, h1, h2, n1, n2, s1, s2];
        if !digits.iter().all(u8::is_ascii_digit) {
            return Err(invalid());
        }
        let field = |a: u8, b: u8| u32::from(a - b'0') * 10 + u32::from(b - b'0');
        Self::from_civil(
            year,
            field(m1, m2),
            field(d1, d2),
            field(h1, h2),
            field(n1, n2),
            field(s1, s2),
        )
        .ok_or_else(invalid)
    }

    /// Decodes a time where RFC 5280 needs UTCTime through 2049 and
    /// GeneralizedTime from 2050 (certificate validity, CRL dates).
    ///
    /// # Errors
    /// As [`UnixTime::from_tlv`], and
    /// [`Rule::GeneralizedTimeBefore2050`].
    #[cfg_attr(target_os = "none", inline)]
    #[cfg_attr(not(target_os = "none"), inline(always))]
    pub fn from_tlv_rfc5280(tlv: &Tlv<'_>) -> Result<Self, Error> {
        let time = Self::from_tlv(tlv)?;
        if tlv.tag == tag::GENERALIZED_TIME && time < Y2050 {
            return Err(tlv.error(Rule::GeneralizedTimeBefore2050));
        }
        Ok(time)
    }

    /// The calendar fields: year, month, day, hour, minute, second.
    pub fn to_civil(self) -> (i64, u32, u32, u32, u32, u32) {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        let hour = u32::try_from(secs / 3600).unwrap_or(0);
        let minute = u32::try_from(secs % 3600 / 60).unwrap_or(0);
        let second = u32::try_from(secs % 60).unwrap_or(0);
        (year, month, day, hour, minute, second)
    }

    /// Parses RFC 3339 (`2024-01-01T00:00:00Z`, `2024-01-01T00:00:00+02:00`,
    /// fractions ignored) or decimal Unix seconds.
    pub fn parse(text: &str) -> Option<Self> {
        if let Ok(secs) = text.parse::<i64>() {
            return Some(Self(secs));
        }
        let b = text.as_bytes();
        let num = |range: core::ops::Range<usize>| -> Option<u32> {
            let digits = b.get(range)?;
            if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
                return None;
            }
            digits.iter().try_fold(0u32, |v, d| {
                v.checked_mul(10)?.checked_add(u32::from(d - b'0'))
            })
        };
        if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || b.get(13) != Some(&b':') {
            return None;
        }
        if !matches!(b.get(10), Some(b'T' | b't' | b' ')) || b.get(16) != Some(&b':') {
            return None;
        }
        let base = Self::from_civil(
            i64::from(num(0..4)?),
            num(5..7)?,
            num(8..10)?,
            num(11..13)?,
            num(14..16)?,
            num(17..19)?,
        )?;
        let mut rest = b.get(19..)?;
        if let [b'.', tail @ ..] = rest {
            let digits = tail.iter().take_while(|c| c.is_ascii_digit()).count();
            rest = tail.get(digits..)?;
        }
        let offset = match rest {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let h = i64::from(two_digits(*h1, *h2)?);
                let m = i64::from(two_digits(*m1, *m2)?);
                let minutes = h * 60 + m;
                if *sign == b'+' { minutes } else { -minutes }
            }
            _ => return None,
        };
        Some(Self(base.0 - offset * 60))
    }
}

impl fmt::Display for UnixTime {
    /// RFC 3339 in UTC: `2024-01-01T00:00:00Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, mo, d, h, mi, s) = self.to_civil();
        write!(f, "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    }
}

/// 2050-01-01T00:00:00Z.
const Y2050: UnixTime = UnixTime(2_524_608_000);

fn two_digits(a: u8, b: u8) -> Option<u32> {
    (a.is_ascii_digit() && b.is_ascii_digit())
        .then(|| u32::from(a - b'0') * 10 + u32::from(b - b'0'))
}

const fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

const fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        year,
        u32::try_from(month).unwrap_or(1),
        u32::try_from(day).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]

    use super::*;
    use crate::der::Der;
    extern crate alloc;
    use alloc::string::ToString as _;

    fn time(bytes: &[u8]) -> Result<UnixTime, Error> {
        UnixTime::from_tlv_rfc5280(&Der::new(bytes).any().unwrap())
    }

    #[test]
    fn rfc5280_4_1_2_5_utc_and_generalized_times() {
        assert_eq!(time(b"\x17\x0d700101000001Z").unwrap().as_secs(), 1);
        assert_eq!(
            time(b"\x17\x0d491231235959Z").unwrap().to_string(),
            "2049-12-31T23:59:59Z"
        );
        assert_eq!(
            time(b"\x17\x0d500101000000Z").unwrap().to_string(),
            "1950-01-01T00:00:00Z"
        );
        assert_eq!(time(b"\x18\x0f99991231235959Z").unwrap(), NO_EXPIRATION);
        assert_eq!(
            time(b"\x18\x0f20240229120000Z").unwrap_err().rule(),
            Some(&Rule::GeneralizedTimeBefore2050)
        );
    }

    #[test]
    fn rfc5280_4_1_2_5_rejects_other_forms() {
        for bad in [
            &b"\x17\x0b7001010000Z"[..],  // no seconds
            b"\x17\x11700101000000+0000", // offset
            b"\x17\x0d700230000000Z",     // 30 February
            b"\x17\x0d701301000000Z",     // month 13
            b"\x17\x0d700101240000Z",     // hour 24
            b"\x18\x1120500101000000.5Z", // fraction
            b"\x17\x0d7001010000 0Z",     // space
        ] {
            assert_eq!(
                time(bad).unwrap_err().rule(),
                Some(&Rule::InvalidTime),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn rfc3339_and_unix_seconds_parse() {
        assert_eq!(UnixTime::parse("0"), Some(UnixTime(0)));
        assert_eq!(
            UnixTime::parse("2024-01-01T00:00:00+00:00")
                .unwrap()
                .to_string(),
            "2024-01-01T00:00:00Z"
        );
        assert_eq!(
            UnixTime::parse("2024-01-01T02:00:00.123+02:00").unwrap(),
            UnixTime::parse("2024-01-01T00:00:00Z").unwrap()
        );
        assert!(UnixTime::parse("2024-13-01T00:00:00Z").is_none());
        assert!(UnixTime::parse("yesterday").is_none());
        for secs in [-86_401, 0, 951_782_400, 4_102_444_800] {
            let t = UnixTime(secs);
            let (y, mo, d, h, mi, s) = t.to_civil();
            assert_eq!(UnixTime::from_civil(y, mo, d, h, mi, s), Some(t));
        }
    }
}
