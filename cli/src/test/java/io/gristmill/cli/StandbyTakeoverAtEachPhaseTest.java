package io.gristmill.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With two standbys running: exactly one of them takes over from the killed coordinator and resumes the jobs, the
 * other stays passive and names the new active one, while each {@code gristmill submit --wait --coordinator
 * ACTIVE,STANDBY,STANDBY}, a process of its own, follows its job there and exits 0.
 */
class StandbyTakeoverAtEachPhaseTest extends CoordinatorLossAtEachPhase {
    private static final Pattern JOB_ID = Pattern.compile("job-\\d{8}-\\d{6}-\\d+");
    private final Map<String, Process> submitters = new HashMap<>();
    private final Map<String, String> submitterRoles = new HashMap<>();
    private final List<Process> standbys = new ArrayList<>();
    private String activeBeforeKill;
    private String passiveAfterTakeover;

    @Override
    void started() throws Exception {
        standbys.add(cluster.startStandby());
        standbys.add(cluster.startStandby());
        for (Process standby : standbys) {
            HttpResponse<String> passive = get(cluster.standbyUrl(standby) + "/api/v1/jobs");
            assertEquals(503, passive.statusCode(), passive.body());
            assertEquals(cluster.url(), new JsonObject(passive.body()).getString("active"), "a standby names the active coordinator");
        }
        activeBeforeKill = cluster.url();
    }

    @Override
    String submit(Path output, Map<String, String> params) throws Exception {
        String role = "submit-" + output.getFileName();
        List<String> args = new ArrayList<>(submitArguments(output, params));
        args.addAll(List.of("--wait", "--coordinator", String.join(",", activeBeforeKill,
                cluster.standbyUrl(standbys.get(0)), cluster.standbyUrl(standbys.get(1)))));
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
        Process active = ProcessCluster.poll(Duration.ofSeconds(60), () -> standbys.stream()
                .filter(s -> isActive(cluster.standbyUrl(s))).findFirst().orElse(null), Objects::nonNull);
        assertNotNull(active, "no standby took over");
        String activeUrl = cluster.standbyUrl(active);
        cluster.useCoordinator(active, activeUrl);
        passiveAfterTakeover = cluster.standbyUrl(standbys.get(active == standbys.get(0) ? 1 : 0));
    }

    @Test
    void exactlyOneStandbyTookOver_theOtherNamesIt_andTheNewTermIsOnRecord() throws Exception {
        HttpResponse<String> stillPassive = get(passiveAfterTakeover + "/api/v1/jobs");
        assertEquals(503, stillPassive.statusCode(), "exactly one standby takes over: " + stillPassive.body());
        // the name travels through the cluster's map, written as the new one takes over: soon, not at once
        ProcessCluster.await("the other standby naming " + cluster.url(), () -> cluster.url().equals(new JsonObject(
                get(passiveAfterTakeover + "/api/v1/jobs").body()).getString("active")));
        String answer = get(cluster.url() + "/api/v1/coordinator").body();
        JsonArray terms = new JsonObject(answer).getJsonArray("terms", new JsonArray());
        assertEquals(2, terms.size(), "one term per coordinator that became active: " + answer);
    }

    @Override
    void assertSubmitterSawSuccess(String id) throws Exception {
        Process submitter = submitters.get(id);
        String role = submitterRoles.get(id);
        assertTrue(submitter.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "submit --wait still waiting: " + cluster.output(role));
        assertEquals(0, submitter.exitValue(), "submit --wait across the takeover: " + cluster.output(role));
    }

    private static boolean isActive(String url) {
        try {
            return ProcessCluster.isActive(url);
        } catch (Exception e) {
            return false;
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
