package io.gristmill.coordinator.internal.recovery;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * How journal entries turn values (a job's spec, its splits) into JSON and back: Jackson, with durations as ISO-8601
 * text, since the journal must read back exactly what a coordinator of an earlier term wrote.
 */
final class JournalJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(new SimpleModule("durations")
                    .addSerializer(Duration.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                            gen.writeString(value.toString());
                        }
                    })
                    .addDeserializer(Duration.class, new JsonDeserializer<>() {
                        @Override
                        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                            return Duration.parse(p.getValueAsString());
                        }
                    }));

    private JournalJson() {
    }

    @SuppressWarnings("unchecked")
    static JsonObject toJson(Object value) {
        return new JsonObject(MAPPER.convertValue(value, Map.class));
    }

    static <T> T fromJson(JsonObject json, Class<T> type) {
        return MAPPER.convertValue(json.getMap(), type);
    }
}
