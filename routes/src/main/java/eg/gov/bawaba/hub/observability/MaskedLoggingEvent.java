package eg.gov.bawaba.hub.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import eg.gov.bawaba.hub.ops.FailureText;
import eg.gov.bawaba.hub.privacy.Identifiers;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * A log event as the console may write it: the message, exception messages and key-value pairs with what looks like
 * a national id, passport or phone number or e-mail address masked by the hub's one rule ({@link Identifiers}); the
 * correlation id masked the same way (one accepted before the hub masked them at the door may still hold one), and any
 * other MDC value that is nothing but an identifier masked whole.
 */
final class MaskedLoggingEvent implements ILoggingEvent {

    private final ILoggingEvent event;
    private final String message;

    MaskedLoggingEvent(ILoggingEvent event) {
        this.event = event;
        this.message = FailureText.masked(event.getFormattedMessage());
    }

    @Override
    public String getMessage() {
        return message;
    }

    /** None: the message is formatted and masked already, and raw arguments would bypass the mask. */
    @Override
    public Object[] getArgumentArray() {
        return null;
    }

    @Override
    public String getFormattedMessage() {
        return message;
    }

    @Override
    public IThrowableProxy getThrowableProxy() {
        return event.getThrowableProxy() == null ? null : new MaskedThrowable(event.getThrowableProxy());
    }

    @Override
    public Map<String, String> getMDCPropertyMap() {
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc == null || mdc.isEmpty()) {
            return mdc;
        }
        Map<String, String> masked = new LinkedHashMap<>();
        // other MDC values are ids the hub makes (trace ids are hex): masking digit runs inside them would break them
        mdc.forEach((key, value) -> {
            boolean mask = Correlation.MDC_CORRELATION_ID.equals(key) || Identifiers.isOne(value);
            masked.put(key, mask ? Identifiers.masked(value) : value);
        });
        return masked;
    }

    @Override
    @SuppressWarnings("deprecation")
    public Map<String, String> getMdc() {
        return getMDCPropertyMap();
    }

    @Override
    public List<KeyValuePair> getKeyValuePairs() {
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        return pairs == null ? null : pairs.stream()
                .map(p -> new KeyValuePair(p.key, p.value == null ? null : FailureText.masked(String.valueOf(p.value))))
                .toList();
    }

    @Override
    public String getThreadName() {
        return event.getThreadName();
    }

    @Override
    public Level getLevel() {
        return event.getLevel();
    }

    @Override
    public String getLoggerName() {
        return event.getLoggerName();
    }

    @Override
    public LoggerContextVO getLoggerContextVO() {
        return event.getLoggerContextVO();
    }

    @Override
    public StackTraceElement[] getCallerData() {
        return event.getCallerData();
    }

    @Override
    public boolean hasCallerData() {
        return event.hasCallerData();
    }

    @Override
    public List<Marker> getMarkerList() {
        return event.getMarkerList();
    }

    @Override
    public long getTimeStamp() {
        return event.getTimeStamp();
    }

    @Override
    public int getNanoseconds() {
        return event.getNanoseconds();
    }

    @Override
    public Instant getInstant() {
        return event.getInstant();
    }

    @Override
    public long getSequenceNumber() {
        return event.getSequenceNumber();
    }

    @Override
    public void prepareForDeferredProcessing() {
        event.prepareForDeferredProcessing();
    }

    /** An exception with its message, and those of its causes and suppressed ones, masked; the stack as it was. */
    private record MaskedThrowable(IThrowableProxy proxy) implements IThrowableProxy {

        @Override
        public String getMessage() {
            return FailureText.masked(proxy.getMessage());
        }

        @Override
        public String getClassName() {
            return proxy.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return proxy.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return proxy.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return proxy.getCause() == null ? null : new MaskedThrowable(proxy.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = proxy.getSuppressed();
            if (suppressed == null) {
                return null;
            }
            IThrowableProxy[] masked = new IThrowableProxy[suppressed.length];
            for (int i = 0; i < suppressed.length; i++) {
                masked[i] = new MaskedThrowable(suppressed[i]);
            }
            return masked;
        }

        @Override
        public boolean isCyclic() {
            return proxy.isCyclic();
        }
    }
}
