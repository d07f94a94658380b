package org.jitsi.signalsidecar.poll;

/** A peer answered 200 with a body the sidecar cannot use; the message says why, in a few words. */
final class MalformedBodyException extends Exception {
    MalformedBodyException(String message) {
        super(message, null, false, false);
    }
}
