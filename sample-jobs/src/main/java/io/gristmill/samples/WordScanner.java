package io.gristmill.samples;

/**
 * Finds the canonical words in UTF-8 bytes without allocating: a word is a maximal run of code points for which
 * {@link Character#isLetter(int)} is true. ASCII letters are recognized directly, other ASCII bytes are
 * separators, multi-byte sequences are decoded and tested; invalid UTF-8 (bad lead or continuation bytes,
 * overlong forms, surrogates, truncated sequences) counts as separators, one byte at a time.
 *
 * <p>Use: {@link #reset} on a byte range, then {@link #next} until false, reading {@link #start()} and
 * {@link #length()} after each true. Not thread-safe; one per task.
 */
final class WordScanner {
    private byte[] bytes;
    private int pos;
    private int end;
    private int wordStart;
    private int wordEnd;

    /** Starts scanning {@code length} bytes of {@code source} from {@code offset}. */
    WordScanner reset(byte[] source, int offset, int length) {
        bytes = source;
        pos = offset;
        end = offset + length;
        return this;
    }

    /** Moves to the next word; false when there is none. */
    boolean next() {
        int i = pos;
        int letterLength = 0;
        while (i < end && (letterLength = letterLength(i)) <= 0) {
            i += Math.max(1, -letterLength);
        }
        if (i >= end) {
            pos = end;
            return false;
        }
        wordStart = i;
        do {
            i += letterLength;
        } while (i < end && (letterLength = letterLength(i)) > 0);
        wordEnd = i;
        pos = i;
        return true;
    }

    /** Index in the array of the current word's first byte. */
    int start() {
        return wordStart;
    }

    /** Length in bytes of the current word. */
    int length() {
        return wordEnd - wordStart;
    }

    /** The byte length of the letter at {@code i}, or minus the length of the separator there. */
    private int letterLength(int i) {
        int b = bytes[i] & 0xff;
        if (b < 0x80) {
            return ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') ? 1 : -1;
        }
        int n = sequenceLength(i, b);
        if (n <= 0) {
            return -1;
        }
        return Character.isLetter(codePoint(i, b, n)) ? n : -n;
    }

    /** Length of a valid UTF-8 sequence with lead byte {@code b} at {@code i}, or 0 if invalid. */
    private int sequenceLength(int i, int b) {
        int n;
        int min2 = 0x80;
        int max2 = 0xbf;
        if (b >= 0xc2 && b <= 0xdf) {
            n = 2;
        } else if (b >= 0xe0 && b <= 0xef) {
            n = 3;
            min2 = b == 0xe0 ? 0xa0 : 0x80;
            max2 = b == 0xed ? 0x9f : 0xbf;
        } else if (b >= 0xf0 && b <= 0xf4) {
            n = 4;
            min2 = b == 0xf0 ? 0x90 : 0x80;
            max2 = b == 0xf4 ? 0x8f : 0xbf;
        } else {
            return 0;
        }
        return i + n <= end && continuationsValid(i, n, min2, max2) ? n : 0;
    }

    private boolean continuationsValid(int i, int n, int min2, int max2) {
        int second = bytes[i + 1] & 0xff;
        if (second < min2 || second > max2) {
            return false;
        }
        for (int k = 2; k < n; k++) {
            if ((bytes[i + k] & 0xc0) != 0x80) {
                return false;
            }
        }
        return true;
    }

    private int codePoint(int i, int b, int n) {
        int cp = b & (0xff >> (n + 1));
        for (int k = 1; k < n; k++) {
            cp = (cp << 6) | (bytes[i + k] & 0x3f);
        }
        return cp;
    }
}
