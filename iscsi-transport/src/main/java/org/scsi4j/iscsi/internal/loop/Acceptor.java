package org.scsi4j.iscsi.internal.loop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.scsi4j.iscsi.internal.conn.Selectable;
import org.scsi4j.iscsi.internal.server.ServerContext;

/**
 * The listening sockets (portals) of a server, registered with loop 0: accepts every pending
 * connection on readiness and hands it to the loops round-robin. Connections past the limit of
 * connections still logging in are closed at once (a connection flood costs nothing else).
 */
public final class Acceptor implements Selectable {
    private final IoLoop home;
    private final IoLoop[] loops;
    private final ServerContext ctx;
    private final List<ServerSocketChannel> channels = new ArrayList<>();
    private int next;

    public Acceptor(IoLoop home, IoLoop[] loops, ServerContext ctx) {
        this.home = home;
        this.loops = loops;
        this.ctx = ctx;
    }

    /** Binds a portal (before the loops start); @return the bound address (port 0 resolved). */
    public InetSocketAddress bind(InetSocketAddress portal, int backlog) throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(portal, backlog);
            ch.configureBlocking(false);
            ch.register(home.selector(), SelectionKey.OP_ACCEPT, this);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        channels.add(ch);
        InetSocketAddress bound = (InetSocketAddress) ch.getLocalAddress();
        ServerContext.log().info("iSCSI portal listening on {}", bound);
        return bound;
    }

    @Override
    public void onSelected(int readyOps) {
        for (ServerSocketChannel server : channels) {
            acceptAll(server);
        }
    }

    private void acceptAll(ServerSocketChannel server) {
        while (server.isOpen()) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                ctx.errors().warn("accept", "accept on " + server + " failed: " + e.getMessage());
                return;
            }
            if (ch == null) {
                return;
            }
            if (!ctx.connectionOpened()) {
                ctx.errors().warn("too-many-logins", "refused a connection: more than "
                        + ctx.maxConnectionsInLogin() + " connections are logging in");
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
                continue;
            }
            IoLoop loop = loops[next];
            next = (next + 1) % loops.length;
            loop.adopt(ch);
        }
    }

    /** Loop 0: stops listening. */
    public void close() {
        for (ServerSocketChannel ch : channels) {
            try {
                SelectionKey k = ch.keyFor(home.selector());
                if (k != null) {
                    k.cancel();
                }
                ch.close();
            } catch (IOException e) {
                ServerContext.log().debug("closing {}", ch, e);
            }
        }
        channels.clear();
    }
}
