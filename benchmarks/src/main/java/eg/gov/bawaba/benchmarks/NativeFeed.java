package eg.gov.bawaba.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eg.gov.bawaba.benchmarks.TextBank.Pair;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A synthetic, deterministic feed of the Ministry of Emigration's native privilege records, pre-serialised so that
 * serving it costs the benchmark almost nothing while the hub syncs.
 */
final class NativeFeed {

    /** One record in this many carries a type code missing from the code list, so the mapping quarantines it. */
    static final int QUARANTINE_EVERY = 500;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String prefix;
    private final byte[][] records;

    private NativeFeed(String prefix, byte[][] records) {
        this.prefix = prefix;
        this.records = records;
    }

    /** Generates {@code size} records whose codes start with {@code prefix}; the same arguments give the same feed. */
    static NativeFeed generate(String prefix, int size, long seed) {
        byte[][] records = new byte[size][];
        IntStream.range(0, size).parallel().forEach(i -> records[i] = serialise(record(prefix, i, seed)));
        return new NativeFeed(prefix, records);
    }

    int size() {
        return records.length;
    }

    String prefix() {
        return prefix;
    }

    /** Total bytes of all records, for reporting the feed volume. */
    long bytes() {
        long total = 0;
        for (byte[] r : records) {
            total += r.length;
        }
        return total;
    }

    /** The records of one page, as the JSON array text of the ministry's {@code items}. */
    byte[][] page(int page, int size) {
        int from = (int) Math.min((long) page * size, records.length);
        int to = (int) Math.min((long) from + size, records.length);
        byte[][] slice = new byte[to - from][];
        System.arraycopy(records, from, slice, 0, to - from);
        return slice;
    }

    /** The code of record {@code i}, which after mapping becomes entry id {@code <entity>.<code>}. */
    static String code(String prefix, int i) {
        return prefix + "-" + type(i) + "-" + String.format("%06d", i);
    }

    private static String type(int i) {
        if (i % QUARANTINE_EVERY == QUARANTINE_EVERY - 1) {
            return "MISC";
        }
        // a weighted pick that depends on i alone, so codes are stable without a random source
        int roll = Math.floorMod(i * 7919 + 13, 100);
        for (int t = 0; t < TextBank.TYPES.size(); t++) {
            roll -= TextBank.TYPE_WEIGHTS[t];
            if (roll < 0) {
                return TextBank.TYPES.get(t);
            }
        }
        return TextBank.TYPES.get(0);
    }

    private static ObjectNode record(String prefix, int i, long seed) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i);
        String type = type(i);
        List<Pair> subjects = TextBank.SUBJECTS.getOrDefault(type, TextBank.SUBJECTS.get("CAR"));
        Pair subject = pick(random, subjects);
        Pair audience = pick(random, TextBank.AUDIENCES);
        int edition = 2015 + random.nextInt(12);
        ObjectNode r = JSON.createObjectNode();
        r.put("privilegeCode", code(prefix, i));
        r.put("typeCode", type);
        r.put("nameAr", subject.ar() + " " + audience.ar() + " (إصدار " + edition + ")");
        r.put("nameEn", subject.en() + " " + audience.en() + " (" + edition + " edition)");
        StringBuilder ar = new StringBuilder(subject.ar()).append(' ').append(audience.ar()).append(". ");
        StringBuilder en = new StringBuilder(subject.en()).append(' ').append(audience.en()).append(". ");
        for (Pair sentence : some(random, TextBank.SENTENCES, 1, 3)) {
            ar.append(sentence.ar()).append(' ');
            en.append(sentence.en()).append(' ');
        }
        r.put("descAr", ar.toString().trim());
        r.put("descEn", en.toString().trim());
        r.put("residenceCountries", random.nextInt(10) < 6 ? ""
                : String.join(random.nextBoolean() ? "," : ", ", some(random, TextBank.COUNTRIES, 1, 9)));
        List<Pair> conditions = some(random, TextBank.CONDITIONS, 1, 4);
        ArrayNode conditionsAr = r.putArray("conditionsAr");
        ArrayNode conditionsEn = r.putArray("conditionsEn");
        conditions.forEach(c -> {
            conditionsAr.add(c.ar());
            conditionsEn.add(c.en());
        });
        boolean fee = random.nextInt(10) < 3;
        if (fee) {
            r.put("feeAmount", random.nextInt(4) == 0 ? 12.5 + random.nextInt(100) : 50 + 50 * random.nextInt(40));
            r.put("feeCurrency", pick(random, TextBank.CURRENCIES));
        } else {
            r.putNull("feeAmount");
            r.putNull("feeCurrency");
        }
        ArrayNode documents = r.putArray("documents");
        some(random, TextBank.DOCUMENTS, 1, 4).forEach(d -> documents.addObject().put("ar", d.ar()).put("en", d.en()));
        r.put("applyOnline", random.nextInt(10) < 7);
        ArrayNode applyAt = r.putArray("applyAt");
        some(random, TextBank.APPLY_AT, 0, 2).forEach(applyAt::add);
        ArrayNode form = r.putArray("formFields");
        for (String[] f : some(random, TextBank.FORM_FIELDS, 0, 5)) {
            form.addObject().put("name", f[0]).put("type", f[1]).put("required", random.nextBoolean())
                    .put("labelEn", f[3]).put("labelAr", f[2]);
        }
        if (random.nextBoolean()) {
            r.put("startDate", edition + "-0" + (1 + random.nextInt(9)) + "-01");
        }
        if (random.nextInt(5) == 0) {
            r.put("endDate", (edition + 3) + "-12-31");
        }
        r.put("url", "https://www.emigration.gov.eg/initiatives/" + code(prefix, i).toLowerCase());
        return r;
    }

    private static <T> T pick(SplittableRandom random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    /** Between {@code min} and {@code max} distinct items, in the list's order. */
    private static <T> List<T> some(SplittableRandom random, List<T> from, int min, int max) {
        int count = min + random.nextInt(Math.min(max, from.size()) - min + 1);
        Set<Integer> chosen = new LinkedHashSet<>();
        while (chosen.size() < count) {
            chosen.add(random.nextInt(from.size()));
        }
        List<T> items = new ArrayList<>();
        chosen.stream().sorted().forEach(k -> items.add(from.get(k)));
        return items;
    }

    private static byte[] serialise(ObjectNode record) {
        try {
            return JSON.writeValueAsBytes(record);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
