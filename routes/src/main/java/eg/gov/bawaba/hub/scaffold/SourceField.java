package eg.gov.bawaba.hub.scaffold;

import java.util.List;

/**
 * One field of an entity's record as a spec or sample shows it: its name, type, whether it repeats, and its own fields
 * when it is an object (the text of an XML element that has attributes is the field {@code _text}).
 *
 * @param values a few values seen in a sample or listed by the spec (enumerations), for code lists and separators
 */
record SourceField(String name, Type type, boolean repeated, List<SourceField> children, List<String> values) {

    /** What a field holds; XML and CSV hold only text, which the mapping turns into numbers where needed. */
    enum Type { STRING, NUMBER, BOOLEAN, DATE, URI, OBJECT }

    SourceField {
        children = List.copyOf(children);
        values = List.copyOf(values);
    }

    static SourceField leaf(String name, Type type, boolean repeated, List<String> values) {
        return new SourceField(name, type, repeated, List.of(), values);
    }

    static SourceField object(String name, boolean repeated, List<SourceField> children) {
        return new SourceField(name, Type.OBJECT, repeated, children, List.of());
    }

    SourceField child(String childName) {
        return children.stream().filter(c -> c.name().equals(childName)).findFirst().orElse(null);
    }

    boolean scalar() {
        return type != Type.OBJECT;
    }
}
