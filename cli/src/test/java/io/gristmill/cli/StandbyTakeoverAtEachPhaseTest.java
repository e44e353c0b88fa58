package io.gristmill.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With a standby running: the standby takes over from the killed coordinator and resumes the job, while
 * {@code gristmill submit --wait --coordinator ACTIVE,STANDBY}, a process of its own, follows the job there and exits
 * 0. A new standby is started for the next phase while the job finishes.
 */
class StandbyTakeoverAtEachPhaseTest extends CoordinatorLossAtEachPhase {
    private static final Pattern JOB_ID = Pattern.compile("job-\\d{8}-\\d{6}-\\d+");
    private final Map<String, Process> submitters = new HashMap<>();
    private final Map<String, String> submitterRoles = new HashMap<>();
    private Process standby;

    @Override
    void started() throws Exception {
        standby = cluster.startStandby();
    }

    @Override
    String submit(Path output, Map<String, String> params) throws Exception {
        String role = "submit-" + output.getFileName();
        List<String> args = new ArrayList<>(submitArguments(output, params));
        args.addAll(List.of("--wait", "--coordinator", cluster.url() + "," + cluster.standbyUrl(standby)));
        Process submitter = cluster.cli(role, args);
        String id = ProcessCluster.poll(TIMEOUT, () -> jobId(cluster.output(role)), found -> found != null || !submitter.isAlive());
        assertTrue(id != null, "no job id from gristmill submit: " + cluster.output(role));
        submitters.put(id, submitter);
        submitterRoles.put(id, role);
        return id;
    }

    private static String jobId(String printed) {
        Matcher m = JOB_ID.matcher(printed);
        return m.find() ? m.group() : null;
    }

    @Override
    void resumeElsewhere() throws Exception {
        cluster.awaitTakeoverBy(standby);
    }

    @Override
    void released() throws Exception {
        standby = cluster.startStandby();
    }

    @Override
    void assertSubmitterSawSuccess(String id) throws Exception {
        Process submitter = submitters.get(id);
        String role = submitterRoles.get(id);
        assertTrue(submitter.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "submit --wait still waiting: " + cluster.output(role));
        assertEquals(0, submitter.exitValue(), "submit --wait across the takeover: " + cluster.output(role));
    }
}
