package io.gristmill.cluster;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The rules for the names of side files ({@code --file PATH#NAME}), shared by the CLI (which checks before it
 * uploads) and the coordinator (which checks what arrives). A name is a key a task looks the file up by, and travels
 * as a multipart filename: it is one path segment, so no name can point elsewhere once somebody uses it as one.
 */
public final class SideFileNames {
    /** The longest name: the usual file name limit of file systems. */
    public static final int MAX_LENGTH = 255;

    private SideFileNames() {
    }

    /** Why {@code name} is not a usable side file name, or null when it is. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "a side file name must not be empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "side file name '" + name.substring(0, 40) + "...' is longer than " + MAX_LENGTH + " characters";
        }
        if (name.equals(".") || name.equals("..")) {
            return "side file name '" + name + "' is not allowed";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                return "side file name '" + name + "' must not contain '" + c + "' (a name, not a path)";
            }
            if (c == '"' || Character.isISOControl(c)) {
                // a multipart filename cannot carry these reliably
                return "side file name '" + name.replaceAll("\\p{Cntrl}", "?") + "' must not contain quotes or control characters";
            }
        }
        return null;
    }

    /** Why {@code names} are not usable together (a bad or a repeated name), or null when they are. */
    public static String problem(Collection<String> names) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            String problem = problem(name);
            if (problem != null) {
                return problem;
            }
            if (!seen.add(name)) {
                return "two side files are named '" + name + "'; give one another name with PATH#NAME";
            }
        }
        return null;
    }
}
