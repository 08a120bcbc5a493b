package org.sbc.core.topology;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.sbc.core.config.SbcConfig;
import org.sbc.core.config.TopologyConfig;
import org.sbc.core.sip.ListenAddress;
import org.sbc.topology.DialogHandles;
import org.sbc.topology.FieldCodec;
import org.sbc.topology.mask.MaskHandles;
import org.sbc.topology.mask.TokenSealer;
import org.sbc.topology.scrub.InsideNames;
import org.sbc.topology.strip.MemoryMappingStore;
import org.sbc.topology.strip.RedisMappingStore;
import org.sbc.topology.strip.StripHandles;

/**
 * Topology hiding as the server runs it: the sanitiser of everything sent outside and the
 * dialog handles of the configured mode, a mapping's fields encoded by {@link FieldCodec}.
 * Built once at start; a Redis that cannot be reached stops the start, as a port that cannot be
 * bound does.
 */
public final class TopologyHiding implements TopologyHider {

    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(3);

    private final OutsideSanitizer sanitizer;
    private final DialogHandles handles;
    private final boolean sealed;
    private final Optional<String> outsideHost;
    /** The last outside address written as a URI host: formatting it for every message showed in the call profile. */
    private volatile UriHost lastUriHost = new UriHost(null, "");

    /** @param sealed whether {@code handles} seal the mapping into the handle (mask mode) */
    TopologyHiding(OutsideSanitizer sanitizer, DialogHandles handles, boolean sealed, Optional<String> outsideHost) {
        this.sanitizer = sanitizer;
        this.handles = handles;
        this.sealed = sealed;
        this.outsideHost = outsideHost;
    }

    /** @param pbxAddress the PBX's address, resolved once at start */
    public static TopologyHiding start(SbcConfig config, InetAddress pbxAddress) {
        return start(config, pbxAddress, false);
    }

    /**
     * As {@link #start(SbcConfig, InetAddress)}, but strip mode keeps its mappings in memory
     * whatever store is configured: for a start-up warm-up, whose dialogs must not reach the
     * shared Redis that the cluster's other nodes read.
     */
    public static TopologyHiding startInMemory(SbcConfig config, InetAddress pbxAddress) {
        return start(config, pbxAddress, true);
    }

    private static TopologyHiding start(SbcConfig config, InetAddress pbxAddress, boolean inMemory) {
        TopologyConfig topology = config.topology();
        InsideNames names = new InsideNames(insideNames(config, pbxAddress));
        DialogHandles handles = switch (topology.mode()) {
            case MASK -> new MaskHandles(new TokenSealer(topology.maskKey().orElseThrow().bytes(),
                    topology.maskPreviousKey().map(TopologyConfig.Secret::bytes)));
            case STRIP -> new StripHandles(inMemory
                    ? new MemoryMappingStore(topology.maxEntries(), System::currentTimeMillis)
                    : switch (topology.store()) {
                        case MEMORY -> new MemoryMappingStore(topology.maxEntries(), System::currentTimeMillis);
                        case REDIS -> RedisMappingStore.connect(topology.redisUri().orElseThrow(), "sbc:topos:",
                                REDIS_TIMEOUT);
                    });
        };
        return new TopologyHiding(new OutsideSanitizer(names, topology), handles,
                topology.mode() == TopologyConfig.TopologyMode.MASK, topology.outsideHost());
    }

    /**
     * What must never leave: the configured names, the PBX by name and address, and our inside
     * addresses; minus anything the outside already sees (on a one-address box the inside and
     * outside listeners share an address, and that address is no secret).
     */
    static Set<String> insideNames(SbcConfig config, InetAddress pbxAddress) {
        Set<String> names = new LinkedHashSet<>(config.topology().insideNames());
        names.add(config.pbx().host().toLowerCase(java.util.Locale.ROOT));
        names.add(pbxAddress.getHostAddress());
        for (ListenAddress listen : config.inside().listen()) {
            if (!listen.address().isAnyLocalAddress()) {
                names.add(listen.address().getHostAddress());
            }
        }
        names.removeIf(String::isBlank);
        java.util.List<String> seen = new java.util.ArrayList<>();
        for (ListenAddress listen : config.outside().listen()) {
            seen.add(listen.address().getHostAddress());
        }
        config.topology().outsideHost().ifPresent(seen::add);
        // Compared as InsideNames compares (IPv6 forms, subdomains), not as strings.
        names.removeIf(name -> seen.stream().anyMatch(new InsideNames(java.util.List.of(name))::isInside));
        return names;
    }

    @Override
    public Optional<byte[]> toOutside(byte[] message, Supplier<InetAddress> ourOutsideAddress) {
        String host = outsideHost.isPresent() ? outsideHost.get() : uriHost(ourOutsideAddress.get());
        return sanitizer.sanitize(message, host);
    }

    private String uriHost(InetAddress address) {
        UriHost last = lastUriHost;
        if (!address.equals(last.address())) {
            last = new UriHost(address, address instanceof Inet6Address
                    ? "[" + address.getHostAddress() + "]" : address.getHostAddress());
            lastUriHost = last;
        }
        return last.text();
    }

    private record UriHost(InetAddress address, String text) {}

    @Override
    public String contactHandle(Optional<String> previous, List<String> mapping, Duration ttl) {
        return handles.handle(previous, FieldCodec.encode(mapping), ttl);
    }

    @Override
    public CompletionStage<Optional<List<String>>> mappingOf(String handle) {
        return handles.resolve(handle).thenApply(bytes -> bytes.flatMap(FieldCodec::decode));
    }

    @Override
    public void release(String handle) {
        handles.release(handle);
    }

    @Override
    public boolean handlesSealed() {
        return sealed;
    }

    @Override
    public void close() {
        handles.close();
    }
}
