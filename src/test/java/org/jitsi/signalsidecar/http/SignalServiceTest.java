package org.jitsi.signalsidecar.http;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;

@RoutingTest
class SignalServiceTest extends AbstractSignalServiceTest {
    SignalServiceTest(DirectClient client) {
        super(client);
    }

    @SetUpRoute
    static void route(HttpRouting.Builder routing) {
        routing(routing);
    }
}
