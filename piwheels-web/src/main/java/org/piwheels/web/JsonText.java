package org.piwheels.web;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes JSON documents with Jackson's streaming generator: compact, ASCII only
 * (non-ASCII as a {@code \\u} escape of four hex digits, e.g. {@code \\u00e9}, like 0.23), keys in the order written. The
 * documents are streamed straight from the page data rather than built as maps
 * and serialised (the profile had the maps and their serialisation as the
 * biggest part of a whole-site write).
 */
final class JsonText {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();

    /** The body of one document. */
    @FunctionalInterface
    interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private JsonText() {
    }

    /** @return the document {@code body} writes, as bytes */
    static byte[] bytes(Body body) {
        return bytes(body, 256);
    }

    /** @param sizeHint the expected size, to size the buffer once */
    static byte[] bytes(Body body, int sizeHint) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint);
        try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            body.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a JSON document", e);
        }
        return out.toByteArray();
    }

    /** Writes a string, or {@code null}. */
    static void stringOrNull(JsonGenerator json, String field, String value) throws IOException {
        stringOrNull(json, new SerializedString(field), value);
    }

    /** Writes a string, or {@code null}, under a pre-encoded name. */
    static void stringOrNull(JsonGenerator json, SerializableString field, String value) throws IOException {
        json.writeFieldName(field);
        if (value == null) {
            json.writeNull();
        } else {
            json.writeString(value);
        }
    }
}
