package io.gristmill.samples;

import io.gristmill.api.Emitter;
import io.gristmill.api.Job;
import io.gristmill.api.JobDefinition;
import io.gristmill.api.Mapper;
import io.gristmill.api.MutableLong;
import io.gristmill.api.Reducer;
import io.gristmill.api.Serdes;
import io.gristmill.api.TaskContext;
import io.gristmill.api.Text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The {@code k} (parameter, default 10) lines {@code name<TAB>count} with the largest counts, largest first; equal
 * counts go by name in code-point order. Input: lines {@code name<TAB>count} such as {@link WordCount} writes.
 *
 * <p>Each map task keeps its own top k in a bounded heap and emits it at the end under one key, so the single reduce
 * call sees at most k records per map task and never the whole input. Run it with one reducer (the
 * {@link TopKWords} pipeline does); with more, every reducer but one writes nothing. A line without a tab and a
 * number after it is counted in {@code topk.malformed} and skipped.
 */
public class TopK implements JobDefinition {
    static final String K = "k";
    public TopK() {
    }

    @Override
    public Job define(Map<String, String> params) {
        k(params);
        return Job.builder()
                .mapper(LocalTop::new)
                .reducer(GlobalTop::new)
                .mapOutput(Serdes.string(), Serdes.string())
                .build();
    }

    static int k(Map<String, String> params) {
        String text = params.getOrDefault(K, "10");
        try {
            int k = Integer.parseInt(text.trim());
            if (k < 1) {
                throw new IllegalArgumentException("job parameter 'k' must be at least 1, got " + k);
            }
            return k;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("job parameter 'k' must be a whole number, got '" + text + "'");
        }
    }

    /** One ranked line. */
    record Entry(String name, long count) {
        static Entry parse(String line) {
            int tab = line.lastIndexOf('\t');
            if (tab < 0) {
                return null;
            }
            try {
                return new Entry(line.substring(0, tab), Long.parseLong(line.substring(tab + 1).trim()));
            } catch (NumberFormatException e) {
                return null;
            }
        }

        String line() {
            return name + "\t" + count;
        }
    }

    /** The top k seen so far, worst at the head so it is the one dropped. */
    static final class TopHeap {
        private final int k;
        private final PriorityQueue<Entry> heap;

        TopHeap(int k) {
            this.k = k;
            this.heap = new PriorityQueue<>(BY_RANK.reversed());
        }

        void offer(Entry entry) {
            heap.add(entry);
            if (heap.size() > k) {
                heap.poll();
            }
        }

        /** Best first. */
        List<Entry> ranked() {
            List<Entry> entries = new ArrayList<>(heap);
            entries.sort(BY_RANK);
            return entries;
        }
    }

    /** Most first; among equal counts, the smaller name first, by code point (word count's order, not UTF-16's). */
    static final Comparator<Entry> BY_RANK = Comparator.comparingLong(Entry::count).reversed()
            .thenComparing((a, b) -> compareCodePoints(a.name(), b.name()));

    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** Keeps the map task's top k; emits them under one key when the task's input ends. */
    static final class LocalTop implements Mapper<MutableLong, Text, String, String> {
        private TopHeap top;
        private TaskContext context;

        @Override
        public void setup(TaskContext context) {
            this.context = context;
            this.top = new TopHeap(k(context.params()));
        }

        @Override
        public void map(MutableLong offset, Text line, Emitter<String, String> out) {
            Entry entry = Entry.parse(line.toString());
            if (entry == null) {
                context.counter("topk", "malformed").increment(1);
                return;
            }
            top.offer(entry);
        }

        @Override
        public void cleanup(Emitter<String, String> out) throws Exception {
            for (Entry entry : top.ranked()) {
                out.emit("", entry.line());
            }
        }
    }

    /** Merges the map tasks' top k lists into the global top k, written best first. */
    static final class GlobalTop implements Reducer<String, String, String, Long> {
        private TopHeap top;

        @Override
        public void setup(TaskContext context) {
            this.top = new TopHeap(k(context.params()));
        }

        @Override
        public void reduce(String key, Iterable<String> lines, Emitter<String, Long> out) throws Exception {
            for (String line : lines) {
                top.offer(Entry.parse(line));
            }
            for (Entry entry : top.ranked()) {
                out.emit(entry.name(), entry.count());
            }
        }
    }
}
