package io.gristmill.samples;

import io.gristmill.api.CounterCondition;
import io.gristmill.api.Pipeline;
import io.gristmill.api.PipelineDefinition;
import io.gristmill.api.Step;

import java.util.Map;

/**
 * PageRank over an edge list, as an iterative pipeline. Input: lines {@code from to} (separated by spaces or tabs;
 * blank lines and lines starting with {@code #} are skipped). Output: one line {@code node<TAB>rank} per node.
 *
 * <p>Ranks follow the original formulation {@code rank(n) = (1 - d) + d * sum(rank(m) / outDegree(m))} over the
 * nodes {@code m} linking to {@code n}, starting from 1 (so ranks sum to about the node count; a node without
 * outgoing links passes nothing on). Steps: {@code graph} ({@link PageRankGraph}) turns the edges into one line per
 * node with its rank and links; {@code rank} ({@link PageRankRound}) runs one round of the formula per job, and is
 * iterated until no node's rank changed by more than {@code epsilon} in a round (its counter
 * {@code pagerank/changed} is 0) or {@code maxRounds} rounds ran; {@code ranks} ({@link PageRankOutput}, map-only)
 * writes {@code node<TAB>rank}.
 *
 * <p>Parameters: {@code damping} d (default 0.85), {@code epsilon} (default 0.0001), {@code maxRounds} (default 50).
 */
public class PageRank implements PipelineDefinition {
    static final String DAMPING = "damping";
    static final String EPSILON = "epsilon";
    static final String MAX_ROUNDS = "maxRounds";
    /** The counter group of a round's job. */
    static final String COUNTERS = "pagerank";
    /** Nodes whose rank changed by more than epsilon in a round. */
    static final String CHANGED = "changed";

    public PageRank() {
    }

    @Override
    public Pipeline define(Map<String, String> params) {
        PageRankRound.damping(params);
        PageRankRound.epsilon(params);
        return Pipeline.builder()
                .step(Step.builder("graph", PageRankGraph.class).fromPipelineInput())
                .step(Step.builder("rank", PageRankRound.class).fromStep("graph")
                        .iterate(maxRounds(params), CounterCondition.atMost(COUNTERS, CHANGED, 0)))
                .step(Step.builder("ranks", PageRankOutput.class).fromStep("rank").reducers(0))
                .build();
    }

    static int maxRounds(Map<String, String> params) {
        String text = params.getOrDefault(MAX_ROUNDS, "50");
        try {
            int rounds = Integer.parseInt(text.trim());
            if (rounds < 1 || rounds > Step.MAX_ROUNDS) {
                throw new IllegalArgumentException("job parameter 'maxRounds' must be between 1 and " + Step.MAX_ROUNDS
                        + ", got " + rounds);
            }
            return rounds;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("job parameter 'maxRounds' must be a whole number, got '" + text + "'");
        }
    }
}
