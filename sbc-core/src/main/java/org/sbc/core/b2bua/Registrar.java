package org.sbc.core.b2bua;

import gov.nist.javax.sip.address.SipUri;
import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.header.ContactList;
import gov.nist.javax.sip.header.Expires;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sip.address.URI;
import org.sbc.core.b2bua.registration.Binding;
import org.sbc.core.b2bua.transaction.ClientTransaction;
import org.sbc.core.b2bua.transaction.ServerTransaction;
import org.sbc.core.b2bua.transaction.TransactionUser;
import org.sbc.core.metrics.Counter;

/**
 * Relays REGISTER from phones to the PBX with each Contact replaced by {@code sip:TOKEN@sbc},
 * so the PBX sends that phone's calls to the SBC, and keeps the binding (token → the phone's
 * contact and flow) for as long as the PBX grants. The PBX's 401/407 and the phone's
 * authenticated retry pass through untouched: the SBC never needs the password.
 *
 * <p>Each phone registration (source and Call-ID) keeps one Call-ID, From-tag, CSeq sequence
 * and token per contact towards the PBX, so refreshes look like one UA to the registrar.
 */
final class Registrar {

    /** One phone's registration as the PBX sees it. */
    private static final class Registration {
        final String callId;
        final String fromTag;
        final Map<String, String> tokens = new LinkedHashMap<>();
        long cseq;
        long lastUsedMillis;

        Registration(String callId, String fromTag) {
            this.callId = callId;
            this.fromTag = fromTag;
        }
    }

    /** Contacts one registration may hold; a REGISTER beyond them is refused before relaying. */
    static final int MAX_CONTACTS_PER_REGISTRATION = 16;

    private record Pending(ServerTransaction server, Registration registration, Map<String, URI> contacts) {}

    private final Shard shard;
    private final B2buaContext context;
    private final Map<String, Registration> registrations = new HashMap<>();

    Registrar(Shard shard) {
        this.shard = shard;
        this.context = shard.context;
        shard.loop.scheduleAtFixedRate(this::sweep, 5, 5, TimeUnit.SECONDS);
    }

    void onRegister(SIPRequest register, Target replyTarget) {
        String key = replyTarget.address() + "|" + register.getCallId().getCallId();
        Registration registration = registrations.get(key);
        if (registration == null) {
            if (registrations.size() >= context.config.maxBindings()) {
                shard.reject(register, replyTarget, 503, "Service Unavailable");
                return;
            }
            registration = new Registration(context.sip.callId(shard.index), context.sip.tag());
            registrations.put(key, registration);
        }
        if (newContacts(register, registration) + registration.tokens.size() > MAX_CONTACTS_PER_REGISTRATION) {
            // Each contact gets a token before the PBX has authenticated anything: cap them.
            shard.reject(register, replyTarget, 403, "Too Many Contacts");
            return;
        }
        if (context.blockedByAuth(register, SipSide.OUTSIDE, replyTarget)) {
            shard.reject(register, replyTarget, 403, "Forbidden");
            return;
        }
        registration.lastUsedMillis = System.currentTimeMillis();
        ServerTransaction server = shard.transactions.createServer(register, replyTarget);
        Target pbx = context.router.pbx();
        SIPRequest outgoing = context.sip.request(SIPRequest.REGISTER, register.getRequestURI(), registration.callId,
                ++registration.cseq, register.getFrom().getAddress(), registration.fromTag,
                register.getTo().getAddress(), null, context.sip.via(pbx.side(), pbx.transport()),
                SipFactory.forwardedMaxForwards(register));
        Map<String, URI> contacts = new LinkedHashMap<>();
        ContactList list = register.getContactHeaders();
        if (list != null) {
            for (Contact contact : list) {
                if (contact.isWildCard()) {
                    outgoing.addHeader((Contact) contact.clone());
                    continue;
                }
                URI phoneContact = contact.getAddress().getURI();
                String token = registration.tokens.computeIfAbsent(phoneContact.toString(), c -> context.sip.token(16));
                contacts.put(token, (URI) phoneContact.clone());
                Contact ours = context.sip.contact(pbx.side(), pbx.transport(), token);
                if (contact.getExpires() >= 0) {
                    ours.setExpires(contact.getExpires());
                }
                outgoing.addHeader(ours);
            }
        }
        RelayHeaders.copy(register, outgoing);
        context.counters.increment(Counter.REGISTRATIONS_RELAYED);
        shard.transactions.startClient(outgoing, pbx, user, new Pending(server, registration, contacts));
    }

    private final TransactionUser user = new TransactionUser() {
        @Override
        public void onResponse(ClientTransaction transaction, SIPResponse response) {
            int status = response.getStatusCode();
            if (status < 200) {
                return;
            }
            Pending pending = (Pending) transaction.owner();
            SIPRequest register = pending.server().request();
            context.judgedByPbx(register, SipSide.OUTSIDE, pending.server().replyTarget(), status);
            SIPResponse relayed = context.responses.create(register, status, response.getReasonPhrase());
            if (status < 300) {
                bind(pending, response, relayed);
            }
            RelayHeaders.copy(response, relayed);
            pending.server().respond(relayed);
        }

        @Override
        public void onTimeout(ClientTransaction transaction) {
            Pending pending = (Pending) transaction.owner();
            pending.server().respond(context.responses.create(pending.server().request(), 408, "Request Timeout"));
        }
    };

    /** Applies the PBX's 2xx to the binding cache and lists the phone's own contacts back to it. */
    private void bind(Pending pending, SIPResponse ok, SIPResponse relayed) {
        SIPRequest register = pending.server().request();
        Expires expiresHeader = (Expires) ok.getHeader(Expires.NAME);
        int defaultExpires = expiresHeader == null ? 3600 : expiresHeader.getExpires();
        Map<String, Integer> granted = new HashMap<>();
        ContactList contacts = ok.getContactHeaders();
        if (contacts != null) {
            for (Contact contact : contacts) {
                if (contact.getAddress() != null && contact.getAddress().getURI() instanceof SipUri uri
                        && uri.getUser() != null && pending.contacts().containsKey(uri.getUser())) {
                    granted.put(uri.getUser(), contact.getExpires() >= 0 ? contact.getExpires() : defaultExpires);
                }
            }
        }
        SipUri aor = (SipUri) register.getTo().getAddress().getURI();
        String user = aor.getUser() == null ? "" : aor.getUser();
        long now = System.currentTimeMillis();
        List<Contact> back = new ArrayList<>();
        for (Map.Entry<String, URI> entry : pending.contacts().entrySet()) {
            Integer expires = granted.get(entry.getKey());
            if (expires == null || expires <= 0) {
                context.bindings.remove(entry.getKey());
                continue;
            }
            Binding binding = new Binding(entry.getKey(), user + "@" + aor.getHost(), user, entry.getValue(),
                    pending.server().replyTarget(), now + expires * 1_000L);
            if (!context.bindings.put(binding)) {
                context.counters.increment(Counter.REGISTRATIONS_REFUSED);
                continue;
            }
            Contact contact = new Contact();
            contact.setAddress(context.sip.addresses().createAddress((URI) entry.getValue().clone()));
            contact.setExpires(expires);
            back.add(contact);
        }
        if (register.getContactHeaders() != null && ((Contact) register.getContactHeaders().getFirst()).isWildCard()) {
            pending.registration().tokens.values().forEach(context.bindings::remove);
        }
        back.forEach(relayed::addHeader);
    }

    private static int newContacts(SIPRequest register, Registration registration) {
        int count = 0;
        ContactList list = register.getContactHeaders();
        if (list != null) {
            for (Contact contact : list) {
                if (!contact.isWildCard() && !registration.tokens.containsKey(contact.getAddress().getURI().toString())) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Forgets registrations whose bindings all expired, once they have been idle a while. */
    private void sweep() {
        long now = System.currentTimeMillis();
        long idle = 2 * shard.transactions.timers().timeout();
        context.bindings.sweep();
        registrations.values().removeIf(r -> now - r.lastUsedMillis > idle
                && r.tokens.values().stream().noneMatch(t -> context.bindings.byToken(t).isPresent()));
    }

    int size() {
        return registrations.size();
    }
}
