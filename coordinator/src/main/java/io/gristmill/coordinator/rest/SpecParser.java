package io.gristmill.coordinator.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gristmill.cluster.Durations;
import io.gristmill.coordinator.JobSpec;
import io.gristmill.coordinator.SpecException;
import io.gristmill.cluster.SizeParser;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the JSON {@code spec} part of a submission (the fields of DESIGN.md's "Specification of a job"). Unknown
 * fields and values of the wrong type are rejected naming the field; range checks are {@link JobSpec.Builder}'s.
 * Sizes ({@code splitSize}, {@code sortBuffer}) are a number of bytes or a text such as {@code "64m"}; durations
 * ({@code planTimeout}, {@code taskTimeout}) a number of seconds or a text such as {@code "5m"}.
 */
final class SpecParser {
    static final Set<String> FIELDS = Set.of("jobClass", "input", "output", "reducers", "splitSize", "sortBuffer",
            "maxAttempts", "maxWorkerLosses", "params", "name", "planTimeout", "taskTimeout", "speculation",
            "maxSkippedRecords");

    private SpecParser() {
    }

    /** A checked spec that still needs its jar. */
    static final class ParsedSpec {
        private final List<Consumer<JobSpec.Builder>> setters;

        private ParsedSpec(List<Consumer<JobSpec.Builder>> setters) {
            this.setters = List.copyOf(setters);
        }

        /** Builds the spec for {@code jar}; fails with the builder's range errors. */
        JobSpec build(Path jar) throws SpecException {
            return build(jar, List.of());
        }

        /** Builds the spec for {@code jar} shipping {@code sideFiles}; fails with the builder's errors. */
        JobSpec build(Path jar, List<JobSpec.SideFile> sideFiles) throws SpecException {
            JobSpec.Builder builder = JobSpec.builder(jar).sideFiles(sideFiles);
            setters.forEach(setter -> setter.accept(builder));
            return builder.build();
        }
    }

    static ParsedSpec parse(String json) throws SpecException {
        if (json == null || json.isBlank()) {
            throw new SpecException("spec", "the spec part is missing or empty: send a JSON object as part 'spec'");
        }
        JsonNode root;
        try {
            root = Responses.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SpecException("spec", "spec is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(root instanceof ObjectNode object)) {
            throw new SpecException("spec", "spec must be a JSON object");
        }
        List<Consumer<JobSpec.Builder>> setters = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            if (!entry.getValue().isNull()) {
                setters.add(setter(entry.getKey(), entry.getValue()));
            } else if (!FIELDS.contains(entry.getKey())) {
                throw unknown(entry.getKey());
            }
        }
        return new ParsedSpec(setters);
    }

    private static Consumer<JobSpec.Builder> setter(String field, JsonNode value) throws SpecException {
        return switch (field) {
            case "jobClass" -> {
                String v = text(field, value);
                yield b -> b.jobClass(v);
            }
            case "input" -> {
                List<String> v = strings(field, value);
                yield b -> b.input(v);
            }
            case "output" -> {
                String v = text(field, value);
                yield b -> b.output(v);
            }
            case "reducers" -> {
                int v = integer(field, value);
                yield b -> b.reducers(v);
            }
            case "splitSize" -> {
                long v = size(field, value);
                yield b -> b.splitSize(v);
            }
            case "sortBuffer" -> {
                long v = size(field, value);
                yield b -> b.sortBuffer(v);
            }
            case "maxAttempts" -> {
                int v = integer(field, value);
                yield b -> b.maxAttempts(v);
            }
            case "maxWorkerLosses" -> {
                int v = integer(field, value);
                yield b -> b.maxWorkerLosses(v);
            }
            case "params" -> {
                Map<String, String> v = params(value);
                yield b -> b.params(v);
            }
            case "name" -> {
                String v = text(field, value);
                yield b -> b.name(v);
            }
            case "planTimeout" -> {
                Duration v = duration(field, value);
                yield b -> b.planTimeout(v);
            }
            case "taskTimeout" -> {
                Duration v = duration(field, value);
                yield b -> b.taskTimeout(v);
            }
            case "speculation" -> {
                if (!value.isBoolean()) {
                    throw new SpecException(field, "speculation must be true or false, got " + value);
                }
                boolean v = value.booleanValue();
                yield b -> b.speculation(v);
            }
            case "maxSkippedRecords" -> {
                int v = integer(field, value);
                yield b -> b.maxSkippedRecords(v);
            }
            default -> throw unknown(field);
        };
    }

    private static SpecException unknown(String field) {
        return new SpecException(field, "unknown spec field '" + field + "'; known fields: "
                + String.join(", ", FIELDS.stream().sorted().toList()));
    }

    private static String text(String field, JsonNode value) throws SpecException {
        if (!value.isTextual()) {
            throw new SpecException(field, field + " must be a string");
        }
        return value.textValue();
    }

    private static List<String> strings(String field, JsonNode value) throws SpecException {
        if (value.isTextual()) {
            return List.of(value.textValue());
        }
        if (!value.isArray()) {
            throw new SpecException(field, field + " must be an array of strings");
        }
        List<String> result = new ArrayList<>();
        for (JsonNode item : value) {
            result.add(text(field, item));
        }
        return result;
    }

    private static int integer(String field, JsonNode value) throws SpecException {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new SpecException(field, field + " must be a whole number, got " + value);
        }
        return value.intValue();
    }

    private static long size(String field, JsonNode value) throws SpecException {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isTextual()) {
            try {
                return SizeParser.parse(value.textValue());
            } catch (IllegalArgumentException e) {
                throw new SpecException(field, field + ": " + e.getMessage());
            }
        }
        throw new SpecException(field, field + " must be a number of bytes or a size such as \"64m\", got " + value);
    }

    /** A duration such as {@code "5m"}, {@code "30s"}, {@code "500ms"}, or a number of seconds. */
    private static Duration duration(String field, JsonNode value) throws SpecException {
        if (value.isIntegralNumber() && value.canConvertToLong() && value.longValue() >= 0
                && value.longValue() <= Long.MAX_VALUE / 1000) {
            return Duration.ofSeconds(value.longValue());
        }
        if (value.isTextual()) {
            try {
                return Durations.parse(value.textValue());
            } catch (IllegalArgumentException e) {
                throw new SpecException(field, field + ": " + e.getMessage());
            }
        }
        throw new SpecException(field, field + " must be a duration such as \"5m\" or a number of seconds, got " + value);
    }

    private static Map<String, String> params(JsonNode value) throws SpecException {
        if (!value.isObject()) {
            throw new SpecException("params", "params must be an object of names to values");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            JsonNode v = entry.getValue();
            if (!v.isValueNode() || v.isNull()) {
                throw new SpecException("params", "param '" + entry.getKey() + "' must be a string, number or boolean");
            }
            result.put(entry.getKey(), v.asText());
        }
        return result;
    }
}
