package org.sbc.core.config;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.sbc.core.edge.policy.PolicyConfig;
import org.sbc.core.sip.ListenAddress;
import org.sbc.core.sip.Transport;

/**
 * The whole, validated configuration. Built once by {@link ConfigLoader} (or {@link #defaults()})
 * and shared read-only by every handler.
 */
public record SbcConfig(
        Side outside,
        Side inside,
        PbxTarget pbx,
        InetSocketAddress adminListen,
        SipConfig sip,
        Limits limits,
        SecurityConfig security,
        B2buaConfig b2bua,
        TopologyConfig topology,
        MediaConfig media,
        AdminAccess adminAccess,
        CallRecordsConfig callRecords,
        PolicyConfig policy) {

    public SbcConfig {
        requireNonNull(outside, "outside");
        requireNonNull(inside, "inside");
        requireNonNull(pbx, "pbx");
        requireNonNull(adminListen, "adminListen");
        requireNonNull(sip, "sip");
        requireNonNull(limits, "limits");
        requireNonNull(security, "security");
        requireNonNull(b2bua, "b2bua");
        requireNonNull(topology, "topology");
        requireNonNull(media, "media");
        requireNonNull(adminAccess, "adminAccess");
        requireNonNull(callRecords, "callRecords");
        requireNonNull(policy, "policy");
    }

    /** The embedded defaults: everything on loopback, nothing else needed on the machine. */
    public static SbcConfig defaults() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        return new SbcConfig(
                new Side(List.of(
                        new ListenAddress(Transport.UDP, loopback, 5060),
                        new ListenAddress(Transport.TCP, loopback, 5060))),
                new Side(List.of(new ListenAddress(Transport.UDP, loopback, 5070))),
                new PbxTarget("sip:127.0.0.1:5080", "127.0.0.1", 5080, Transport.UDP),
                new InetSocketAddress(loopback, 8080),
                SipConfig.DEFAULT,
                Limits.DEFAULT,
                SecurityConfig.DEFAULT,
                B2buaConfig.DEFAULT,
                TopologyConfig.DEFAULT,
                MediaConfig.DEFAULT,
                AdminAccess.OPEN,
                CallRecordsConfig.DEFAULT,
                PolicyConfig.NONE);
    }

    public SbcConfig withSides(Side outside, Side inside) {
        return new SbcConfig(outside, inside, pbx, adminListen, sip, limits, security, b2bua, topology, media, adminAccess,
                callRecords, policy);
    }

    public SbcConfig withPbx(PbxTarget pbx) {
        return new SbcConfig(outside, inside, pbx, adminListen, sip, limits, security, b2bua, topology, media, adminAccess,
                callRecords, policy);
    }

    public SbcConfig withAdminListen(InetSocketAddress adminListen) {
        return new SbcConfig(outside, inside, pbx, adminListen, sip, limits, security, b2bua, topology, media, adminAccess,
                callRecords, policy);
    }

    public SbcConfig withSip(SipConfig sip) {
        return new SbcConfig(outside, inside, pbx, adminListen, sip, limits, security, b2bua, topology, media, adminAccess,
                callRecords, policy);
    }

    public SbcConfig withLimits(Limits limits) {
        return new SbcConfig(outside, inside, pbx, adminListen, sip, limits, security, b2bua, topology, media, adminAccess,
                callRecords, policy);
    }

    public SbcConfig withSecurity(SecurityConfig security) {
        return new SbcConfig(outside, inside, pbx, adminListen, sip, limits, security, b2bua, topology, media, adminAccess,
                callRecords, policy);
    }

    public SbcConfig withB2bua(B2buaConfig b2bua) {
        return new SbcConfig(outside, inside, pbx, adminListen, sip, limits, security, b2bua, topology, media, adminAccess,
                callRecords, policy);
    }

    public SbcConfig withTopology(TopologyConfig topology) {
        return new SbcConfig(outside, inside, pbx, adminListen, sip, limits, security, b2bua, topology, media, adminAccess,
                callRecords, policy);
    }

    public SbcConfig withMedia(MediaConfig media) {
        return new SbcConfig(outside, inside, pbx, adminListen, sip, limits, security, b2bua, topology, media, adminAccess,
                callRecords, policy);
    }

    public SbcConfig withAdminAccess(AdminAccess adminAccess) {
        return new SbcConfig(outside, inside, pbx, adminListen, sip, limits, security, b2bua, topology, media, adminAccess,
                callRecords, policy);
    }

    public SbcConfig withCallRecords(CallRecordsConfig callRecords) {
        return new SbcConfig(outside, inside, pbx, adminListen, sip, limits, security, b2bua, topology, media, adminAccess,
                callRecords, policy);
    }

    public SbcConfig withPolicy(PolicyConfig policy) {
        return new SbcConfig(outside, inside, pbx, adminListen, sip, limits, security, b2bua, topology, media, adminAccess,
                callRecords, policy);
    }
}
