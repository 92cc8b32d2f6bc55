package eg.gov.bawaba.hub.limits;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads every request body before any route does, and refuses one that is larger than the configured limit (413,
 * from its {@code Content-Length} without reading it, or while counting a chunked body), shorter than its
 * {@code Content-Length} (400) or not UTF-8 (400): a route only ever gets a whole body of valid UTF-8 within the limit.
 */
public class RequestBodyFilter extends OncePerRequestFilter {

    static final String DRY_RUN_PATH = "/ops/v1/dry-run";

    private final long maxBytes;
    private final long maxDryRunBytes;

    public RequestBodyFilter(DataSize maxBodySize, DataSize maxDryRunBodySize) {
        this.maxBytes = maxBodySize.toBytes();
        this.maxDryRunBytes = maxDryRunBodySize.toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = DRY_RUN_PATH.equals(request.getRequestURI().substring(request.getContextPath().length()))
                ? maxDryRunBytes : maxBytes;
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            tooLarge(request, response, limit);
            return;
        }
        byte[] body;
        try {
            // the server never hands over more than a declared length; a chunked one is read one byte beyond the limit
            body = request.getInputStream().readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
        } catch (IOException cutShort) {
            // the connection ended or went quiet before the declared length arrived (Tomcat: EOF or read timeout)
            ServletProblems.refuse(request, response, 400, "incomplete-body", "Incomplete body", declared >= 0
                    ? "the body ended before the " + declared + " bytes its Content-Length declares"
                    : "the chunked body is malformed or ended before its last chunk");
            return;
        }
        if (body.length > limit) {
            tooLarge(request, response, limit);
            return;
        }
        String malformed = notUtf8(body);
        if (malformed != null) {
            ServletProblems.refuse(request, response, 400, "malformed-body", "Body not UTF-8",
                    "the body is not UTF-8: " + malformed + "; send JSON encoded as UTF-8 (RFC 8259)");
            return;
        }
        chain.doFilter(new ReadBody(request, body), response);
    }

    /** Null when the bytes are UTF-8, else where they stop being so. */
    static String notUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(4096);
        CoderResult result;
        do {
            out.clear();
            // end of input: a sequence cut off by the end is malformed too
            result = decoder.decode(in, out, true);
        } while (result.isOverflow());
        if (result.isError()) {
            int at = in.position();
            return "the byte at offset " + at + " (0x" + String.format("%02X", bytes[at] & 0xFF) + ") is not part of "
                    + "a valid UTF-8 sequence";
        }
        return null;
    }

    private static void tooLarge(HttpServletRequest request, HttpServletResponse response, long limit)
            throws IOException {
        ServletProblems.refuse(request, response, 413, "payload-too-large", "Payload too large",
                "the request body is larger than " + DataSize.ofBytes(limit).toKilobytes() + " KB (" + limit
                        + " bytes), the limit of this API");
    }

    /** The request with its body already read into memory, and known to be UTF-8 whatever charset it declares. */
    private static final class ReadBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public String getCharacterEncoding() {
            // JSON is UTF-8 (RFC 8259 defines no charset parameter): a declared one would only mis-decode it
            return StandardCharsets.UTF_8.name();
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
        }
    }
}
