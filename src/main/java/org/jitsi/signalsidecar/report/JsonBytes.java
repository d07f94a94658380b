package org.jitsi.signalsidecar.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/** A JSON object written to memory: the sidecar's answers, its report and the Consul report are built here. */
public final class JsonBytes {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonBytes() {
    }

    /** Writes the fields of a JSON object (not its braces). */
    @FunctionalInterface
    public interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    /**
     * The object holding {@code fields}, as UTF-8 bytes.
     *
     * @param expectedSize about how many bytes it takes, to size the buffer once
     */
    public static byte[] object(int expectedSize, Fields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(expectedSize);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON to memory", e);
        }
        return out.toByteArray();
    }
}
