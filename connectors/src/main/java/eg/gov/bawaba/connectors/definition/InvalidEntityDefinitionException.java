package eg.gov.bawaba.connectors.definition;

import java.util.List;

/** An entity definition file that cannot be used, with one message per problem, each naming the file and field. */
public class InvalidEntityDefinitionException extends RuntimeException {

    private final String file;
    private final List<String> problems;

    public InvalidEntityDefinitionException(String file, List<String> problems) {
        super(file + ": " + String.join("; ", problems));
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    public String file() {
        return file;
    }

    /** Messages of the form {@code <file>: <field.path>: <what is wrong>}. */
    public List<String> problems() {
        return problems.stream().map(p -> file + ": " + p).toList();
    }
}
