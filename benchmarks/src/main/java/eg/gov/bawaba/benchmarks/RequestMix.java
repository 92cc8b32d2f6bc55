package eg.gov.bawaba.benchmarks;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A fixed, seeded sequence of catalogue read requests in the proportions an app front page and search would send. */
final class RequestMix {

    /** The kinds of read, with their share of the mix in percent. */
    enum Kind {
        LIST_PAGE(15), FILTER_CATEGORY(10), FILTER_COUNTRY(10), FILTER_COMBINED(5), SEARCH_AR(15), SEARCH_EN(15),
        GET_BY_ID(30);

        final int percent;

        Kind(int percent) {
            this.percent = percent;
        }
    }

    /** One request: a path with its query, and the Accept-Language header an app would send. */
    record Request(Kind kind, String pathAndQuery, String acceptLanguage) {}

    private static final String ARABIC_BROWSER = "ar-EG,ar;q=0.9,en;q=0.8";
    private static final String ENGLISH_BROWSER = "en-US,en;q=0.9";
    private static final String[] CATEGORIES = {"CUSTOMS", "HOUSING", "BANKING", "EDUCATION", "PENSIONS", "INSURANCE",
            "INVESTMENT", "TRAINING", "CONSULAR", "EMPLOYMENT"};

    private RequestMix() {}

    /**
     * {@code count} requests against a catalogue of entity {@code entityId} generated from {@code feedSize} records
     * whose codes start with {@code prefix}.
     */
    static List<Request> build(String entityId, String prefix, int feedSize, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Request> requests = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            Kind kind = kind(random.nextInt(100));
            String language = random.nextInt(10) < 6 ? ARABIC_BROWSER : ENGLISH_BROWSER;
            requests.add(new Request(kind, path(kind, random, entityId, prefix, feedSize), language));
        }
        return requests;
    }

    private static Kind kind(int roll) {
        for (Kind kind : Kind.values()) {
            roll -= kind.percent;
            if (roll < 0) {
                return kind;
            }
        }
        return Kind.GET_BY_ID;
    }

    private static String path(Kind kind, SplittableRandom random, String entityId, String prefix, int feedSize) {
        String list = "/api/v1/catalogue";
        return switch (kind) {
            // most users stay on the first pages; a few scroll far
            case LIST_PAGE -> list + "?page=" + (random.nextInt(5) == 0 ? 5 + random.nextInt(45) : random.nextInt(5));
            case FILTER_CATEGORY -> list + "?category=" + pick(random, CATEGORIES) + page(random);
            case FILTER_COUNTRY -> list + "?country=" + pick(random, TextBank.COUNTRIES) + page(random);
            case FILTER_COMBINED -> list + "?kind=" + (random.nextBoolean() ? "PRIVILEGE" : "SERVICE")
                    + "&category=" + pick(random, CATEGORIES) + "&country=" + pick(random, TextBank.COUNTRIES)
                    + "&size=10";
            case SEARCH_AR -> list + "?q=" + encode(pick(random, TextBank.ARABIC_QUERIES)) + page(random);
            case SEARCH_EN -> list + "?q=" + encode(pick(random, TextBank.ENGLISH_QUERIES)) + page(random);
            case GET_BY_ID -> list + "/" + entityId + "." + NativeFeed.code(prefix, publishedRecord(random, feedSize));
        };
    }

    private static String page(SplittableRandom random) {
        return random.nextInt(4) == 0 ? "&page=" + (1 + random.nextInt(3)) : "";
    }

    /** A record index the mapping publishes (the feed's few quarantined records have no entry). */
    private static int publishedRecord(SplittableRandom random, int feedSize) {
        int i = random.nextInt(feedSize);
        return i % NativeFeed.QUARANTINE_EVERY == NativeFeed.QUARANTINE_EVERY - 1 ? i - 1 : i;
    }

    private static <T> T pick(SplittableRandom random, T[] from) {
        return from[random.nextInt(from.length)];
    }

    private static <T> T pick(SplittableRandom random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
