package org.jitsi.signalsidecar.http;

import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;

@ServerTest
class SignalServiceIT extends AbstractSignalServiceTest {
    SignalServiceIT(Http1Client client) {
        super(client);
    }

    @SetUpRoute
    static void route(HttpRouting.Builder routing) {
        routing(routing);
    }
}
