package io.gristmill.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * With no standby: the test restarts the killed coordinator on the same state dir (as a supervisor would), and it
 * resumes the job from the journal.
 */
class CoordinatorRestartAtEachPhaseTest extends CoordinatorLossAtEachPhase {
    @Override
    String submit(Path output, Map<String, String> params) throws Exception {
        return cluster.submit(jar, spec(output, params)).getString("id");
    }

    @Override
    void resumeElsewhere() throws Exception {
        cluster.restartCoordinator();
    }
}
