import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The JDK's floor for an agent-check server: one platform thread that accepts, writes one constant
 * line and closes, as bench/constreply.c does in C. Whatever the sidecar's agent costs beyond
 * this is ours; what this costs beyond the C server is the JDK's (its NIO calls getsockname twice
 * and fcntl once per accepted connection). Usage: java BareAgent.java PORT (127.0.0.1 only).
 */
public final class BareAgent {
    public static void main(String[] args) throws Exception {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 4096);
        ByteBuffer line = ByteBuffer.allocateDirect(16);
        line.put("up ready 100%\n".getBytes(StandardCharsets.US_ASCII)).flip();
        while (true) {
            try (SocketChannel client = server.accept()) {
                client.write(line.duplicate());
            }
        }
    }
}
