package org.jitsi.signalsidecar.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jitsi.signalsidecar.fleet.FleetReader;
import org.jitsi.signalsidecar.fleet.FleetRow;
import org.jitsi.signalsidecar.fleet.FleetTable;
import org.jitsi.signalsidecar.fleet.FleetText;
import org.jitsi.signalsidecar.report.ReportTime;

import static java.util.Objects.requireNonNull;

/**
 * Renders {@code /fleet}: the same cells as {@code signal-sidecar fleet}, as an HTML table. Every
 * text from Consul (shard names, status words, problems) goes in escaped. Holds nothing but the template.
 */
final class FleetPage {
    static final String TEMPLATE = "/status-page/fleet.html";

    private final PageTemplate template;

    FleetPage(PageTemplate template) {
        this.template = requireNonNull(template, "template is null");
    }

    static FleetPage load() {
        return new FleetPage(PageTemplate.load(TEMPLATE));
    }

    String contentSecurityPolicy() {
        return template.contentSecurityPolicy();
    }

    /**
     * @param latest   the latest read of Consul, empty before the first
     * @param prefixes where the reports and desired states are read
     * @param interval the publishing interval
     */
    String render(Optional<FleetReader.Result> latest, FleetReader.Prefixes prefixes, Duration interval) {
        Map<String, Html> values = new HashMap<>();
        values.put("prefix", Html.text(prefixes.reports()));
        values.put("header", Html.concat(FleetText.HEADER.stream().map(h -> Html.element("th", Html.text(h))).toList()));
        values.put("stale-intervals", Html.text(Integer.toString(FleetTable.STALE_INTERVALS)));
        values.put("stale-after", Html.text(interval.multipliedBy(FleetTable.STALE_INTERVALS).toSeconds() + " s"));
        switch (latest.orElse(null)) {
            case null -> {
                values.put("read", Html.text("not yet"));
                waiting(values, "WAITING", "Reading Consul…");
            }
            case FleetReader.Result.Failed failed -> {
                values.put("read", Html.text("failed"));
                waiting(values, "NO ANSWER", "Consul did not answer: " + failed.problem());
            }
            case FleetReader.Result.Read read -> {
                FleetTable table = read.table();
                values.put("read", Html.text(ReportTime.format(table.at())));
                values.put("title", Html.text((table.allFine() ? "fine" : "trouble") + " · fleet · signal-sidecar"));
                values.put("verdict-class", new Html(table.allFine() ? "good" : "bad"));
                values.put("verdict", Html.text(table.allFine() ? "ALL FINE" : "TROUBLE"));
                values.put("totals", Html.text(FleetText.totals(table.totals())));
                values.put("rows", rows(table));
            }
        }
        return template.render(values);
    }

    private static void waiting(Map<String, Html> values, String verdict, String line) {
        values.put("title", Html.text(verdict.toLowerCase() + " · fleet · signal-sidecar"));
        values.put("verdict-class", new Html("bad"));
        values.put("verdict", Html.text(verdict));
        values.put("totals", Html.text(line));
        values.put("rows", Html.EMPTY);
    }

    private static Html rows(FleetTable table) {
        List<Html> rows = new ArrayList<>();
        for (FleetRow row : table.rows()) {
            List<String> cells = FleetText.cells(row);
            List<Html> tds = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                boolean desired = FleetText.HEADER.get(i).equals("DESIRED");
                String cls = desired && row.disagrees() ? "disagrees" : i == 0 ? "" : "num";
                tds.add(Html.element("td", cls, Html.text(cells.get(i))));
            }
            rows.add(Html.element("tr", row.fine() ? "" : "bad", Html.concat(tds)));
        }
        return Html.concat(rows);
    }
}
