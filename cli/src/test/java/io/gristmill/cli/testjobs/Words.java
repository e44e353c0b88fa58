package io.gristmill.cli.testjobs;

import io.gristmill.api.Emitter;
import io.gristmill.api.MutableLong;
import io.gristmill.api.Text;

/** The canonical word of DESIGN.md for the test jobs: a maximal run of letters, case kept. */
final class Words {
    private Words() {
    }

    /** Emits {@code (word, one)} for every word of {@code text}, reusing {@code word}. */
    static void emitEach(String text, Text word, MutableLong one, Emitter<Text, MutableLong> out) throws Exception {
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (!Character.isLetter(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            while (i < text.length() && Character.isLetter(text.codePointAt(i))) {
                i += Character.charCount(text.codePointAt(i));
            }
            word.set(text.substring(start, i));
            out.emit(word, one);
        }
    }
}
