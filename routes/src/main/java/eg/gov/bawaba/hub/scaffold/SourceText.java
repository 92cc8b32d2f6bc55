package eg.gov.bawaba.hub.scaffold;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** Reads what the entity handed over, from a file or an http(s) URL, failing with a sentence that names it. */
final class SourceText {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private SourceText() {
    }

    static boolean isUrl(String location) {
        String lower = location.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    static byte[] read(String location) {
        if (isUrl(location)) {
            try {
                HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
                        .followRedirects(HttpClient.Redirect.NORMAL).build();
                HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(location))
                        .timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() / 100 != 2) {
                    throw new ScaffoldException("cannot read " + location + ": the server answered HTTP "
                            + response.statusCode());
                }
                return response.body();
            } catch (IOException | IllegalArgumentException e) {
                throw new ScaffoldException("cannot read " + location + ": " + describe(e), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ScaffoldException("cannot read " + location + ": interrupted", e);
            }
        }
        try {
            return Files.readAllBytes(Path.of(location));
        } catch (NoSuchFileException e) {
            throw new ScaffoldException("cannot read " + location + ": no such file", e);
        } catch (IOException e) {
            throw new ScaffoldException("cannot read " + location + ": " + describe(e), e);
        }
    }

    static String readText(String location) {
        String text = new String(read(location), StandardCharsets.UTF_8);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static String describe(Exception e) {
        if (e instanceof ConnectException) {
            return "nothing answers at that address (connection refused)";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host";
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " (" + message + ")");
    }
}
