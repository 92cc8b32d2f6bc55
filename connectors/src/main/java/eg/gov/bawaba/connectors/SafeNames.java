package eg.gov.bawaba.connectors;

import java.nio.file.Path;

/**
 * The one check that every file name Bawaba derives from input (application ids, dropped and status file names, entity
 * ids, dry-run files) passes before it touches the file system, so that no input can steer a read or write outside its
 * folder.
 */
public final class SafeNames {

    /** The longest name segment most file systems accept. */
    public static final int MAX_LENGTH = 255;

    private SafeNames() {}

    /**
     * The name itself when it is one plain segment: not blank, at most {@value #MAX_LENGTH} characters, no {@code /} or
     * {@code \}, no control character (NUL among them), and neither {@code .} nor {@code ..}.
     *
     * @throws UnsafeNameException otherwise
     */
    public static String plainName(String name) {
        if (name == null || name.isBlank()) {
            throw new UnsafeNameException("a file name is required");
        }
        if (name.length() > MAX_LENGTH) {
            throw new UnsafeNameException("file name is longer than " + MAX_LENGTH + " characters");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new UnsafeNameException("'" + name + "' is not a file name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                throw new UnsafeNameException("file name '" + printable(name) + "' is a path, not one name");
            }
            if (Character.isISOControl(c)) {
                throw new UnsafeNameException("file name '" + printable(name) + "' holds a control character");
            }
        }
        return name;
    }

    /**
     * The last segment of a name a folder listing or a remote server reported (which may hold folders, e.g.
     * {@code ../../etc/cron.d/x}), checked as {@link #plainName(String)}.
     */
    public static String lastSegment(String reported) {
        String name = reported == null ? "" : reported.substring(Math.max(reported.lastIndexOf('/'),
                reported.lastIndexOf('\\')) + 1);
        try {
            return plainName(name);
        } catch (UnsafeNameException e) {
            throw new UnsafeNameException("'" + printable(String.valueOf(reported)) + "' has no usable file name: "
                    + e.getMessage());
        }
    }

    /** {@code folder/name} for a {@link #plainName(String) plain name}, checked again to be directly inside the folder. */
    public static Path child(Path folder, String name) {
        Path dir = folder.toAbsolutePath().normalize();
        Path target = dir.resolve(plainName(name)).normalize();
        if (!dir.equals(target.getParent())) {
            throw new UnsafeNameException("file name '" + printable(name) + "' would leave " + dir);
        }
        return target;
    }

    /**
     * {@code folder/relative} for a relative path that may name sub-folders (e.g. {@code nosi/catalogue.jsonata}) but
     * stays inside the folder: not absolute, no {@code ..} that climbs out, no {@code \\}, no control character.
     */
    public static Path inside(Path folder, String relative) {
        if (relative == null || relative.isBlank()) {
            throw new UnsafeNameException("a relative path is required");
        }
        for (int i = 0; i < relative.length(); i++) {
            if (Character.isISOControl(relative.charAt(i))) {
                throw new UnsafeNameException("path '" + printable(relative) + "' holds a control character");
            }
            if (relative.charAt(i) == '\\') {
                throw new UnsafeNameException("path '" + printable(relative) + "': separate folders with '/'");
            }
        }
        Path dir = folder.toAbsolutePath().normalize();
        Path given = Path.of(relative);
        // a Windows-style absolute name is no relative path either, whatever the platform
        if (given.isAbsolute() || relative.startsWith("/") || relative.matches("^[A-Za-z]:.*")) {
            throw new UnsafeNameException("path '" + printable(relative) + "' must be relative to " + dir);
        }
        Path target = dir.resolve(given).normalize();
        if (!target.startsWith(dir) || target.equals(dir)) {
            throw new UnsafeNameException("path '" + printable(relative) + "' would leave " + dir);
        }
        return target;
    }

    private static String printable(String text) {
        StringBuilder safe = new StringBuilder();
        text.codePoints().limit(80).forEach(c -> safe.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return text.length() > 80 ? safe + "…" : safe.toString();
    }

    /** A name that would leave its folder or is no name at all. */
    public static final class UnsafeNameException extends IllegalArgumentException {
        public UnsafeNameException(String message) {
            super(message);
        }
    }
}
