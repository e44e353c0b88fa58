package io.gristmill.client;

import java.util.List;

/**
 * The coordinator's terms ({@code GET /api/v1/coordinator}): the term of the coordinator that answered, and every
 * term of its state dir, oldest first (which process was active when). Empty without a state dir.
 */
public record CoordinatorInfo(long term, List<Term> terms) {
    public CoordinatorInfo {
        terms = terms == null ? List.of() : terms;
    }

    /** One term: its number, the process that claimed it ({@code pid@host}), its REST URL and when it began. */
    public record Term(long number, String process, String url, long startedMillis) {
    }
}
