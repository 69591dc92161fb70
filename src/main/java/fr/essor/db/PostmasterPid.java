package fr.essor.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** The postmaster a data folder names in {@code postmaster.pid} (its first line, its port on the fourth), and whether it lives. */
final class PostmasterPid {
    private PostmasterPid() {
    }

    /** Blocking (file reads). False when the file is gone, names no process, or a dead (zombie) one. */
    static boolean alive(Path dataDir) {
        long pid;
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.US_ASCII);
            if (lines.isEmpty()) {
                return false;
            }
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NoSuchFileException | NumberFormatException e) {
            return false;
        } catch (IOException e) {
            return true; // cannot tell: do not restart on a doubt
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !zombie(pid);
    }

    /** Blocking: the port of the live postmaster of {@code dataDir}; empty when none lives there. */
    static java.util.OptionalInt livePort(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.US_ASCII);
            long pid = Long.parseLong(lines.get(0).trim());
            boolean live = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !zombie(pid);
            return live && lines.size() >= 4 ? java.util.OptionalInt.of(Integer.parseInt(lines.get(3).trim()))
                    : java.util.OptionalInt.empty();
        } catch (IOException | RuntimeException e) {
            return java.util.OptionalInt.empty();
        }
    }

    /** A killed process whose parent has not reaped it yet still has a pid; Linux shows it as state Z. */
    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            int end = stat.lastIndexOf(')');
            return end > 0 && end + 2 < stat.length() && (stat.charAt(end + 2) == 'Z' || stat.charAt(end + 2) == 'X');
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
