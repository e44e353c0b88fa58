package io.gristmill.samples;

import io.gristmill.api.Emitter;
import io.gristmill.api.Job;
import io.gristmill.api.JobDefinition;
import io.gristmill.api.Mapper;
import io.gristmill.api.MutableLong;
import io.gristmill.api.Serdes;
import io.gristmill.api.Text;

import java.util.Map;

/** The last step of {@link PageRank} (map-only): {@code node<TAB>rank<TAB>links} lines become {@code node<TAB>rank}. */
public class PageRankOutput implements JobDefinition {
    public PageRankOutput() {
    }

    @Override
    public Job define(Map<String, String> params) {
        return Job.builder()
                .mapper(RankOnly::new)
                .mapOutput(Serdes.string(), Serdes.string())
                .build();
    }

    static final class RankOnly implements Mapper<MutableLong, Text, String, String> {
        @Override
        public void map(MutableLong offset, Text line, Emitter<String, String> out) throws Exception {
            PageRankRound.Node node = PageRankRound.Node.parse(line.toString());
            out.emit(node.name(), Double.toString(node.rank()));
        }
    }
}
