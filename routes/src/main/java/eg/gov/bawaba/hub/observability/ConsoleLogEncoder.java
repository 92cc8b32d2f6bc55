package eg.gov.bawaba.hub.observability;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.logging.logback.StructuredLogEncoder;

/**
 * The console's encoder (logback-spring.xml): one JSON object per line in Spring Boot's structured format
 * {@code ecs}, {@code logstash} or {@code gelf}, MDC keys included; or {@code text}, Spring Boot's console pattern, for
 * a person reading along. Chosen by {@code bawaba.log.format} ({@code BAWABA_LOG_FORMAT}). Either way, digit runs that
 * could be national ids, passport or phone numbers are masked first ({@link MaskedLoggingEvent}).
 */
public class ConsoleLogEncoder extends EncoderBase<ILoggingEvent> {

    public static final String TEXT = "text";

    private String format = "ecs";
    private String pattern;
    private Charset charset = StandardCharsets.UTF_8;
    private Encoder<ILoggingEvent> delegate;

    public void setFormat(String format) {
        this.format = format == null ? "" : format.strip();
    }

    /** The pattern of the {@code text} format. */
    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    public void setCharset(Charset charset) {
        this.charset = charset;
    }

    @Override
    public void start() {
        if (TEXT.equalsIgnoreCase(format)) {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setContext(getContext());
            text.setPattern(pattern);
            text.setCharset(charset);
            delegate = text;
        } else {
            // an unknown format fails the start with Boot's list of the known ones
            StructuredLogEncoder json = new StructuredLogEncoder();
            json.setContext(getContext());
            json.setFormat(format);
            json.setCharset(charset);
            delegate = json;
        }
        delegate.start();
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) {
            delegate.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return delegate.encode(new MaskedLoggingEvent(event));
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }
}
