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

import java.util.Map;

/**
 * One round of {@link PageRank}: reads and writes lines {@code node<TAB>rank<TAB>links}. A node's new rank is
 * {@code (1 - damping) + damping * (sum of what its in-links pass on)}; each node passes {@code rank / links} to every
 * link. Counts in {@code pagerank/changed} the nodes whose rank moved by more than {@code epsilon}, which is what
 * ends the iteration. Ranks are written with {@link Double#toString}, which reads back exactly.
 */
public class PageRankRound implements JobDefinition {
    /** Marks the value that carries a node's own rank and links, apart from the shares it receives. */
    private static final String NODE = "N";
    private static final String SHARE = "S";

    public PageRankRound() {
    }

    @Override
    public Job define(Map<String, String> params) {
        damping(params);
        epsilon(params);
        return Job.builder()
                .mapper(ShareMapper::new)
                .reducer(RankReducer::new)
                .mapOutput(Serdes.string(), Serdes.string())
                .build();
    }

    static double damping(Map<String, String> params) {
        double d = number(params, PageRank.DAMPING, "0.85");
        if (!(d >= 0 && d <= 1)) {
            throw new IllegalArgumentException("job parameter 'damping' must be between 0 and 1, got " + d);
        }
        return d;
    }

    static double epsilon(Map<String, String> params) {
        double e = number(params, PageRank.EPSILON, "0.0001");
        if (!(e >= 0)) {
            throw new IllegalArgumentException("job parameter 'epsilon' must be at least 0, got " + e);
        }
        return e;
    }

    private static double number(Map<String, String> params, String name, String defaultValue) {
        String text = params.getOrDefault(name, defaultValue);
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("job parameter '" + name + "' must be a number, got '" + text + "'");
        }
    }

    /** A node line: name, rank, links. */
    record Node(String name, double rank, String[] links) {
        static Node parse(String line) {
            String[] fields = line.split("\t", -1);
            String[] links = fields.length < 3 || fields[2].isEmpty() ? new String[0] : fields[2].split(",");
            return new Node(fields[0], Double.parseDouble(fields[1]), links);
        }
    }

    /** Passes each node's rank on to its links, and the node itself (rank and links) to its own reducer. */
    static final class ShareMapper implements Mapper<MutableLong, Text, String, String> {
        @Override
        public void map(MutableLong offset, Text line, Emitter<String, String> out) throws Exception {
            Node node = Node.parse(line.toString());
            out.emit(node.name(), NODE + node.rank() + "\t" + String.join(",", node.links()));
            for (String link : node.links()) {
                out.emit(link, SHARE + (node.rank() / node.links().length));
            }
        }
    }

    /** Sums a node's shares into its new rank and counts it when it moved by more than epsilon. */
    static final class RankReducer implements Reducer<String, String, String, String> {
        private double damping;
        private double epsilon;
        private TaskContext context;

        @Override
        public void setup(TaskContext context) {
            this.context = context;
            this.damping = damping(context.params());
            this.epsilon = epsilon(context.params());
        }

        @Override
        public void reduce(String node, Iterable<String> values, Emitter<String, String> out) throws Exception {
            double shares = 0;
            double old = 0;
            String links = "";
            for (String value : values) {
                if (value.startsWith(NODE)) {
                    int tab = value.indexOf('\t');
                    old = Double.parseDouble(value.substring(1, tab));
                    links = value.substring(tab + 1);
                } else {
                    shares += Double.parseDouble(value.substring(1));
                }
            }
            double rank = (1 - damping) + damping * shares;
            if (Math.abs(rank - old) > epsilon) {
                context.counter(PageRank.COUNTERS, PageRank.CHANGED).increment(1);
            }
            context.counter(PageRank.COUNTERS, "nodes").increment(1);
            out.emit(node, rank + "\t" + links);
        }
    }
}
