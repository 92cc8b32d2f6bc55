package eg.gov.bawaba.benchmarks;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Catalogue read requests in the proportions an app front page and search would send, drawn at random with a long
 * tail (later pages, one- and two-word searches, any entry id), so that a response cache in the hub sees realistic
 * repeats rather than a small set it can hold entirely. Pages stay below 50: deeper ones are measured apart
 * ({@link DeepPages}), since their cost grows with the page number.
 */
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

    private static final String LIST = "/api/v1/catalogue";
    private static final String ARABIC_BROWSER = "ar-EG,ar;q=0.9,en;q=0.8";
    private static final String ENGLISH_BROWSER = "en-US,en;q=0.9";
    private static final String[] CATEGORIES = {"CUSTOMS", "HOUSING", "BANKING", "EDUCATION", "PENSIONS", "INSURANCE",
            "INVESTMENT", "TRAINING", "CONSULAR", "EMPLOYMENT"};
    /** Categories whose entries the emigration code list files as services rather than privileges. */
    private static final List<String> SERVICE_CATEGORIES = List.of("PENSIONS", "TRAINING", "CONSULAR", "EMPLOYMENT");

    private final String entityId;
    private final String prefix;
    private final int feedSize;
    private final List<String> arabicWords;
    private final List<String> englishWords;

    /** Requests against the catalogue of {@code entityId} generated from {@code feedSize} records coded {@code prefix}. */
    RequestMix(String entityId, String prefix, int feedSize) {
        this.entityId = entityId;
        this.prefix = prefix;
        this.feedSize = feedSize;
        this.arabicWords = words(TextBank.ARABIC_QUERIES, true);
        this.englishWords = words(TextBank.ENGLISH_QUERIES, false);
    }

    /** The next request of a client whose own random source is {@code random}. */
    Request next(SplittableRandom random) {
        Kind kind = kind(random.nextInt(100));
        String language = random.nextInt(10) < 6 ? ARABIC_BROWSER : ENGLISH_BROWSER;
        return new Request(kind, path(kind, random), language);
    }

    /** A fixed sequence of {@code count} requests, for load generators that replay a list (wrk). */
    List<Request> sample(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Request> requests = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            requests.add(next(random));
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

    private String path(Kind kind, SplittableRandom random) {
        return switch (kind) {
            case LIST_PAGE -> LIST + "?page=" + page(random, 50);
            case FILTER_CATEGORY -> LIST + "?category=" + pick(random, CATEGORIES) + pageParam(random, 40);
            case FILTER_COUNTRY -> LIST + "?country=" + pick(random, TextBank.COUNTRIES) + pageParam(random, 40);
            case FILTER_COMBINED -> combined(random);
            case SEARCH_AR -> LIST + "?q=" + encode(phrase(random, arabicWords)) + pageParam(random, 5);
            case SEARCH_EN -> LIST + "?q=" + encode(phrase(random, englishWords)) + pageParam(random, 5);
            case GET_BY_ID -> LIST + "/" + entityId + "." + NativeFeed.code(prefix, publishedRecord(random));
        };
    }

    /** Kind, category and country together; the kind matches the category, as an app's filter screen would offer. */
    private static String combined(SplittableRandom random) {
        String category = pick(random, CATEGORIES);
        String kind = SERVICE_CATEGORIES.contains(category) ? "SERVICE" : "PRIVILEGE";
        return LIST + "?kind=" + kind + "&category=" + category + "&country=" + pick(random, TextBank.COUNTRIES)
                + "&size=10";
    }

    /** Most users stay on the first three pages; three in ten scroll further, up to page {@code last - 1}. */
    private static int page(SplittableRandom random, int last) {
        return random.nextInt(10) < 3 ? random.nextInt(last) : random.nextInt(3);
    }

    private static String pageParam(SplittableRandom random, int last) {
        int page = page(random, last);
        return page == 0 ? "" : "&page=" + page;
    }

    /** One word, or two words in any order: a long tail of distinct searches from a small vocabulary. */
    private static String phrase(SplittableRandom random, List<String> words) {
        String first = pick(random, words);
        return random.nextInt(3) == 0 ? first + " " + pick(random, words) : first;
    }

    /** A record index the mapping publishes (the feed's few quarantined records have no entry). */
    private int publishedRecord(SplittableRandom random) {
        int i = random.nextInt(feedSize);
        return i % NativeFeed.QUARANTINE_EVERY == NativeFeed.QUARANTINE_EVERY - 1 ? i - 1 : i;
    }

    /** The single words of the search phrases and of the feed's own texts. */
    private static List<String> words(List<String> phrases, boolean arabic) {
        List<String> words = new ArrayList<>();
        for (String phrase : phrases) {
            for (String word : phrase.split(" ")) {
                if (!words.contains(word)) {
                    words.add(word);
                }
            }
        }
        for (List<TextBank.Pair> pairs : TextBank.SUBJECTS.values()) {
            for (TextBank.Pair pair : pairs) {
                for (String word : (arabic ? pair.ar() : pair.en()).split(" ")) {
                    if (word.length() > 3 && !words.contains(word)) {
                        words.add(word);
                    }
                }
            }
        }
        return words;
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
