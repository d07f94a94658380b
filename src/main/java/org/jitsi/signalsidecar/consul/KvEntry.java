package org.jitsi.signalsidecar.consul;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.jitsi.signalsidecar.lifecycle.Text;

import static java.util.Objects.requireNonNull;

/**
 * One Consul KV entry as {@code GET /v1/kv/<key>} returns it: a JSON array with one object whose
 * {@code Value} is base64 (or {@code null} for a key without a value). Only the fields the watch
 * uses are kept; the others ({@code LockIndex}, {@code Flags}, {@code CreateIndex}, {@code Session})
 * are skipped.
 *
 * @param key         the entry's key
 * @param modifyIndex the Raft index of the latest write to the key: a new one means a new write
 * @param value       the decoded value as UTF-8 text; empty when the key has no value
 */
record KvEntry(String key, long modifyIndex, Optional<String> value) {
    private static final JsonFactory JSON = new JsonFactory();

    KvEntry {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
    }

    /** Parses the array form of a single-key read; fails on anything else. */
    static KvEntry parse(byte[] body) throws MalformedKvException {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new MalformedKvException("Consul's answer is not a JSON array");
            }
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedKvException("Consul's answer holds no KV entry");
            }
            String key = null;
            long modifyIndex = -1;
            Optional<String> value = Optional.empty();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken token = p.nextToken();
                switch (name) {
                    case "Key" -> key = token == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "ModifyIndex" -> modifyIndex = token == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                    case "Value" -> value = switch (token) {
                        case VALUE_NULL -> Optional.empty();
                        case VALUE_STRING -> Optional.of(decode(p.getText()));
                        default -> throw new MalformedKvException("the KV entry's Value is not a string");
                    };
                    default -> p.skipChildren();
                }
            }
            if (key == null || modifyIndex < 0) {
                throw new MalformedKvException("the KV entry lacks its Key or ModifyIndex");
            }
            return new KvEntry(key, modifyIndex, value);
        } catch (IOException e) {
            throw new MalformedKvException("Consul's answer is not valid JSON: " + Text.oneLine(e.getMessage()));
        }
    }

    private static String decode(String base64) throws MalformedKvException {
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new MalformedKvException("the KV entry's Value is not base64");
        }
    }
}
