//! `suit-condition-version` (update management §4.4): compares the
//! installed version with `SUIT_Parameter_Version_Match`.

use core::cmp::Ordering;

use iotm_cbor::Decoder;

use crate::map::more;

/// The most version integers compared.
pub(crate) const MAX_VERSION_LEN: usize = 16;

/// A version: at most [`MAX_VERSION_LEN`] integers and how many there are.
pub(crate) type Version = ([i64; MAX_VERSION_LEN], usize);

/// `[comparison-type, [+int]]`, decoded. `None` if malformed.
pub(crate) fn parse(encoded: &[u8]) -> Option<(u64, [i64; MAX_VERSION_LEN], usize)> {
    let mut d = Decoder::new(encoded);
    if d.array().ok()? != Some(2) {
        return None;
    }
    let comparison = d.u64().ok()?;
    let (value, count) = read_list(&mut d)?;
    (1..=5)
        .contains(&comparison)
        .then_some((comparison, value, count))
}

/// `[+int]` and nothing after it (`suit-set-version`, update management
/// §3.1), decoded. `None` if malformed, empty or longer than
/// [`MAX_VERSION_LEN`].
pub(crate) fn parse_list(encoded: &[u8]) -> Option<Version> {
    let mut d = Decoder::new(encoded);
    let list = read_list(&mut d)?;
    d.finish().ok()?;
    Some(list)
}

/// Reads a non-empty `[+int]` of at most [`MAX_VERSION_LEN`] integers.
fn read_list(d: &mut Decoder<'_>) -> Option<Version> {
    let len = d.array().ok()?;
    let mut value = [0i64; MAX_VERSION_LEN];
    let mut count = 0;
    while more(d, len, u64::try_from(count).ok()?).ok()? {
        *value.get_mut(count)? = d.i64().ok()?;
        count += 1;
    }
    (count > 0).then_some((value, count))
}

/// Compares `actual` with the manifest's `wanted` integer by integer; the
/// comparison stops when `wanted` is used up or at the first difference
/// (so `[1]` equals every 1.x.y). Missing integers of `actual` count as 0.
pub(crate) fn compare(actual: &[i64], wanted: &[i64]) -> Ordering {
    wanted
        .iter()
        .enumerate()
        .map(|(i, w)| actual.get(i).copied().unwrap_or(0).cmp(w))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

/// Whether `ordering` (actual against wanted) satisfies `comparison`:
/// 1 greater, 2 greater-equal, 3 equal, 4 lesser-equal, 5 lesser.
pub(crate) fn satisfies(ordering: Ordering, comparison: u64) -> bool {
    match comparison {
        1 => ordering.is_gt(),
        2 => ordering.is_ge(),
        3 => ordering.is_eq(),
        4 => ordering.is_le(),
        5 => ordering.is_lt(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn um_4_4_comparison_stops_when_the_manifest_value_is_used_up() {
        assert_eq!(compare(&[1, 4, 7], &[1]), Ordering::Equal);
        assert_eq!(compare(&[1, 10], &[1, 9]), Ordering::Greater);
        assert_eq!(compare(&[1, 0, 3], &[1, 10]), Ordering::Less);
        // 2.0-rc1 ([2, 0, -1, 1]) comes before 2.0 ([2, 0, 0]).
        assert_eq!(compare(&[2, 0, -1, 1], &[2, 0, 0]), Ordering::Less);
        assert!(satisfies(compare(&[1, 2], &[1, 0]), 2));
        assert!(!satisfies(compare(&[1, 10], &[1, 10]), 5));
    }

    #[test]
    fn um_4_4_the_parameter_is_a_type_and_a_version() {
        // [2, [1, 0]]
        assert!(matches!(
            parse(&[0x82, 0x02, 0x82, 0x01, 0x00]),
            Some((2, [1, 0, ..], 2))
        ));
        assert!(parse(&[0x82, 0x06, 0x81, 0x01]).is_none());
        assert!(parse(&[0x82, 0x01, 0x80]).is_none());
    }

    #[test]
    fn um_3_1_set_version_is_a_list_of_integers() {
        // [1, 2, -1, 3]: 1.2-rc.3.
        assert!(matches!(
            parse_list(&[0x84, 0x01, 0x02, 0x20, 0x03]),
            Some(([1, 2, -1, 3, ..], 4))
        ));
        assert!(parse_list(&[0x80]).is_none(), "empty");
        assert!(parse_list(&[0x81, 0x41, 0x00]).is_none(), "not an integer");
        assert!(parse_list(&[0x01]).is_none(), "not a list");
        assert!(parse_list(&[0x81, 0x01, 0x01]).is_none(), "trailing bytes");
        // 17 integers are more than this processor compares; 16 are not.
        let mut seventeen = [0x01u8; 18];
        let mut sixteen = [0x01u8; 17];
        if let (Some(a), Some(b)) = (seventeen.first_mut(), sixteen.first_mut()) {
            (*a, *b) = (0x91, 0x90);
        }
        assert!(parse_list(&seventeen).is_none());
        assert!(matches!(parse_list(&sixteen), Some((_, 16))));
    }
}
