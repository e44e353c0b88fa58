package io.gristmill.client;

/** Job status JSON as the coordinator sends it, for fake coordinators. */
final class Jobs {
    private Jobs() {
    }

    static String json(String id, String state, int mapsDone, long words) {
        return """
                {"id": "%s", "name": "WordCount", "state": "%s", "output": "/tmp/out", "params": {},
                 "submittedAt": 1, "startedAt": 2, "finishedAt": 0,
                 "maps": {"total": 4, "pending": 0, "running": 0, "succeeded": %d, "failed": 0, "killed": 0, "progress": 0.5},
                 "reduces": {"total": 1, "pending": 1, "running": 0, "succeeded": 0, "failed": 0, "killed": 0, "progress": 0},
                 "counters": {"gristmill": {"MAP_INPUT_RECORDS": 10}, "wordcount": {"words": %d}},
                 "error": null, "errorTask": null, "errorStackTrace": null, "skippedRecords": [], "excludedWorkers": {},
                 "aFieldFromTheFuture": {"x": 1}}
                """.formatted(id, state, mapsDone, words);
    }
}
