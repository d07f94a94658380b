package org.jitsi.signalsidecar.consul;

/** Consul answered 200 with a body that is not a KV entry; the message says why, in a few words. */
final class MalformedKvException extends Exception {
    MalformedKvException(String message) {
        super(message, null, false, false);
    }
}
