package org.sbc.feeds.geoip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sbc.feeds.IpPrefix;

/**
 * Writes a small MaxMind DB file (format 2.0, IPv6 tree, 24-bit records) for tests: MaxMind
 * publishes no Java writer on Maven Central, and the free ASN data ships only as CSV. The file is
 * then read by MaxMind's own reader, which checks it: a writer mistake fails the tests that use
 * it. Only what the tests need: maps of strings and unsigned 32-bit numbers.
 *
 * <p>Spec: https://maxmind.github.io/MaxMind-DB/ (search tree, data section, metadata).
 */
public final class MmdbWriter {

    private final String databaseType;
    private final Map<IpPrefix, Map<String, Object>> records = new LinkedHashMap<>();

    public MmdbWriter(String databaseType) {
        this.databaseType = databaseType;
    }

    public MmdbWriter put(String prefix, Map<String, Object> record) {
        records.put(IpPrefix.parse(prefix).orElseThrow(), record);
        return this;
    }

    /** A trie node: a child is a Node, an Integer data offset, or null (no data). */
    private static final class Node {
        final Object[] children = new Object[2];
        int number;
    }

    public void write(Path path) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        Node root = new Node();
        for (Map.Entry<IpPrefix, Map<String, Object>> entry : records.entrySet()) {
            int offset = data.size();
            encode(entry.getValue(), data);
            byte[] network = entry.getKey().network().getAddress();
            int bits = entry.getKey().length();
            byte[] address = network;
            if (network.length == 4) {
                // IPv4 lives at ::a.b.c.d in an IPv6 tree (the reader walks 96 zero bits)
                address = new byte[16];
                System.arraycopy(network, 0, address, 12, 4);
                bits += 96;
            }
            insert(root, address, bits, offset);
        }
        List<Node> nodes = new ArrayList<>();
        number(root, nodes);
        int nodeCount = nodes.size();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (Node node : nodes) {
            for (Object child : node.children) {
                long value = child == null ? nodeCount
                        : child instanceof Node n ? n.number
                        : nodeCount + 16L + (Integer) child;
                file.write((int) (value >>> 16) & 0xff);
                file.write((int) (value >>> 8) & 0xff);
                file.write((int) value & 0xff);
            }
        }
        file.write(new byte[16]);  // the data section separator
        file.write(data.toByteArray());
        file.write(new byte[] {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF});
        file.write("MaxMind.com".getBytes(StandardCharsets.US_ASCII));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("node_count", new Uint(nodeCount, 6));
        metadata.put("record_size", new Uint(24, 5));
        metadata.put("ip_version", new Uint(6, 5));
        metadata.put("database_type", databaseType);
        metadata.put("languages", List.of("en"));
        metadata.put("binary_format_major_version", new Uint(2, 5));
        metadata.put("binary_format_minor_version", new Uint(0, 5));
        metadata.put("build_epoch", new Uint(1_700_000_000L, 9));
        metadata.put("description", Map.of("en", "sbc test database"));
        encode(metadata, file);
        Files.write(path, file.toByteArray());
    }

    private static void insert(Node root, byte[] address, int bits, int offset) {
        Node node = root;
        for (int i = 0; i < bits; i++) {
            int bit = (address[i / 8] >> (7 - i % 8)) & 1;
            if (i == bits - 1) {
                node.children[bit] = offset;
            } else {
                if (!(node.children[bit] instanceof Node)) {
                    Node next = new Node();
                    // a shorter prefix's data spreads to both halves of the split
                    next.children[0] = node.children[bit];
                    next.children[1] = node.children[bit];
                    node.children[bit] = next;
                }
                node = (Node) node.children[bit];
            }
        }
    }

    private static void number(Node node, List<Node> nodes) {
        node.number = nodes.size();
        nodes.add(node);
        for (Object child : node.children) {
            if (child instanceof Node n) {
                number(n, nodes);
            }
        }
    }

    /** An unsigned number with its MMDB type: 5 uint16, 6 uint32, 9 uint64. */
    record Uint(long value, int type) {}

    private static void encode(Object value, ByteArrayOutputStream out) {
        if (value instanceof String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            control(2, bytes.length, out);
            out.writeBytes(bytes);
        } else if (value instanceof Long number) {
            encode(new Uint(number, 6), out);
        } else if (value instanceof Uint uint) {
            int length = 0;
            for (long v = uint.value; v != 0; v >>>= 8) {
                length++;
            }
            control(uint.type, length, out);
            for (int i = length - 1; i >= 0; i--) {
                out.write((int) (uint.value >>> (8 * i)) & 0xff);
            }
        } else if (value instanceof Map<?, ?> map) {
            control(7, map.size(), out);
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                encode(entry.getKey(), out);
                encode(entry.getValue(), out);
            }
        } else if (value instanceof List<?> list) {
            control(11, list.size(), out);
            list.forEach(element -> encode(element, out));
        } else {
            throw new IllegalArgumentException("type not written by this test writer: " + value);
        }
    }

    private static void control(int type, int size, ByteArrayOutputStream out) {
        int sizeBits = size < 29 ? size : size < 285 ? 29 : 30;
        if (type <= 7) {
            out.write(type << 5 | sizeBits);
        } else {
            out.write(sizeBits);  // extended type: 0 in the type bits, the type - 7 in the next byte
            out.write(type - 7);
        }
        if (sizeBits == 29) {
            out.write(size - 29);
        } else if (sizeBits == 30) {
            out.write((size - 285) >>> 8);
            out.write((size - 285) & 0xff);
        }
    }
}
