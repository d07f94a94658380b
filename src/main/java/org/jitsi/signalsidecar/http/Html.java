package org.jitsi.signalsidecar.http;

import java.util.List;

import org.jitsi.signalsidecar.lifecycle.Text;

import static java.util.Objects.requireNonNull;

/**
 * Markup that is safe to insert into the status page: built only from escaped text and this
 * class's own tags, so a peer's answer or a status file's word cannot add markup of its own.
 */
record Html(String markup) {
    static final Html EMPTY = new Html("");

    Html {
        requireNonNull(markup, "markup is null");
    }

    /**
     * Text shown as it is: {@code & < > " '} are escaped, and control characters and bidirectional
     * overrides are shown as escapes ({@link Text#printable}).
     */
    static Html text(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        Text.printable(text).codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.appendCodePoint(c);
            }
        });
        return new Html(out.toString());
    }

    /** {@code <tag class="cls">content</tag>}; tag and class are this program's own words, never input. */
    static Html element(String tag, String cls, Html content) {
        String open = cls.isEmpty() ? "<" + tag + ">" : "<" + tag + " class=\"" + cls + "\">";
        return new Html(open + content.markup() + "</" + tag + ">");
    }

    static Html element(String tag, Html content) {
        return element(tag, "", content);
    }

    static Html concat(List<Html> parts) {
        StringBuilder out = new StringBuilder();
        parts.forEach(part -> out.append(part.markup()));
        return new Html(out.toString());
    }

    static Html concat(Html... parts) {
        return concat(List.of(parts));
    }
}
