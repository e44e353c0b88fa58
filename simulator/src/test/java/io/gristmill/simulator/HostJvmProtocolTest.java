package io.gristmill.simulator;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class HostJvmProtocolTest {
    @Test
    void trafficTravelsAsOneLineAndBackIntact() {
        Map<String, BusCounters.Tally> traffic = new TreeMap<>(Map.of(
                "worker->coordinator ATTEMPT_UPDATE(end)", new BusCounters.Tally(3, 1500, 600),
                "coordinator->worker RUN", new BusCounters.Tally(2, 900, 500)));

        String line = HostJvmProtocol.answer(HostJvmProtocol.encode(traffic));

        assertEquals(traffic, HostJvmProtocol.decode(HostJvmProtocol.parse(line)));
    }

    @Test
    void linesThatAreNotAnswersAreSkipped() {
        assertNull(HostJvmProtocol.parse("[0.5s][info][jfr,startup] Started recording 1."));
    }

    @Test
    void theTrafficOfSeveralJvmsAddsUp_andTheLargestMessageIsTheLargestOfAll() {
        Map<String, BusCounters.Tally> sum = new TreeMap<>();
        HostJvmProtocol.merge(sum, Map.of("k", new BusCounters.Tally(1, 100, 100)));
        HostJvmProtocol.merge(sum, Map.of("k", new BusCounters.Tally(2, 50, 30)));

        assertEquals(new BusCounters.Tally(3, 150, 100), sum.get("k"));
    }
}
