package org.jitsi.signalsidecar.http;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.jitsi.signalsidecar.report.AgentReply;
import org.jitsi.signalsidecar.report.Input;
import org.jitsi.signalsidecar.report.NodeEvent;
import org.jitsi.signalsidecar.report.NodeView;
import org.jitsi.signalsidecar.report.NumberHistory;
import org.jitsi.signalsidecar.report.Observations;
import org.jitsi.signalsidecar.report.Outcome;
import org.jitsi.signalsidecar.report.StatusWord;
import org.jitsi.signalsidecar.report.PeerResponse;
import org.jitsi.signalsidecar.report.ReportTime;
import org.jitsi.signalsidecar.report.Snapshot;

import static java.util.Objects.requireNonNull;

/**
 * Renders the status page from what the sidecar already holds: the latest snapshot, the agent's
 * reply, the last events and the last hour's numbers. Every text from outside (peer problems, the
 * status file's word) goes in escaped. Holds nothing but the template.
 */
final class StatusPage {
    /** Events the page lists. */
    static final int EVENTS_SHOWN = 10;
    static final String TEMPLATE = "/status-page/page.html";

    private final PageTemplate template;

    StatusPage(PageTemplate template) {
        this.template = requireNonNull(template, "template is null");
    }

    static StatusPage load() {
        return new StatusPage(PageTemplate.load(TEMPLATE));
    }

    String contentSecurityPolicy() {
        return template.contentSecurityPolicy();
    }

    /**
     * @param snapshot the latest snapshot
     * @param now      the moment shown (flap adjustments are applied for it)
     * @param reply    the agent's reply at {@code now}
     * @param events   the latest events, newest first
     * @param samples  the last hour's numbers, oldest first
     */
    String render(Snapshot snapshot, Instant now, AgentReply reply, List<NodeEvent> events,
                  List<NumberHistory.Sample> samples) {
        NodeView view = snapshot.viewAt(now);
        String verdict = !snapshot.polled() ? "WAITING" : view.healthy() ? "HEALTHY" : "UNHEALTHY";
        Map<String, Html> values = new HashMap<>();
        values.put("title", Html.text(verdict.toLowerCase() + " " + view.status().word() + " · signal-sidecar"));
        values.put("polled", Html.text(snapshot.polled() ? ReportTime.format(snapshot.time()) : "not yet"));
        values.put("verdict-class", new Html(view.healthy() ? "good" : "bad"));
        values.put("verdict", Html.text(verdict));
        values.put("status", Html.text(view.status().word()));
        values.put("weight", Html.text(view.weightPercent() + "%"));
        values.put("damped", view.damped()
                ? Html.element("span", "damped", Html.text("flap mitigation in force"))
                : Html.EMPTY);
        values.put("agent-line", Html.text(reply.line()));
        values.put("inputs", inputs(snapshot.observations()));
        OptionalLong participants = snapshot.assessment().counts()
                .map(c -> OptionalLong.of(c.participants())).orElse(OptionalLong.empty());
        OptionalLong conferences = snapshot.assessment().counts()
                .map(c -> c.conferences()).orElse(OptionalLong.empty());
        values.put("participants", Html.text(count(participants)));
        values.put("conferences", Html.text(count(conferences)));
        values.put("participants-plot", participantsPlot(now, samples));
        values.put("latency-plot", latencyPlot(now, samples));
        values.put("events", events(events));
        return template.render(values);
    }

    private static Html inputs(Observations o) {
        List<Html> rows = new ArrayList<>();
        for (Input input : Input.values()) {
            Optional<PeerResponse> response = input.response(o);
            String fine = switch (input) {
                case JICOFO_HEALTH, JICOFO_STATS, PROSODY, CENSUS -> "fine";
                case STATUS_FILE -> "says " + (o.statusFile().contents().isEmpty() ? "nothing" : o.statusFile().contents());
            };
            if (input == Input.CENSUS && response.isEmpty()) {
                continue; // census polling is off
            }
            String code = response.map(r -> r.reachable() ? String.valueOf(r.statusCode()) : "none").orElse("");
            String latency = response.filter(r -> r.outcome() != Outcome.NOT_POLLED)
                    .map(r -> r.elapsed().toMillis() + " ms").orElse("");
            // only ready is good news from the status file: drain, maint and any other word are not
            String tone = input == Input.STATUS_FILE && o.statusFile().word() != StatusWord.READY ? "warn" : "ok";
            Html detail = input.problem(o).map(p -> Html.element("span", "fail", Html.text(p)))
                    .orElseGet(() -> Html.element("span", tone, Html.text(fine)));
            rows.add(Html.element("tr", Html.concat(
                    Html.element("td", Html.text(input.label())),
                    Html.element("td", "num", Html.text(code)),
                    Html.element("td", "num", Html.text(latency)),
                    Html.element("td", detail))));
        }
        return Html.concat(rows);
    }

    private static Html events(List<NodeEvent> events) {
        if (events.isEmpty()) {
            return Html.element("tr", Html.element("td", Html.text("none yet")));
        }
        List<Html> rows = new ArrayList<>();
        for (NodeEvent event : events.subList(0, Math.min(EVENTS_SHOWN, events.size()))) {
            rows.add(Html.element("tr", Html.concat(
                    Html.element("td", "time", Html.text(ReportTime.format(event.time()).replace('T', ' ').replace("Z", ""))),
                    Html.element("td", Html.element("code", Html.text(event.view().agentMessage()))),
                    Html.element("td", Html.text(event.reason())))));
        }
        return Html.concat(rows);
    }

    private static Html participantsPlot(Instant now, List<NumberHistory.Sample> samples) {
        List<SvgPlot.Point> participants = new ArrayList<>();
        List<SvgPlot.Point> conferences = new ArrayList<>();
        for (NumberHistory.Sample s : samples) {
            participants.add(new SvgPlot.Point(s.time(), value(s.participants())));
            conferences.add(new SvgPlot.Point(s.time(), value(s.conferences())));
        }
        return SvgPlot.render("participants and conferences over the last hour", "", now, span(now, samples),
                List.of(new SvgPlot.Series("participants", "s1", participants),
                        new SvgPlot.Series("conferences", "s2", conferences)));
    }

    private static Html latencyPlot(Instant now, List<NumberHistory.Sample> samples) {
        List<SvgPlot.Series> series = new ArrayList<>();
        String[] classes = {"s1", "s2", "s3", "s4"};
        int i = 0;
        for (Input input : Input.values()) {
            List<SvgPlot.Point> points = new ArrayList<>();
            for (NumberHistory.Sample s : samples) {
                Duration latency = s.latency().get(input);
                points.add(new SvgPlot.Point(s.time(), latency == null ? Double.NaN : latency.toNanos() / 1e6));
            }
            boolean plotted = switch (input) {
                case JICOFO_HEALTH, JICOFO_STATS, PROSODY -> true;
                case STATUS_FILE -> false; // read from disk: no request, no latency
                case CENSUS -> points.stream().anyMatch(p -> !Double.isNaN(p.value())); // only when polled
            };
            if (plotted) {
                series.add(new SvgPlot.Series(input.label(), classes[i++ % classes.length], points));
            }
        }
        return SvgPlot.render("request latency of each peer over the last hour", " ms", now, span(now, samples),
                series);
    }

    private static Duration span(Instant now, List<NumberHistory.Sample> samples) {
        return SvgPlot.span(now, samples.isEmpty() ? now : samples.getFirst().time(), NumberHistory.WINDOW);
    }

    private static double value(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : Double.NaN;
    }

    private static String count(OptionalLong value) {
        return value.isPresent() ? String.valueOf(value.getAsLong()) : "–";
    }
}
