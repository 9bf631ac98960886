package org.piwheels.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;

/** Serialises JSON documents: compact, ASCII only (non-ASCII as {@code \\uXXXX}, like 0.23), keys in insertion order. */
final class JsonText {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();

    private JsonText() {
    }

    static byte[] bytes(Object document) {
        try {
            return MAPPER.writeValueAsString(document).getBytes(StandardCharsets.US_ASCII);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON document", e);
        }
    }
}
