package org.sbc.core.b2bua;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.sbc.core.b2bua.registration.Binding;
import org.sbc.core.b2bua.transaction.ClientTransaction;
import org.sbc.core.b2bua.transaction.Failure;
import org.sbc.core.b2bua.transaction.ServerTransaction;
import org.sbc.core.b2bua.transaction.TransactionUser;
import org.sbc.core.codec.ContactEntry;
import org.sbc.core.codec.SipRequest;
import org.sbc.core.codec.SipResponse;
import org.sbc.core.codec.SipUri;
import org.sbc.core.metrics.Counter;
import org.sbc.core.sip.SipSide;

/**
 * Relays REGISTER from phones to the PBX with each Contact replaced by {@code sip:TOKEN@sbc},
 * so the PBX sends that phone's calls to the SBC, and keeps the binding (token → the phone's
 * contact and flow) for as long as the PBX grants. The PBX's 401/407 and the phone's
 * authenticated retry pass through untouched: the SBC never needs the password.
 *
 * <p>A token stands for one registered contact: the address-of-record and the contact's identity
 * (its RFC 5626 {@code +sip.instance} and {@code reg-id} when present, else its URI). Whatever
 * Call-ID or source port carries a refresh, the registrar sees the same contact, so it keeps one
 * binding; an un-REGISTER from another Call-ID names the same token and removes it; a phone that
 * reconnects over TCP moves its binding to the new flow. Every REGISTER of one AOR reaches the
 * same shard ({@link B2bua}), so all of this is shard-local.
 *
 * <p>Each phone Call-ID keeps one Call-ID, From-tag and CSeq sequence towards the PBX, so that the
 * refreshes of one phone look like one UA to the registrar.
 */
final class Registrar {

    /** One phone Call-ID's registration as the PBX sees it. */
    private static final class Registration {
        final String callId;
        final String fromTag;
        long cseq;
        long lastUsedMillis;
        /** When the longest contact this registration was granted expires. */
        long grantedUntilMillis;

        Registration(String callId, String fromTag) {
            this.callId = callId;
            this.fromTag = fromTag;
        }
    }

    /** The token of one registered contact, and when a REGISTER last named it. */
    private static final class ContactToken {
        final String token;
        long lastUsedMillis;

        ContactToken(String token) {
            this.token = token;
        }
    }

    /**
     * Contacts one address-of-record may hold: each gets a token before the PBX has
     * authenticated anything, so a REGISTER that would go beyond them is refused before relaying.
     */
    static final int MAX_CONTACTS_PER_AOR = 16;

    private record Pending(ServerTransaction server, Registration registration, String aor,
            Map<String, SipUri> contacts, boolean wildcard) {}

    private final Shard shard;
    private final B2buaContext context;
    /** AOR + phone Call-ID → the registration towards the PBX. */
    private final Map<String, Registration> registrations = new HashMap<>();
    /** AOR → contact identity → its token. */
    private final Map<String, Map<String, ContactToken>> tokens = new HashMap<>();

    Registrar(Shard shard) {
        this.shard = shard;
        this.context = shard.context;
        shard.loop.scheduleAtFixedRate(this::sweep, 5, 5, TimeUnit.SECONDS);
    }

    /**
     * The address-of-record of a REGISTER (its To URI), the key that picks its shard: user as
     * written, host case-insensitive (RFC 3261 §19.1.4).
     */
    static String aorOf(SipRequest register) {
        SipUri uri = register.to().flatMap(to -> to.uri()).orElseThrow();
        if (uri.isSip()) {
            return (uri.user() == null ? "" : uri.user()) + "@" + uri.host().toLowerCase(Locale.ROOT);
        }
        return uri.toString();
    }

    void onRegister(SipRequest register, Target replyTarget) {
        String aor = aorOf(register);
        String key = aor + "|" + register.callId();
        Registration registration = registrations.get(key);
        if (registration == null) {
            if (registrations.size() >= context.config.maxBindings()) {
                shard.reject(register, replyTarget, 503, "Service Unavailable");
                return;
            }
            registration = new Registration(context.sip.callId(shard.index), context.sip.tag());
        }
        if (wildcardMisused(register)) {
            shard.reject(register, replyTarget, 400, "Wildcard Contact Not Alone Or Not Expires 0");
            return;
        }
        Map<String, ContactToken> known = tokens.getOrDefault(aor, Map.of());
        int fresh = newContacts(register, known);
        // Only registered contacts count: tokens made for REGISTERs the PBX never accepted (a
        // stranger's 401s) must not lock the AOR's owner out; they give way below.
        if (fresh + registered(known) > MAX_CONTACTS_PER_AOR) {
            shard.reject(register, replyTarget, 403, "Too Many Contacts");
            return;
        }
        if (context.blockedByAuth(register, SipSide.OUTSIDE, replyTarget)) {
            shard.reject(register, replyTarget, 403, "Forbidden");
            return;
        }
        registrations.put(key, registration);
        long now = System.currentTimeMillis();
        registration.lastUsedMillis = now;
        ServerTransaction server = shard.transactions.createServer(register, replyTarget);
        Target pbx = context.router.pbx();
        SipRequest outgoing = context.sip.request("REGISTER", register.requestUri(), registration.callId,
                ++registration.cseq, register.from().orElseThrow(), registration.fromTag,
                register.to().orElseThrow(), null, context.sip.via(pbx.side(), pbx.transport()),
                SipFactory.forwardedMaxForwards(register));
        makeRoom(aor, fresh);
        Map<String, SipUri> contacts = new LinkedHashMap<>();
        boolean wildcard = false;
        for (ContactEntry contact : register.contactEntries()) {
            if (contact.isWildcard()) {
                wildcard = true;
                outgoing.addContact(contact);
                continue;
            }
            SipUri phoneContact = contact.uri().orElseThrow();
            ContactToken token = tokens.computeIfAbsent(aor, a -> new LinkedHashMap<>())
                    .computeIfAbsent(identity(contact), c -> new ContactToken(context.sip.token(16)));
            token.lastUsedMillis = now;
            contacts.put(token.token, phoneContact);
            ContactEntry ours = context.sip.contact(pbx.side(), pbx.transport(), token.token);
            if (contact.expires() >= 0) {
                ours.expires(contact.expires());
            }
            outgoing.addContact(ours);
        }
        RelayHeaders.copy(register, outgoing);
        context.counters.increment(Counter.REGISTRATIONS_RELAYED);
        shard.transactions.startClient(outgoing, pbx, user,
                new Pending(server, registration, aor, contacts, wildcard));
    }

    /**
     * What makes two Contacts the same registered contact: RFC 5626's instance id (with its
     * reg-id, one per flow) when the phone sends one, for it survives a change of address or port;
     * else the contact URI itself, as RFC 3261 §10.3 compares them.
     */
    private static String identity(ContactEntry contact) {
        String instance = contact.parameter("+sip.instance");
        if (instance != null && !instance.isEmpty()) {
            String regId = contact.parameter("reg-id");
            return "instance:" + instance + (regId == null ? "" : ";reg-id=" + regId);
        }
        return "uri:" + contact.uri().orElseThrow();
    }

    private final TransactionUser user = new TransactionUser() {
        @Override
        public void onResponse(ClientTransaction transaction, SipResponse response) {
            int status = response.status();
            if (status < 200) {
                return;
            }
            Pending pending = (Pending) transaction.owner();
            SipRequest register = pending.server().request();
            context.judgedByPbx(register, SipSide.OUTSIDE, pending.server().replyTarget(), status);
            SipResponse relayed = context.response(register, status, response.reasonPhrase());
            if (status < 300) {
                bind(pending, response, relayed);
            }
            RelayHeaders.copy(response, relayed);
            pending.server().respond(relayed);
            pending.server().release();
        }

        @Override
        public void onFailure(ClientTransaction transaction, Failure failure) {
            Pending pending = (Pending) transaction.owner();
            pending.server().respond(
                    context.response(pending.server().request(), failure.status(), failure.reasonPhrase()));
            pending.server().release();
        }
    };

    /** Applies the PBX's 2xx to the binding cache and lists the phone's own contacts back to it. */
    private void bind(Pending pending, SipResponse ok, SipResponse relayed) {
        SipRequest register = pending.server().request();
        int defaultExpires = ok.expires().orElse(3600);
        Map<String, Integer> granted = new HashMap<>();
        for (ContactEntry contact : ok.contactEntries()) {
            String user = contact.uri().filter(SipUri::isSip).map(SipUri::user).orElse(null);
            if (user != null && pending.contacts().containsKey(user)) {
                granted.put(user, contact.expires() >= 0 ? contact.expires() : defaultExpires);
            }
        }
        SipUri aor = register.to().flatMap(to -> to.uri()).filter(SipUri::isSip).orElseThrow();
        String user = aor.user() == null ? "" : aor.user();
        long now = System.currentTimeMillis();
        List<ContactEntry> back = new ArrayList<>();
        for (Map.Entry<String, SipUri> entry : pending.contacts().entrySet()) {
            Integer expires = granted.get(entry.getKey());
            if (expires == null || expires <= 0) {
                unbind(entry.getKey());
                continue;
            }
            long until = now + expires * 1_000L;
            Binding binding = new Binding(entry.getKey(), user + "@" + aor.host(), user, entry.getValue(),
                    pending.server().replyTarget(), until);
            if (!context.bindings.put(binding)) {
                context.counters.increment(Counter.REGISTRATIONS_REFUSED);
                continue;
            }
            FlowLease.extend(binding);
            pending.registration().grantedUntilMillis = Math.max(pending.registration().grantedUntilMillis, until);
            back.add(ContactEntry.of(entry.getValue()).expires(expires));
        }
        if (pending.wildcard()) {
            // Contact: * removes every binding of the address-of-record (RFC 3261 §10.2.2), not
            // only those this phone Call-ID made.
            Map<String, ContactToken> ofAor = tokens.remove(pending.aor());
            if (ofAor != null) {
                ofAor.values().forEach(t -> unbind(t.token));
            }
        }
        back.forEach(relayed::addContact);
    }

    private void unbind(String token) {
        context.bindings.byToken(token).ifPresent(binding -> {
            context.bindings.remove(token);
            FlowLease.recompute(binding.flow(), context.bindings);
        });
    }

    /** RFC 3261 §10.3 step 6: {@code Contact: *} only alone and with {@code Expires: 0}. */
    private static boolean wildcardMisused(SipRequest register) {
        List<ContactEntry> list = register.contactEntries();
        if (list.stream().noneMatch(ContactEntry::isWildcard)) {
            return false;
        }
        var expires = register.expires();
        return list.size() > 1 || expires.isEmpty() || expires.getAsInt() != 0;
    }

    private int registered(Map<String, ContactToken> known) {
        int count = 0;
        for (ContactToken token : known.values()) {
            if (context.bindings.byToken(token.token).isPresent()) {
                count++;
            }
        }
        return count;
    }

    /** Drops the least recently named unregistered tokens of {@code aor} until {@code fresh} more fit. */
    private void makeRoom(String aor, int fresh) {
        Map<String, ContactToken> ofAor = tokens.get(aor);
        while (ofAor != null && ofAor.size() + fresh > MAX_CONTACTS_PER_AOR) {
            ofAor.values().stream()
                    .filter(t -> context.bindings.byToken(t.token).isEmpty())
                    .min((x, y) -> Long.compare(x.lastUsedMillis, y.lastUsedMillis))
                    .ifPresentOrElse(t -> ofAor.values().remove(t), () -> { throw new IllegalStateException(
                            "no unregistered token to drop, though fewer than the limit are registered"); });
        }
    }

    private static int newContacts(SipRequest register, Map<String, ContactToken> known) {
        int count = 0;
        for (ContactEntry contact : register.contactEntries()) {
            if (!contact.isWildcard() && !known.containsKey(identity(contact))) {
                count++;
            }
        }
        return count;
    }

    /**
     * Forgets what no live binding needs once it has been idle a while: registrations past their
     * longest grant, and tokens of contacts that are no longer registered.
     */
    private void sweep() {
        long now = System.currentTimeMillis();
        long idle = 2 * shard.transactions.timers().timeout();
        context.bindings.sweep();
        registrations.values().removeIf(r -> now - r.lastUsedMillis > idle && now > r.grantedUntilMillis);
        tokens.values().forEach(ofAor -> ofAor.values().removeIf(t -> now - t.lastUsedMillis > idle
                && context.bindings.byToken(t.token).isEmpty()));
        tokens.values().removeIf(Map::isEmpty);
    }

    int size() {
        return registrations.size();
    }
}
