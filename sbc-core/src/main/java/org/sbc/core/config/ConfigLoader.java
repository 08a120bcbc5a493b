package org.sbc.core.config;

import static java.util.Objects.requireNonNull;
import static org.sbc.policies.yaml.YamlErrors.quote;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sbc.core.config.yaml.ConfigErrors;
import org.sbc.core.config.yaml.ConfigException;
import org.sbc.core.config.yaml.ConfigPaths;
import org.sbc.core.config.yaml.HostNames;
import org.sbc.core.config.yaml.NetworkList;
import org.sbc.core.edge.auth.AuthConfig;
import org.sbc.core.edge.auth.AuthSectionReader;
import org.sbc.core.edge.ban.BanConfig;
import org.sbc.core.edge.ban.BanSectionReader;
import org.sbc.core.edge.ban.BanStoreConfig;
import org.sbc.core.edge.flood.FloodConfig;
import org.sbc.core.edge.flood.FloodSectionReader;
import org.sbc.core.edge.flood.RateLimitConfig;
import org.sbc.core.edge.flood.RateLimitSectionReader;
import org.sbc.core.edge.policy.PolicyConfig;
import org.sbc.core.edge.policy.PolicySectionReader;
import org.sbc.core.edge.reputation.FeedsConfig;
import org.sbc.core.edge.reputation.GeoIpConfig;
import org.sbc.core.edge.reputation.ReputationSectionReader;
import org.sbc.core.edge.secfilter.SecFilterConfig;
import org.sbc.core.edge.secfilter.SecFilterSectionReader;
import org.sbc.core.sip.ListenAddress;
import org.sbc.core.sip.Transport;
import org.sbc.feeds.CidrSet;
import org.sbc.feeds.IpLiteral;
import org.sbc.policies.yaml.InvalidValueException;
import org.sbc.policies.yaml.Located;
import org.sbc.policies.yaml.TextFile;
import org.sbc.policies.yaml.YamlErrors;
import org.sbc.policies.yaml.YamlMapping;
import org.sbc.policies.yaml.YamlSource;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads the SBC's YAML config into an {@link SbcConfig}. Checks run in two stages: every field
 * on its own (types, ranges, known keys and values), then, only if all of those passed, the rules
 * across fields ({@link CrossChecks}). All errors are reported together, each with file, line,
 * column and YAML path. A key that is absent takes its embedded default; a key that is present
 * but bad is an error, never replaced by a default.
 */
public final class ConfigLoader {

    /** Bounds the sockets one config opens and the pairwise conflict check over them. */
    static final int MAX_LISTEN_ENTRIES = 64;
    static final int MAX_ALIASES = 256;
    /** The Server header goes on the wire; a long one only helps fingerprinting and bloat. */
    static final int MAX_SERVER_HEADER_CHARS = 128;

    private static final List<String> TOP_KEYS = List.of("outside", "inside", "admin", "sip", "limits", "security", "b2bua", "trunks",
            "topology_hiding", "media", "call_records", "state_dir", "policy");
    private static final List<String> OUTSIDE_KEYS = List.of("listen", "tls");
    private static final List<String> INSIDE_KEYS = List.of("listen", "pbx", "request_uri", "tls");
    private static final List<String> ADMIN_KEYS = List.of("listen", "tokens_file", "tls");
    private static final List<String> SIP_KEYS = List.of("server_header", "aliases");
    private static final List<String> SECURITY_KEYS = List.of(
            "trusted", "allow", "ban", "flood", "rate_limit", "events", "secfilter", "auth", "feeds", "feed_cache", "feed_ca_file", "geoip");

    private ConfigLoader() {}

    /** Reads {@code file} as UTF-8; a file that cannot be read is one error at 1:1. */
    public static SbcConfig load(Path file) throws ConfigException {
        requireNonNull(file, "file");
        String fileName = file.toString();
        ConfigErrors errors = new ConfigErrors(fileName);
        Optional<String> read = TextFile.read(file, YamlSource.MAX_CHARS, "YAML file",
                e -> "cannot read file: " + describe(e), errors);
        errors.throwIfAny();
        String text = read.orElseThrow();
        return parse(text.startsWith("\uFEFF") ? text.substring(1) : text, fileName);
    }

    /** Parses {@code yaml}; {@code fileName} only names the source in error messages. */
    public static SbcConfig parse(String yaml, String fileName) throws ConfigException {
        requireNonNull(yaml, "yaml");
        requireNonNull(fileName, "fileName");
        ConfigErrors errors = new ConfigErrors(fileName);
        Optional<Node> root = YamlSource.compose(yaml, errors);
        errors.throwIfAny();
        if (root.isEmpty()) {
            return SbcConfig.defaults();
        }
        ConfigDraft draft = readFields(root.get(), errors, baseDirOf(fileName));
        errors.throwIfAny();
        CrossChecks.check(draft, errors);
        errors.throwIfAny();
        return build(draft, errors);
    }

    /**
     * Stage 1. Where a field fails, the draft holds its default only as a placeholder: the
     * caller throws before the draft is used.
     */
    private static ConfigDraft readFields(Node root, ConfigErrors errors, Path baseDir) {
        SbcConfig defaults = SbcConfig.defaults();
        YamlMapping top = YamlMapping.of(root, "", errors, TOP_KEYS);

        Optional<YamlMapping> outside = top.mapping("outside", OUTSIDE_KEYS);
        List<Located<ListenAddress>> outsideListen = outside
                .flatMap(section -> listen(section, true, errors))
                .orElseGet(() -> byDefault(defaults.outside(), "outside.listen"));

        Optional<YamlMapping> inside = top.mapping("inside", INSIDE_KEYS);
        List<Located<ListenAddress>> insideListen = inside
                .flatMap(section -> listen(section, false, errors))
                .orElseGet(() -> byDefault(defaults.inside(), "inside.listen"));
        PbxTarget pbx = inside
                .flatMap(section -> section.parsed("pbx", PbxUriParser.FORM, PbxUriParser::parse))
                .map(Located::value)
                .orElse(defaults.pbx());

        Optional<YamlMapping> adminSection = top.mapping("admin", ADMIN_KEYS);
        Located<InetSocketAddress> admin = adminSection
                .flatMap(section -> section.parsed(
                        "listen", ListenAddressParser.SOCKET_FORM, ListenAddressParser::parseSocketAddress))
                .orElseGet(() -> Located.byDefault(defaults.adminListen(), "admin.listen"));
        AdminAccess adminAccess = adminSection
                .flatMap(section -> section.parsed("tokens_file", "/etc/sbc/admin-tokens",
                        text -> ConfigPaths.resolve(baseDir, text)))
                .map(file -> AdminTokensFile.load(file.value(), errors))
                .orElse(defaults.adminAccess())
                .withTls(adminSection.flatMap(section -> section.mapping("tls", TlsSectionReader.KEYS)
                        .flatMap(tls -> TlsSectionReader.read(tls, section.value("tls").orElseThrow(), errors, baseDir))));

        SipConfig sip = top.mapping("sip", SIP_KEYS)
                .map(section -> sip(section, errors))
                .orElse(defaults.sip());

        Optional<YamlMapping> limitsSection = top.mapping("limits", LimitField.KEYS);
        Map<LimitField, Located<Integer>> limits = new EnumMap<>(LimitField.class);
        for (LimitField field : LimitField.values()) {
            limits.put(field, limitsSection
                    .flatMap(section -> section.integer(field.key(), field.min(), field.max()))
                    .orElseGet(() -> Located.byDefault(field.valueOf(Limits.DEFAULT), "limits." + field.key())));
        }
        SecurityConfig security = top.mapping("security", SECURITY_KEYS)
                .map(section -> security(section, errors, baseDir))
                .orElse(defaults.security());
        Optional<Path> stateDir = top.parsed("state_dir", "/var/lib/sbc", text -> ConfigPaths.resolve(baseDir, text))
                .map(Located::value);
        if (stateDir.isPresent()) {
            security = StatePaths.place(security, stateDir.get());
        }
        B2buaConfig.RequestUriMode requestUri = inside
                .flatMap(section -> section.parsed("request_uri", "keep or pbx", ConfigLoader::requestUriMode))
                .map(Located::value)
                .orElse(defaults.b2bua().requestUri());
        Optional<List<Node>> trunkNodes = top.sequence("trunks", B2buaSectionReader.MAX_TRUNKS);
        B2buaConfig b2bua = B2buaSectionReader.read(
                top.mapping("b2bua", B2buaSectionReader.B2BUA_KEYS), trunkNodes, errors, baseDir).withRequestUri(requestUri);
        TopologyConfig topology = TopologySectionReader.read(
                top.mapping("topology_hiding", TopologySectionReader.KEYS), errors);
        MediaConfig media = MediaSectionReader.read(top.mapping("media", MediaSectionReader.KEYS));
        CallRecordsConfig callRecords = CallRecordsSectionReader.read(
                top.mapping("call_records", CallRecordsSectionReader.KEYS), errors, baseDir);
        PolicyConfig policy = PolicySectionReader.read(top.mapping("policy", PolicySectionReader.KEYS),
                top.value("policy"), errors, baseDir);
        PolicySectionReader.checkRoutes(policy, b2bua.trunks(), errors);
        Optional<TlsConfig> outsideTls = outside.flatMap(section -> tls(section, outsideListen, errors, baseDir));
        Optional<TlsConfig> insideTls = inside.flatMap(section -> tls(section, insideListen, errors, baseDir));
        inside.ifPresent(section -> checkPeerCa(section, "pbx", pbx, insideTls, errors));
        List<Trunk> trunks = b2bua.trunks();
        trunkNodes.filter(nodes -> nodes.size() == trunks.size())
                .ifPresent(nodes -> {
                    for (int i = 0; i < trunks.size(); i++) {
                        if (trunks.get(i).tls().isPresent() && outsideListen.stream()
                                .noneMatch(entry -> entry.value().transport() == Transport.TLS)) {
                            errors.add(nodes.get(i), "trunks[" + i + "].tls", "a client certificate, and outside.listen"
                                    + " has no tls: entry (expected: a tls: listener on the outside for the trunk to"
                                    + " connect to, e.g. tls:0.0.0.0:5061)");
                        }
                        if (trunks.get(i).target().transport() == Transport.TLS
                                && outsideTls.flatMap(TlsConfig::ca).isEmpty()) {
                            errors.add(nodes.get(i), "trunks[" + i + "]", trunks.get(i).target().uri() + " uses TLS,"
                                    + " and outside.tls.ca is not set (expected: the CA file that the trunk's"
                                    + " certificate chains to)");
                        }
                    }
                });
        return new ConfigDraft(outsideListen, insideListen, pbx, admin, sip, limits, security, b2bua, topology, media,
                adminAccess, callRecords, policy, outsideTls, insideTls);
    }

    /**
     * A side's {@code tls:} section; a {@code tls:} listener without a certificate is an error
     * here rather than in {@link CrossChecks}: both are in one section, and the files must be read anyway.
     */
    private static Optional<TlsConfig> tls(YamlMapping section, List<Located<ListenAddress>> listen,
            ConfigErrors errors, Path baseDir) {
        Optional<TlsConfig> tls = section.value("tls").flatMap(node -> TlsSectionReader.read(
                YamlMapping.of(node, section.pathOf("tls"), errors, TlsSectionReader.KEYS), node, errors, baseDir));
        // A section that failed has its errors already; one that passed may still lack a certificate.
        if (section.value("tls").isEmpty() || tls.filter(t -> t.certificate().isEmpty()).isPresent()) {
            listen.stream().filter(entry -> entry.value().transport() == Transport.TLS).findFirst()
                    .ifPresent(entry -> errors.add(entry, entry.value() + " has no certificate (expected: "
                            + section.pathOf("tls") + " with certificate and key, PEM files)"));
        }
        return tls;
    }

    /** The SBC verifies every TLS peer it connects to: a PBX over TLS needs the CA to check it against. */
    private static void checkPeerCa(YamlMapping section, String key, PbxTarget target, Optional<TlsConfig> tls,
            ConfigErrors errors) {
        if (target.transport() == Transport.TLS && tls.flatMap(TlsConfig::ca).isEmpty()
                && section.value(key).isPresent()) {
            errors.add(section.value(key).get(), section.pathOf(key), target.uri() + " uses TLS, and "
                    + section.pathOf("tls.ca") + " is not set (expected: the CA file that its certificate chains to)");
        }
    }

    /** Empty when {@code listen} is absent (the default applies) or not a list (already reported). */
    private static Optional<List<Located<ListenAddress>>> listen(
            YamlMapping section, boolean required, ConfigErrors errors) {
        String path = section.pathOf("listen");
        Optional<List<Node>> items = section.sequence("listen", MAX_LISTEN_ENTRIES);
        if (items.isPresent() && items.get().isEmpty() && required) {
            // Without an outside listener the SBC would start and serve nobody.
            errors.add(section.value("listen").orElseThrow(), path,
                    "empty list (expected: at least one entry like udp:127.0.0.1:5060)");
        }
        return items.map(nodes -> {
            List<Located<ListenAddress>> entries = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                YamlMapping.parseScalar(nodes.get(i), path + "[" + i + "]", ListenAddressParser.LISTEN_FORM,
                        ListenAddressParser::parseListen, errors).ifPresent(entries::add);
            }
            return entries;
        });
    }

    private static SipConfig sip(YamlMapping section, ConfigErrors errors) {
        Optional<String> serverHeader = section.string("server_header")
                .filter(text -> checkServerHeader(text, section, errors))
                .filter(text -> !text.isEmpty());
        List<String> aliases = new ArrayList<>();
        section.sequence("aliases", MAX_ALIASES).ifPresent(nodes -> {
            for (int i = 0; i < nodes.size(); i++) {
                YamlMapping.parseScalar(nodes.get(i), section.pathOf("aliases") + "[" + i + "]", "sbc.example.com",
                        ConfigLoader::parseAlias, errors).ifPresent(alias -> aliases.add(alias.value()));
            }
        });
        return new SipConfig(serverHeader, aliases);
    }

    private static B2buaConfig.RequestUriMode requestUriMode(String text) throws InvalidValueException {
        for (B2buaConfig.RequestUriMode mode : B2buaConfig.RequestUriMode.values()) {
            if (mode.name().toLowerCase(java.util.Locale.ROOT).equals(text)) {
                return mode;
            }
        }
        throw new InvalidValueException(YamlErrors.quote(text) + " (expected: keep or pbx)");
    }

    /** Relative paths in the config (the credentials file) are relative to the config file. */
    private static Path baseDirOf(String fileName) {
        try {
            Path parent = Path.of(fileName).toAbsolutePath().getParent();
            return parent == null ? Path.of("").toAbsolutePath() : parent;
        } catch (java.nio.file.InvalidPathException e) {
            return Path.of("").toAbsolutePath();
        }
    }

    private static SecurityConfig security(YamlMapping section, ConfigErrors errors, Path baseDir) {
        SecurityConfig d = SecurityConfig.DEFAULT;
        CidrSet trusted = NetworkList.read(section, "trusted", errors);
        CidrSet allow = NetworkList.read(section, "allow", errors);
        // read once: a second read would report its unknown and duplicate keys twice
        Optional<YamlMapping> banSection = section.mapping("ban", BanSectionReader.KEYS);
        BanConfig ban = banSection
                .map(s -> BanSectionReader.ban(s, errors)).orElse(d.ban());
        FloodConfig flood = section.mapping("flood", FloodSectionReader.KEYS)
                .map(s -> FloodSectionReader.read(s, errors)).orElse(d.flood());
        RateLimitConfig rateLimit = section.mapping("rate_limit", RateLimitSectionReader.KEYS)
                .map(s -> RateLimitSectionReader.read(s, errors)).orElse(d.rateLimit());
        SecurityEventsConfig events = section.mapping("events", EventsConfigReader.KEYS)
                .map(eventsSection -> EventsConfigReader.read(eventsSection, errors))
                .orElse(d.events());
        SecFilterConfig secfilter = section.mapping("secfilter", SecFilterSectionReader.KEYS)
                .map(s -> SecFilterSectionReader.read(s, errors))
                .orElse(d.secfilter());
        AuthConfig auth = section.mapping("auth", AuthSectionReader.KEYS)
                .map(s -> AuthSectionReader.read(s, errors, baseDir))
                .orElse(d.auth());
        FeedsConfig feeds = ReputationSectionReader.feeds(section, errors, baseDir);
        GeoIpConfig geoip = section.mapping("geoip", ReputationSectionReader.GEOIP_KEYS)
                .map(s -> ReputationSectionReader.geoip(s, errors, baseDir))
                .orElse(d.geoip());
        BanStoreConfig banStore = banSection
                .map(s -> BanSectionReader.store(s, errors)).orElse(d.banStore());
        return new SecurityConfig(trusted, allow, ban, flood, rateLimit, events, secfilter, auth, feeds, geoip, banStore);
    }

    /** The value is copied into a SIP header: a CR or LF would let it forge further headers. */
    private static boolean checkServerHeader(String text, YamlMapping section, ConfigErrors errors) {
        boolean printable = text.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
        if (!printable || text.length() > MAX_SERVER_HEADER_CHARS) {
            errors.add(section.value("server_header").orElseThrow(), section.pathOf("server_header"), quote(text) + " (expected: printable text without control characters, at most "
                    + MAX_SERVER_HEADER_CHARS + " characters)");
            return false;
        }
        return true;
    }

    private static String parseAlias(String text) throws InvalidValueException {
        if (HostNames.isDnsName(text) || IpLiteral.parseUriHost(text).isPresent()) {
            return text;
        }
        throw new InvalidValueException(
                "bad host name " + quote(text) + " (expected: a DNS name, an IPv4 literal or an [IPv6] literal)");
    }

    private static List<Located<ListenAddress>> byDefault(Side side, String path) {
        List<Located<ListenAddress>> entries = new ArrayList<>();
        for (int i = 0; i < side.listen().size(); i++) {
            entries.add(Located.byDefault(side.listen().get(i), path + "[" + i + "]"));
        }
        return entries;
    }

    /**
     * The records check their own invariants again. Stage 1 mirrors those checks, so this
     * only fires if the two drift apart; it still becomes a positioned error, not a crash.
     */
    private static SbcConfig build(ConfigDraft draft, ConfigErrors errors) throws ConfigException {
        try {
            return draft.toConfig();
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            int colon = message.indexOf(": ");
            Optional<LimitField> field = colon < 0 ? Optional.empty() : LimitField.ofKey(message.substring(0, colon));
            if (field.isPresent()) {
                errors.add(draft.limits().get(field.get()), message.substring(colon + 2));
            } else {
                errors.add(1, 1, "", message);
            }
            errors.throwIfAny();
            throw new AssertionError("unreachable");
        }
    }

    /** What went wrong with a file, in words for a config error; also for the files a config names. */
    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
