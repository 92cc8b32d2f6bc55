package eg.gov.bawaba.sandbox;

import com.sun.net.httpserver.Headers;
import jakarta.xml.ws.spi.http.HttpContext;
import jakarta.xml.ws.spi.http.HttpExchange;
import jakarta.xml.ws.spi.http.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A context of the JDK's built-in HTTP server offered to a JAX-WS endpoint through the JAX-WS HTTP SPI, so CXF can
 * serve SOAP on the sandbox's own loopback port beside the REST entities, without a servlet container.
 */
final class JdkHttpSpiContext extends HttpContext {

    private final com.sun.net.httpserver.HttpContext context;

    JdkHttpSpiContext(com.sun.net.httpserver.HttpContext context) {
        this.context = context;
        context.setHandler(exchange -> {
            try {
                HttpHandler endpoint = handler;
                if (endpoint == null) {
                    // a request between creating the context and publishing the endpoint
                    exchange.sendResponseHeaders(503, -1);
                    return;
                }
                endpoint.handle(new Exchange(exchange, this));
            } finally {
                exchange.close();
            }
        });
    }

    @Override
    public String getPath() {
        return context.getPath();
    }

    @Override
    public Object getAttribute(String name) {
        return context.getAttributes().get(name);
    }

    @Override
    public Set<String> getAttributeNames() {
        return context.getAttributes().keySet();
    }

    /** One request and its response, with the response headers sent when the endpoint starts writing the body. */
    private static final class Exchange extends HttpExchange {

        private final com.sun.net.httpserver.HttpExchange exchange;
        private final JdkHttpSpiContext context;
        private int status = 200;
        private boolean headersSent;

        Exchange(com.sun.net.httpserver.HttpExchange exchange, JdkHttpSpiContext context) {
            this.exchange = exchange;
            this.context = context;
        }

        @Override
        public Map<String, List<String>> getRequestHeaders() {
            return exchange.getRequestHeaders();
        }

        @Override
        public String getRequestHeader(String name) {
            return exchange.getRequestHeaders().getFirst(name);
        }

        @Override
        public Map<String, List<String>> getResponseHeaders() {
            return exchange.getResponseHeaders();
        }

        @Override
        public void addResponseHeader(String name, String value) {
            exchange.getResponseHeaders().add(name, value);
        }

        @Override
        public String getRequestURI() {
            return exchange.getRequestURI().getRawPath();
        }

        @Override
        public String getContextPath() {
            // the JDK server has no web applications, so there is no application path before the context's
            return "";
        }

        @Override
        public String getRequestMethod() {
            return exchange.getRequestMethod();
        }

        @Override
        public HttpContext getHttpContext() {
            return context;
        }

        @Override
        public void close() throws IOException {
            sendHeaders();
            exchange.getResponseBody().close();
        }

        @Override
        public InputStream getRequestBody() {
            return exchange.getRequestBody();
        }

        @Override
        public OutputStream getResponseBody() throws IOException {
            sendHeaders();
            return exchange.getResponseBody();
        }

        @Override
        public void setStatus(int status) {
            this.status = status;
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return exchange.getRemoteAddress();
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return exchange.getLocalAddress();
        }

        @Override
        public String getProtocol() {
            return exchange.getProtocol();
        }

        @Override
        public String getScheme() {
            return "http";
        }

        @Override
        public String getPathInfo() {
            String path = exchange.getRequestURI().getRawPath();
            String rest = path.length() > context.getPath().length() ? path.substring(context.getPath().length()) : "";
            return rest.isEmpty() ? null : rest;
        }

        @Override
        public String getQueryString() {
            return exchange.getRequestURI().getRawQuery();
        }

        @Override
        public Object getAttribute(String name) {
            return exchange.getAttribute(name);
        }

        @Override
        public Set<String> getAttributeNames() {
            return Set.of();
        }

        @Override
        public Principal getUserPrincipal() {
            return exchange.getPrincipal();
        }

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }

        private void sendHeaders() throws IOException {
            if (!headersSent) {
                headersSent = true;
                Headers headers = exchange.getResponseHeaders();
                // the JDK server sets the length itself; the body goes out chunked as the endpoint writes it
                headers.remove("Content-Length");
                exchange.sendResponseHeaders(status, 0);
            }
        }
    }
}
