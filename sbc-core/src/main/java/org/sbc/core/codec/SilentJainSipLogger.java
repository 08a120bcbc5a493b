package org.sbc.core.codec;

import gov.nist.core.CommonLogger;
import gov.nist.core.StackLogger;
import java.util.Properties;

/**
 * JAIN-SIP's parsers log through {@link CommonLogger}, which without a SIP stack (we run none)
 * falls back to log4j, a dependency JAIN-SIP declares "provided" and we do not ship. Any input
 * that reached a logging call then threw {@code NoClassDefFoundError} out of the decoder: a
 * five-byte datagram {@code \xCF\r\n\r\n} did (found by {@code MessageDecodingFuzzTest}). This
 * logger is installed before the first parse and says nothing: what a parser would log about
 * attacker bytes is not ours to log, and the decode result carries the reason.
 */
final class SilentJainSipLogger implements StackLogger {

    private static final SilentJainSipLogger INSTANCE = new SilentJainSipLogger();

    private SilentJainSipLogger() {}

    /** Idempotent; call before any JAIN-SIP parser runs. */
    static void install() {
        CommonLogger.useLegacyLogger = true;
        CommonLogger.legacyLogger = INSTANCE;
    }

    @Override public void logStackTrace() {}
    @Override public void logStackTrace(int traceLevel) {}
    @Override public int getLineCount() {
        return 0;
    }
    @Override public void logException(Throwable ex) {}
    @Override public void logDebug(String message) {}
    @Override public void logDebug(String message, Exception ex) {}
    @Override public void logTrace(String message) {}
    @Override public void logFatalError(String message) {}
    @Override public void logError(String message) {}
    @Override public boolean isLoggingEnabled() {
        return false;
    }
    @Override public boolean isLoggingEnabled(int logLevel) {
        return false;
    }
    @Override public void logError(String message, Exception ex) {}
    @Override public void logWarning(String message) {}
    @Override public void logInfo(String message) {}
    @Override public void disableLogging() {}
    @Override public void enableLogging() {}
    @Override public void setBuildTimeStamp(String buildTimeStamp) {}
    @Override public void setStackProperties(Properties stackProperties) {}
    @Override public String getLoggerName() {
        return "silent";
    }
}
