package org.sbc.media.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A session description (RFC 8866) as its lines: the session section, then one
 * {@link MediaSection} per {@code m=} line. Only the shape is checked here (a {@code v=0} first
 * line, {@code type=value} lines, well-formed {@code m=} lines); what the lines mean is read by
 * {@link MediaSection} and {@link SdpAnchor}. Bounded: an SDP with more lines or streams than
 * {@link #MAX_LINES} and {@link #MAX_STREAMS} is refused, so a hostile body cannot make the
 * anchor allocate ports without end.
 */
public final class Sdp {

    /** More lines than any real offer carries (a video call with ICE is about 60). */
    public static final int MAX_LINES = 512;
    /** m= lines one SDP may carry; each costs the relay two port pairs. */
    public static final int MAX_STREAMS = 16;

    private static final Pattern LINE_END = Pattern.compile("\r?\n");

    private final List<String> session;
    private final List<MediaSection> media;

    private Sdp(List<String> session, List<MediaSection> media) {
        this.session = List.copyOf(session);
        this.media = List.copyOf(media);
    }

    /** The description, or empty when {@code text} is not one we can anchor. */
    public static Optional<Sdp> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] lines = LINE_END.split(text, -1);
        int count = lines.length;
        while (count > 0 && lines[count - 1].isEmpty()) {
            count--;
        }
        if (count == 0 || count > MAX_LINES || !lines[0].equals("v=0")) {
            return Optional.empty();
        }
        List<String> session = new ArrayList<>();
        List<MediaSection> media = new ArrayList<>();
        List<String> current = session;
        String mLine = null;
        for (int i = 0; i < count; i++) {
            String line = lines[i];
            // A CR inside a line (RFC 8866 §5: text fields exclude CR, LF and NUL) would let a
            // kept line smuggle a second one past the anchor to a receiver that ends lines at CR.
            if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z'
                    || line.indexOf('\r') >= 0 || line.indexOf('\0') >= 0) {
                return Optional.empty();
            }
            if (line.startsWith("m=")) {
                if (mLine != null) {
                    Optional<MediaSection> section = MediaSection.of(mLine, current);
                    if (section.isEmpty()) {
                        return Optional.empty();
                    }
                    media.add(section.get());
                }
                if (media.size() >= MAX_STREAMS) {
                    return Optional.empty();
                }
                mLine = line;
                current = new ArrayList<>();
            } else {
                current.add(line);
            }
        }
        if (mLine != null) {
            Optional<MediaSection> section = MediaSection.of(mLine, current);
            if (section.isEmpty()) {
                return Optional.empty();
            }
            media.add(section.get());
        }
        return Optional.of(new Sdp(session, media));
    }

    /** The session-level lines, {@code v=} first. */
    public List<String> sessionLines() {
        return session;
    }

    public List<MediaSection> media() {
        return media;
    }

    /** The session-level {@code c=} address, if there is one. */
    public Optional<String> sessionConnection() {
        return MediaSection.connectionIn(session);
    }
}
