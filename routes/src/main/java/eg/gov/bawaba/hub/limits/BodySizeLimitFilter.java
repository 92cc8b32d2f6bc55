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
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body larger than the configured limit with 413, whether its {@code Content-Length} says so or a
 * chunked body turns out so while it is read: no route ever holds more than the limit of a caller's bytes.
 */
public class BodySizeLimitFilter extends OncePerRequestFilter {

    static final String DRY_RUN_PATH = "/ops/v1/dry-run";

    private final long maxBytes;
    private final long maxDryRunBytes;

    public BodySizeLimitFilter(DataSize maxBodySize, DataSize maxDryRunBodySize) {
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
            refuse(request, response, limit);
            return;
        }
        if (declared >= 0) {
            // the server never hands over more than the declared length
            chain.doFilter(request, response);
            return;
        }
        // chunked (or of unknown length): read now, at most one byte beyond the limit
        byte[] body = request.getInputStream().readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
        if (body.length > limit) {
            refuse(request, response, limit);
            return;
        }
        chain.doFilter(new ReadBody(request, body), response);
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, long limit) throws IOException {
        ServletProblems.respond(request, response, 413, "payload-too-large", "Payload too large",
                "the request body is larger than " + DataSize.ofBytes(limit).toKilobytes() + " KB (" + limit
                        + " bytes), the limit of this API");
    }

    /** The request with its body already read into memory. */
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
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
        }
    }
}
