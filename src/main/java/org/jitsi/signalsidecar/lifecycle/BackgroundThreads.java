package org.jitsi.signalsidecar.lifecycle;

import java.time.Duration;

/** How the sidecar's background loops (polling, the Consul watch and publisher) end their thread. */
public final class BackgroundThreads {
    /** How long a stopping loop may take to finish what it is doing. */
    public static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private BackgroundThreads() {
    }

    /**
     * Interrupts {@code thread} (cutting a blocking request or wait short) and waits up to
     * {@link #STOP_WAIT} for it to end; does nothing for {@code null} (a loop never started).
     */
    public static void interruptAndJoin(Thread thread) {
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(STOP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
