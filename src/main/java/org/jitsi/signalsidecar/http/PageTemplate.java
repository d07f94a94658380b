package org.jitsi.signalsidecar.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTML file from the class path with {@code {{name}}} placeholders, filled with {@link Html}
 * only. Its inline {@code <style>} and {@code <script>} are fixed text, so the page's
 * Content-Security-Policy allows exactly them by hash and nothing else. A line
 * {@code /* include NAME *}{@code /} stands for the file NAME beside the template (the pages' shared
 * styles), put in before anything is hashed.
 */
final class PageTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z-]+)}}");
    private static final Pattern INCLUDE = Pattern.compile("(?m)^/\\* include ([a-z-]+\\.[a-z]+) \\*/$");

    private final List<String> literals = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final String contentSecurityPolicy;

    private PageTemplate(String text) {
        Matcher m = PLACEHOLDER.matcher(text);
        int from = 0;
        while (m.find()) {
            literals.add(text.substring(from, m.start()));
            names.add(m.group(1));
            from = m.end();
        }
        literals.add(text.substring(from));
        contentSecurityPolicy = "default-src 'none'; img-src data:; connect-src 'self'; base-uri 'none'; "
                + "form-action 'none'; frame-ancestors 'none'; "
                + "style-src " + hash(inline(text, "style")) + "; script-src " + hash(inline(text, "script"));
    }

    static PageTemplate load(String resource) {
        String folder = resource.substring(0, resource.lastIndexOf('/') + 1);
        Matcher include = INCLUDE.matcher(read(resource));
        StringBuilder text = new StringBuilder();
        while (include.find()) {
            include.appendReplacement(text, Matcher.quoteReplacement(read(folder + include.group(1)).stripTrailing()));
        }
        return new PageTemplate(include.appendTail(text).toString());
    }

    private static String read(String resource) {
        try (InputStream in = PageTemplate.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the status page template " + resource + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the status page template " + resource, e);
        }
    }

    /** The page with each placeholder replaced; every placeholder must be given. */
    String render(Map<String, Html> values) {
        StringBuilder out = new StringBuilder(16 * 1024);
        for (int i = 0; i < names.size(); i++) {
            Html value = values.get(names.get(i));
            if (value == null) {
                throw new IllegalArgumentException("no value for {{" + names.get(i) + "}}");
            }
            out.append(literals.get(i)).append(value.markup());
        }
        return out.append(literals.getLast()).toString();
    }

    /** Allows the template's own style and script, and fetching from the sidecar; nothing else. */
    String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    private static String inline(String text, String tag) {
        int open = text.indexOf("<" + tag + ">");
        int close = text.indexOf("</" + tag + ">");
        if (open < 0 || close < open) {
            throw new IllegalStateException("the template has no <" + tag + "> element");
        }
        String body = text.substring(open + tag.length() + 2, close);
        if (PLACEHOLDER.matcher(body).find()) {
            throw new IllegalStateException("a placeholder inside <" + tag + "> would change its hash");
        }
        return body;
    }

    private static String hash(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
