package org.jitsi.signalsidecar.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The fleet table as text for a terminal: a header, one line per shard, the totals. Every cell is
 * one line of printable text (a shard name or a value from Consul cannot move the cursor or break
 * the table). The same cells feed the status page's {@code /fleet}.
 */
public final class FleetText {
    /** The columns, in order. */
    public static final List<String> HEADER = List.of("SHARD", "HEALTHY", "STATUS", "DESIRED", "WEIGHT",
            "PARTICIPANTS", "CONFERENCES", "ROOMS", "AGE");
    /** Marks a desired state the shard's sidecar does not read. */
    public static final String DISAGREES = " !";
    private static final int MAX_CELL = 80;

    private FleetText() {
    }

    /** The whole table, lines ending in {@code \n}. */
    public static String render(FleetTable table) {
        List<List<String>> lines = new ArrayList<>();
        lines.add(HEADER);
        table.rows().forEach(row -> lines.add(cells(row)));
        int[] widths = new int[HEADER.size()];
        for (List<String> line : lines) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                text.append(i == widths.length - 1 ? line.get(i) : pad(line.get(i), widths[i] + 2));
            }
            out.append(text.toString().stripTrailing()).append('\n');
        }
        return out.append(totals(table.totals())).append('\n').toString();
    }

    /** One row's cells, in {@link #HEADER}'s order. */
    public static List<String> cells(FleetRow row) {
        String shard = printable(row.shard());
        String desired = row.desired().map(FleetText::printable).orElse("-") + (row.disagrees() ? DISAGREES : "");
        Optional<ShardReport> r = row.report();
        String age = switch (row.state()) {
            case FRESH -> age(row.age().orElseThrow());
            case STALE -> age(row.age().orElseThrow()) + " STALE";
            case MISSING -> "no report";
            case MALFORMED -> "not a report: " + printable(row.problem().orElse(""));
        };
        return List.of(shard,
                r.map(x -> x.healthy() ? "yes" : "NO").orElse("-"),
                r.map(x -> printable(x.status())).orElse("-"),
                desired,
                r.map(x -> printable(x.weight())).orElse("-"),
                r.map(x -> number(x.participants())).orElse("-"),
                r.map(x -> number(x.conferences())).orElse("-"),
                r.map(x -> number(x.rooms())).orElse("-"),
                age);
    }

    /** The line under the rows. */
    public static String totals(FleetTable.Totals t) {
        StringBuilder line = new StringBuilder();
        line.append(t.shards()).append(t.shards() == 1 ? " shard: " : " shards: ")
                .append(t.fine()).append(" fresh and healthy");
        part(line, t.unhealthy(), "unhealthy");
        part(line, t.stale(), "stale");
        part(line, t.missing(), "without a report");
        part(line, t.malformed(), "not a report");
        part(line, t.disagreeing(), "desired state not read yet (" + DISAGREES.strip() + ")");
        return line.append("; fresh reports: ").append(t.participants()).append(" participants, ")
                .append(t.conferences()).append(" conferences, ").append(t.rooms()).append(" census rooms").toString();
    }

    private static void part(StringBuilder line, int count, String what) {
        if (count > 0) {
            line.append(", ").append(count).append(' ').append(what);
        }
    }

    /** {@code 42s} under two minutes, {@code 17m} under two hours, else {@code 5h}. */
    static String age(Duration age) {
        long s = age.toSeconds();
        if (s < 120) {
            return s + "s";
        }
        return s < 7200 ? s / 60 + "m" : s / 3600 + "h";
    }

    private static String number(OptionalLong n) {
        return n.isPresent() ? Long.toString(n.getAsLong()) : "-";
    }

    private static String number(OptionalInt n) {
        return n.isPresent() ? Integer.toString(n.getAsInt()) : "-";
    }

    /** Control characters (and the rest of the C0/C1 ranges) become {@code ?}; long text is cut. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CELL + 1));
        text.codePoints().limit(MAX_CELL).forEach(c -> out.appendCodePoint(Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT ? '?' : c));
        return text.codePointCount(0, text.length()) > MAX_CELL ? out + "…" : out.toString();
    }

    private static String pad(String cell, int width) {
        return String.format(Locale.ROOT, "%-" + width + "s", cell);
    }
}
