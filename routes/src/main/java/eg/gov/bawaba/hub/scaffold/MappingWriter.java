package eg.gov.bawaba.hub.scaffold;

import eg.gov.bawaba.hub.scaffold.FieldMatcher.Binding;
import eg.gov.bawaba.hub.scaffold.FieldMatcher.Candidate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes the JSONata mapping of a scaffold: each canonical field bound to its source field, or a {@code TODO}
 * comment naming the candidates; and the lines of the TODO list the command prints.
 */
final class MappingWriter {

    private final Map<String, Binding> bindings;
    private final ScaffoldSource source;
    private final String kind;
    private final List<String> todos = new ArrayList<>();

    MappingWriter(Map<String, Binding> bindings, ScaffoldSource source, String kind) {
        this.bindings = bindings;
        this.source = source;
        this.kind = kind;
    }

    List<String> todos() {
        return todos;
    }

    String write(String entityId, String origin, List<String> formCandidates) {
        StringBuilder out = new StringBuilder();
        out.append("/*\n  ").append(entityId).append(" record -> Bawaba canonical catalogue entry. Scaffolded by ")
                .append("bin/scaffold-entity from\n  ").append(origin).append(".\n")
                .append("  Each canonical field is bound to the source field that most likely holds it, or marked TODO ")
                .append("with the\n  candidates. Check every binding with bin/dry-run, fill in the TODOs, then ")
                .append("delete this paragraph.\n  Missing native values are omitted, never emitted as null.\n*/\n(\n");
        out.append("  $given := function($value) { $exists($value) and $value != null and $value != \"\" };\n");
        out.append("  /* a list inside one text value, e.g. \"SA|AE\" */\n");
        out.append("  $items := function($text, $separator) {\n")
                .append("    $given($text) ? [$split($string($text), $separator).$trim($)[$ != \"\"]] : []\n  };\n");
        out.append("  /* the n-th Arabic text goes with the n-th English text */\n");
        out.append("  $pairs := function($ar, $en) {\n")
                .append("    [$map([$ar][$ != null], function($v, $i) { {\"ar\": $v, \"en\": [$en][$i]} })]\n  };\n");
        out.append("  /* an unknown channel code stays as it is, so the schema quarantines the record instead of "
                + "dropping it */\n");
        out.append("  $channel := function($code) {\n    $exists($lookup($codeLists.channel, $code)) ? "
                + "$lookup($codeLists.channel, $code) : $code\n  };\n\n");
        out.append("  $merge([\n");
        List<String> lines = new ArrayList<>();
        lines.add(required("code", c -> "\"code\": " + (c.type() == SourceField.Type.NUMBER ? "$string(" + c.path() + ")"
                : c.path())));
        lines.add("      \"kind\": \"" + kind + "\"   /* TODO kind: SERVICE, PRIVILEGE, TRAINING or CONTENT (the last two "
                + "need their own section, docs/training-and-content.md) */");
        todos.add("kind: \"" + kind + "\" is a guess (SERVICE, PRIVILEGE, TRAINING, CONTENT)");
        lines.add(required("title", c -> "\"title\": {\"ar\": " + c.ar() + ", \"en\": " + c.en() + "}"));
        lines.add(required("summary", c -> "\"summary\": {\"ar\": " + c.ar() + ", \"en\": " + c.en() + "}"));
        lines.add(required("category", c -> "/* no fallback: an unknown code is quarantined, so the code list gets "
                + "fixed */\n      \"category\": $lookup($codeLists.category, " + c.path() + ")"));
        lines.add("      \"eligibility\": {\n  " + listField("countries", "\"countries\"", this::countries)
                + ",\n  " + listField("conditions", "\"conditions\"", this::pairs) + "\n      }");
        lines.add(listField("requiredDocuments", "\"requiredDocuments\"", this::pairs));
        lines.add(listField("channels", "\"channels\"", this::channels));
        List<String> entry = new ArrayList<>();
        entry.add("    {\n" + joined(lines) + "\n    }");
        List<String> optional = new ArrayList<>();
        Candidate amount = bound("fee.amount");
        Candidate currency = bound("fee.currency");
        if (amount != null) {
            optional.add("$given(" + amount.path() + ") ? {\"fee\": {\"amount\": $number(" + amount.path()
                    + "), \"currency\": " + (currency != null ? "$given(" + currency.path() + ") ? " + currency.path()
                    + " : \"EGP\"" : "\"EGP\" /* TODO fee.currency: no currency field found"
                    + candidates("fee.currency") + " */") + "}}");
            if (currency == null) {
                todos.add("fee.currency: no field found, EGP assumed" + candidates("fee.currency"));
            }
        } else {
            optional.add(todo("fee.amount", "fee (optional)"));
        }
        Candidate from = bound("validity.from");
        Candidate to = bound("validity.to");
        if (from != null || to != null) {
            String test = from != null && to != null ? "($given(" + from.path() + ") or $given(" + to.path() + "))"
                    : "$given(" + (from != null ? from.path() : to.path()) + ")";
            List<String> ends = new ArrayList<>();
            if (from != null) {
                ends.add("$given(" + from.path() + ") ? {\"from\": " + from.path() + "}");
            }
            if (to != null) {
                ends.add("$given(" + to.path() + ") ? {\"to\": " + to.path() + "}");
            }
            optional.add(test + " ? {\"validity\": $merge([" + String.join(", ", ends) + "])}");
        } else {
            optional.add(todo("validity.from", "validity (optional)"));
        }
        Candidate url = bound("officialUrl");
        optional.add(url != null ? "$given(" + url.path() + ") ? {\"officialUrl\": " + url.path() + "}"
                : todo("officialUrl", "officialUrl (optional)"));
        String form = "/* TODO applicationForm (optional): a JSON Schema of the form citizens fill in to apply, "
                + "see docs/catalogue-model.md" + (formCandidates.isEmpty() ? "" : "; candidates: "
                + String.join(", ", formCandidates)) + " */";
        todos.add("applicationForm (optional): not mapped" + (formCandidates.isEmpty() ? ""
                : "; candidates: " + String.join(", ", formCandidates)));
        optional.forEach(line -> entry.add("    " + line));
        entry.add("    " + form);
        out.append(joined(entry));
        out.append("\n  ])\n)\n");
        return out.toString();
    }

    /** Joins the fields with commas, each right after its field; a line that is only a TODO comment takes none. */
    private static String joined(List<String> lines) {
        StringBuilder out = new StringBuilder();
        int lastFieldEnd = -1;
        for (String line : lines) {
            boolean commentOnly = line.strip().startsWith("/*") && line.strip().endsWith("*/")
                    && !line.contains("\n");
            if (!commentOnly && lastFieldEnd >= 0) {
                out.insert(lastFieldEnd, ",");
            }
            out.append(out.length() == 0 ? "" : "\n").append(line);
            if (!commentOnly) {
                lastFieldEnd = out.length();
            }
        }
        return out.toString();
    }

    private Candidate bound(String target) {
        return bindings.get(target).bound();
    }

    private String required(String target, Function<Candidate, String> expression) {
        Candidate c = bound(target);
        if (c != null) {
            return "      " + expression.apply(c);
        }
        todos.add(target + ": no field found" + candidates(target) + " (required: records are quarantined until it "
                + "is mapped)");
        return "      /* TODO \"" + target + "\" (required): no field found" + candidates(target) + " */";
    }

    private String listField(String target, String key, Function<Candidate, String> expression) {
        Candidate c = bound(target);
        if (c != null) {
            return "      " + key + ": " + expression.apply(c);
        }
        todos.add(target + ": no field found, written as an empty list" + candidates(target));
        return "      " + key + ": [] /* TODO " + target + ": no field found" + candidates(target) + " */";
    }

    private String todo(String target, String label) {
        todos.add(label + ": no field found" + candidates(target));
        return "/* TODO " + label + ": no field found" + candidates(target) + " */";
    }

    private String candidates(String target) {
        List<Candidate> others = bindings.get(target).alternatives();
        return others.isEmpty() ? "" : "; candidates: " + others.stream().map(Candidate::label)
                .collect(Collectors.joining(", "));
    }

    private String countries(Candidate c) {
        if (c.list()) {
            return "[" + c.path() + "]";
        }
        String separator = separator(c.values(), ",");
        return "[$items(" + c.path() + ", \"" + separator + "\").$uppercase($)]";
    }

    private String channels(Candidate c) {
        if (c.list()) {
            return "$distinct([" + c.path() + ".$channel($)])";
        }
        return "$distinct([$items(" + c.path() + ", \"" + separator(c.values(), "|") + "\").$channel($)])";
    }

    private String pairs(Candidate c) {
        if (c.listOf() != null) {
            return "[" + c.listOf() + ".{\"ar\": " + c.ar() + ", \"en\": " + c.en() + "}]";
        }
        if (c.list()) {
            return "$pairs(" + c.ar() + ", " + c.en() + ")";
        }
        String separator = separator(c.values(), "|");
        return "$pairs($items(" + c.ar() + ", \"" + separator + "\"), $items(" + c.en() + ", \"" + separator + "\"))";
    }

    /** The separator the values use for lists: "|" if any has one, else ",", else the fallback. */
    private String separator(List<String> values, String fallback) {
        if (source.listSeparator() != null) {
            return source.listSeparator();
        }
        if (values.stream().anyMatch(v -> v.contains("|"))) {
            return "|";
        }
        return values.stream().anyMatch(v -> v.contains(",")) ? "," : fallback;
    }

    /** The codes of the bound field, split as the mapping splits them, for the code-list skeleton. */
    Set<String> codes(String target) {
        Candidate c = bound(target);
        Set<String> codes = new LinkedHashSet<>();
        if (c != null) {
            // channels may hold several codes in one text value; a category code is one code
            String separator = c.list() || !target.equals("channels") ? null : separator(c.values(), "|");
            for (String value : c.values()) {
                if (separator == null) {
                    codes.add(value.strip());
                } else {
                    for (String part : value.split(Pattern.quote(separator))) {
                        if (!part.isBlank()) {
                            codes.add(part.strip());
                        }
                    }
                }
            }
        }
        return codes;
    }
}
