package org.jitsi.signalsidecar.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which request paths the guard refuses before routing, and what it says about them. */
class RequestGuardTest {
    @ParameterizedTest
    @ValueSource(strings = {"/", "/signal/report", "/.well-known/x", "/a/..b", "/a/b.", "/a/...", "/x"})
    void plainPathsPass(String path) {
        assertThat(RequestGuard.pathProblem(path)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "signal/report   | the path must start with /",
            "/signal//report | the path must not hold empty segments (// or a trailing /)",
            "//signal        | the path must not hold empty segments (// or a trailing /)",
            "/signal/        | the path must not hold empty segments (// or a trailing /)",
            "/signal/.       | the path must not hold dot segments (. or ..)",
            "/./signal       | the path must not hold dot segments (. or ..)",
            "/a/../b         | the path must not hold dot segments (. or ..)",
            "/a/..           | the path must not hold dot segments (. or ..)",
            "/a;b            | the path must not hold parameters (;)",
            "/a%2fb          | the path must not hold encoded characters or backslashes"})
    void problemsAreNamed(String path, String problem) {
        assertThat(RequestGuard.pathProblem(path)).contains(problem);
    }
}
