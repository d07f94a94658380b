package org.jitsi.signalsidecar.http.wire;

import java.nio.charset.StandardCharsets;

import io.helidon.http.RequestException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkExtensionsTest {
    private final ChunkExtensions chunks = new ChunkExtensions();

    private String pass(String text) {
        return new String(chunks.pass(text.getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII);
    }

    @Test
    void extensionsAreRemovedAndDataAndTrailersKept() {
        chunks.body(true);
        assertThat(pass("5;e=1\r\nre;dy\r\nA ; name=\"v\"\r\n0123456789\r\n0;last\r\nX-T: 1\r\n\r\nGET /"))
                .isEqualTo("5\r\nre;dy\r\nA\r\n0123456789\r\n0\r\nX-T: 1\r\n\r\nGET /");
    }

    @Test
    void aChunkSplitAnywhereComesOutTheSame() {
        String body = "5;e=1\r\nready\r\n0\r\n\r\n";
        StringBuilder out = new StringBuilder();
        chunks.body(true);
        for (char c : body.toCharArray()) {
            out.append(pass(String.valueOf(c)));
        }
        assertThat(out).hasToString("5\r\nready\r\n0\r\n\r\n");
    }

    @Test
    void aSizeThatIsNotHexadecimalOrTooLongIsABadRequest() {
        for (String size : new String[] {"zz", "", "-1", "1234567890abcdef0"}) {
            ChunkExtensions fresh = new ChunkExtensions();
            fresh.body(true);
            assertThatThrownBy(() -> fresh.pass((size + "\r\nready\r\n").getBytes(StandardCharsets.US_ASCII)))
                    .as(size).isInstanceOf(RequestException.class);
        }
    }

    @Test
    void aBodyThatIsNotChunkedPassesAsItIs() {
        chunks.body(false);
        assertThat(pass("5;e=1\r\nzz")).isEqualTo("5;e=1\r\nzz");
    }
}
