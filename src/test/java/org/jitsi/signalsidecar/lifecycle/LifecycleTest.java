package org.jitsi.signalsidecar.lifecycle;

import java.util.ArrayList;
import java.util.List;

import org.jitsi.signalsidecar.lifecycle.Lifecycle.Part;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LifecycleTest {
    private final List<String> events = new ArrayList<>();

    private Part part(String name) {
        return new Part(name, () -> events.add("start " + name), () -> events.add("close " + name));
    }

    @Test
    void startsInOrderAndClosesInReverse() {
        Lifecycle lifecycle = new Lifecycle();
        lifecycle.start(part("agent"), part("http"), part("poll"));
        lifecycle.close();
        assertThat(events).containsExactly("start agent", "start http", "start poll",
                "close poll", "close http", "close agent");
    }

    @Test
    void aPartThatFailsToStartClosesWhatStartedBeforeItAndTheFailureGoesOn() {
        Lifecycle lifecycle = new Lifecycle();
        lifecycle.own("client", () -> events.add("close client"));
        Part failing = new Part("http", () -> {
            throw new IllegalStateException("port in use");
        }, () -> events.add("close http"));
        assertThatThrownBy(() -> lifecycle.start(part("agent"), failing, part("poll")))
                .isInstanceOf(IllegalStateException.class).hasMessage("port in use");
        assertThat(events).containsExactly("start agent", "close agent", "close client");
    }

    @Test
    void closesOnceAndStartsNothingAfterwards() {
        Lifecycle lifecycle = new Lifecycle();
        lifecycle.start(part("agent"));
        lifecycle.close();
        lifecycle.close();
        assertThat(events).containsExactly("start agent", "close agent");
        assertThatThrownBy(() -> lifecycle.start(part("late"))).isInstanceOf(IllegalStateException.class);
        assertThat(events).doesNotContain("start late");
    }

    @Test
    void aPartThatFailsToCloseDoesNotKeepTheOthersOpen() {
        Lifecycle lifecycle = new Lifecycle();
        lifecycle.start(part("agent"));
        lifecycle.start(new Part("http", () -> { }, () -> {
            throw new IllegalStateException("stuck");
        }));
        lifecycle.own("metrics", () -> {
            throw new Exception("registry gone");
        });
        lifecycle.close();
        assertThat(events).containsExactly("start agent", "close agent");
    }
}
