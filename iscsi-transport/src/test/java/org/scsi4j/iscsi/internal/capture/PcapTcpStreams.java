package org.scsi4j.iscsi.internal.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test fixture: reads a classic pcap file (24-byte global header, 16-byte record headers;
 * Ethernet, Linux cooked v1/v2, BSD loopback or raw IPv4 link types) and reassembles both
 * directions of every IPv4 TCP connection to one server port. Enough for the loopback
 * captures of real initiators under {@code src/test/resources/captures}; not a general tool
 * (no IPv6, no IP fragments).
 */
public final class PcapTcpStreams {

    /** One TCP connection: the bytes each side sent, in stream order. */
    public record Conversation(int clientPort, byte[] toTarget, byte[] fromTarget) {
    }

    private PcapTcpStreams() {
    }

    /** Reads a resource from {@code /captures/}. */
    public static List<Conversation> readResource(String name, int serverPort) {
        try (InputStream in = PcapTcpStreams.class.getResourceAsStream("/captures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no capture resource " + name);
            }
            return read(in.readAllBytes(), serverPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Conversation> read(byte[] pcap, int serverPort) {
        ByteBuffer file = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
        int magic = file.getInt(0);
        if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
            file.order(ByteOrder.BIG_ENDIAN);
        } else if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            throw new IllegalArgumentException("not a pcap file");
        }
        int linkType = file.getInt(20);
        Map<Integer, Stream[]> connections = new LinkedHashMap<>();
        int at = 24;
        while (at + 16 <= pcap.length) {
            int captured = file.getInt(at + 8);
            int frame = at + 16;
            at = frame + captured;
            int ip = ipOffset(pcap, frame, linkType);
            if (ip < 0 || (pcap[ip] >> 4 & 0xF) != 4 || pcap[ip + 9] != 6) {
                continue;
            }
            ByteBuffer be = ByteBuffer.wrap(pcap);
            int ihl = (pcap[ip] & 0xF) * 4;
            int ipLength = be.getShort(ip + 2) & 0xFFFF;
            int tcp = ip + ihl;
            int srcPort = be.getShort(tcp) & 0xFFFF;
            int dstPort = be.getShort(tcp + 2) & 0xFFFF;
            long seq = be.getInt(tcp + 4) & 0xFFFFFFFFL;
            int tcpHeader = ((pcap[tcp + 12] >> 4) & 0xF) * 4;
            boolean syn = (pcap[tcp + 13] & 0x02) != 0;
            int payload = tcp + tcpHeader;
            int payloadLength = ip + ipLength - payload;
            boolean toTarget = dstPort == serverPort;
            if (!toTarget && srcPort != serverPort) {
                continue;
            }
            int client = toTarget ? srcPort : dstPort;
            Stream stream = connections.computeIfAbsent(client, c -> new Stream[] {new Stream(), new Stream()})[toTarget ? 0 : 1];
            stream.add(seq, syn, pcap, payload, Math.max(0, payloadLength));
        }
        List<Conversation> result = new ArrayList<>();
        connections.forEach((port, streams) -> result.add(new Conversation(port, streams[0].bytes(), streams[1].bytes())));
        return result;
    }

    private static int ipOffset(byte[] pcap, int frame, int linkType) {
        ByteBuffer be = ByteBuffer.wrap(pcap);
        switch (linkType) {
            case 1: { // Ethernet, maybe one VLAN tag
                int type = be.getShort(frame + 12) & 0xFFFF;
                if (type == 0x8100) {
                    return (be.getShort(frame + 16) & 0xFFFF) == 0x0800 ? frame + 18 : -1;
                }
                return type == 0x0800 ? frame + 14 : -1;
            }
            case 113: // Linux cooked v1
                return (be.getShort(frame + 14) & 0xFFFF) == 0x0800 ? frame + 16 : -1;
            case 276: // Linux cooked v2
                return (be.getShort(frame) & 0xFFFF) == 0x0800 ? frame + 20 : -1;
            case 0:
            case 108: // BSD loopback: 4-byte address family
                return frame + 4;
            case 101: // raw IP
                return frame;
            default:
                throw new IllegalArgumentException("unsupported pcap link type " + linkType);
        }
    }

    /** One direction of a connection, reassembled by sequence number. */
    private static final class Stream {
        private long start = -1;
        private final TreeMap<Long, byte[]> segments = new TreeMap<>();

        void add(long seq, boolean syn, byte[] pcap, int from, int length) {
            if (syn) {
                start = seq + 1;
                return;
            }
            if (start < 0) {
                start = seq;
            }
            if (length > 0) {
                byte[] data = new byte[length];
                System.arraycopy(pcap, from, data, 0, length);
                segments.putIfAbsent((seq - start) & 0xFFFFFFFFL, data);
            }
        }

        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long next = 0;
            for (Map.Entry<Long, byte[]> segment : segments.entrySet()) {
                long offset = segment.getKey();
                byte[] data = segment.getValue();
                if (offset > next) {
                    break; // a gap: the capture lost bytes, stop at what is contiguous
                }
                int skip = (int) (next - offset);
                if (skip < data.length) {
                    out.write(data, skip, data.length - skip);
                    next = offset + data.length;
                }
            }
            return out.toByteArray();
        }
    }
}
