package io.gristmill.samples;

import io.gristmill.api.Emitter;
import io.gristmill.api.Job;
import io.gristmill.api.JobDefinition;
import io.gristmill.api.Mapper;
import io.gristmill.api.MergeCombiner;
import io.gristmill.api.MutableLong;
import io.gristmill.api.Reducer;
import io.gristmill.api.Serdes;
import io.gristmill.api.TaskContext;
import io.gristmill.api.Text;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;

/**
 * An inverted index: for every word, the documents it occurs in.
 *
 * <p>Words are defined as in {@link WordCount}; a document is an input file, named by its file name alone (not its
 * folder), so files with the same name in different folders count as one document. Output lines are
 * {@code word<TAB>doc1,doc2,...} with the documents sorted in UTF-8 byte order and listed once each; a file name
 * that contains a comma is written as is, which makes such a line ambiguous.
 *
 * <p>The intermediate value is a document set: sorted, distinct file names separated by NUL bytes (which no file
 * name contains). The merge combiner takes the union of two sets, which is associative, commutative and
 * idempotent, so the result is right however often the combiner runs, on whatever subsets. The reducer collects
 * the documents of one word in memory: at most one entry per input file, which is fine for any realistic number
 * of files. No parameters.
 */
public class InvertedIndex implements JobDefinition {
    static final byte SEPARATOR = 0;

    /** Union of two document sets, into the accumulator. */
    static final MergeCombiner<Text> UNION = InvertedIndex::union;

    public InvertedIndex() {
    }

    @Override
    public Job define(Map<String, String> params) {
        return Job.builder()
                .mapper(DocumentMapper::new)
                .mergeCombiner(UNION)
                .reducer(DocumentListReducer::new)
                .mapOutput(Serdes.text(), Serdes.text())
                .build();
    }

    static Text union(Text acc, Text other) {
        if (acc.equals(other)) {
            return acc;
        }
        byte[] merged = new byte[acc.length() + other.length() + 1];
        int n = 0;
        int i = acc.offset();
        int iEnd = acc.offset() + acc.length();
        int j = other.offset();
        int jEnd = other.offset() + other.length();
        byte[] a = acc.bytes();
        byte[] b = other.bytes();
        while (i < iEnd || j < jEnd) {
            int ie = i < iEnd ? elementEnd(a, i, iEnd) : i;
            int je = j < jEnd ? elementEnd(b, j, jEnd) : j;
            int cmp = i >= iEnd ? 1 : j >= jEnd ? -1 : Arrays.compareUnsigned(a, i, ie, b, j, je);
            n = append(merged, n, cmp <= 0 ? a : b, cmp <= 0 ? i : j, cmp <= 0 ? ie - i : je - j);
            i = cmp <= 0 ? ie + 1 : i;
            j = cmp >= 0 ? je + 1 : j;
        }
        return acc.set(merged, 0, n);
    }

    private static int elementEnd(byte[] bytes, int from, int end) {
        int k = from;
        while (k < end && bytes[k] != SEPARATOR) {
            k++;
        }
        return k;
    }

    private static int append(byte[] target, int n, byte[] source, int from, int length) {
        if (n > 0) {
            target[n++] = SEPARATOR;
        }
        System.arraycopy(source, from, target, n, length);
        return n + length;
    }

    /** Emits {@code (word, this split's file name)} for every word. */
    static final class DocumentMapper implements Mapper<MutableLong, Text, Text, Text> {
        private final WordScanner scanner = new WordScanner();
        private final Text word = new Text();
        private final Text document = new Text();

        @Override
        public void setup(TaskContext context) {
            document.set(Path.of(context.split().path()).getFileName().toString());
        }

        @Override
        public void map(MutableLong offset, Text line, Emitter<Text, Text> out) throws IOException {
            byte[] bytes = line.bytes();
            scanner.reset(bytes, line.offset(), line.length());
            while (scanner.next()) {
                out.emit(word.wrap(bytes, scanner.start(), scanner.length()), document);
            }
        }
    }

    /** Writes the sorted, distinct documents of a word, comma separated. */
    static final class DocumentListReducer implements Reducer<Text, Text, Text, Text> {
        private final Text probe = new Text();
        private final Text list = new Text();
        private byte[] buffer = new byte[256];

        @Override
        public void reduce(Text word, Iterable<Text> documentSets, Emitter<Text, Text> out) throws IOException {
            TreeSet<Text> documents = new TreeSet<>();
            for (Text set : documentSets) {
                addAll(set, documents);
            }
            out.emit(word, join(documents));
        }

        private void addAll(Text set, TreeSet<Text> documents) {
            byte[] bytes = set.bytes();
            int end = set.offset() + set.length();
            for (int i = set.offset(); i <= end; ) {
                int e = elementEnd(bytes, i, end);
                if (!documents.contains(probe.wrap(bytes, i, e - i))) {
                    documents.add(probe.copy());
                }
                i = e + 1;
            }
        }

        private Text join(TreeSet<Text> documents) {
            int n = 0;
            for (Text doc : documents) {
                int needed = n + doc.length() + 1;
                if (needed > buffer.length) {
                    buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
                }
                if (n > 0) {
                    buffer[n++] = ',';
                }
                System.arraycopy(doc.bytes(), doc.offset(), buffer, n, doc.length());
                n += doc.length();
            }
            return list.wrap(buffer, 0, n);
        }
    }
}
