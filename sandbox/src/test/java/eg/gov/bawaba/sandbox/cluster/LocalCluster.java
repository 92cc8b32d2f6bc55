package eg.gov.bawaba.sandbox.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The cluster of {@code bin/cluster} for one test: its own free ports, its own database and its own state folder, so it
 * never meets a developer's cluster; the hubs and the entities run on the class path this build made.
 */
final class LocalCluster {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private final Path state;
    private final String database;
    private final Map<String, Integer> ports = new HashMap<>();
    private final StringBuilder transcript = new StringBuilder();

    LocalCluster(Path state) {
        this.state = state.toAbsolutePath().normalize();
        clearState();
        // bawaba.it.cluster-db-prefix: where several builds share one PostgreSQL server, each its own names
        this.database = System.getProperty("bawaba.it.cluster-db-prefix", "bawaba_it_cluster_")
                + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (String port : List.of("LB", "HUB1", "HUB2", "PRIMARY", "BACKUP", "SANDBOX")) {
                // held open together so that no two members get the same port
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                ports.put(port, socket.getLocalPort());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            held.forEach(LocalCluster::closeQuietly);
        }
    }

    int port(String member) {
        return ports.get(member);
    }

    String database() {
        return database;
    }

    Path state() {
        return state;
    }

    URI loadBalancer(String path) {
        return URI.create("http://127.0.0.1:" + port("LB") + path);
    }

    URI sandbox(String path) {
        return URI.create("http://127.0.0.1:" + port("SANDBOX") + path);
    }

    /** Runs {@code bin/cluster <args>} and answers its output; a failure or a command that hangs fails the test. */
    String run(Duration bound, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("bin/cluster").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment());
        try {
            Files.createDirectories(state);
            Path output = Files.createTempFile(state, "command-", ".log");
            Process process = builder.redirectOutput(output.toFile()).start();
            boolean ended = process.waitFor(bound.toSeconds(), TimeUnit.SECONDS);
            if (!ended) {
                process.destroyForcibly();
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Files.delete(output);
            transcript.append("$ bin/cluster ").append(String.join(" ", args)).append('\n').append(text);
            if (!ended || process.exitValue() != 0) {
                throw new IllegalStateException("bin/cluster " + String.join(" ", args)
                        + (ended ? " failed (exit " + process.exitValue() + ")" : " did not end within " + bound)
                        + ":\n" + text + "\n" + logTails());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What bin/cluster printed so far, every command with its output. */
    String transcript() {
        return transcript.toString();
    }

    /** The process ids bin/cluster recorded for its members, to check after {@code down} that none is left. */
    List<Long> recordedProcesses() {
        Path pids = state.resolve("pids");
        if (!Files.isDirectory(pids)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(pids)) {
            return files.map(file -> {
                try {
                    return Long.parseLong(Files.readString(file).strip());
                } catch (IOException | NumberFormatException e) {
                    return -1L;
                }
            }).filter(pid -> pid > 0).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ports of every member that still accept a connection (none, once the cluster is down). */
    List<Integer> openPorts() {
        return ports.values().stream().filter(port -> {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }).toList();
    }

    /** The last lines of each member's log, for a failure's message. */
    String logTails() {
        StringBuilder tails = new StringBuilder();
        Path logs = state.resolve("logs");
        if (!Files.isDirectory(logs)) {
            return "";
        }
        try (Stream<Path> files = Files.list(logs)) {
            for (Path log : files.sorted().toList()) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
                tails.append("--- ").append(state.relativize(log)).append(" (last 25 lines)\n");
                lines.subList(Math.max(0, lines.size() - 25), lines.size())
                        .forEach(line -> tails.append(line).append('\n'));
            }
        } catch (IOException e) {
            tails.append("(logs unreadable: ").append(e.getMessage()).append(")\n");
        }
        return tails.toString();
    }

    void dropDatabase() {
        try (Connection connection = DriverManager.getConnection(POSTGRES, "postgres", "")) {
            connection.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop the test cluster's database " + database, e);
        }
    }

    /** The text of a member's log (empty while it has none). */
    String log(String member) {
        try {
            Path log = state.resolve("logs").resolve(member + ".log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a member accepts connections on its port. */
    boolean accepting(String port) {
        return openPorts().contains(port(port));
    }

    /** A previous run's brokers, journals, logs and keys go; the Artemis distribution it fetched stays. */
    private void clearState() {
        if (!Files.isDirectory(state)) {
            return;
        }
        try (Stream<Path> members = Files.list(state)) {
            for (Path member : members.filter(path -> !path.getFileName().toString().equals("dist")).toList()) {
                try (Stream<Path> files = Files.walk(member)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(file);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + state, e);
        }
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("BAWABA_CLUSTER_STATE", state.toString());
        env.put("BAWABA_CLUSTER_DB", database);
        env.put("BAWABA_CLUSTER_CLASSPATH", classPath());
        env.put("BAWABA_CLUSTER_LB_PORT", String.valueOf(port("LB")));
        env.put("BAWABA_CLUSTER_HUB1_PORT", String.valueOf(port("HUB1")));
        env.put("BAWABA_CLUSTER_HUB2_PORT", String.valueOf(port("HUB2")));
        env.put("BAWABA_CLUSTER_PRIMARY_PORT", String.valueOf(port("PRIMARY")));
        env.put("BAWABA_CLUSTER_BACKUP_PORT", String.valueOf(port("BACKUP")));
        env.put("BAWABA_CLUSTER_SANDBOX_PORT", String.valueOf(port("SANDBOX")));
        return env;
    }

    /** This module's classes and runtime class path, as the build wrote it (sandbox/pom.xml, cluster-classpath). */
    private static String classPath() {
        Path file = Path.of(System.getProperty("bawaba.cluster.classpath-file", "target/cluster-classpath.txt"));
        try {
            return Path.of("target/classes").toAbsolutePath() + File.pathSeparator
                    + Files.readString(file).strip();
        } catch (IOException e) {
            throw new IllegalStateException(file + " is missing: run the test through ./mvnw verify -pl sandbox -am, "
                    + "whose pre-integration-test phase writes it", e);
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // a free port either way
        }
    }
}
