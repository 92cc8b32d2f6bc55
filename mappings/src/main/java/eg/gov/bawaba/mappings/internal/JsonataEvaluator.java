package eg.gov.bawaba.mappings.internal;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import eg.gov.bawaba.mappings.MappingDefinitionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates one JSONata expression against one native record at a time, with {@code $codeLists} bound and runtime
 * bounds so a runaway expression fails the record instead of hanging the sync.
 *
 * <p>Parsing the expression costs more than evaluating it (0.2–0.4 ms per record for the emigration mapping, see
 * docs/benchmarks.md), so each thread parses it once and reuses that {@code Jsonata} for every record it evaluates.
 * This needs jsonata 0.9.10 or later: up to 0.9.9 an instance kept per-evaluation state (the environment and input,
 * shared through a static thread-local, dashjoin/jsonata-java#93) and a reused instance leaked {@code :=} bindings of
 * one record into the next; 0.9.10 (dashjoin/jsonata-java#103) keeps that state on the stack. Every evaluation still
 * gets a fresh frame, with its own {@code $codeLists} and runtime bounds, and an instance is never shared between
 * threads (CatalogueMappingTest#doesNotLeakVariablesFromOneRecordIntoTheNext and ADR 0001 guard this). Instances of
 * this class are immutable and thread-safe.
 */
public final class JsonataEvaluator {

    /** The variable the code lists are bound to. */
    public static final String CODE_LISTS_VARIABLE = "codeLists";

    // JSONata works on plain JSON numbers; doubles behave like the reference JavaScript implementation
    private static final ObjectMapper PLAIN = JsonMapper.builder().build();

    private final String expression;
    private final Map<String, Object> codeLists;
    private final long timeoutMillis;
    private final int maxDepth;
    // one parsed instance per thread: evaluation is safe to repeat on one thread (0.9.10+), not to run concurrently
    private final ThreadLocal<Jsonata> parsed;

    private JsonataEvaluator(String expression, Map<String, Object> codeLists, long timeoutMillis, int maxDepth) {
        this.expression = expression;
        this.codeLists = codeLists;
        this.timeoutMillis = timeoutMillis;
        this.maxDepth = maxDepth;
        this.parsed = ThreadLocal.withInitial(() -> Jsonata.jsonata(expression));
    }

    /**
     * Parses the expression once to reject syntax errors up front.
     *
     * @throws MappingDefinitionException naming the error and where it is
     */
    public static JsonataEvaluator compile(String entityId, String expression, Map<String, ?> codeLists,
                                           long timeoutMillis, int maxDepth) {
        if (expression == null || expression.isBlank()) {
            throw new MappingDefinitionException("mapping for entity '" + entityId + "' is empty");
        }
        try {
            Jsonata.jsonata(expression);
        } catch (JException e) {
            throw new MappingDefinitionException("mapping for entity '" + entityId + "' is not valid JSONata: "
                    + describe(e, expression), e);
        } catch (RuntimeException e) {
            throw new MappingDefinitionException("mapping for entity '" + entityId + "' cannot be parsed: " + e, e);
        }
        return new JsonataEvaluator(expression, plainCodeLists(entityId, codeLists), timeoutMillis, maxDepth);
    }

    public JsonataEvaluator withLimits(long newTimeoutMillis, int newMaxDepth) {
        return new JsonataEvaluator(expression, codeLists, newTimeoutMillis, newMaxDepth);
    }

    /** Evaluates the expression with the record as input. */
    public Evaluation evaluate(JsonNode record) {
        List<CodeListView.Miss> misses = new ArrayList<>();
        long started = System.nanoTime();
        try {
            Jsonata jsonata = parsed.get();
            Jsonata.Frame frame = jsonata.createFrame();
            frame.bind(CODE_LISTS_VARIABLE, codeListViews(misses));
            // the time budget starts when the bounds are set, so they are set right before evaluating
            frame.setRuntimeBounds(timeoutMillis, maxDepth);
            Object result = jsonata.evaluate(PLAIN.convertValue(record, Object.class), frame);
            return Evaluation.success(result, misses);
        } catch (JException e) {
            discardParsed();
            return Evaluation.failure("mapping failed: " + describe(e, expression), misses, timedOut(started));
        } catch (StackOverflowError e) {
            discardParsed();
            return Evaluation.failure("mapping failed: recursion too deep", misses, false);
        } catch (RuntimeException e) {
            discardParsed();
            return Evaluation.failure("mapping failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), misses, timedOut(started));
        }
    }

    // an evaluation cut short (timeout, depth, engine error) may have left state behind, so the next record re-parses
    private void discardParsed() {
        parsed.remove();
    }

    private boolean timedOut(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000 >= timeoutMillis;
    }

    private Map<String, Object> codeListViews(List<CodeListView.Miss> misses) {
        Map<String, Object> views = new LinkedHashMap<>();
        codeLists.forEach((name, list) -> views.put(name, list instanceof Map<?, ?> codes
                ? new CodeListView(name, castCodes(codes), misses) : list));
        return views;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castCodes(Map<?, ?> codes) {
        // plainCodeLists made every map a Map<String, Object>
        return (Map<String, Object>) codes;
    }

    private static Map<String, Object> plainCodeLists(String entityId, Map<String, ?> codeLists) {
        if (codeLists == null || codeLists.isEmpty()) {
            return Map.of();
        }
        try {
            // a deep, JSON-shaped copy: later changes to the caller's maps cannot change a compiled mapping
            Map<String, Object> copy = PLAIN.convertValue(codeLists,
                    PLAIN.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
            return Collections.unmodifiableMap(freeze(copy));
        } catch (IllegalArgumentException e) {
            throw new MappingDefinitionException("code lists of entity '" + entityId + "' are not JSON-like data: "
                    + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> freeze(Map<String, Object> map) {
        Map<String, Object> frozen = new LinkedHashMap<>();
        map.forEach((key, value) -> frozen.put(key, value instanceof Map<?, ?> nested
                ? Collections.unmodifiableMap(freeze((Map<String, Object>) nested))
                : value instanceof List<?> list ? Collections.unmodifiableList(list) : value));
        return frozen;
    }

    private static String describe(JException e, String expression) {
        String message = e.getMessage() == null ? String.valueOf(e.getError()) : e.getMessage();
        // some engine errors are prefixed with the exception name, which reads as noise in a quarantine reason
        message = message.replaceFirst("^JSonataException\\s*", "");
        StringBuilder text = new StringBuilder(message);
        String code = e.getError();
        if (code != null && code.matches("[A-Z]\\d{4}")) {
            text.append(" (").append(code).append(')');
        }
        int position = e.getLocation();
        if (position >= 0) {
            text.append(" at position ").append(position);
            if (expression != null) {
                text.append(lineAndColumn(expression, position));
            }
        }
        return text.toString();
    }

    private static String lineAndColumn(String expression, int position) {
        int end = Math.min(position, expression.length());
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < end; i++) {
            if (expression.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return " (line " + line + ", column " + (end - lineStart + 1) + ")";
    }

    /** The outcome of evaluating one record: a result, or a failure reason; plus the code list misses seen. */
    public record Evaluation(Object result, String failure, List<CodeListView.Miss> misses, boolean timedOut) {

        static Evaluation success(Object result, List<CodeListView.Miss> misses) {
            return new Evaluation(result, null, List.copyOf(misses), false);
        }

        static Evaluation failure(String reason, List<CodeListView.Miss> misses, boolean timedOut) {
            return new Evaluation(null, reason, List.copyOf(misses), timedOut);
        }

        public boolean failed() {
            return failure != null;
        }
    }
}
