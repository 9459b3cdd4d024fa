//! Byte scans a machine word at a time (SWAR): the hot checks of every
//! string an MQTT packet carries (no U+0000, no wildcard in a topic name).
//! Measured on a 29-byte topic: a third of the instructions of a byte loop.

#[cfg(not(target_os = "none"))]
mod filter;
#[cfg(not(target_os = "none"))]
pub(crate) use filter::{copy_plain_filter, is_plain_filter};

/// A machine word of bytes.
type Word = usize;
const WORD: usize = core::mem::size_of::<Word>();
/// 0x01 in every byte of a word.
const ONES: Word = Word::MAX / 0xff;
/// 0x80 in every byte of a word.
const HIGHS: Word = ONES * 0x80;

/// 0x80 in each zero byte of `x`, and in a byte 0x01 above a zero byte (the
/// subtraction's borrow reaches it); 0 in every other byte. So the word is
/// non-zero exactly when `x` holds a zero byte, and its lowest mark (the
/// first byte, little-endian) is always a zero byte: every scan here asks
/// only for that. Three operations, where a mark of zero bytes alone takes
/// five.
const fn zero_bytes(x: Word) -> Word {
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// Marks the bytes 0x00.
pub(crate) const fn nul_mask(word: Word) -> Word {
    zero_bytes(word)
}

/// `true` if `text` holds U+0000, which no MQTT string may [MQTT-1.5.4-2];
/// a word at a time.
pub(crate) fn has_nul(text: &str) -> bool {
    find(text.as_bytes(), nul_mask).is_some()
}

/// Marks the bytes `+` (0x2B) and `#` (0x23). The two differ only in bit 3,
/// so OR-ing 0x08 into every byte and XOR-ing 0x2B leaves zero exactly there.
pub(crate) const fn wildcard_mask(word: Word) -> Word {
    zero_bytes((word | (ONES * 0x08)) ^ (ONES * 0x2b))
}

/// Marks every byte whose bits 2, 4 and 6 are clear: U+0000, `#` (0x23)
/// and `+` (0x2B), 13 other ASCII bytes (controls, space, `!`, `"`, `(`,
/// `)` and `*`) that no usual topic filter holds, and 16 bytes of UTF-8
/// sequences (0x80–0x83, 0x88–0x8B, 0xA0–0xA3, 0xA8–0xAB). A filter with
/// no marked byte is free of all three; one with a mark is checked byte by
/// byte ([`has_wildcard_or_nul`] for a topic name). Topic names and
/// filters are scanned with it while they are copied. Each byte's mark
/// depends on that byte alone (see [`glance_clean`]).
pub(crate) const fn glance_mask(word: Word) -> Word {
    !glance_clean(word) & HIGHS
}

/// 0x80 in each byte of `word` that [`glance_mask`] does not mark, 0 in
/// each byte it marks; the low seven bits are noise. Bits 2, 4 and 6
/// added to 0x7F carry into bit 7 unless all are clear; the sum stays
/// below 0x100, so nothing carries between bytes. Two operations, against
/// eight for wildcards and U+0000 apart (a third, OR-ing the word in,
/// would spare the 16 UTF-8 bytes a full check).
pub(crate) const fn glance_clean(word: Word) -> Word {
    (word & (ONES * 0x54)).wrapping_add(ONES * 0x7f)
}

/// Marks the wildcards and U+0000: the bytes a topic name must not hold,
/// and the bytes of a topic filter that need a second look.
pub(crate) const fn wildcard_or_nul_mask(word: Word) -> Word {
    wildcard_mask(word) | nul_mask(word)
}

/// `true` if `topic` holds a wildcard or U+0000, which no topic name may
/// [MQTT-3.3.2-2]/[MQTT-1.5.4-2]: the second look at a name that
/// [`glance_mask`] marked.
pub(crate) fn has_wildcard_or_nul(topic: &[u8]) -> bool {
    find(topic, wildcard_or_nul_mask).is_some()
}

/// Index of the first marked byte of a little-endian word.
fn first_marked(mask: Word) -> usize {
    usize::try_from(mask.trailing_zeros() / 8).unwrap_or(0)
}

/// A word from exactly `WORD` bytes (any other length reads as 0, which
/// callers never pass).
#[inline]
fn word(chunk: &[u8]) -> Word {
    <[u8; WORD]>::try_from(chunk).map_or(0, Word::from_le_bytes)
}

/// A word from fewer than `WORD` bytes, zero-padded: two overlapping loads
/// (or three single bytes) instead of a loop, whose bytes land where they
/// belong; where they overlap, the same byte is OR-ed with itself.
#[inline]
pub(crate) fn short_word(bytes: &[u8]) -> Word {
    let len = bytes.len();
    if len >= 4 {
        // Only a 64-bit word has room for 4 to 7 bytes.
        let load = |at: usize| {
            bytes
                .get(at..at + 4)
                .and_then(|b| <[u8; 4]>::try_from(b).ok())
                .map_or(0, u32::from_le_bytes)
        };
        let low = Word::try_from(load(0)).unwrap_or(0);
        let high = Word::try_from(load(len - 4)).unwrap_or(0);
        return low | high << (8 * (len - 4));
    }
    if len == 0 {
        return 0;
    }
    let at = |i: usize| Word::from(bytes.get(i).copied().unwrap_or(0)) << (8 * i);
    at(0) | at(len / 2) | at(len - 1)
}

/// The word of `bytes` at `at` (0 past the end, which callers never ask).
#[cfg(not(target_os = "none"))]
#[inline]
pub(crate) fn word_at(bytes: &[u8], at: usize) -> Word {
    bytes.get(at..at + WORD).map_or(0, word)
}

/// 0xFF in the bytes of a word past the first `len` (below `WORD`): OR-ed
/// into a zero-padded [`short_word`] so that the masks here, none of which
/// marks 0xFF, see no padding.
#[inline]
pub(crate) fn padding(len: usize) -> Word {
    Word::MAX
        .checked_shl(u32::try_from(8 * len).unwrap_or(u32::MAX))
        .unwrap_or(0)
}

/// Copies `src` into `dst` (the same length; another length copies
/// nothing). Strings of up to four words are copied by overlapping loads
/// and stores in place, not by a call to `memcpy`: most strings a packet
/// carries are that short.
#[inline]
pub(crate) fn copy(dst: &mut [u8], src: &[u8]) {
    let len = src.len();
    if dst.len() != len || len == 0 {
        return;
    }
    if len > 4 * WORD {
        // A payload, mostly: `memcpy` without the short cases' tests.
        dst.copy_from_slice(src);
    } else if (WORD..=2 * WORD).contains(&len) {
        copy_word(dst, src, 0);
        copy_word(dst, src, len - WORD);
    } else if (2 * WORD..=4 * WORD).contains(&len) {
        copy_word(dst, src, 0);
        copy_word(dst, src, WORD);
        copy_word(dst, src, len - 2 * WORD);
        copy_word(dst, src, len - WORD);
    } else if (4..WORD).contains(&len) {
        // Only a 64-bit word leaves 4 to 7 bytes here: two four-byte copies.
        for at in [0, len - 4] {
            if let (Some(to), Some(from)) = (dst.get_mut(at..at + 4), src.get(at..at + 4)) {
                to.copy_from_slice(from);
            }
        }
    } else {
        // One to three bytes: the first, the middle and the last cover them.
        for i in [0, len / 2, len - 1] {
            if let (Some(to), Some(from)) = (dst.get_mut(i), src.get(i)) {
                *to = *from;
            }
        }
    }
}

/// The index of the first byte of `bytes` that `mask` marks. `mask` must not
/// mark 0x00 unless it looks for it: a short input is zero-padded, so a mask
/// that marks zero bytes sees the padding; `find` counts only bytes inside
/// `bytes`. `mask`'s lowest mark in a word must be a byte it looks for (as
/// [`zero_bytes`]' is): the last word is read overlapping bytes already
/// scanned and unmarked, so its lowest mark is then a new byte.
#[inline]
pub(crate) fn find(bytes: &[u8], mask: impl Fn(Word) -> Word) -> Option<usize> {
    if bytes.len() < WORD {
        let marked = mask(short_word(bytes));
        let at = first_marked(marked);
        return (marked != 0 && at < bytes.len()).then_some(at);
    }
    let mut chunks = bytes.chunks_exact(WORD);
    let mut base = 0;
    for chunk in &mut chunks {
        let marked = mask(word(chunk));
        if marked != 0 {
            return Some(base + first_marked(marked));
        }
        base += WORD;
    }
    if chunks.remainder().is_empty() {
        return None;
    }
    // The tail as the last whole word: one load instead of a byte loop.
    // Its first bytes were scanned above and are unmarked.
    let last = bytes.len() - WORD;
    let marked = mask(bytes.get(last..).map_or(0, word));
    (marked != 0).then(|| last + first_marked(marked))
}

/// Copies the word at `at` of `src` to the same place in `dst` and returns it.
#[inline]
fn copy_word(dst: &mut [u8], src: &[u8], at: usize) -> Word {
    let word = src.get(at..at + WORD).map_or(0, word);
    if let Some(to) = dst.get_mut(at..at + WORD) {
        to.copy_from_slice(&word.to_le_bytes());
    }
    word
}

/// Copies `src` into `dst` (the same length) a word at a time and returns
/// what [`find`] returns for `src`: the copy and the check of a string that
/// an encoder writes are one pass over it instead of two, and a short
/// string is copied by a few loads and stores in place, not by a call to
/// `memcpy`. `dst` of another length is left alone and the scan is `find`'s.
#[inline]
pub(crate) fn copy_find(dst: &mut [u8], src: &[u8], mask: impl Fn(Word) -> Word) -> Option<usize> {
    let len = src.len();
    if dst.len() != len || len < WORD {
        copy(dst, src);
        return find(src, mask);
    }
    // Whole words up to the last, then the last word overlapping them. The
    // early exit also keeps the compiler from turning the loop into a
    // `memcpy` call followed by a second pass.
    let last = len - WORD;
    let mut at = 0;
    while at < last {
        let marked = mask(copy_word(dst, src, at));
        if marked != 0 {
            if let (Some(to), Some(from)) = (dst.get_mut(at..), src.get(at..)) {
                to.copy_from_slice(from);
            }
            return Some(at + first_marked(marked));
        }
        at += WORD;
    }
    // The bytes before `at` were scanned and are unmarked.
    let marked = mask(copy_word(dst, src, last));
    (marked != 0).then(|| last + first_marked(marked))
}

/// Copies the `N` bytes at `at` of `src` to the same place in `dst` and
/// returns them (zeros past the end, which callers never ask).
#[inline(always)]
fn copy_chunk<const N: usize>(dst: &mut [u8], src: &[u8], at: usize) -> [u8; N] {
    let chunk = src
        .get(at..at + N)
        .map_or([0; N], |b| <[u8; N]>::try_from(b).unwrap_or([0; N]));
    if let Some(to) = dst.get_mut(at..at + N) {
        to.copy_from_slice(&chunk);
    }
    chunk
}

/// Copies `src` (at most four words) into `dst` (the same length) and
/// returns the marks `mask` sets in its bytes (non-zero if it marks one):
/// every byte is loaded once or twice, as whole words or halves that
/// overlap where the length is not a multiple of one, and stored in place. Only the field's own
/// bytes are written, and the words scanned hold only its bytes (some
/// twice), so no padding needs hiding from the mask. 0, with nothing
/// copied, for a longer `src` or a `dst` of another length.
#[cfg_attr(target_os = "none", inline)]
#[cfg_attr(not(target_os = "none"), inline(always))]
pub(crate) fn copy_small_marks(dst: &mut [u8], src: &[u8], mask: impl Fn(Word) -> Word) -> Word {
    let len = src.len();
    if dst.len() != len || len > 4 * WORD {
        return 0;
    }
    let mut marked = 0;
    let mut copy_at = |at: usize| marked |= mask(copy_word(dst, src, at));
    if len > 2 * WORD {
        // The first two words and the last two cover up to four.
        copy_at(0);
        copy_at(WORD);
        copy_at(len - 2 * WORD);
        copy_at(len - WORD);
    } else if len >= WORD {
        copy_at(0);
        copy_at(len - WORD);
    } else if len >= 4 {
        // Only a 64-bit word leaves 4 to 7 bytes here: two four-byte
        // halves, scanned side by side in one word.
        let low = u32::from_le_bytes(copy_chunk(dst, src, 0));
        let high = u32::from_le_bytes(copy_chunk(dst, src, len - 4));
        let both = u64::from(low) | u64::from(high) << 32;
        marked = mask(Word::try_from(both).unwrap_or(0));
    } else if len >= 2 {
        // Two two-byte halves; the word's other bytes are 0xFF, which no
        // mask here marks.
        let low = u16::from_le_bytes(copy_chunk(dst, src, 0));
        let high = u16::from_le_bytes(copy_chunk(dst, src, len - 2));
        marked = mask(Word::from(low) | Word::from(high) << 16 | padding(4));
    } else if let (Some(to), Some(&byte)) = (dst.first_mut(), src.first()) {
        *to = byte;
        marked = mask(Word::from(byte) | padding(1));
    }
    marked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_agree_with_a_byte_scan_at_every_length_and_position() {
        let text = b"abcdefgh/ijklmnop/qrstuvwx/yz";
        for len in 0..=text.len() {
            for at in 0..len {
                for (byte, mask) in [
                    (b'+', wildcard_mask as fn(Word) -> Word),
                    (b'#', wildcard_mask),
                    (0, nul_mask),
                ] {
                    let mut bytes = *text;
                    bytes[at] = byte;
                    assert_eq!(find(&bytes[..len], mask), Some(at), "{len} {at} {byte}");
                    let mut copied = [0xffu8; 29];
                    assert_eq!(copy_find(&mut copied[..len], &bytes[..len], mask), Some(at));
                    assert_eq!(copied[..len], bytes[..len]);
                }
            }
            assert_eq!(find(&text[..len], wildcard_mask), None);
            assert_eq!(find(&text[..len], nul_mask), None);
            let mut copied = [0u8; 29];
            assert_eq!(copy_find(&mut copied[..len], &text[..len], nul_mask), None);
            assert_eq!(copied[..len], text[..len]);
            let mut copied = [0u8; 29];
            copy(&mut copied[..len], &text[..len]);
            assert_eq!(copied[..len], text[..len]);
        }
    }

    #[test]
    fn neighbouring_byte_values_are_not_marked() {
        let near = b"\x2a\x2c\x22\x24\xab\xa3,*\"$\x01\x80\xff";
        assert_eq!(find(near, wildcard_mask), None);
        assert_eq!(find(near, nul_mask), None);
        assert_eq!(find(b"\x01\x00", nul_mask), Some(1));
    }
}
