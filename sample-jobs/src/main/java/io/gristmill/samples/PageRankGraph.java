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
import java.util.TreeSet;

/**
 * The first step of {@link PageRank}: from lines {@code from to}, one line per node, {@code node<TAB>1.0<TAB>links}
 * ({@code links}: the distinct nodes it links to, comma-separated, sorted; empty for none). Every node named on
 * either side of an edge gets a line. A line that is not two names is counted in {@code pagerank/malformed}.
 */
public class PageRankGraph implements JobDefinition {
    public PageRankGraph() {
    }

    @Override
    public Job define(Map<String, String> params) {
        return Job.builder()
                .mapper(EdgeMapper::new)
                .reducer(NodeReducer::new)
                .mapOutput(Serdes.string(), Serdes.string())
                .build();
    }

    /** Emits {@code (from, to)} for an edge and {@code (to, "")} so that a node with no links still gets a line. */
    static final class EdgeMapper implements Mapper<MutableLong, Text, String, String> {
        private TaskContext context;

        @Override
        public void setup(TaskContext context) {
            this.context = context;
        }

        @Override
        public void map(MutableLong offset, Text line, Emitter<String, String> out) throws Exception {
            String text = line.toString().trim();
            if (text.isEmpty() || text.startsWith("#")) {
                return;
            }
            String[] parts = text.split("[ \t]+");
            if (parts.length != 2 || parts[0].contains(",") || parts[1].contains(",")) {
                context.counter(PageRank.COUNTERS, "malformed").increment(1);
                return;
            }
            out.emit(parts[0], parts[1]);
            out.emit(parts[1], "");
        }
    }

    /** Writes a node with rank 1 and its distinct links. */
    static final class NodeReducer implements Reducer<String, String, String, String> {
        @Override
        public void reduce(String node, Iterable<String> targets, Emitter<String, String> out) throws Exception {
            TreeSet<String> links = new TreeSet<>();
            for (String target : targets) {
                if (!target.isEmpty()) {
                    links.add(target);
                }
            }
            out.emit(node, "1.0\t" + String.join(",", links));
        }
    }
}
