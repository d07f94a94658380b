package org.jitsi.signalsidecar.http;

import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;

@ServerTest
class SignalServiceIT extends AbstractSignalServiceTest {
    SignalServiceIT(Http1Client client) {
        super(client);
    }

    /** As the sidecar's own server: no discovered features. */
    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        server.featuresDiscoverServices(false);
    }

    @SetUpRoute
    static void route(HttpRouting.Builder routing) {
        routing(routing);
    }
}
