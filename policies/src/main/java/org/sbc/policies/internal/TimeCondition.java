package org.sbc.policies.internal;

import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The request's time falls on one of the days and inside one of the hour windows, in a named
 * time zone (never the server's: a policy must mean the same on every node). A window may cross
 * midnight ({@code 22:00-06:00}); the day is the local day of the request, so {@code days: [fri]}
 * with {@code 22:00-06:00} holds Friday 22:00-24:00 and Friday 00:00-06:00.
 */
public record TimeCondition(Set<DayOfWeek> days, List<HourWindow> hours, ZoneId zone) implements Condition {

    /** Minutes from local midnight, start inclusive, end exclusive; end 1440 means 24:00. */
    public record HourWindow(int startMinute, int endMinute) {
        boolean contains(int minute) {
            return startMinute < endMinute
                    ? minute >= startMinute && minute < endMinute
                    : minute >= startMinute || minute < endMinute;
        }

        @Override
        public String toString() {
            return String.format("%02d:%02d-%02d:%02d", startMinute / 60, startMinute % 60, endMinute / 60,
                    endMinute % 60);
        }
    }

    public TimeCondition {
        days = Set.copyOf(days);
        hours = List.copyOf(hours);
    }

    @Override
    public boolean test(Facts facts) {
        ZonedDateTime local = facts.input().time().atZone(zone);
        if (!days.contains(local.getDayOfWeek())) {
            return false;
        }
        if (hours.isEmpty()) {
            return true;
        }
        int minute = local.getHour() * 60 + local.getMinute();
        for (HourWindow window : hours) {
            if (window.contains(minute)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String describe() {
        String dayText = days.size() == 7 ? "every day" : days.stream().sorted()
                .map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ROOT).toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(","));
        return "time " + dayText + (hours.isEmpty() ? "" : " " + hours) + " " + zone;
    }
}
