//! The glance the hosts' SUBSCRIBE list encoder gives each topic filter
//! while it copies it: one mask for U+0000 and both wildcards, so that a
//! usual filter costs three operations a word.

use super::{HIGHS, ONES, WORD, Word, copy, find, padding, short_word, word_at};

/// Marks every byte whose bits 2, 4, 6 and 7 are clear: U+0000, `#`
/// (0x23) and `+` (0x2B), and 13 others (controls, space, `!`, `"`, `(`,
/// `)` and `*`) that no usual topic filter holds. A filter with no marked
/// byte is free of all three; one with a mark is checked byte by byte.
/// Each byte's mark depends on that byte alone (see [`filter_clean`]).
pub(crate) const fn filter_mask(word: Word) -> Word {
    !filter_clean(word) & HIGHS
}

/// 0x80 in each byte of `word` that [`filter_mask`] does not mark, 0 in
/// each byte it marks; the low seven bits are noise. Bits 2, 4 and 6
/// added to 0x7F carry into bit 7 unless all are clear, and bit 7 stands
/// for itself; the sum stays below 0x100, so nothing carries between
/// bytes. Three operations, against eight for wildcards and U+0000 apart.
const fn filter_clean(word: Word) -> Word {
    (word & (ONES * 0x54)).wrapping_add(ONES * 0x7f) | word
}

/// Copies a topic filter `src` into `dst`, which must have its length
/// (`None`, with nothing copied, otherwise): `true` if [`filter_mask`]
/// marks none of its bytes but the last (a wildcard may stand last), and
/// `false` for an empty filter. A filter of one to four words, the usual,
/// is loaded as whole words, overlapping where its length is not a
/// multiple of one, checked in registers and stored whole: no call to
/// `memcpy` and no second pass.
#[inline(always)]
pub(crate) fn copy_filter(dst: &mut [u8], src: &[u8]) -> Option<bool> {
    let len = src.len();
    if dst.len() != len {
        return None;
    }
    let clean = if len == 0 {
        return Some(false);
    } else if len < WORD {
        copy(dst, src);
        let last = 0x80 << (8 * (len - 1));
        filter_clean(short_word(src) | padding(len)) | last
    } else if len == WORD {
        copy_clean(dst, src, [0])
    } else if len <= 2 * WORD {
        // Only the last word ends where the string does, in this case
        // and the next two.
        copy_clean(dst, src, [0, len - WORD])
    } else if len <= 3 * WORD {
        copy_clean(dst, src, [0, WORD, len - WORD])
    } else if len <= 4 * WORD {
        copy_clean(dst, src, [0, WORD, 2 * WORD, len - WORD])
    } else {
        dst.copy_from_slice(src);
        let head = src.get(..len - 1).unwrap_or_default();
        return Some(find(head, filter_mask).is_none());
    };
    Some(clean & HIGHS == HIGHS)
}

/// Copies the words of `src` at `offsets` (which cover it; the last, and
/// only the last, ends at its end) to the same places in `dst`, of the
/// same length: the AND of their [`filter_clean`] bytes, the string's
/// last byte taken as clean.
#[inline(always)]
fn copy_clean<const N: usize>(dst: &mut [u8], src: &[u8], offsets: [usize; N]) -> Word {
    /// The mark of a word's last byte.
    const LAST: Word = 0x80 << (8 * (WORD - 1));
    let mut clean = Word::MAX;
    for (i, at) in offsets.into_iter().enumerate() {
        let word = word_at(src, at);
        if let Some(to) = dst.get_mut(at..at + WORD) {
            to.copy_from_slice(&word.to_le_bytes());
        }
        let ends_string = Word::from(i + 1 == N);
        clean &= filter_clean(word) | (LAST * ends_string);
    }
    clean
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `copy_filter` copies every filter and reports a marked byte before
    /// the last at every length (the short, word and long paths), with
    /// each byte of the mask's set at every place.
    #[test]
    fn copy_filter_agrees_with_a_byte_scan_at_every_length_and_position() {
        let text = b"abcdefgh/ijklmnop/qrstuvwx/yzabcdefgh/ij";
        for len in 0..=text.len() {
            let marked = (0..=255u8).filter(|b| b & 0xd4 == 0);
            for (at, byte) in (0..len)
                .flat_map(|at| marked.clone().map(move |byte| (Some(at), byte)))
                .chain([(None, b'x')])
            {
                let mut src = *text;
                if let Some(at) = at {
                    src[at] = byte;
                }
                let src = &src[..len];
                let mut dst = [0xeeu8; 40];
                let clean = copy_filter(&mut dst[..len], src).unwrap();
                let expected = src
                    .split_last()
                    .is_some_and(|(_, head)| head.iter().all(|b| b & 0xd4 != 0));
                assert_eq!(clean, expected, "{len} {at:?} {byte:#x}");
                assert_eq!(dst[..len], *src);
                assert!(dst[len..].iter().all(|b| *b == 0xee));
            }
        }
        assert_eq!(copy_filter(&mut [0; 3], b"ab"), None);
    }

    /// The filter mask marks exactly the bytes it names, whatever stands
    /// next to them: every byte value at every place in a word, after a
    /// marked byte (the borrow's path) and after an unmarked one.
    #[test]
    fn the_filter_mask_marks_exactly_its_bytes_wherever_they_stand() {
        let named = |b: u8| b & 0xd4 == 0;
        assert!(named(0) && named(b'+') && named(b'#'));
        assert_eq!((0..=255u8).filter(|b| named(*b)).count(), 16);
        for byte in 0..=255u8 {
            for before in [0u8, b'a', 0xff] {
                for at in 0..WORD {
                    let mut bytes = [b'a'; WORD];
                    bytes[at] = byte;
                    if at > 0 {
                        bytes[at - 1] = before;
                    }
                    let marks = filter_mask(Word::from_le_bytes(bytes));
                    for (i, b) in bytes.iter().enumerate() {
                        let marked = marks >> (8 * i) & 0x80 != 0;
                        assert_eq!(marked, named(*b), "{byte:#x} after {before:#x} at {at}");
                    }
                }
            }
        }
    }
}
