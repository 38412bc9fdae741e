package io.npy4j.cli;

import io.npy4j.NpyFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Turns failures into one readable line on stderr: the terminal never sees a Java stack trace. Exit codes: 0 all
 * good, 1 some input failed, 2 usage error (picocli), 3 an unexpected internal error (any {@link Error}, such as
 * {@code OutOfMemoryError} or {@code InternalError}, and runtime exceptions that no bad input or failed I/O explains).
 * A report line is at most {@link #MAX_LINE} characters: a megabyte file name or slice keeps its start and end.
 */
final class Problems {
    static final int FAILED = 1;
    static final int INTERNAL = 3;
    /** Longest report line (after the command name); longer ones keep their first and last half, {@code …} between. */
    static final int MAX_LINE = 1000;

    private Problems() {
    }

    /** One line saying what went wrong with {@code file}, naming the file once. */
    static String describe(Path file, Throwable t) {
        if (t instanceof java.io.UncheckedIOException && t.getCause() != null) {
            t = t.getCause(); // a mapping failure or truncation: an I/O problem, not a bug
        }
        if (t instanceof FileSystemException && ((FileSystemException) t).getFile() != null) {
            // name the file the system call was about (the output directory, say), not the one we started from
            file = Path.of(((FileSystemException) t).getFile());
        }
        if (t instanceof NpyFormatException) {
            NpyFormatException e = (NpyFormatException) t;
            return e.file().isPresent() ? e.getMessage() : file + ": " + e.getMessage();
        }
        if (t instanceof NoSuchFileException) {
            return file + ": no such file";
        }
        if (t instanceof AccessDeniedException) {
            return file + ": permission denied";
        }
        if (t instanceof java.nio.file.FileAlreadyExistsException) {
            return file + ": already exists";
        }
        if (t instanceof FileSystemException) {
            FileSystemException e = (FileSystemException) t;
            return file + ": " + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName());
        }
        if (t instanceof IOException) {
            return file + ": " + (t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName());
        }
        if (t instanceof IllegalArgumentException || t instanceof IndexOutOfBoundsException) {
            return file + ": " + t.getMessage();
        }
        if (t instanceof OutOfMemoryError) {
            return file + ": internal error: out of memory (" + t.getMessage() + "); -Xmx in JAVA_OPTS raises the"
                    + " limit";
        }
        return file + ": internal error: " + t; // a bug: say so plainly, still without a stack trace
    }

    /**
     * The exit status for a failure {@link #describe} reported: {@link #FAILED} for bad input and failed I/O (checked
     * exceptions, {@code UncheckedIOException}, {@code IllegalArgumentException}, {@code IndexOutOfBoundsException},
     * {@code UnsupportedOperationException} for what a source cannot do), {@link #INTERNAL} for everything else.
     */
    static int status(Throwable t) {
        if (t instanceof Error) {
            return INTERNAL;
        }
        if (t instanceof RuntimeException) {
            return t instanceof java.io.UncheckedIOException || t instanceof IllegalArgumentException
                    || t instanceof IndexOutOfBoundsException || t instanceof UnsupportedOperationException
                    ? FAILED : INTERNAL;
        }
        return FAILED;
    }

    static void report(PrintWriter err, String command, String line) {
        err.println(command + ": " + cap(oneLine(line)));
        err.flush();
    }

    /** {@code line} if at most {@link #MAX_LINE} long, else its first and last half with the length in between. */
    static String cap(String line) {
        int n = line.length();
        if (n <= MAX_LINE) {
            return line;
        }
        int keep = (MAX_LINE - 60) / 2; // 60: room for the marker saying how much was left out
        int head = keep;
        int tail = n - keep;
        if (Character.isLowSurrogate(line.charAt(head))) {
            head--; // not between the halves of a surrogate pair
        }
        if (Character.isLowSurrogate(line.charAt(tail))) {
            tail++;
        }
        String gap = "\u2026 (" + (tail - head) + " of " + n + " characters left out) \u2026";
        return line.substring(0, head) + gap + line.substring(tail);
    }

    /**
     * {@code line} with C0 control characters and DEL shown as {@code \xNN}: a newline or a terminal escape in a file
     * name must not split the report or reach the terminal raw.
     */
    static String oneLine(String line) {
        StringBuilder sb = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) { // C0, DEL and C1 (0x9b is a terminal's CSI)
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
