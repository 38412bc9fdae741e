package io.npy4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How the CLIs name an npz member: {@code ARCHIVE.npz:MEMBER}. The archive is the first prefix
 * before a {@code ':'} that is an existing zip file, so member names may hold {@code ':'} themselves; a path that
 * exists as a file is always a file, whatever its characters.
 */
record NpzSource(Path archive, String member) {

    /** Whether the file starts like a zip archive ({@code PK\3\4}, or {@code PK\5\6} for an empty one). */
    static boolean isZip(Path f) {
        if (!Files.isRegularFile(f)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(f)) {
            byte[] b = in.readNBytes(4);
            return b.length == 4 && b[0] == 'P' && b[1] == 'K' && ((b[2] == 3 && b[3] == 4) || (b[2] == 5 && b[3] == 6));
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code ARCHIVE:MEMBER} split at the first ':' whose prefix is a zip file; null if the text names none. */
    static NpzSource parse(String text) {
        if (Files.exists(Path.of(text))) {
            return null;
        }
        for (int i = text.indexOf(':'); i > 0; i = text.indexOf(':', i + 1)) {
            Path a = Path.of(text.substring(0, i));
            if (isZip(a)) {
                return new NpzSource(a, text.substring(i + 1));
            }
        }
        return null;
    }
}
