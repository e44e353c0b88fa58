package io.gristmill.client;

import io.gristmill.client.internal.Json;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A spec's JSON uses the API's field names, leaves unset fields out and keeps parameters in the order given. */
class JobSpecTest {
    @Test
    void everyFieldGoesUnderItsApiName_unsetOnesAreLeftOut() throws Exception {
        JobSpec spec = JobSpec.builder().jobClass("com.example.Job").input(List.of("/in")).output("/out").reducers(0)
                .splitSize(1 << 20).sortBuffer("64m").maxAttempts(2).maxWorkerLosses(5).planTimeout("30s")
                .taskTimeout(Duration.ofMinutes(2)).speculation(false).maxSkippedRecords(3).name("n")
                .param("b", "2").param("a", "1").build();

        assertEquals("{\"jobClass\":\"com.example.Job\",\"input\":[\"/in\"],\"output\":\"/out\",\"reducers\":0,"
                + "\"splitSize\":1048576,\"sortBuffer\":\"64m\",\"maxAttempts\":2,\"maxWorkerLosses\":5,\"planTimeout\":\"30s\","
                + "\"taskTimeout\":\"120000ms\",\"speculation\":false,\"maxSkippedRecords\":3,\"name\":\"n\","
                + "\"params\":{\"b\":\"2\",\"a\":\"1\"}}", Json.MAPPER.writeValueAsString(spec.fields()));
        assertEquals("{}", Json.MAPPER.writeValueAsString(JobSpec.builder().build().fields()));
    }

    @Test
    void missingValuesFailFastNamingTheField() {
        assertEquals("input: give at least one path",
                assertThrows(IllegalArgumentException.class, () -> JobSpec.builder().input(List.of())).getMessage());
        assertEquals("output", assertThrows(NullPointerException.class, () -> JobSpec.builder().output(null)).getMessage());
        assertEquals("value", assertThrows(NullPointerException.class, () -> JobSpec.builder().param("k", null)).getMessage());
    }
}
