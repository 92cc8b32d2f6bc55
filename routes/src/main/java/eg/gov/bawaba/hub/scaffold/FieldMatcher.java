package eg.gov.bawaba.hub.scaffold;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Finds, for each field of the canonical catalogue entry, the source field that most likely holds it, by name (English
 * and Arabic words, camelCase, snake_case, dotted paths; Arabic/English pairs by suffix, by {@code ar}/{@code en}
 * children or by a {@code lang} attribute) and by type, binding each source field at most once, best scores first.
 */
final class FieldMatcher {

    private static final Set<String> ARABIC = Set.of("ar", "arabic", "arb", "عربي", "بالعربية", "العربية", "بالعربي");
    private static final Set<String> ENGLISH = Set.of("en", "english", "eng", "انجليزي", "إنجليزي", "بالانجليزية",
            "بالإنجليزية", "الانجليزية", "الإنجليزية");
    private static final Pattern CAMEL = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])|[_\\-.\\s]+");

    /** What a candidate is: one value, or a text in both languages. */
    enum Shape { SCALAR, PAIR }

    /**
     * A source field (or pair of fields) a canonical field may be bound to.
     *
     * @param words the lower-case words of its name, without the language words
     * @param ar    the JSONata path of the Arabic text (pairs), else null
     * @param en    the JSONata path of the English text (pairs), else null
     * @param list  it holds several values (or texts)
     * @param listOf for a list of pair objects, the path of the list; the ar and en paths are then relative to an item
     */
    record Candidate(Shape shape, String label, List<String> words, String path, String ar, String en, boolean list,
                     String listOf, SourceField.Type type, List<String> values, int depth) {}

    /** A canonical field: its name, the words that name it, and which candidates it can take. */
    record Target(String name, List<String> synonyms, Predicate<Candidate> fits) {}

    /** The outcome for one canonical field: the candidate bound (or null) and the others that would fit. */
    record Binding(Target target, Candidate bound, List<Candidate> alternatives) {}

    static final List<Target> TARGETS = List.of(
            new Target("code", List.of("code", "id", "service code", "key", "ref", "reference", "slug", "identifier",
                    "number", "no", "رمز", "الرمز", "كود", "الكود", "الرقم", "رقم"),
                    c -> c.shape() == Shape.SCALAR && !c.list() && c.depth() == 0
                            && c.type() != SourceField.Type.BOOLEAN && c.type() != SourceField.Type.OBJECT),
            new Target("title", List.of("title", "name", "label", "caption", "heading", "headline", "subject",
                    "اسم", "الاسم", "عنوان", "العنوان"), c -> c.shape() == Shape.PAIR && !c.list()),
            new Target("summary", List.of("summary", "description", "desc", "brief", "details", "lead", "abstract",
                    "overview", "about", "text", "body", "وصف", "الوصف", "نبذة", "ملخص", "الملخص"),
                    c -> c.shape() == Shape.PAIR && !c.list()),
            new Target("category", List.of("category", "category code", "type code", "service type", "type",
                    "section", "track", "group", "domain", "sector", "class", "family", "product family", "product type", "الفئة", "فئة", "النوع", "نوع", "تصنيف",
                    "التصنيف"), c -> c.shape() == Shape.SCALAR && !c.list() && c.type() == SourceField.Type.STRING),
            new Target("countries", List.of("countries", "country", "residence countries", "delivery countries",
                    "coverage country", "audience", "residence", "الدول", "دول", "البلاد", "الدولة"),
                    c -> c.shape() == Shape.SCALAR && c.type() == SourceField.Type.STRING),
            new Target("conditions", List.of("conditions", "eligibility conditions", "condition", "criteria",
                    "rules", "eligibility", "notes", "terms", "الشروط", "شروط"), FieldMatcher::textList),
            new Target("requiredDocuments", List.of("required documents", "documents", "document", "docs", "papers",
                    "attachments", "requirements", "المستندات", "مستندات", "الأوراق", "المطلوبة"), FieldMatcher::textList),
            new Target("channels", List.of("channels", "channel", "delivery channels", "available via", "apply at",
                    "apply via", "via", "القنوات", "قنوات"),
                    c -> c.shape() == Shape.SCALAR && c.type() == SourceField.Type.STRING),
            new Target("fee.amount", List.of("fee amount", "fee", "fees", "price", "cost", "amount", "charge",
                    "price value", "down payment", "payment", "الرسوم", "رسوم", "الرسم", "التكلفة"),
                    // text sources (CSV, XML) and empty sample columns hold numbers as text
                    c -> c.shape() == Shape.SCALAR && !c.list()
                            && (c.type() == SourceField.Type.NUMBER || c.type() == SourceField.Type.STRING)),
            new Target("fee.currency", List.of("fee currency", "currency", "currency code", "unit", "price unit", "العملة", "عملة"),
                    c -> c.shape() == Shape.SCALAR && !c.list() && c.type() == SourceField.Type.STRING),
            new Target("validity.from", List.of("valid from", "effective from", "start date", "from", "start",
                    "starts", "available from", "begin", "opens", "opens on", "من", "تاريخ البدء"),
                    c -> c.shape() == Shape.SCALAR && !c.list() && c.type() == SourceField.Type.DATE),
            new Target("validity.to", List.of("valid to", "valid until", "effective to", "end date", "to", "until",
                    "end", "ends", "expires", "expiry", "closes", "closes on", "deadline", "closing date", "إلى", "تاريخ الانتهاء"),
                    c -> c.shape() == Shape.SCALAR && !c.list() && c.type() == SourceField.Type.DATE),
            new Target("officialUrl", List.of("official url", "url", "link", "info url", "website", "web", "href",
                    "page", "homepage", "الرابط", "رابط", "الموقع"),
                    c -> c.shape() == Shape.SCALAR && !c.list()
                            && (c.type() == SourceField.Type.URI || c.type() == SourceField.Type.STRING)));

    private FieldMatcher() {
    }

    private static boolean textList(Candidate c) {
        return c.shape() == Shape.PAIR && (c.list() || c.values().stream().anyMatch(v -> v.contains("|")));
    }

    static Map<String, Binding> match(List<SourceField> fields) {
        List<Candidate> candidates = candidates(fields);
        record Scored(Target target, Candidate candidate, int score) {}
        List<Scored> scored = new ArrayList<>();
        for (Target target : TARGETS) {
            for (Candidate candidate : candidates) {
                int score = score(target, candidate);
                if (score > 0 && target.fits().test(candidate)) {
                    scored.add(new Scored(target, candidate, score));
                }
            }
        }
        scored.sort(Comparator.comparingInt(Scored::score).reversed());
        Map<String, Candidate> bound = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        for (Scored s : scored) {
            if (!bound.containsKey(s.target().name()) && !used.contains(s.candidate().label())) {
                bound.put(s.target().name(), s.candidate());
                used.add(s.candidate().label());
            }
        }
        Map<String, Binding> bindings = new LinkedHashMap<>();
        for (Target target : TARGETS) {
            Candidate chosen = bound.get(target.name());
            List<Candidate> others = candidates.stream()
                    .filter(c -> c != chosen && !used.contains(c.label()) && target.fits().test(c)).limit(8).toList();
            bindings.put(target.name(), new Binding(target, chosen, others));
        }
        return bindings;
    }

    /** Fields that may describe an application form: those named like one (form, fields, inputs, application). */
    static List<String> formCandidates(List<SourceField> fields) {
        Set<String> formWords = Set.of("form", "fields", "inputs", "input", "application", "eapplication", "questions");
        return fields.stream().filter(f -> words(f.name()).stream().anyMatch(formWords::contains))
                .map(SourceField::name).toList();
    }

    private static int score(Target target, Candidate candidate) {
        String joined = String.join(" ", candidate.words());
        int best = 0;
        for (int i = 0; i < target.synonyms().size(); i++) {
            String synonym = target.synonyms().get(i);
            String last = candidate.words().isEmpty() ? "" : candidate.words().get(candidate.words().size() - 1);
            int score = joined.equals(synonym) ? 100 - i
                    : last.equals(synonym) || joined.endsWith(" " + synonym) ? 70 - i
                    : candidate.words().contains(synonym) ? 50 - i : 0;
            best = Math.max(best, score);
        }
        return best == 0 ? 0 : best - 5 * candidate.depth();
    }

    static List<Candidate> candidates(List<SourceField> fields) {
        List<Candidate> found = new ArrayList<>();
        collect(fields, "", List.of(), 0, found);
        return found;
    }

    private static void collect(List<SourceField> fields, String at, List<String> outer, int depth, List<Candidate> found) {
        Set<String> paired = new HashSet<>();
        // sibling fields that differ only by their language word: nameAr/nameEn, title_ar/title_en, الاسم بالعربية
        for (SourceField arabic : fields) {
            Language language = language(arabic.name());
            if (language == null || !language.arabic() || !arabic.scalar()) {
                continue;
            }
            for (SourceField english : fields) {
                Language other = language(english.name());
                if (other != null && !other.arabic() && other.base().equals(language.base()) && english.scalar()) {
                    List<String> words = new ArrayList<>(outer);
                    words.addAll(language.base());
                    found.add(new Candidate(Shape.PAIR, at + arabic.name() + "/" + english.name(), words, null,
                            at + ref(arabic.name()), at + ref(english.name()), arabic.repeated(), null,
                            SourceField.Type.STRING, arabic.values(), depth));
                    paired.add(arabic.name());
                    paired.add(english.name());
                }
            }
        }
        for (SourceField field : fields) {
            if (paired.contains(field.name())) {
                continue;
            }
            List<String> words = new ArrayList<>(outer);
            words.addAll(words(field.name()));
            String path = at + ref(field.name());
            if (field.scalar()) {
                found.add(new Candidate(Shape.SCALAR, path, words, path, null, null, field.repeated(), null,
                        field.type(), field.values(), depth));
                continue;
            }
            Candidate pair = pairInside(field, path, words, depth);
            if (pair != null) {
                found.add(pair);
                continue;
            }
            SourceField text = field.child("_text");
            if (text != null && !field.repeated()) {
                found.add(new Candidate(Shape.SCALAR, path + "._text", words, path + "._text", null, null, false,
                        null, text.type(), text.values(), depth));
            }
            // a container of one repeated pair: <conditions><condition><ar/><en/></condition>...</conditions>
            if (!field.repeated() && depth < 3) {
                collect(field.children(), path + ".", words, depth + 1, found);
            }
        }
    }

    /** An object whose children are the two languages ({ar, en}, {arabic, english}), or texts with a lang attribute. */
    private static Candidate pairInside(SourceField field, String path, List<String> words, int depth) {
        String ar = null;
        String en = null;
        for (SourceField child : field.children()) {
            String name = child.name().toLowerCase(Locale.ROOT);
            if (ARABIC.contains(name) && child.scalar()) {
                ar = ref(child.name());
            } else if (ENGLISH.contains(name) && child.scalar()) {
                en = ref(child.name());
            }
        }
        SourceField lang = field.child("lang") != null ? field.child("lang") : field.child("language");
        if (ar == null && lang != null && field.child("_text") != null && field.repeated()) {
            // <title lang="ar">…</title><title lang="en">…</title>: one field per text, the language an attribute
            String attribute = lang.name();
            return new Candidate(Shape.PAIR, path, words, path, path + "[" + attribute + " = \"ar\"]._text",
                    path + "[" + attribute + " = \"en\"]._text", false, null, SourceField.Type.STRING, List.of(), depth);
        }
        if (ar == null || en == null) {
            return null;
        }
        return field.repeated()
                ? new Candidate(Shape.PAIR, path, words, path, ar, en, true, path, SourceField.Type.STRING, List.of(), depth)
                : new Candidate(Shape.PAIR, path, words, path, path + "." + ar, path + "." + en, false, null,
                        SourceField.Type.STRING, List.of(), depth);
    }

    private record Language(boolean arabic, List<String> base) {}

    private static Language language(String name) {
        List<String> words = words(name);
        if (words.size() < 2) {
            return null;
        }
        String first = words.get(0);
        String last = words.get(words.size() - 1);
        if (ARABIC.contains(last) || ENGLISH.contains(last)) {
            return new Language(ARABIC.contains(last), words.subList(0, words.size() - 1));
        }
        if (ARABIC.contains(first) || ENGLISH.contains(first)) {
            return new Language(ARABIC.contains(first), words.subList(1, words.size()));
        }
        return null;
    }

    static List<String> words(String name) {
        List<String> words = new ArrayList<>();
        for (String word : CAMEL.split(name)) {
            if (!word.isEmpty()) {
                words.add(word.toLowerCase(Locale.ROOT));
            }
        }
        return words;
    }

    /** A field name as JSONata reads it: backticks around anything that is not a plain name (spaces, Arabic, -). */
    static String ref(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_]*") ? name : "`" + name + "`";
    }
}
