package eg.gov.bawaba.mappings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Guards the module's two promises: no Camel or Spring, and a public API usable without the internal package. */
class ModuleBoundaryTest {

    private static final String INTERNAL = "eg.gov.bawaba.mappings.internal";

    @Test
    void mainSourcesImportNeitherCamelNorSpring() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(source)) {
                    if (line.matches("\\s*import\\s+(static\\s+)?org\\.(apache\\.camel|springframework)\\..*")) {
                        offenders.add(source + ": " + line.strip());
                    }
                }
            }
        }

        assertThat(offenders).isEmpty();
    }

    @Test
    void publicApiDoesNotExposeInternalTypes() throws Exception {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : apiClasses()) {
            if (!Modifier.isPublic(type.getModifiers())) {
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                if (Modifier.isPublic(method.getModifiers())) {
                    check(type, method.getName(), method.getGenericReturnType(), leaks);
                    for (Type parameter : method.getGenericParameterTypes()) {
                        check(type, method.getName(), parameter, leaks);
                    }
                }
            }
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (Modifier.isPublic(constructor.getModifiers())) {
                    for (Type parameter : constructor.getGenericParameterTypes()) {
                        check(type, "<init>", parameter, leaks);
                    }
                }
            }
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isPublic(field.getModifiers())) {
                    check(type, field.getName(), field.getGenericType(), leaks);
                }
            }
        }

        assertThat(leaks).isEmpty();
    }

    private static void check(Class<?> owner, String member, Type type, List<String> leaks) {
        if (type.getTypeName().contains(INTERNAL)) {
            leaks.add(owner.getSimpleName() + "." + member + " exposes " + type.getTypeName());
        }
    }

    private static List<Class<?>> apiClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(CatalogueMapping.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> types = new ArrayList<>();
        for (String pkg : List.of("eg/gov/bawaba/mappings", "eg/gov/bawaba/mappings/model")) {
            try (Stream<Path> files = Files.list(classes.resolve(pkg))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    String name = pkg.replace('/', '.') + "." + file.getFileName().toString().replace(".class", "");
                    types.add(Class.forName(name));
                }
            }
        }
        assertThat(types).extracting(Class::getSimpleName).contains("CatalogueMapping", "CatalogueEntry");
        return types;
    }
}
