package org.sbc.core.admission;

import java.util.Optional;

/**
 * One user's or trunk's counts under one fraud limit, as {@code sbc fraud list} shows them.
 *
 * @param blockedBy the measure whose blocking level refuses its new calls, if any
 */
public record FraudAccount(String limitId, String subject, long callsThisMinute, long callsThisHour, long concurrent,
        long internationalMinutesToday, long highCostMinutesToday, Optional<String> blockedBy) {}
