//! The glance the hosts' SUBSCRIBE list encoder gives each topic filter
//! while it copies it: [`glance_mask`], one mask for U+0000 and both
//! wildcards, so that a usual filter costs two operations a word.

use super::{
    HIGHS, WORD, Word, copy, find, glance_clean, glance_mask, padding, short_word, word_at,
};

/// Copies topic filter `src` into `dst`, which must have its length
/// (`None`, with nothing copied, otherwise), and returns its clean word:
/// 0x80 in every byte if the filter is plainly valid, and a byte without
/// it for any other, which the caller checks by every rule. (A word, not
/// a `bool`: a list ANDs its filters' words and tests once.) Plainly
/// valid:
/// - not empty;
/// - no byte is one that [`glance_mask`] marks, so no U+0000
///   [MQTT-1.5.4-2] and no wildcard, except a last byte that is a
///   wildcard and a whole level after a `/` [MQTT-4.7.1-2]/[MQTT-4.7.1-3]
///   (a lone wildcard goes to the full check).
///
/// In MQTT 5.0 a filter that starts with `$` may be a shared subscription,
/// which has rules of its own (and refuses No Local): the caller sends it
/// to the full check too.
///
/// A filter of one to four words, the usual, is loaded as whole words,
/// overlapping where its length is not a multiple of one, checked in
/// registers and stored whole: no call to `memcpy`, no second pass and no
/// load of a byte apart.
#[inline(always)]
pub(crate) fn copy_plain_filter(dst: &mut [u8], src: &[u8]) -> Option<Word> {
    let len = src.len();
    if dst.len() != len {
        return None;
    }
    // The AND of the clean bytes (the last one clean too if it is a
    // wildcard that is a whole level). An `if` chain, not a `match` on the
    // number of words: each branch then knows its length's range, and the
    // word loads and stores need no bounds checks. Filters of three words,
    // then two, the commonest, are tested first.
    let clean = if len > 2 * WORD && len <= 3 * WORD {
        // Only the last word ends where the string does, in this case and
        // the next two.
        copy_clean(dst, src, [0, WORD, len - WORD])
    } else if len > WORD && len <= 2 * WORD {
        copy_clean(dst, src, [0, len - WORD])
    } else if len > 3 * WORD && len <= 4 * WORD {
        copy_clean(dst, src, [0, WORD, 2 * WORD, len - WORD])
    } else if len == WORD {
        copy_clean(dst, src, [0])
    } else if len == 0 {
        return Some(0);
    } else if len < WORD {
        copy(dst, src);
        let only = short_word(src);
        let last = 0x80 << (8 * (len - 1));
        let level = Word::from(level_wildcard(only << (8 * (WORD - len))));
        glance_clean(only | padding(len)) | (last * level)
    } else {
        dst.copy_from_slice(src);
        let head = src.get(..len - 1).unwrap_or_default();
        let last = src.last().copied().unwrap_or(0);
        let last_clean = last & 0x54 != 0 || level_wildcard(word_at(src, len - WORD));
        let clean = find(head, glance_mask).is_none() && last_clean;
        if clean { HIGHS } else { 0 }
    };
    Some(clean)
}

/// `true` if `clean`, the clean word of [`copy_plain_filter`] (or the AND
/// of several), says plainly valid: 0x80 in every byte.
#[inline(always)]
pub(crate) const fn is_plain_filter(clean: Word) -> bool {
    clean & HIGHS == HIGHS
}

/// `true` if `word` ends with `/+` or `/#`: a filter's last level that is a
/// wildcard [MQTT-4.7.1-2]/[MQTT-4.7.1-3]. `#` (0x23) OR 0x08 is `+`
/// (0x2B), and `/` (0x2F) has bit 3 set already.
#[inline(always)]
const fn level_wildcard(word: Word) -> bool {
    (word >> (8 * (WORD - 2))) | 0x0800 == 0x2b2f
}

/// Copies the words of `src` at `offsets` (which cover it; the last, and
/// only the last, ends at its end) to the same places in `dst`, of the
/// same length: the AND of their [`glance_clean`] bytes, with the string's
/// last byte clean if it is a wildcard that is a whole level.
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
        let level_end = i + 1 == N && level_wildcard(word);
        clean &= glance_clean(word) | (LAST * Word::from(level_end));
    }
    clean
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]

    extern crate alloc;

    use super::*;
    use alloc::vec;

    /// Plainly valid, byte by byte: what `copy_plain_filter` must find.
    fn plain_by_bytes(src: &[u8]) -> bool {
        let Some((last, head)) = src.split_last() else {
            return false;
        };
        let marked = |b: &u8| b & 0x54 == 0;
        let level_wildcard = matches!(last, b'+' | b'#') && head.last() == Some(&b'/');
        let clean_head = head.iter().all(|b| !marked(b));
        let clean_end = !marked(last) || level_wildcard;
        clean_head && clean_end
    }

    /// `copy_plain_filter` copies every filter and judges it as a byte
    /// scan does at every length (the short, word and long paths), with
    /// each byte the mask marks at every place, a `/` and a wildcard or
    /// U+0000 at the end, and a `$` in front; and every filter it finds
    /// plainly valid is valid by every rule (in MQTT 5.0 too, unless it
    /// starts with `$`, which the caller checks apart).
    #[test]
    fn copy_plain_filter_agrees_with_a_byte_scan_at_every_length_and_position() {
        let text = b"abcdefgh/ijklmnop/qrstuvwx/yzabcdefgh/ij";
        for len in 0..=text.len() {
            let marked = (0..=255u8).filter(|b| b & 0x54 == 0);
            let one_byte = (0..len)
                .flat_map(|at| marked.clone().map(move |byte| vec![(at, byte)]))
                .chain([vec![]]);
            let ends = [b'+', b'#', 0, b'a', b'/'].map(|last| {
                let mut set = vec![(len.wrapping_sub(1), last)];
                if len >= 2 {
                    set.push((len - 2, b'/'));
                }
                set
            });
            let starts = [
                vec![(0, b'$')],
                vec![(0, b'$'), (len.wrapping_sub(1), b'+')],
            ];
            for set in one_byte.chain(ends).chain(starts) {
                let mut src = *text;
                for &(at, byte) in &set {
                    if at < len {
                        src[at] = byte;
                    }
                }
                let src = &src[..len];
                let mut dst = [0xeeu8; 40];
                let clean = copy_plain_filter(&mut dst[..len], src).unwrap();
                let plain = is_plain_filter(clean);
                assert_eq!(plain, plain_by_bytes(src), "{len} {set:?}");
                assert_eq!(dst[..len], *src);
                assert!(dst[len..].iter().all(|b| *b == 0xee));
                if plain {
                    let filter = core::str::from_utf8(src).unwrap();
                    assert!(!filter.contains('\0'), "{filter:?}");
                    assert!(
                        crate::topic::check_topic_filter(filter, false).is_ok(),
                        "{filter:?}"
                    );
                    if !filter.starts_with('$') {
                        assert!(
                            crate::topic::check_topic_filter(filter, true).is_ok(),
                            "{filter:?}"
                        );
                    }
                }
            }
        }
        assert_eq!(copy_plain_filter(&mut [0; 3], b"ab"), None);
    }

    /// The filter mask marks exactly the bytes it names, whatever stands
    /// next to them: every byte value at every place in a word, after a
    /// marked byte (the borrow's path) and after an unmarked one.
    #[test]
    fn the_glance_mask_marks_exactly_its_bytes_wherever_they_stand() {
        let named = |b: u8| b & 0x54 == 0;
        assert!(named(0) && named(b'+') && named(b'#'));
        assert_eq!((0..=255u8).filter(|b| named(*b)).count(), 32);
        for byte in 0..=255u8 {
            for before in [0u8, b'a', 0xff] {
                for at in 0..WORD {
                    let mut bytes = [b'a'; WORD];
                    bytes[at] = byte;
                    if at > 0 {
                        bytes[at - 1] = before;
                    }
                    let marks = glance_mask(Word::from_le_bytes(bytes));
                    for (i, b) in bytes.iter().enumerate() {
                        let marked = marks >> (8 * i) & 0x80 != 0;
                        assert_eq!(marked, named(*b), "{byte:#x} after {before:#x} at {at}");
                    }
                }
            }
        }
    }
}
