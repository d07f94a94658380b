package org.jitsi.signalsidecar.consul;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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
 * @param modifyIndex the Raft index of the latest write to the key (unsigned 64-bit): a higher one means a newer write
 * @param value       the decoded value as UTF-8 text; empty when the key has no value
 */
public record KvEntry(String key, long modifyIndex, Optional<String> value) {
    private static final JsonFactory JSON = new JsonFactory();

    public KvEntry {
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
            return entry(p);
        } catch (IOException e) {
            throw new MalformedKvException("Consul's answer is not valid JSON: " + Text.oneLine(e.getMessage()));
        }
    }

    /** Parses the array of a recursive read ({@code ?recurse}): every entry under the prefix, in key order. */
    static List<KvEntry> parseList(byte[] body) throws MalformedKvException {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new MalformedKvException("Consul's answer is not a JSON array");
            }
            List<KvEntry> entries = new ArrayList<>();
            while (p.nextToken() == JsonToken.START_OBJECT) {
                entries.add(entry(p));
            }
            return List.copyOf(entries);
        } catch (IOException e) {
            throw new MalformedKvException("Consul's answer is not valid JSON: " + Text.oneLine(e.getMessage()));
        }
    }

    /** The object at the parser's {@code START_OBJECT}, up to its end. */
    private static KvEntry entry(JsonParser p) throws IOException, MalformedKvException {
        String key = null;
        Long modifyIndex = null;
        Optional<String> value = Optional.empty();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken token = p.nextToken();
            switch (name) {
                case "Key" -> key = token == JsonToken.VALUE_STRING ? p.getText() : null;
                case "ModifyIndex" -> modifyIndex = token == JsonToken.VALUE_NUMBER_INT ? unsigned(p.getText()) : null;
                case "Value" -> value = switch (token) {
                    case VALUE_NULL -> Optional.empty();
                    case VALUE_STRING -> Optional.of(decode(p.getText()));
                    default -> throw new MalformedKvException("the KV entry's Value is not a string");
                };
                default -> p.skipChildren();
            }
        }
        if (key == null || modifyIndex == null) {
            throw new MalformedKvException("the KV entry lacks its Key or ModifyIndex");
        }
        return new KvEntry(key, modifyIndex, value);
    }

    /** A Raft index: an unsigned 64-bit number, so one above 2^63 is a valid index, not an overflow. */
    private static Long unsigned(String digits) {
        try {
            return Long.parseUnsignedLong(digits);
        } catch (NumberFormatException e) {
            return null;
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
