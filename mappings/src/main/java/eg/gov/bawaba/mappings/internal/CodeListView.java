package eg.gov.bawaba.mappings.internal;

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A read-only view of one code list that notes every key a mapping asked for and did not find, so a quarantine reason
 * can say "code list 'category' has no mapping for 'XYZ'" instead of only "category is missing".
 *
 * <p>JSONata's {@code $lookup} and path steps both read maps through {@link Map#get}, so overriding it sees every lookup.
 * One view is made per evaluated record, which keeps the miss list confined to one thread.
 */
public final class CodeListView extends AbstractMap<String, Object> {

    /** A key looked up in a code list that has no entry for it. */
    public record Miss(String codeList, String key) {
        @Override
        public String toString() {
            return "code list '" + codeList + "' has no mapping for '" + key + "'";
        }
    }

    private final String name;
    private final Map<String, Object> codes;
    private final List<Miss> misses;

    public CodeListView(String name, Map<String, Object> codes, List<Miss> misses) {
        this.name = name;
        this.codes = codes;
        this.misses = misses;
    }

    @Override
    public Object get(Object key) {
        Object value = codes.get(key);
        if (value == null && key != null && !codes.containsKey(key)) {
            Miss miss = new Miss(name, key.toString());
            if (!misses.contains(miss)) {
                misses.add(miss);
            }
        }
        return value;
    }

    @Override
    public boolean containsKey(Object key) {
        return codes.containsKey(key);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return codes.entrySet();
    }

    @Override
    public int size() {
        return codes.size();
    }
}
