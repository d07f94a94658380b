package org.jitsi.signalsidecar.consul;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KvEntryTest {
    private static KvEntry parse(String json) throws MalformedKvException {
        return KvEntry.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsConsulsDocumentedForm() throws MalformedKvException {
        KvEntry entry = parse("[{\"CreateIndex\":100,\"ModifyIndex\":200,\"LockIndex\":200,\"Key\":\"zip\",\"Flags\":0,"
                + "\"Value\":\"ZHJhaW4=\",\"Session\":\"adf4238a-882b-9ddc-4a9d-5b6758e4159e\"}]");
        assertThat(entry).isEqualTo(new KvEntry("zip", 200, Optional.of("drain")));
    }

    @Test
    void aKeyWithoutAValueHasNone() throws MalformedKvException {
        assertThat(parse("[{\"LockIndex\":0,\"Key\":\"k\",\"Flags\":0,\"Value\":null,\"CreateIndex\":3,\"ModifyIndex\":3}]")
                .value()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "[]", "[1]", "[{\"Key\":\"k\"}]", "[{\"ModifyIndex\":3}]",
        "[{\"Key\":\"k\",\"ModifyIndex\":3,\"Value\":\"not base64!\"}]",
        "[{\"Key\":\"k\",\"ModifyIndex\":3,\"Value\":7}]", "[{\"Key\":\"k\",\"ModifyIndex\":3,"})
    void anythingElseIsMalformed(String body) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(MalformedKvException.class);
    }
}
