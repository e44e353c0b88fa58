package io.gristmill.samples;

import io.gristmill.api.Emitter;
import io.gristmill.api.Job;
import io.gristmill.api.JobDefinition;
import io.gristmill.api.Mapper;
import io.gristmill.api.MergeCombiner;
import io.gristmill.api.MutableLong;
import io.gristmill.api.Reducer;
import io.gristmill.api.Serdes;
import io.gristmill.api.Text;

import java.io.IOException;
import java.util.Map;

/**
 * The canonical word count: how often each word occurs in the input.
 *
 * <p>A word is a maximal run of code points for which {@link Character#isLetter(int)} is true; case is kept, so
 * {@code The} and {@code the} are different words. Digits, underscores, apostrophes, punctuation, emoji and
 * invalid UTF-8 bytes separate words ({@code don't} is {@code don} and {@code t}). Output lines are
 * {@code word<TAB>count}, sorted by word in UTF-8 byte (code-point) order within each {@code part-r-*} file.
 *
 * <p>Built for speed: the mapper scans the line's UTF-8 bytes in place (ASCII fast path, decoding only non-ASCII
 * sequences) and emits a reused {@link Text} view of each word with a reused count of 1, so it allocates nothing
 * per word; a merge combiner adds counts in the map-side hash table. No parameters.
 */
public class WordCount implements JobDefinition {
    public WordCount() {
    }

    @Override
    public Job define(Map<String, String> params) {
        return Job.builder()
                .mapper(WordMapper::new)
                .mergeCombiner(MergeCombiner.sumOfLongs())
                .reducer(SumReducer::new)
                .mapOutput(Serdes.text(), Serdes.mutableLongs())
                .build();
    }

    /** Emits {@code (word, 1)} for every word of a line. */
    static final class WordMapper implements Mapper<MutableLong, Text, Text, MutableLong> {
        private final WordScanner scanner = new WordScanner();
        private final Text word = new Text();
        private final MutableLong one = new MutableLong(1);

        @Override
        public void map(MutableLong offset, Text line, Emitter<Text, MutableLong> out) throws IOException {
            byte[] bytes = line.bytes();
            scanner.reset(bytes, line.offset(), line.length());
            while (scanner.next()) {
                out.emit(word.wrap(bytes, scanner.start(), scanner.length()), one);
            }
        }
    }

    /** Sums the counts of a word. */
    static final class SumReducer implements Reducer<Text, MutableLong, Text, MutableLong> {
        private final MutableLong sum = new MutableLong();

        @Override
        public void reduce(Text word, Iterable<MutableLong> counts, Emitter<Text, MutableLong> out)
                throws IOException {
            sum.set(0);
            for (MutableLong count : counts) {
                sum.add(count.get());
            }
            out.emit(word, sum);
        }
    }
}
