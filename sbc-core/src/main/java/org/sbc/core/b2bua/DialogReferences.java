package org.sbc.core.b2bua;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sbc.core.b2bua.dialog.Call;
import org.sbc.core.b2bua.dialog.Leg;
import org.sbc.core.codec.HeaderField;
import org.sbc.core.codec.SipMessage;
import org.sbc.core.sip.SipSide;

/**
 * Headers that name a dialog (Replaces, Target-Dialog, and a Replaces inside a Refer-To URI)
 * name it as the sender's side knows it. Across the B2BUA that dialog is two legs, so the
 * reference is rewritten to the leg the receiver knows: its Call-ID, and the tags swapped
 * leg for leg (the SBC's tag on one side stands for the peer's on the other). A reference to
 * a dialog the SBC does not hold is left alone; the outside sanitiser still scrubs it.
 */
final class DialogReferences {

    private static final Pattern EMBEDDED = Pattern.compile("(?i)([?&]replaces=)([^&>]*)");

    private DialogReferences() {}

    static void translate(SipMessage message, SipSide from, Map<String, Call> directory) {
        rewriteHeader(message, "Replaces", from, directory);
        rewriteHeader(message, "Target-Dialog", from, directory);
        Optional<String> referTo = message.header("Refer-To");
        if (referTo.isPresent()) {
            String value = referTo.get().strip();
            Matcher matcher = EMBEDDED.matcher(value);
            if (matcher.find()) {
                String reference = URLDecoder.decode(matcher.group(2), StandardCharsets.UTF_8);
                Optional<String> translated = translate(reference, from, directory);
                if (translated.isPresent()) {
                    String rewritten = value.substring(0, matcher.start(2)) + escape(translated.get())
                            + value.substring(matcher.end(2));
                    replace(message, "Refer-To", rewritten);
                }
            }
        }
    }

    private static void rewriteHeader(SipMessage message, String name, SipSide from, Map<String, Call> directory) {
        message.header(name).flatMap(value -> translate(value.strip(), from, directory))
                .ifPresent(value -> replace(message, name, value));
    }

    /** {@code callid;to-tag=..;from-tag=..} (or local-tag/remote-tag) as the other side knows it. */
    static Optional<String> translate(String reference, SipSide from, Map<String, Call> directory) {
        String[] parts = reference.split(";");
        String callId = parts[0].strip();
        Leg leg = null;
        Call call = null;
        for (int i = 1; i < parts.length && call == null; i++) {
            String tag = tagValue(parts[i]);
            if (tag != null) {
                call = directory.get(Shard.key(from, callId, tag));
                if (call != null) {
                    leg = call.leg(from, callId);
                }
            }
        }
        if (call == null || leg.side() != from || !leg.callId().equals(callId)) {
            return Optional.empty();
        }
        Leg other = call.other(leg);
        if (other.remoteTag() == null) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder(other.callId());
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].strip();
            String tag = tagValue(part);
            if (tag == null) {
                out.append(';').append(part);
                continue;
            }
            String name = part.substring(0, part.indexOf('=')).strip();
            String swapped = tag.equals(leg.localTag()) ? other.remoteTag()
                    : tag.equals(leg.remoteTag()) ? other.localTag() : tag;
            out.append(';').append(name).append('=').append(swapped);
        }
        return Optional.of(out.toString());
    }

    private static String tagValue(String part) {
        int equals = part.indexOf('=');
        if (equals < 0) {
            return null;
        }
        String name = part.substring(0, equals).strip().toLowerCase(Locale.ROOT);
        return name.endsWith("-tag") ? part.substring(equals + 1).strip() : null;
    }

    private static String escape(String reference) {
        StringBuilder out = new StringBuilder();
        for (char c : reference.toCharArray()) {
            if (Character.isLetterOrDigit(c) || "-_.!~*'()".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", (int) c));
            }
        }
        return out.toString();
    }

    private static void replace(SipMessage message, String name, String value) {
        // a reference that does not parse keeps the original, which is scrubbed on the way out
        message.replaceHeaderIfWellFormed(new HeaderField(name, value));
    }
}
